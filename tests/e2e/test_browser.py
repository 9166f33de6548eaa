"""The site's script in a real browser (headless Chromium from Debian), against the stack
`make dev` runs: apply in Indonesian, see errors beside the fields and the draft come back
after a reload, upload a photo and see it accepted, submit offline and see it sent later."""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from gerbang.i18n import t

from tests.support import likeness
from tests.support.browser import answers, fill_apply, page_on, site_paths

pytestmark = pytest.mark.browser

SCREENSHOT = Path("/tmp/gerbang-confirmation.png")



@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with page_on(browser) as opened:
        yield opened


def api(stack: Any, method: str, path: str, body: dict[str, Any] | None = None,
        **headers: str) -> dict[str, Any]:
    request = urllib.request.Request(
        stack.url + path, method=method, data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json", "Accept-Language": "id", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_apply_in_indonesian_shows_reference_and_access_code(stack: Any, page: Any) -> None:
    page.goto(f"{stack.url}/id/apply/?service=visit-visa")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.input_value("#gb-service") == "visit-visa"  # preselected from ?service=
    fill_apply(page, answers())
    page.click("form[data-gb-form=apply] button[type=submit]")

    page.wait_for_url(f"{stack.url}/id/confirmation/")
    panel = page.locator("[data-gb-confirmation]")
    panel.wait_for(state="visible")
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}",
                        panel.locator("[data-slot=reference]").inner_text().strip())
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{1,4})+",
                        panel.locator("[data-slot=access_code]").inner_text().strip())
    assert page.locator("[data-gb-confirmation-missing]").is_hidden()
    assert page.locator("html").get_attribute("lang") == "id"
    assert t("id", "confirmation.intro") in panel.inner_text()
    # The draft is gone once submitted; the codes stay in this tab only.
    assert page.evaluate("localStorage.getItem('gerbang:draft:apply')") is None
    assert page.evaluate("sessionStorage.getItem('gerbang:application')")
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_errors_beside_fields_and_the_draft_survives_a_reload(stack: Any, page: Any) -> None:
    past = (date.today() - timedelta(days=3)).isoformat()
    page.goto(f"{stack.url}/id/apply/")
    fill_apply(page, answers(email="siti.walker@", arrival_date=past))
    page.click("form[data-gb-form=apply] button[type=submit]")

    email_error = page.locator("#gb-email-error")
    email_error.wait_for(state="visible")
    assert email_error.inner_text() == t("id", "field.invalid_email")
    arrival_error = page.locator("#gb-arrival_date-error")
    assert arrival_error.is_visible()
    assert arrival_error.inner_text() == t("id", "field.arrival_in_past")
    summary = page.locator(".gb-summary")
    assert summary.inner_text().startswith(t("id", "error.validation_failed"))
    assert page.get_attribute("#gb-email", "aria-invalid") == "true"
    assert page.get_attribute("#gb-arrival_date", "aria-invalid") == "true"
    assert page.get_attribute("#gb-given_names", "aria-invalid") is None
    # The summary at the top has the focus and links to each field in error, in the
    # form's order; following a link puts the cursor in that field.
    assert page.evaluate("document.activeElement.classList.contains('gb-summary')")
    links = summary.locator("a")
    assert links.evaluate_all("a => a.map(x => x.getAttribute('href'))") == [
        "#gb-arrival_date", "#gb-email"]
    assert links.first.inner_text() == (f'{t("id", "label.arrival_date")}: '
                                        f'{t("id", "field.arrival_in_past")}')
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "gb-arrival_date"
    assert page.input_value("#gb-email") == "siti.walker@"
    assert page.input_value("#gb-arrival_date") == past
    assert page.input_value("#gb-given_names") == "Siti Aminah"

    page.reload()
    page.locator(".gb-summary", has_text=t("id", "client.restored")).wait_for()
    assert page.input_value("#gb-email") == "siti.walker@"
    assert page.input_value("#gb-arrival_date") == past
    assert page.input_value("#gb-nationality") == "GBR"
    assert page.input_value("#gb-service") == "visit-visa"
    assert page.is_checked("#gb-consent")


