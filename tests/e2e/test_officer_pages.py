"""The officers' pages in a real browser (headless Chromium from Debian), against the stack
`make dev` runs: sign in with Cognito, find an application in the queue, read its record,
ask for more information; a decision on a stale version shows the conflict; answer a question
in the questions view; a wrong password stores no token; the Indonesian page speaks
Indonesian."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from gerbang.i18n import t
from playwright.sync_api import expect

from tests.support.api import application
from tests.support.browser import page_on, sign_in
from tests.support.journey import in_review, other_officer

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
SCREENSHOT = Path("/tmp/gerbang-officer-record.png")
TOKEN = "gerbang:officer"
QUESTION = {"topic": "documents", "question": "Can my bank statement be in English?",
            "email": "x@example.com", "language": "id", "consent": True}


def stored(page: Any) -> dict[str, Any]:
    return page.evaluate("() => ({session: sessionStorage.getItem('gerbang:officer'),"
                         " local: Object.keys(localStorage)})")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with page_on(browser, viewport=DESKTOP, locale="en-GB") as opened:
        yield opened


def test_an_officer_asks_for_more_information(stack: Any, page: Any) -> None:
    reference = in_review(stack)["reference"]
    page.goto(stack.url + "/officer/")
    expect(page.locator("#gb-off-signin")).to_be_visible()
    sign_in(page, *stack.officer)
    # The queue shows the application, waiting for review by default
    expect(page.locator("#gb-off-queue")).to_be_visible()
    assert page.locator("#gb-off-status").input_value() == "in_review"
    row = page.locator("#gb-off-rows tbody tr", has_text=reference)
    expect(row).to_contain_text("Siti Aminah Rahman")
    expect(row).to_contain_text("MYS")
    expect(row).to_contain_text("Single-entry visit visa")
    # The token is in this tab only
    kept = stored(page)
    assert kept["session"] and stack.officer[0] in kept["session"] and not kept["local"]
    expect(page.locator("#gb-off-who")).to_contain_text(stack.officer[0])
    # The record: answers, every document accepted with a link, the payment paid
    row.get_by_role("link", name=reference).click()
    record = page.locator("#gb-off-record")
    expect(record.locator("h2")).to_contain_text(reference)
    expect(record.locator("[data-slot=status_label]")).to_have_text(t("en", "status.in_review"))
    expect(record.locator("[data-slot=passport_number]")).to_have_text("A12345678")
    expect(record.locator("[data-slot=email]")).to_have_text("siti@example.com")
    documents = page.locator("#gb-off-docs tbody tr")
    expect(documents.first).to_contain_text("Accepted")
    assert documents.count() >= 2
    for i in range(documents.count()):
        expect(documents.nth(i)).to_contain_text("Accepted")
        link = documents.nth(i).get_by_role("link", name="Open the file")
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("href").startswith("http")
    payment = page.locator("#gb-off-pays tbody tr")
    expect(payment).to_contain_text("Paid")
    expect(payment).to_contain_text("IDR 1,500,000")
    expect(page.locator("#gb-off-history tbody tr").last).to_contain_text("Waiting for review")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    # No reason: said beside the field, nothing sent
    page.check("#gb-off-decide input[value=request_info]")
    page.click("#gb-off-decide [type=submit]")
    expect(page.locator("[data-field=reason] .gb-error")).to_have_text(
        "Write the reason: the applicant reads it.")
    page.fill("#gb-off-reason", "Please upload a clearer photo of your passport.")
    page.click("#gb-off-decide [type=submit]")
    expect(page.locator("#gb-off-summary")).to_contain_text("Decision saved")
    expect(record.locator("[data-slot=status_label]")).to_have_text(
        t("en", "status.more_info_requested"))
    last = page.locator("#gb-off-history tbody tr").last
    expect(last).to_contain_text(f"officer:{stack.officer[0]}")
    expect(last).to_contain_text("More information requested")
    expect(last).to_contain_text("Please upload a clearer photo of your passport.")
    expect(page.locator("#gb-off-decide")).to_be_hidden()
    expect(page.locator("#gb-off-closed")).to_be_visible()
    # Back to the queue: it has left "waiting for review"
    page.click("#gb-off-back")
    expect(page.locator("#gb-off-queue")).to_be_visible()
    expect(page.locator("#gb-off-rows tbody")).not_to_contain_text(reference)
    page.select_option("#gb-off-status", "more_info_requested")
    expect(page.locator("#gb-off-rows tbody")).to_contain_text(reference)
    # Signing out forgets the token
    page.click("#gb-off-signout")
    expect(page.locator("#gb-off-signin")).to_be_visible()
    assert stored(page)["session"] is None


def test_a_decision_on_a_stale_version_shows_the_conflict(stack: Any, page: Any) -> None:
    earlier = in_review(stack)["reference"]
    reference = in_review(stack)["reference"]  # the very same files as `earlier`
    page.goto(f"{stack.url}/officer/#app={reference}")
    sign_in(page, *stack.officer)
    record = page.locator("#gb-off-record")
    expect(record.locator("[data-slot=status_label]")).to_have_text(t("en", "status.in_review"))
    # The same files in two applications are flagged, with a link to the other one
    warning = page.locator("#gb-off-docs tbody tr").first.locator(
        ".gb-summary", has_text=t("en", "signal.duplicate_file"))
    expect(warning.get_by_role("link", name=earlier)).to_have_attribute("href",
                                                                        f"#app={earlier}")
    # Another officer decides first
    desk = other_officer(stack)
    version = desk.get(f"{stack.url}/api/officer/applications/{reference}", timeout=10).json()
    approved = desk.post(f"{stack.url}/api/officer/applications/{reference}/decision", json={
        "decision": "approve", "reason": "All in order.",
        "expected_version": version["version"]}, timeout=10)
    assert approved.status_code == 200, approved.text
    # This officer's decision was made on the old version: 409, nothing lost silently
    page.check("#gb-off-decide input[value=reject]")
    page.fill("#gb-off-reason", "The photo does not match.")
    page.click("#gb-off-decide [type=submit]")
    summary = page.locator("#gb-off-summary")
    expect(summary).to_contain_text(t("en", "error.status_changed"))
    summary.get_by_role("button", name="Reload the application").click()
    expect(record.locator("[data-slot=status_label]")).to_have_text(t("en", "status.approved"))
    expect(page.locator("#gb-off-history tbody tr").last).to_contain_text("All in order.")
    expect(page.locator("#gb-off-decide")).to_be_hidden()


def ask(stack: Any, **changes: Any) -> dict[str, Any]:
    asked = requests.post(stack.url + "/api/consultations", json={**QUESTION, **changes},
                          timeout=10)
    assert asked.status_code == 201, asked.text
    return asked.json()


def test_an_officer_answers_a_question(stack: Any, page: Any) -> None:
    asked = ask(stack)
    reference = asked["reference"]
    applied = requests.post(stack.url + "/api/applications", json=application(),
                            headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10).json()
    linked = ask(stack, application_reference=applied["reference"], language="en",
                 question="When will my visit visa be decided?")["reference"]
    page.goto(stack.url + "/officer/")
    sign_in(page, *stack.officer)
    expect(page.locator("#gb-off-queue")).to_be_visible()
    # The questions view, next to the queue: open questions by default
    page.locator("#gb-off-tabs").get_by_role("link", name="Questions").click()
    expect(page.locator("#gb-off-questions")).to_be_visible()
    expect(page.locator("#gb-off-queue")).to_be_hidden()
    assert page.locator("#gb-off-qstatus").input_value() == "open"
    item = page.locator("#gb-off-qlist article", has_text=reference)
    expect(item.locator("[data-slot=question]")).to_have_text(QUESTION["question"])
    expect(item.locator("[data-slot=topic]")).to_have_text("Documents and photos")
    expect(item.locator("[data-slot=application]")).to_have_text("—")
    expect(item.locator("[data-slot=status]")).to_have_text("Waiting for an answer")
    # The officer is told to answer in the asker's language
    expect(item.locator("[data-field=answer] small")).to_contain_text(
        "Write it in the asker's language: Indonesian")
    # An empty answer: said beside the textarea, nothing answered
    box = item.get_by_label("Your answer")
    item.get_by_role("button", name="Send the answer").click()
    expect(item.locator("[data-field=answer] .gb-error")).to_have_text(
        t("en", "field.answer_required"))
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_be_focused()
    answer = "Ya, rekening koran dalam bahasa Inggris juga diterima."
    box.fill(answer)
    item.get_by_role("button", name="Send the answer").click()
    expect(page.locator("#gb-off-summary")).to_contain_text("Answer sent")
    done = page.locator("#gb-off-qlist article", has_text=reference)
    expect(done.locator("[data-slot=status]")).to_have_text("Answered")
    expect(done.locator("[data-slot=answer]")).to_have_text(answer)
    expect(done).to_contain_text(f"Answered by officer:{stack.officer[0]}")
    expect(done.locator("form")).to_be_hidden()
    # The asker reads the answer with the access code
    read = requests.get(f"{stack.url}/api/consultations/{reference}",
                        headers={"X-Access-Code": asked["access_code"]}, timeout=10).json()
    assert read["status"] == "answered" and read["answer"] == answer
    # The filter: no longer open, listed as answered
    page.select_option("#gb-off-qstatus", "answered")
    expect(page.locator("#gb-off-qlist")).to_contain_text(reference)
    page.select_option("#gb-off-qstatus", "open")
    expect(page.locator("#gb-off-qlist")).to_contain_text(linked)
    expect(page.locator("#gb-off-qlist")).not_to_contain_text(reference)
    # A question about an application links to its record
    other = page.locator("#gb-off-qlist article", has_text=linked)
    expect(other.locator("[data-field=answer] small")).to_contain_text("English")
    other.get_by_role("link", name=applied["reference"]).click()
    expect(page.locator("#gb-off-record h2")).to_contain_text(applied["reference"])
    expect(page.locator("#gb-off-questions")).to_be_hidden()
    # Another officer answers first: 409, said, and the list can be read again
    page.locator("#gb-off-tabs").get_by_role("link", name="Questions").click()
    other.get_by_label("Your answer").fill("Within five working days.")
    colleague = other_officer(stack)
    version = next(c for c in colleague.get(
        f"{stack.url}/api/officer/consultations", timeout=10).json()["consultations"]
        if c["reference"] == linked)["version"]
    first = colleague.post(f"{stack.url}/api/officer/consultations/{linked}/answer",
                           json={"answer": "Soon.", "expected_version": version}, timeout=10)
    assert first.status_code == 200, first.text
    other.get_by_role("button", name="Send the answer").click()
    summary = page.locator("#gb-off-summary")
    expect(summary).to_contain_text(t("en", "error.already_answered"))
    summary.get_by_role("button", name="Reload the questions").click()
    expect(page.locator("#gb-off-qlist")).not_to_contain_text(linked)


def test_a_wrong_password_stores_no_token(stack: Any, page: Any) -> None:
    page.goto(stack.url + "/officer/")
    sign_in(page, stack.officer[0], "not-the-password-1A!")
    expect(page.locator("#gb-off-summary")).to_have_text("Wrong username or password.")
    expect(page.locator("#gb-off-signin")).to_be_visible()
    expect(page.locator("#gb-off-queue")).to_be_hidden()
    assert page.input_value("#gb-off-password") == ""
    assert stored(page) == {"session": None, "local": []}


def test_a_refused_token_brings_back_the_sign_in_form(stack: Any, page: Any) -> None:
    page.goto(stack.url + "/officer/")
    page.evaluate(f"sessionStorage.setItem('{TOKEN}', "
                  "JSON.stringify({token: 'x.y.z', user: 'a'}))")
    page.reload()
    expect(page.locator("#gb-off-summary")).to_have_text("Your session has ended. Sign in again.")
    expect(page.locator("#gb-off-signin")).to_be_visible()
    assert stored(page)["session"] is None


def test_the_indonesian_page_speaks_indonesian(stack: Any, page: Any) -> None:
    page.goto(stack.url + "/id/officer/")
    assert page.get_attribute("html", "lang") == "id"
    expect(page.locator("label[for=gb-off-username]")).to_have_text("Nama pengguna")
    expect(page.locator("label[for=gb-off-password]")).to_have_text("Kata sandi")
    sign_in(page, stack.officer[0], "salah-sekali-1A!")
    expect(page.locator("#gb-off-summary")).to_have_text("Nama pengguna atau kata sandi salah.")
    sign_in(page, *stack.officer)
    queue = page.locator("#gb-off-queue")
    expect(queue.locator("h2")).to_contain_text("Daftar permohonan")
    expect(queue.locator("thead")).to_contain_text("Kewarganegaraan")
    expect(page.locator("#gb-off-signout")).to_have_text("Keluar")
    assert page.locator("#gb-off-status option:checked").inner_text() == "Menunggu pemeriksaan"


def test_without_javascript_the_page_says_it_cannot_work(stack: Any, browser: Any) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(stack.url + "/officer/")
        expect(page.locator(".gb-nojs-only")).to_be_visible()
        expect(page.locator("#gb-officer")).to_be_hidden()
    finally:
        context.close()
