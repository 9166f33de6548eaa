"""Officers: Cognito tokens verified against the pool's JWKS, the queue, the whole record,
and decisions that never lose an update."""

from __future__ import annotations

import json
import os
import time

import jwt

from tests.integration.conftest import Aws
from tests.support import files, likeness


def _in_review(aws: Aws, app) -> None:
    """Documents verified and paid: where an officer's work starts."""
    from tests.integration.test_payments import _checkout, _webhook

    ref = app["reference"]
    for kind in ("passport", "return_ticket", "sponsor_letter"):
        aws.upload(ref, kind, files.pdf(), "application/pdf")
    aws.upload(ref, "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    _, session = _checkout(aws, app)
    assert _webhook(aws, session).status_code == 200


def _get(aws: Aws, path: str, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return aws.client.get(path, headers=headers)


def _decide(aws: Aws, ref: str, token: str, **body):
    return aws.client.post(f"/api/officer/applications/{ref}/decision", json=body,
                           headers={"Authorization": f"Bearer {token}"})


def test_the_queue_lists_applications_in_review_oldest_first(aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    later = json.loads(aws.submit(os.urandom(8).hex(), given_names="Later").get_data())
    _in_review(aws, later)
    answer = _get(aws, "/api/officer/applications?status=in_review", officer)
    refs = [a["reference"] for a in json.loads(answer.get_data())["applications"]]
    assert answer.status_code == 200
    assert refs.index(submitted["reference"]) < refs.index(later["reference"])
    other = _get(aws, "/api/officer/applications?status=in_review&service=passport", officer)
    assert submitted["reference"] not in json.dumps(json.loads(other.get_data()))


def test_the_record_has_documents_with_short_links_payments_and_history(aws: Aws, submitted,
                                                                       officer):
    _in_review(aws, submitted)
    record = json.loads(_get(aws, f"/api/officer/applications/{submitted['reference']}",
                             officer).get_data())
    assert record["applicant"]["passport_number"] == "A12345678"
    photo = next(d for d in record["documents"] if d["kind"] == "photo")
    assert photo["state"] == "accepted" and "X-Amz-Expires=300" in photo["link"]
    assert "/clean/" in photo["link"]
    assert record["payments"][0]["state"] == "paid"
    assert [h["to"] for h in record["history"]] == ["submitted", "documents_verified",
                                                    "in_review"]


def test_a_decision_is_kept_with_who_and_why(aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    ref = submitted["reference"]
    answer = _decide(aws, ref, officer, decision="approve", reason="All in order.",
                     expected_version=3)
    assert answer.status_code == 200, answer.get_data()
    last = json.loads(answer.get_data())["history"][-1]
    assert last["to"] == "approved" and last["by"] == "officer:ana.officer"
    assert last["reason"] == "All in order."
    status = json.loads(aws.client.get(f"/api/applications/{ref}", headers={
        "X-Access-Code": submitted["access_code"], "Accept-Language": "id"}).get_data())
    assert status["status"] == "approved" and status["status_label"] == "Disetujui"


def test_two_officers_at_once_one_wins_one_gets_409(aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    ref = submitted["reference"]
    first = _decide(aws, ref, officer, decision="reject", reason="Photo does not match.",
                    expected_version=3)
    second = _decide(aws, ref, officer, decision="approve", reason="Looks fine.",
                     expected_version=3)
    assert first.status_code == 200 and second.status_code == 409
    assert json.loads(second.get_data())["error"]["code"] == "status_changed"
    record = json.loads(_get(aws, f"/api/officer/applications/{ref}", officer).get_data())
    assert record["status"] == "rejected" and len(record["history"]) == 4  # nothing lost


def test_forbidden_moves_and_missing_reasons_are_refused(aws: Aws, submitted, officer):
    ref = submitted["reference"]  # still "submitted": nothing to decide yet
    early = _decide(aws, ref, officer, decision="approve", reason="x", expected_version=1)
    assert early.status_code == 409
    assert json.loads(early.get_data())["error"]["code"] == "decision_not_allowed"
    _in_review(aws, submitted)
    silent = _decide(aws, ref, officer, decision="reject", reason="  ", expected_version=3)
    assert silent.status_code == 422
    assert json.loads(silent.get_data())["error"]["fields"][0]["code"] == "reason_required"


def test_a_token_without_the_group_is_403(aws: Aws, clerk):
    answer = _get(aws, "/api/officer/applications", clerk)
    assert answer.status_code == 403
    assert json.loads(answer.get_data())["error"]["code"] == "not_an_officer"


def _moto_key():
    # moto signs Cognito tokens with this published key; so can a test (or an attacker
    # who read moto's source), which is why a real pool's JWKS is fetched, never assumed.
    from moto.utilities.utils import load_resource

    return jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json")).key


def test_expired_tampered_and_missing_tokens_are_401(aws: Aws, officer):
    claims = jwt.decode(officer, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": int(time.time()) - 60}, _moto_key(),
                         algorithm="RS256", headers={"kid": "dummy"})
    head, body, signature = officer.split(".")
    tampered = ".".join([head, body, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA"
                                                      else "BBBB")])
    foreign = jwt.encode({**claims, "iss": "https://example.invalid/pool"}, _moto_key(),
                         algorithm="RS256", headers={"kid": "dummy"})
    for token in (expired, tampered, foreign, "not-a-token", None):
        answer = _get(aws, "/api/officer/applications", token)
        assert answer.status_code == 401, token
        assert json.loads(answer.get_data())["error"]["code"] == "invalid_token"


def test_a_stranger_learns_nothing_of_a_route_s_inputs(aws: Aws, submitted, clerk):
    # Given bad input (a status that does not exist, a decision body of the wrong shape)
    for headers, expected in (({}, 401), ({"Authorization": f"Bearer {clerk}"}, 403)):
        queue = aws.client.get("/api/officer/applications?status=nonsense", headers=headers)
        decision = aws.client.post(
            f"/api/officer/applications/{submitted['reference']}/decision",
            json={"decision": 7}, headers=headers)
        # Then the caller who may not use the route hears that, not what to fix
        assert (queue.status_code, decision.status_code) == (expected, expected)
        assert "fields" not in json.loads(decision.get_data())["error"]


def test_more_information_then_resubmit_returns_to_the_queue(aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    ref, code = submitted["reference"], submitted["access_code"]
    asked = _decide(aws, ref, officer, decision="request_info",
                    reason="The photo is blurred; please send a sharper one.",
                    expected_version=3)
    assert asked.status_code == 200
    # The accepted photo may now be replaced, as the officer asked
    again = aws.client.post(f"/api/applications/{ref}/documents", json={
        "kind": "photo", "content_type": "image/png", "size_bytes": 5000},
        headers={"X-Access-Code": code})
    assert again.status_code == 201
    aws.upload(ref, "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    back = aws.client.post(f"/api/applications/{ref}/resubmit", json={},
                           headers={"X-Access-Code": code})
    assert back.status_code == 200 and json.loads(back.get_data())["status"] == "in_review"
    queue = json.loads(_get(aws, "/api/officer/applications", officer).get_data())
    assert ref in [a["reference"] for a in queue["applications"]]
    record = json.loads(_get(aws, f"/api/officer/applications/{ref}", officer).get_data())
    assert record["history"][-1] == {**record["history"][-1], "by": "applicant",
                                     "to": "in_review", "reason": "resubmitted"}
    # Not waiting for anything any more: resubmitting again is refused
    twice = aws.client.post(f"/api/applications/{ref}/resubmit", json={},
                            headers={"X-Access-Code": code})
    assert twice.status_code == 409


def test_resubmit_needs_every_document_accepted(aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    ref, code = submitted["reference"], submitted["access_code"]
    _decide(aws, ref, officer, decision="request_info", reason="New photo.", expected_version=3)
    aws.upload(ref, "photo", files.html_as_pdf(), "image/png")
    aws.verify_pending()
    answer = aws.client.post(f"/api/applications/{ref}/resubmit", data={
        "access_code": code, "language": "id"})
    assert answer.status_code == 409
    assert "Masih ada dokumen" in answer.get_data(as_text=True)


def test_keys_that_cannot_be_fetched_are_a_translated_503_not_a_sign_out(aws: Aws, officer,
                                                                         monkeypatch):
    # Given Cognito's JWKS cannot be reached (nothing listens on port 9)
    from gerbang import tokens
    from gerbang.i18n import t

    unreachable = tokens.CognitoKeys("http://127.0.0.1:9/.well-known/jwks.json")
    monkeypatch.setattr(tokens, "keys", lambda _url: unreachable)
    # When a good token comes, Then 503 (the page keeps the session), never 401 or 500
    answer = aws.client.get("/api/officer/applications", headers={
        "Authorization": f"Bearer {officer}", "Accept-Language": "id"})
    assert answer.status_code == 503
    assert json.loads(answer.get_data())["error"] == {
        "code": "sign_in_unavailable", "message": t("id", "error.sign_in_unavailable")}


def test_the_sign_in_page_gets_the_pool_s_public_settings(aws: Aws):
    answer = aws.client.get("/api/officer/config")
    assert answer.status_code == 200
    config = json.loads(answer.get_data())
    assert config == {"client_id": aws.names.refs["OfficerUserPoolClient"],
                      "cognito_url": config["cognito_url"]}
    assert config["cognito_url"].startswith("http")