def test_switching_language_halfway_through_the_form_keeps_every_answer(stack: Any,
                                                                         page: Any) -> None:
    # An applicant complaint (DOMAIN.md): the language switched mid-form and the answers were
    # gone. Here the draft is the form's, whatever the page's language.
    page.goto(f"{stack.url}/apply/?service=limited-stay-permit")
    typed = answers(service="limited-stay-permit", given_names="Nguyễn Thị Lan")
    del typed["email"]  # not finished yet
    fill_apply(page, typed)
    page.click(".md-select button")
    page.click("a.md-select__link[hreflang=id]")
    page.wait_for_url(f"{stack.url}/id/apply/")
    page.locator(".gb-summary", has_text=t("id", "client.restored")).wait_for()
    for name, value in typed.items():
        assert page.input_value(f"#gb-{name}") == value, name
    assert page.input_value("#gb-email") == ""
    assert page.is_checked("#gb-consent")
    # The labels are Indonesian now; the answers are the applicant's own.
    assert page.locator("label[for=gb-given_names]").inner_text().startswith(
        t("id", "label.given_names"))


def test_upload_a_photo_and_see_it_accepted(stack: Any, page: Any) -> None:
    body = {**answers(), "language": "id", "consent": True}
    received = api(stack, "POST", "/api/applications", body,
                   **{"Idempotency-Key": uuid.uuid4().hex})
    ref, code = received["reference"], received["access_code"]
    photo = next(d["name"] for d in received["required_documents"] if d["kind"] == "photo")

    # What the apply page keeps in the tab after a submit: the upload page prefills from it.
    page.goto(f"{stack.url}/id/upload/")
    page.evaluate("saved => sessionStorage.setItem('gerbang:application', JSON.stringify(saved))",
                  {k: received[k] for k in ("reference", "access_code", "service_name", "fee",
                                            "required_documents")})
    page.reload()
    assert page.input_value("#gb-reference") == ref
    assert page.input_value("#gb-access_code") == code
    kinds = page.eval_on_selector_all("#gb-kind option", "options => options.map(o => o.value)")
    assert kinds == [d["kind"] for d in received["required_documents"]]
    assert page.locator("#gb-file").is_visible()  # a .gb-js-only field

    # The first try is cut off mid-way: the script tries again by itself with the same file.
    cut: list[str] = []

    def cut_first_upload(route: Any) -> None:
        if route.request.method == "POST" and not cut:
            cut.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r"^http://127\.0\.0\.1:\d+/gerbang-local-documents-"),
               cut_first_upload)
    page.select_option("#gb-kind", "photo")
    page.set_input_files("#gb-file", files=[
        {"name": "pasfoto.jpg", "mimeType": "image/jpeg", "buffer": likeness.portrait()}])
    page.click("form[data-gb-form=upload] button[type=submit]")
    retrying = t("id", "client.retrying", seconds=2)
    page.locator(".gb-summary", has_text=retrying).wait_for()
    page.locator(".gb-summary", has_text=t("id", "client.uploaded")).wait_for()
    assert cut
    accepted = f'{photo}: {t("id", "document.accepted")}'  # "Pasfoto: Diterima"
    page.locator("form[data-gb-form=upload] .gb-result li", has_text=accepted).wait_for(
        timeout=15_000)

    # The status page says the same, in Indonesian.
    page.goto(f"{stack.url}/id/status/")
    assert page.input_value("#gb-reference") == ref
    page.click("form[data-gb-form=status] button[type=submit]")
    result = page.locator("form[data-gb-form=status] .gb-result")
    result.locator("li", has_text=accepted).wait_for()
    assert t("id", "status.submitted") in result.inner_text()
    assert t("id", "payment.unpaid") in result.inner_text()


def test_offline_submit_keeps_the_answers_and_sends_when_back_online(stack: Any, page: Any
                                                                      ) -> None:
    page.goto(f"{stack.url}/id/apply/")
    fill_apply(page, answers())
    page.context.set_offline(True)
    page.click("form[data-gb-form=apply] button[type=submit]")
    # Said as a state, with the time it was kept, in the page's language.
    page.locator(".gb-summary", has_text=t("id", "client.queued", time="")[:12]).wait_for()
    assert page.input_value("#gb-given_names") == "Siti Aminah"
    draft = json.loads(page.evaluate("localStorage.getItem('gerbang:draft:apply')"))
    assert draft["values"]["email"] == "siti.walker@example.com"
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,128}", draft["key"])

    page.context.set_offline(False)  # the "online" event sends it again, unasked
    page.wait_for_url(f"{stack.url}/id/confirmation/")
    page.locator("[data-gb-confirmation] [data-slot=reference]").wait_for()


