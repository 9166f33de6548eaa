"""Applicant accounts through the gateway on moto (whose Cognito learns the email-code flow
from local/cognito.py): "send me a code", the code from the email, the sign-in cookies,
what belongs to the account, a guest's application linked once, and nobody seeing another
applicant's records. JSON and plain form posts alike; bad input as carefully as good."""

from __future__ import annotations

import json
import os
import re
from http.cookies import SimpleCookie
from typing import Any

import pytest
from gerbang.i18n import t
from werkzeug.test import Client

from tests.integration.conftest import Aws

CODE = re.compile(r"\b(\d{6,8})\b")


def _address() -> str:
    return f"applicant-{os.urandom(4).hex()}@example.com"


def _codes(aws: Aws, address: str) -> list[str]:
    """The codes emailed to `address` so far, oldest first."""
    return [CODE.search(m["text"]).group(1) for m in aws.send_mail()
            if address in m["to"] and CODE.search(m["text"])]


def _set_cookies(response: Any) -> dict[str, dict[str, Any]]:
    """Each Set-Cookie of a response: its value and attributes."""
    found = {}
    for line in response.headers.getlist("Set-Cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(line)
        for name, morsel in jar.items():
            found[name] = {"value": morsel.value, "line": line,
                           **{k: morsel[k] for k in ("path", "max-age", "samesite")}}
    return found


class Browser:
    """One applicant's browser: keeps the cookies the API sets, sends them back."""

    def __init__(self, aws: Aws, lang: str = "en") -> None:
        self.aws, self.lang, self.jar = aws, lang, {}
        # Its own client, keeping no cookies itself: the shared one's jar would hand one
        # applicant's cookies to the next.
        self.client = Client(aws.client.application, use_cookies=False)

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Accept-Language": self.lang, **(extra or {})}
        live = {k: v for k, v in self.jar.items() if v}
        if live:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in live.items())
        return headers

    def _keep(self, response: Any) -> Any:
        for name, cookie in _set_cookies(response).items():
            self.jar[name] = "" if cookie["max-age"] == "0" else cookie["value"]
        return response

    def post(self, path: str, headers: dict[str, str] | None = None, **body: Any) -> Any:
        return self._keep(self.client.post(path, headers=self._headers(headers), **body))

    def put(self, path: str, **body: Any) -> Any:
        return self._keep(self.client.put(path, headers=self._headers(None), **body))

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        return self._keep(self.client.get(path, headers=self._headers(headers)))

    def sign_in(self, address: str, shared: bool = False) -> Any:
        sent = json.loads(self.post("/api/account/code", json={
            "email": address, "shared_device": shared}).get_data())
        code = _codes(self.aws, address)[-1]
        answer = self.post("/api/account/sign-in", json={**sent, "code": code})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer


def _json(response: Any) -> Any:
    return json.loads(response.get_data())


def test_a_new_address_gets_an_account_with_the_emailed_code(aws: Aws):
    address, browser = _address(), Browser(aws, "id")
    answer = browser.post("/api/account/code", json={"email": address.upper()})
    assert answer.status_code == 200
    sent = _json(answer)
    assert sent["email"] == address and sent["flow"] == "sign_up"
    [mail] = [m for m in aws.send_mail() if address in m["to"]]
    assert mail["subject"] == t("id", "account.email.sign_up.subject")  # in the asker's language
    [code] = _codes(aws, address)
    # A wrong code is refused beside the field, in the language; the right one still works
    wrong = browser.post("/api/account/sign-in", json={**sent, "code": "000000"})
    assert wrong.status_code == 422
    assert _json(wrong)["error"]["fields"] == [{"field": "code", "code": "code_wrong",
                                                "message": t("id", "field.code_wrong")}]
    assert not _set_cookies(wrong)
    signed = browser.post("/api/account/sign-in", json={**sent, "code": code})
    assert signed.status_code == 200 and _json(signed)["signed_in"] is True
    cookies = _set_cookies(signed)
    access, kept = cookies["gerbang_access"], cookies["gerbang_refresh"]
    for cookie in (access, kept):
        assert "Secure" in cookie["line"] and "HttpOnly" in cookie["line"]
        assert cookie["samesite"] == "Lax"
    assert access["path"] == "/api/" and int(access["max-age"]) > 0
    assert kept["path"] == "/api/account" and int(kept["max-age"]) == 30 * 86400
    account = browser.get("/api/account")
    assert account.status_code == 200
    assert _json(account) == {"email": address, "applications": [], "consultations": []}


