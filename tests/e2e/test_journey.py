"""The applicant's whole journey over HTTP against the stack `make dev` starts: read the
guidance, apply, upload, pay in the sandbox, watch the status change. Once with the JSON
API (what the pages' script does) in both languages, once with plain form posts (a phone
without script)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urljoin

import pytest
import requests
from gerbang.i18n import t

from tests.support.api import application, as_form
from tests.support.html import forms
from tests.support.journey import BODIES, in_review, other_officer, upload_every_document, wait_for


@pytest.mark.parametrize("lang,home,fee", [("en", "/", "IDR 1,500,000"),
                                           ("id", "/id/", "Rp1.500.000")])
def test_guidance_pages_in_each_language(stack, lang, home, fee):
    page = requests.get(stack.url + home + "services/visit-visa/", timeout=10)
    assert page.status_code == 200
    assert f'<html lang="{lang}"' in page.text
    assert fee in page.text  # rendered from the catalog
    other = "/id/services/visit-visa/" if lang == "en" else "/services/visit-visa/"
    links = re.findall(r'hreflang="\w+"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*hreflang', page.text)
    targets = {urljoin(page.url, a or b) for a, b in links}
    assert stack.url + other in targets  # the language switch keeps the page
    assert not re.search(r'(src|href)="https?://(?!127\.0\.0\.1)', page.text)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_json_journey_apply_upload_pay_track(stack, lang):
    api = requests.Session()
    api.headers["Accept-Language"] = lang
    # Apply
    answer = api.post(stack.url + "/api/applications", json=application(language=lang),
                      headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10)
    assert answer.status_code == 201, answer.text
    app = answer.json()
    api.headers["X-Access-Code"] = app["access_code"]
    status_url = f"{stack.url}/api/applications/{app['reference']}"
    # Upload every required document straight to S3 with its presigned POST
    upload_every_document(api, status_url, app["required_documents"])
    verified = wait_for(lambda: (s := api.get(status_url, timeout=10).json())["status"]
                         == "documents_verified" and s)
    assert {d["state"] for d in verified["documents"]} == {"accepted"}
    # Pay in the sandbox: its page, then "Pay now", which signs a webhook to our API
    checkout = api.post(status_url + "/payments", json={"method": "qris", "language": lang},
                        timeout=10).json()
    page = requests.get(checkout["checkout_url"], timeout=10)
    assert page.status_code == 200 and f'lang="{lang}"' in page.text
    for method in ("card", "bank_transfer", "ewallet", "qris"):
        assert f'value="{method}"' in page.text
    session = re.search(r'name="session" value="([^"]+)"', page.text).group(1)
    paid = requests.post(stack.url + "/sandbox/checkout", data={
        "session": session, "method": "qris", "outcome": "succeeded"},
        allow_redirects=False, timeout=10)
    assert paid.status_code == 303
    assert paid.headers["Location"].endswith(("/id" if lang == "id" else "")
                                             + "/payment-complete/")
    assert requests.get(paid.headers["Location"], timeout=10).status_code == 200
    # Track: the whole history, in the applicant's language
    final = api.get(status_url, timeout=10).json()
    assert final["status"] == "in_review"
    assert final["payment"]["state"] == "paid"
    assert [h["status"] for h in final["history"]] == ["submitted", "documents_verified",
                                                      "in_review"]
    expected = {"en": "Being reviewed", "id": "Sedang diperiksa"}[lang]
    assert final["status_label"].startswith(expected)


def test_json_errors_are_translated_and_stable(stack):
    answer = requests.post(stack.url + "/api/applications",
                           json=application(language="id", passport_expiry="2026-01-01"),
                           headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10)
    error = answer.json()["error"]
    assert answer.status_code == 422 and error["code"] == "validation_failed"
    assert error["fields"][0]["code"] == "passport_expires_too_soon"
    assert "Paspor Anda harus masih berlaku" in error["fields"][0]["message"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_plain_form_journey_without_script(stack, lang):
    browser = requests.Session()  # no script: only what forms and redirects do
    home = stack.url + ("/id/" if lang == "id" else "/")
    # The apply form as the site's page carries it, filled in with one mistake
    apply_page = browser.get(home + "apply/", timeout=10)
    form = next(f for f in forms(apply_page.text) if f.action == "/api/applications")
    assert form.fields["language"] == lang
    form.fields.update(as_form(application(language=lang, email="siti-at-example")))
    wrong = browser.post(urljoin(apply_page.url, form.action), data=form.fields, timeout=10)
    assert wrong.status_code == 422 and t(lang, "field.invalid_email") in wrong.text
    assert 'value="Siti Aminah"' in wrong.text  # the answers are kept
    # Fixed and sent again from that page
    again = forms(wrong.text)[0]
    again.fields["email"] = "siti@example.com"
    again.fields["consent"] = "on"
    received = browser.post(urljoin(wrong.url, again.action), data=again.fields, timeout=10)
    assert received.status_code == 201 and t(lang, "page.received.title") in received.text
    reference, access_code = re.findall(r'class="gb-code">([^<]+)<', received.text)
    # Upload each document with the presigned form the page carries; S3 sends us back
    uploads = [f for f in forms(received.text) if f.enctype == "multipart/form-data"]
    assert len(uploads) == 4
    for upload in uploads:
        body, content_type = BODIES[upload.fields["key"].split("/")[2]]
        done = browser.post(upload.action, data=upload.fields,
                            files={"file": ("scan", body, content_type)}, timeout=10)
        assert done.url.startswith(home + "upload-received/"), done.url
        assert done.status_code == 200
    # Look the application up with the site's status form
    status_form = next(f for f in forms(browser.get(home + "status/", timeout=10).text)
                       if f.action == "/api/applications/lookup")
    lookup = {**status_form.fields, "reference": reference, "access_code": access_code}
    verified = t(lang, "status.documents_verified")
    status_page = wait_for(lambda: verified in (r := browser.post(
        stack.url + status_form.action, data=lookup, timeout=10)).text and r)
    # Pay with the page's pay form: to the sandbox, pay, back to the site
    pay = next(f for f in forms(status_page.text) if f.action.endswith("/payments"))
    checkout = browser.post(urljoin(status_page.url, pay.action), data=pay.fields, timeout=10)
    assert checkout.url.startswith(stack.url + "/sandbox/checkout")
    sandbox_form = forms(checkout.text)[0]
    finished = browser.post(urljoin(checkout.url, sandbox_form.action),
                            data={**sandbox_form.fields, "outcome": "succeeded"}, timeout=10)
    assert finished.url == home + "payment-complete/"
    final = browser.post(stack.url + status_form.action, data=lookup, timeout=10)
    assert t(lang, "status.in_review") in final.text and t(lang, "payment.paid") in final.text


def test_api_routes_answer_json_404_and_pages_404(stack):
    assert requests.get(stack.url + "/api/unknown", timeout=10).status_code == 404
    assert requests.get(stack.url + "/no/such/page/", timeout=10).status_code == 404


def test_an_officer_decides_and_the_applicant_sees_it(stack):
    # The applicant applies, uploads and pays (as in the JSON journey)
    app = in_review(stack, language="id")
    api = requests.Session()
    api.headers["X-Access-Code"] = app["access_code"]
    status_url = f"{stack.url}/api/applications/{app['reference']}"
    # The development officer make dev printed signs in to the local Cognito
    officer = other_officer(stack)
    queue = officer.get(stack.url + "/api/officer/applications", timeout=10).json()
    mine = next(a for a in queue["applications"] if a["reference"] == app["reference"])
    decided = officer.post(
        f"{stack.url}/api/officer/applications/{app['reference']}/decision",
        json={"decision": "approve", "reason": "Semua lengkap.",
              "expected_version": mine["version"]}, timeout=10)
    assert decided.status_code == 200, decided.text
    # The applicant sees the decision, in Indonesian, with the whole history
    final = api.get(status_url, timeout=10).json()
    assert final["status"] == "approved" and final["status_label"] == "Disetujui"
    assert [h["status"] for h in final["history"]][-1] == "approved"
    # ...and has the email, in Indonesian, on the local outbox page
    subject = f"Permohonan {app['reference']} disetujui"
    outbox = wait_for(lambda: subject in (r := requests.get(stack.url + "/_outbox/",
                                                             timeout=10)).text and r)
    assert "Semua lengkap." in outbox.text