def test_pay_shows_whole_amounts_first_and_a_receipt_after(stack: Any, page: Any) -> None:
    body = {**answers(), "language": "id", "consent": True}
    received = api(stack, "POST", "/api/applications", body,
                   **{"Idempotency-Key": uuid.uuid4().hex})
    page.goto(f"{stack.url}/id/pay/")
    page.evaluate("saved => sessionStorage.setItem('gerbang:application', JSON.stringify(saved))",
                  {k: received[k] for k in ("reference", "access_code", "service_name", "fee",
                                            "required_documents")})
    page.reload()
    # Every way to pay shows the whole amount before the applicant commits
    amounts = page.locator("form[data-gb-form=pay] .gb-amount")
    amounts.first.wait_for()
    assert amounts.count() == 4
    assert all(text.strip() == received["fee"]["display"] for text in amounts.all_inner_texts())
    page.check("input[name=method][value=qris]")
    page.click("form[data-gb-form=pay] button[type=submit]")
    page.wait_for_url(re.compile(r".*/sandbox/checkout\?session=.*"))
    assert received["fee"]["display"] in page.inner_text("body")
    page.click("button[name=outcome][value=succeeded]")
    page.wait_for_url(f"{stack.url}/id/payment-complete/")
    panel = page.locator("[data-gb-receipt]")
    panel.wait_for(state="visible", timeout=15_000)
    assert panel.locator("[data-slot=reference]").inner_text() == received["reference"]
    assert panel.locator("[data-slot=amount]").inner_text() == received["fee"]["display"]
    assert panel.locator("[data-slot=method]").inner_text() == t("id", "method.qris")


@pytest.mark.parametrize("path", ["/", "/id/services/limited-stay-permit/", "/id/apply/",
                                  "/id/payment-methods/"])
def test_pages_and_the_language_menu_fit_a_360_pixel_screen(stack: Any, browser: Any,
                                                           path: str) -> None:
    # Every page's width at 360 px is tests/e2e/test_phones.py's; here the menu opened.
    with page_on(browser, viewport={"width": 360, "height": 740}) as page:
        page.goto(stack.url + path)
        page.focus(".md-select .md-header__button")  # the menu opens on focus, without script
        menu = page.locator(".md-select__inner").bounding_box()
        assert menu is not None and menu["x"] >= 0 and menu["x"] + menu["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/id/search/", "paspor", "/id/services/passport/"),
    ("/id/search/", "biaya", "/id/fees/"),
    ("/id/search/", "perpanjangan", "/id/services/passport/"),
    ("/search/", "passport renewal", "/services/passport/"),
])
def test_search_finds_pages_in_the_readers_language_only(stack: Any, page: Any, path: str,
                                                         query: str, expected: str) -> None:
    page.goto(f"{stack.url}{path}?q={query}")
    results = page.locator("form[data-gb-search] .gb-result li a")
    results.first.wait_for()
    hrefs = [h.replace(stack.url, "") for h in results.evaluate_all(
        "links => links.map(a => a.href)")]
    assert expected in hrefs, hrefs
    assert all(h.startswith("/id/") == path.startswith("/id/") for h in hrefs), hrefs


def test_no_page_requests_another_origin_or_a_missing_file(stack: Any, browser: Any) -> None:
    # Every built page, both languages: fonts, scripts, sitemaps... nothing from elsewhere,
    # nothing that is not there.
    paths = site_paths()
    assert len(paths) > 40
    with page_on(browser) as page:
        seen: list[tuple[str, int]] = []
        # The service worker's requests too; a request the next page's navigation cancels
        # (net::ERR_ABORTED) is not a broken link.
        page.context.on("response", lambda r: seen.append((r.url, r.status)))
        page.context.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                        and seen.append((r.url, 0)))
        for path in paths:
            page.goto(stack.url + path, wait_until="networkidle")
    here = urlparse(stack.url).netloc
    elsewhere = [url for url, _ in seen if urlparse(url).scheme.startswith("http")
                 and urlparse(url).netloc != here]
    broken = [(url, status) for url, status in seen
              if status in (0, 404) and urlparse(url).netloc == here]
    assert not elsewhere, elsewhere
    assert not broken, broken