def test_a_known_address_signs_in_and_the_answer_looks_the_same(aws: Aws):
    address = _address()
    Browser(aws).sign_in(address)
    again = _json(Browser(aws).post("/api/account/code", json={"email": address}))
    first = _json(Browser(aws).post("/api/account/code", json={"email": _address()}))
    assert again["flow"] == "sign_in" and first["flow"] == "sign_up"
    assert set(again) == set(first)  # nothing else tells an account from a new address
    mail = [m for m in aws.send_mail() if address in m["to"]]
    assert mail[-1]["subject"] == t("en", "account.email.sign_in.subject")


def test_a_guest_application_is_linked_once_and_then_opened_without_its_code(aws: Aws,
                                                                             submitted):
    browser = Browser(aws)
    browser.sign_in(_address())
    ref, code = submitted["reference"], submitted["access_code"]
    # A wrong code links nothing, and says what a wrong code always says
    wrong = browser.post("/api/account/link", json={"reference": ref, "access_code": "X" * 12})
    assert wrong.status_code == 404
    assert _json(browser.get("/api/account"))["applications"] == []
    linked = browser.post("/api/account/link", json={"reference": ref.lower(),
                                                     "access_code": code})
    assert linked.status_code == 200
    [row] = _json(linked)["applications"]
    assert row["reference"] == ref and row["status"] == "submitted"
    assert row["status_label"] == t("en", "status.submitted") and row["next_step"]
    opened = browser.get(f"/api/account/applications/{ref}")
    assert opened.status_code == 200 and _json(opened)["reference"] == ref
    # Linking it again changes nothing
    assert len(_json(browser.post("/api/account/link", json={
        "reference": ref, "access_code": code}))["applications"]) == 1


def test_another_applicant_sees_nothing_of_mine_on_any_route(aws: Aws, submitted):
    mine, theirs = Browser(aws), Browser(aws)
    mine.sign_in(_address())
    theirs.sign_in(_address())
    ref = submitted["reference"]
    assert mine.post("/api/account/link", json={
        "reference": ref, "access_code": submitted["access_code"]}).status_code == 200
    assert _json(theirs.get("/api/account"))["applications"] == []
    for path in (f"/api/account/applications/{ref}", f"/api/account/applications/{ref}?lang=id"):
        refused = theirs.get(path)
        assert refused.status_code == 404
        assert _json(refused)["error"]["code"] == "application_not_found"
    # An unknown reference answers exactly the same
    assert _json(theirs.get("/api/account/applications/7KQ4-M2XB")) == _json(
        theirs.get(f"/api/account/applications/{ref}"))


def test_signed_out_requests_are_401_or_the_sign_in_page(aws: Aws):
    for path in ("/api/account", "/api/account/applications/7KQ4-M2XB"):
        answer = aws.client.get(path, headers={"Accept-Language": "id"})
        assert answer.status_code == 401
        assert _json(answer)["error"] == {"code": "signed_out",
                                          "message": t("id", "error.signed_out")}
    link = aws.client.post("/api/account/link", json={"reference": "7KQ4-M2XB",
                                                       "access_code": "X"})
    assert link.status_code == 401
    for token in ("not-a-token", "eyJhbGciOiJub25lIn0.e30."):
        forged = aws.client.get("/api/account", headers={"Cookie": f"gerbang_access={token}"})
        assert forged.status_code == 401
    page = aws.client.get("/api/account?lang=id", headers={"Accept": "text/html"})
    assert page.status_code == 303 and page.headers["Location"] == "/id/account/"


def test_an_officer_token_is_not_an_applicant(aws: Aws, officer):
    answer = aws.client.get("/api/account", headers={"Authorization": f"Bearer {officer}"})
    assert answer.status_code == 401


def test_a_shared_device_keeps_no_sign_in(aws: Aws):
    browser = Browser(aws)
    cookies = _set_cookies(browser.sign_in(_address(), shared=True))
    assert "gerbang_refresh" not in cookies
    assert cookies["gerbang_access"]["max-age"] == ""  # ends with the browser
    page = browser.get("/api/account", headers={"Accept": "text/html"})
    assert t("en", "page.account.shared") in page.get_data(as_text=True)


def test_signing_out_ends_the_kept_sign_in(aws: Aws):
    browser = Browser(aws)
    browser.sign_in(_address())
    kept = browser.jar["gerbang_refresh"]
    out = browser.post("/api/account/sign-out", json={})
    assert out.status_code == 200 and _json(out) == {"signed_in": False}
    cleared = _set_cookies(out)
    assert {name: c["max-age"] for name, c in cleared.items()} == {
        "gerbang_access": "0", "gerbang_shared": "0", "gerbang_refresh": "0",
        "gerbang_account": "0"}
    # The revoked refresh token renews nothing, even sent again by hand
    again = aws.client.get("/api/account", headers={"Cookie": f"gerbang_refresh={kept}"})
    assert again.status_code == 401


def test_an_expired_access_is_renewed_from_the_kept_sign_in(aws: Aws):
    browser = Browser(aws)
    browser.sign_in(_address())
    browser.jar["gerbang_access"] = ""  # the hour is over: the browser dropped it
    renewed = browser.get("/api/account")
    assert renewed.status_code == 200
    assert _set_cookies(renewed)["gerbang_access"]["value"]


def test_codes_are_limited_per_address_and_hour(aws: Aws):
    address = _address()
    for _ in range(5):
        assert aws.client.post("/api/account/code", json={"email": address}).status_code == 200
    sent = len(_codes(aws, address))
    refused = aws.client.post("/api/account/code", json={"email": address.title()},
                              headers={"Accept-Language": "id"})
    assert refused.status_code == 429
    assert _json(refused)["error"] == {"code": "too_many_codes",
                                       "message": t("id", "error.too_many_codes")}
    assert len(_codes(aws, address)) == sent  # nothing more was mailed


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"email": "not-an-address"}, "email", "invalid_email"),
    ({}, "email", "required"),
])
def test_a_bad_address_is_a_translated_422(aws: Aws, body, field, code):
    answer = aws.client.post("/api/account/code", json=body, headers={"Accept-Language": "id"})
    assert answer.status_code == 422
    [problem] = _json(answer)["error"]["fields"]
    assert (problem["field"], problem["code"]) == (field, code)


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"code": "12ab56"}, "code", "code_wrong"),
    ({"code": "123"}, "code", "code_wrong"),
    ({"flow": "steal"}, "flow", "invalid_choice"),
    ({"email": "x"}, "email", "invalid_email"),
])
def test_a_bad_sign_in_is_a_translated_422_and_sets_no_cookie(aws: Aws, changes, field, code):
    body = {"email": _address(), "code": "123456", "flow": "sign_in", "session": "s"}
    answer = aws.client.post("/api/account/sign-in", json={**body, **changes})
    assert answer.status_code == 422 and not _set_cookies(answer)
    assert (field, code) in {(p["field"], p["code"]) for p in _json(answer)["error"]["fields"]}


def test_a_sign_in_posted_from_another_site_is_refused(aws: Aws):
    address = _address()
    sent = _json(aws.client.post("/api/account/code", json={"email": address}))
    answer = aws.client.post("/api/account/sign-in", json={
        **sent, "code": _codes(aws, address)[-1]}, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 401 and not _set_cookies(answer).get("gerbang_access", {}).get(
        "value")


def test_without_script_every_step_is_a_page_and_a_redirect(aws: Aws, submitted):
    address, browser = _address(), Browser(aws, "id")
    page = browser.post("/api/account/code", data={"email": address, "language": "id"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert t("id", "page.account.code_sent", email=address) in html
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert fields["flow"] == "sign_up" and fields["email"] == address
    wrong = browser.post("/api/account/sign-in", data={**fields, "code": "111111"})
    assert wrong.status_code == 422
    assert t("id", "field.code_wrong") in wrong.get_data(as_text=True)  # beside the field
    signed = browser.post("/api/account/sign-in", data={**fields,
                                                        "code": _codes(aws, address)[-1]})
    assert signed.status_code == 303 and signed.headers["Location"] == "/api/account?lang=id"
    home = browser.get("/api/account?lang=id", headers={"Accept": "text/html"})
    assert home.status_code == 200
    assert t("id", "page.account.signed_in_as", email=address) in home.get_data(as_text=True)
    linked = browser.post("/api/account/link", data={
        "reference": submitted["reference"], "access_code": submitted["access_code"],
        "language": "id"})
    assert linked.status_code == 200
    assert submitted["reference"] in linked.get_data(as_text=True)
    bad = browser.post("/api/account/link", data={"reference": submitted["reference"],
                                                  "access_code": "nope", "language": "id"})
    assert bad.status_code == 404
    assert t("id", "error.application_not_found") in bad.get_data(as_text=True)
    out = browser.post("/api/account/sign-out", data={"language": "id"})
    assert out.status_code == 303 and out.headers["Location"] == "/id/account/"


def test_what_i_make_while_signed_in_is_in_my_account(aws: Aws):
    from tests.support.api import application

    browser = Browser(aws)
    browser.sign_in(_address())
    made = browser.post("/api/applications", json=application(),
                        headers={"Idempotency-Key": os.urandom(8).hex()})
    assert made.status_code == 201
    asked = browser.post("/api/consultations", json={
        "topic": "visa", "question": "Can I extend my visit visa?", "email": "s@example.com",
        "consent": True})
    assert asked.status_code == 201
    account = _json(browser.get("/api/account"))
    assert [a["reference"] for a in account["applications"]] == [_json(made)["reference"]]
    assert [c["reference"] for c in account["consultations"]] == [_json(asked)["reference"]]
    # A sign-in that is no longer valid is a guest: the application is made, and not linked
    guest = aws.client.post("/api/applications", json=application(), headers={
        "Idempotency-Key": os.urandom(8).hex(), "Cookie": "gerbang_access=expired"})
    assert guest.status_code == 201
    assert len(_json(browser.get("/api/account"))["applications"]) == 1


def test_my_data_holds_everything_about_me_and_no_access_code(aws: Aws, submitted):
    address, browser = _address(), Browser(aws, "id")
    browser.sign_in(address)
    ref, code = submitted["reference"], submitted["access_code"]
    browser.post("/api/account/link", json={"reference": ref, "access_code": code})
    answer = browser.get("/api/account/data")
    assert answer.status_code == 200
    data = _json(answer)
    assert data["account"]["email"] == address and data["account"]["language"] == "id"
    [mine] = data["applications"]
    assert mine["application"]["reference"] == ref
    assert mine["application"]["applicant"]["given_names"] == "Siti Aminah"
    assert [step["to"] for step in mine["history"]] == ["submitted"]
    text = answer.get_data(as_text=True)
    assert "access_code_hash" not in text and code not in text
    assert data["kept"] == _kept("id")
    download = browser.get("/api/account/data?download=1", headers={"Accept": "text/html"})
    assert download.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert _json(download)["applications"] == data["applications"]
    page = browser.get("/api/account/data?lang=id", headers={"Accept": "text/html"})
    assert page.status_code == 200 and ref in page.get_data(as_text=True)
    assert t("id", "page.account.data_intro") in page.get_data(as_text=True)
    # Another applicant's data holds none of mine
    other = Browser(aws)
    other.sign_in(_address())
    assert _json(other.get("/api/account/data"))["applications"] == []


def _kept(lang: str) -> str:
    from gerbang.account_pages import kept

    return kept(lang)


def test_deleting_my_account_keeps_my_applications_for_the_law(aws: Aws, submitted):
    address, browser = _address(), Browser(aws)
    browser.sign_in(address)
    ref, code = submitted["reference"], submitted["access_code"]
    browser.post("/api/account/link", json={"reference": ref, "access_code": code})
    unconfirmed = browser.post("/api/account/delete", json={})
    assert unconfirmed.status_code == 422
    assert _json(unconfirmed)["error"]["fields"][0]["code"] == "confirm_required"
    assert browser.get("/api/account").status_code == 200  # nothing happened
    kept_token = browser.jar["gerbang_refresh"]
    deleted = browser.post("/api/account/delete", json={"confirm": True})
    assert deleted.status_code == 200
    assert _json(deleted) == {"deleted": True, "kept": _kept("en")}
    assert _set_cookies(deleted)["gerbang_access"]["max-age"] == "0"
    # The account is gone: its partition, its user, its sign-in
    assert not [i for i in aws.items() if i["sk"]["S"] == "PROFILE"
                and i.get("email", {}).get("S") == address]
    again = aws.client.get("/api/account", headers={"Cookie": f"gerbang_refresh={kept_token}"})
    assert again.status_code == 401
    # The application stays, with its code, and the address may make a new account
    assert aws.client.get(f"/api/applications/{ref}", headers={
        "X-Access-Code": code}).status_code == 200
    fresh = _json(Browser(aws).post("/api/account/code", json={"email": address}))
    assert fresh["flow"] == "sign_up"


def test_deleting_without_script_is_a_form_and_a_page(aws: Aws):
    browser = Browser(aws, "id")
    browser.sign_in(_address())
    home = browser.get("/api/account?lang=id", headers={"Accept": "text/html"})
    assert t("id", "button.delete_account") in home.get_data(as_text=True)
    unticked = browser.post("/api/account/delete", data={"language": "id"})
    assert unticked.status_code == 422
    assert t("id", "field.confirm_required") in unticked.get_data(as_text=True)
    deleted = browser.post("/api/account/delete", data={"language": "id", "confirm": "on"})
    assert deleted.status_code == 200
    assert t("id", "page.account.deleted") in deleted.get_data(as_text=True)


def test_the_code_email_comes_in_the_language_asked_today(aws: Aws):
    address = _address()
    Browser(aws, "en").sign_in(address)  # the account was made in English
    sent = Browser(aws, "id").post("/api/account/code", json={"email": address})
    assert _json(sent)["flow"] == "sign_in"
    mail = [m for m in aws.send_mail() if address in m["to"]]
    assert mail[-1]["subject"] == t("id", "account.email.sign_in.subject")



# ---------------------------------------------------------------- drafts on any device
def test_a_draft_saved_on_one_device_is_resumed_on_another(aws: Aws):
    address = _address()
    phone, laptop = Browser(aws), Browser(aws)
    cookies = _set_cookies(phone.sign_in(address))
    marker = cookies["gerbang_account"]  # what the script reads: "signed in", nothing more
    assert marker["value"] == "1" and "HttpOnly" not in marker["line"]
    saved = phone.put("/api/account/drafts/apply", json={"values": {
            "given_names": "Siti", "passport_number": "A1234567", "access_code": "SECRET",
            "not_a_field": "x"}})
    assert saved.status_code == 200
    body = _json(saved)
    # Only the form's own fields are kept
    assert body["values"] == {"given_names": "Siti", "passport_number": "A1234567"}
    assert body["kept_until"] > body["saved_at"][:10]
    laptop.sign_in(address)
    resumed = laptop.get("/api/account/drafts/apply")
    assert resumed.status_code == 200 and _json(resumed)["values"] == body["values"]
    page = laptop.get("/api/account/drafts/apply?lang=id", headers={"Accept": "text/html"})
    assert 'value="A1234567"' in page.get_data(as_text=True)
    assert t("id", "page.draft.title") in page.get_data(as_text=True)
    # Listed on the account's page with its dates
    home = laptop.get("/api/account", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert t("en", "page.account.continue") in home
    # Another applicant has no draft; an unknown form is no draft either
    other = Browser(aws)
    other.sign_in(_address())
    assert other.get("/api/account/drafts/apply").status_code == 404
    assert phone.get("/api/account/drafts/ask").status_code == 404
    # In my data, and gone with the account
    assert _json(phone.get("/api/account/data"))["drafts"][0]["values"] == body["values"]
    phone.post("/api/account/delete", json={"confirm": True})
    assert not [i for i in aws.items() if i["sk"]["S"] == "DRAFT#apply"
                and i["values"]["M"].get("passport_number", {}).get("S") == "A1234567"]


def test_sending_the_application_while_signed_in_ends_its_draft(aws: Aws):
    from tests.support.api import application

    browser = Browser(aws)
    browser.sign_in(_address())
    browser.put("/api/account/drafts/apply", json={"values": {"given_names": "Ani"}})
    made = browser.post("/api/applications", json=application(),
                        headers={"Idempotency-Key": os.urandom(8).hex()})
    assert made.status_code == 201
    assert browser.get("/api/account/drafts/apply").status_code == 404


def test_without_script_save_and_continue_later_is_a_button_of_the_form(aws: Aws):
    from tests.support.api import application, as_form

    answers = {**as_form(application()), "language": "id"}
    # A guest: nothing saved, the form again with every answer, and why
    guest = aws.client.post("/api/account/drafts/apply", data=answers)
    assert guest.status_code == 401
    html = guest.get_data(as_text=True)
    assert t("id", "error.sign_in_to_save") in html and 'value="Siti Aminah"' in html
    browser = Browser(aws, "id")
    browser.sign_in(_address())
    saved = browser.post("/api/account/drafts/apply", data=answers)
    assert saved.status_code == 200
    assert t("id", "page.draft.title") in saved.get_data(as_text=True)
    assert _json(browser.get("/api/account/drafts/apply"))["values"]["given_names"] == \
        "Siti Aminah"


def test_a_draft_past_its_days_is_not_shown(aws: Aws):
    import boto3

    browser = Browser(aws)
    browser.sign_in(_address())
    browser.put("/api/account/drafts/apply", json={"values": {"given_names": "Old"}})
    [item] = [i for i in aws.items() if i["sk"]["S"] == "DRAFT#apply"
              and i["values"]["M"].get("given_names", {}).get("S") == "Old"]
    assert int(item["expiration"]["N"]) > 0  # what DynamoDB's TTL deletes it by
    boto3.client("dynamodb").update_item(
        TableName=aws.table, Key={"pk": item["pk"], "sk": item["sk"]},
        UpdateExpression="SET expiration = :past", ExpressionAttributeValues={":past": {"N": "1"}})
    assert browser.get("/api/account/drafts/apply").status_code == 404
    assert _json(browser.get("/api/account/data"))["drafts"] == []


@pytest.mark.parametrize(("body", "status"), [
    ({"values": {"given_names": "x" * 2001}}, 422),
    ({"values": {f"f{i}": "x" for i in range(41)}}, 422),
    ({"values": "not a mapping"}, 422),
    ({}, 422),
])
def test_a_bad_draft_is_a_4xx_and_saves_nothing(aws: Aws, body, status):
    browser = Browser(aws)
    browser.sign_in(_address())
    answer = browser.put("/api/account/drafts/apply", json=body)
    assert answer.status_code == status
    assert browser.get("/api/account/drafts/apply").status_code == 404


# ---------------------------------------------------------------- acting on my own
def test_my_own_application_is_uploaded_to_paid_and_resubmitted_without_its_code(aws: Aws):
    from tests.support.api import application

    mine, theirs = Browser(aws), Browser(aws)
    mine.sign_in(_address())
    theirs.sign_in(_address())
    ref = _json(mine.post("/api/applications", json=application(),
                          headers={"Idempotency-Key": os.urandom(8).hex()}))["reference"]
    upload = {"kind": "photo", "content_type": "image/png", "size_bytes": 5000}
    assert mine.post(f"/api/applications/{ref}/documents", json=upload).status_code == 201
    paid = mine.post(f"/api/applications/{ref}/payments", json={"method": "card"})
    assert paid.status_code == 201 and _json(paid)["checkout_url"]
    # Another applicant, a guest and a wrong code all get the same 404 as ever
    for who in (theirs.post, aws.client.post):
        assert who(f"/api/applications/{ref}/documents", json=upload).status_code == 404
        assert who(f"/api/applications/{ref}/payments",
                   json={"method": "card"}).status_code == 404
    assert mine.post(f"/api/applications/{ref}/documents", json=upload,
                     headers={"X-Access-Code": "WRONG"}).status_code == 404
    # A sign-in that has ended is said as such, not as "not found"
    mine.jar["gerbang_access"] = "ended"
    ended = mine.client.post(f"/api/applications/{ref}/documents", json=upload,
                             headers=mine._headers(None))
    assert ended.status_code == 401 and _json(ended)["error"]["code"] == "signed_out"


def test_my_application_s_page_has_its_upload_and_pay_forms(aws: Aws):
    from tests.support.api import application

    browser = Browser(aws, "id")
    browser.sign_in(_address())
    ref = _json(browser.post("/api/applications", json=application(),
                             headers={"Idempotency-Key": os.urandom(8).hex()}))["reference"]
    page = browser.get(f"/api/account/applications/{ref}?lang=id",
                       headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page  # presigned, straight to S3
    assert f'action="/api/applications/{ref}/payments"' in page
    assert 'name="access_code" value=""' in page  # the sign-in goes with it instead
    assert t("id", "page.account.back") in page
    # Without script the pay form posts as a form: a 303 to the checkout
    paid = browser.post(f"/api/applications/{ref}/payments",
                        data={"method": "card", "access_code": "", "language": "id"})
    assert paid.status_code == 303 and paid.headers["Location"]


# ---------------------------------------------------------------- a password, the second way
def test_a_password_added_to_the_account_signs_in_and_nothing_else_does(aws: Aws):
    address, browser = _address(), Browser(aws, "id")
    browser.sign_in(address)
    weak = browser.post("/api/account/password", json={"new_password": "short"})
    assert weak.status_code == 422
    assert _json(weak)["error"]["fields"][0]["field"] == "new_password"
    assert browser.post("/api/account/password",
                        json={"new_password": "pohon mangga di kebun"}).status_code == 200
    # Changing it needs the current one
    again = browser.post("/api/account/password", json={"new_password": "another long one"})
    assert again.status_code == 422
    assert _json(again)["error"]["fields"] == [{
        "field": "current_password", "code": "password_wrong",
        "message": t("id", "field.password_wrong")}]
    browser.post("/api/account/sign-out", json={})
    laptop = Browser(aws, "id")
    right = laptop.post("/api/account/password-sign-in", json={
        "email": address, "password": "pohon mangga di kebun"})
    assert right.status_code == 200 and _set_cookies(right)["gerbang_access"]["value"]
    assert _json(laptop.get("/api/account"))["email"] == address
    # A wrong password and an address without an account get one answer, and no cookie
    wrong = aws.client.post("/api/account/password-sign-in", json={
        "email": address, "password": "pohon salah"}, headers={"Accept-Language": "id"})
    nobody = aws.client.post("/api/account/password-sign-in", json={
        "email": _address(), "password": "pohon salah"}, headers={"Accept-Language": "id"})
    assert wrong.status_code == nobody.status_code == 422
    assert _json(wrong) == _json(nobody)
    assert _json(wrong)["error"]["fields"][0]["code"] == "password_wrong"
    assert not _set_cookies(wrong) and not _set_cookies(nobody)


def test_a_password_is_never_sent_back_to_the_page(aws: Aws):
    answer = aws.client.post("/api/account/password-sign-in", data={
        "email": _address(), "password": "my secret words", "language": "id"})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert t("id", "field.password_wrong") in html
    assert "my secret words" not in html



def test_every_route_with_another_applicant_s_sign_in_and_my_ids(aws: Aws):
    """Everything that takes a reference, tried with another applicant's sign-in on my
    application: the same 404 a wrong code gets, and nothing changed."""
    from tests.support.api import application

    mine, theirs = Browser(aws), Browser(aws)
    mine.sign_in(_address())
    theirs.sign_in(_address())
    ref = _json(mine.post("/api/applications", json=application(),
                          headers={"Idempotency-Key": os.urandom(8).hex()}))["reference"]
    before = [i for i in aws.items() if i["pk"]["S"] == f"APP#{ref}"]
    tries = [
        theirs.get(f"/api/account/applications/{ref}"),
        theirs.get(f"/api/account/applications/{ref}", headers={"Accept": "text/html"}),
        theirs.post(f"/api/applications/{ref}/documents", json={
            "kind": "photo", "content_type": "image/png", "size_bytes": 5000}),
        theirs.post(f"/api/applications/{ref}/payments", json={"method": "card"}),
        theirs.post(f"/api/applications/{ref}/resubmit", json={}),
        theirs.get(f"/api/applications/{ref}"),
    ]
    assert [answer.status_code for answer in tries] == [404] * len(tries)
    linked = theirs.post("/api/account/link", json={"reference": ref, "access_code": ""})
    assert linked.status_code == 422  # a link needs the code itself
    assert _json(theirs.get("/api/account"))["applications"] == []
    assert _json(theirs.get("/api/account/data"))["applications"] == []
    assert [i for i in aws.items() if i["pk"]["S"] == f"APP#{ref}"] == before


def test_a_post_from_another_site_cannot_act_with_my_sign_in(aws: Aws):
    from tests.support.api import application

    browser = Browser(aws)
    browser.sign_in(_address())
    ref = _json(browser.post("/api/applications", json=application(),
                             headers={"Idempotency-Key": os.urandom(8).hex()}))["reference"]
    elsewhere = {"Origin": "https://evil.example"}
    for path, body in ((f"/api/applications/{ref}/payments", {"method": "card"}),
                       (f"/api/applications/{ref}/documents", {
                           "kind": "photo", "content_type": "image/png", "size_bytes": 5000}),
                       ("/api/account/link", {"reference": ref, "access_code": "x"})):
        assert browser.post(path, json=body, headers=elsewhere).status_code == 401, path
    assert not [i for i in aws.items() if i["pk"]["S"] == f"APP#{ref}"
                and i["sk"]["S"].startswith("PAY#")]
