"""Paying: a checkout from the catalog's fee, and the sandbox's signed webhook applied once."""

from __future__ import annotations

import json
import time
import uuid
from contextlib import ExitStack
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from botocore.stub import Stubber
from gerbang import parameters
from gerbang.aws import ssm
from gerbang.config import PaymentSecretSettings, settings
from gerbang.i18n import t
from gerbang.payments.sandbox import open_session, signature_header

from tests.integration.conftest import Aws
from tests.support import files, likeness


def _start(aws: Aws, app, method="qris", lang="en"):
    return aws.client.post(f"/api/applications/{app['reference']}/payments",
                           json={"method": method, "language": lang},
                           headers={"X-Access-Code": app["access_code"]})


def _status(aws: Aws, app):
    return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
        "X-Access-Code": app["access_code"]}).get_data())


def _webhook(aws: Aws, payment, *, amount=None, currency=None, event_id=None, secret=None,
             at=None, kind="payment.succeeded"):
    event = {"id": event_id or "evt_" + uuid.uuid4().hex, "type": kind, "data": {
        "payment_id": payment["payment_id"], "reference": payment["reference"],
        "amount": payment["amount"] if amount is None else amount,
        "currency": currency or payment["currency"], "method": payment["method"]}}
    body = json.dumps(event).encode()
    header = signature_header(body, (secret or aws.secret).encode(), at)
    return aws.client.post("/api/payments/webhooks/sandbox", data=body, headers={
        "Content-Type": "application/json", "Sandbox-Signature": header})


def _checkout(aws: Aws, app, method="qris"):
    answer = json.loads(_start(aws, app, method).get_data())
    session = open_session(parse_qs(urlparse(answer["checkout_url"]).query)["session"][0],
                           aws.secret.encode())
    return answer, session


def test_a_method_the_catalog_does_not_know_is_a_field_error(aws: Aws, submitted):
    response = _start(aws, submitted, "bitcoin")
    assert response.status_code == 422
    assert json.loads(response.get_data())["error"]["fields"][0] == {
        "field": "method", "code": "method_not_offered",
        "message": "This way of paying is not available here. Choose another one."}


def test_checkout_amount_comes_from_the_catalog(aws: Aws, submitted):
    answer, session = _checkout(aws, submitted)
    assert answer["amount"] == session["amount"] == 1500000
    assert answer["currency"] == "IDR" and answer["method"] == "qris"
    assert session["return_url"].endswith("/payment-complete/")


def test_a_second_click_reuses_the_open_payment_and_another_method_replaces_it(aws: Aws,
                                                                               submitted):
    first, _ = _checkout(aws, submitted)
    again, _ = _checkout(aws, submitted)
    other, _ = _checkout(aws, submitted, "card")
    assert first["payment_id"] == again["payment_id"] != other["payment_id"]
    states = [i["state"]["S"] for i in aws.items()
              if i["pk"]["S"] == f"APP#{submitted['reference']}" and i["sk"]["S"][:4] == "PAY#"]
    assert sorted(states) == ["expired", "pending"]  # at most one open payment


def test_the_signed_webhook_marks_paid_once(aws: Aws, submitted):
    _, session = _checkout(aws, submitted)
    first = _webhook(aws, session, event_id="evt_same")
    duplicate = _webhook(aws, session, event_id="evt_same")
    replay_new_id = _webhook(aws, session)
    assert json.loads(first.get_data())["outcome"] == "paid"
    assert json.loads(duplicate.get_data())["outcome"] == "duplicate"
    assert json.loads(replay_new_id.get_data())["outcome"] == "already_paid"
    status = _status(aws, submitted)
    assert status["status"] == "paid" and status["payment"]["state"] == "paid"
    assert [h["status"] for h in status["history"]] == ["submitted", "paid"]


def test_paid_and_verified_goes_to_review(aws: Aws, submitted):
    ref = submitted["reference"]
    for kind in ("passport", "return_ticket", "sponsor_letter"):
        aws.upload(ref, kind, files.pdf(), "application/pdf")
    aws.upload(ref, "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    _, session = _checkout(aws, submitted, "bank_transfer")
    assert _webhook(aws, session).status_code == 200
    status = _status(aws, submitted)
    assert status["status"] == "in_review"
    assert [h["status"] for h in status["history"]] == [
        "submitted", "documents_verified", "in_review"]
    assert _start(aws, submitted).status_code == 409  # nothing left to pay


def test_forged_and_stale_signatures_change_nothing(aws: Aws, submitted):
    _, session = _checkout(aws, submitted)
    forged = _webhook(aws, session, secret="not-the-secret")
    stale = _webhook(aws, session, at=int(time.time()) - 3600)
    assert forged.status_code == stale.status_code == 401
    assert json.loads(forged.get_data())["error"]["code"] == "bad_signature"
    assert _status(aws, submitted)["payment"]["state"] == "pending"


def test_a_wrong_amount_or_currency_changes_nothing(aws: Aws, submitted):
    _, session = _checkout(aws, submitted)
    short = _webhook(aws, session, amount=1000)
    dollars = _webhook(aws, session, currency="USD")
    assert short.status_code == dollars.status_code == 400
    assert json.loads(short.get_data())["error"]["code"] == "amount_mismatch"
    assert _status(aws, submitted)["payment"]["state"] == "pending"


def test_an_event_for_an_unknown_payment_is_acknowledged_and_ignored(aws: Aws, submitted):
    _, session = _checkout(aws, submitted)
    response = _webhook(aws, {**session, "payment_id": "pay_unknown"})
    assert response.status_code == 200
    assert json.loads(response.get_data())["outcome"] == "unknown_payment"


def test_garbage_webhooks_are_4xx(aws: Aws):
    body = b"not json"
    response = aws.client.post("/api/payments/webhooks/sandbox", data=body, headers={
        "Content-Type": "application/json",
        "Sandbox-Signature": signature_header(body, aws.secret.encode())})
    unknown_provider = aws.client.post("/api/payments/webhooks/paypal", data=b"{}")
    assert response.status_code == 400
    assert json.loads(response.get_data())["error"]["code"] == "bad_event"
    assert unknown_provider.status_code == 404


def test_a_plain_form_post_is_sent_to_the_checkout(aws: Aws, submitted):
    response = aws.client.post(f"/api/applications/{submitted['reference']}/payments", data={
        "method": "ewallet", "access_code": submitted["access_code"], "language": "id"})
    assert response.status_code == 303
    assert "/sandbox/checkout?session=" in response.headers["Location"]


def test_an_expired_payment_event_leaves_the_application_payable(aws: Aws, submitted):
    _, session = _checkout(aws, submitted)
    assert json.loads(_webhook(aws, session, kind="payment.expired").get_data())[
        "outcome"] == "expired"
    assert _status(aws, submitted)["payment"]["state"] == "expired"
    assert _start(aws, submitted).status_code == 201


def test_twenty_duplicate_webhooks_at_once_change_the_state_once(aws: Aws, submitted,
                                                                monkeypatch):
    # Given one payment and twenty copies of its success event arriving together
    import threading

    from gerbang import payments
    from gerbang.aws import dynamodb
    from gerbang.payments.provider import PaymentEvent

    # DynamoDB makes each call atomic; moto in-process does not, so make each call atomic
    # here too. Between calls the threads interleave freely: that is the race under test.
    client, one_at_a_time = dynamodb(), threading.Lock()
    original = client._make_api_call

    def atomic(*args, **kwargs):
        with one_at_a_time:
            return original(*args, **kwargs)

    monkeypatch.setattr(client, "_make_api_call", atomic)

    _, session = _checkout(aws, submitted)
    event = PaymentEvent(provider="sandbox", event_id="evt_storm", kind="succeeded",
                         payment_id=session["payment_id"], amount=session["amount"],
                         currency=session["currency"])
    outcomes: list[str] = []
    gate = threading.Barrier(20)

    def deliver() -> None:
        gate.wait()
        try:
            outcomes.append(payments.apply_event(event)["outcome"])
        except Exception as error:  # a lost race must still be an answer, not a crash
            outcomes.append(repr(error))

    threads = [threading.Thread(target=deliver) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Then exactly one changed anything, and the history says so once. Under this much
    # contention a copy may also lose the race to move the application on: it answers
    # "try again" (409), and the provider's retry finds the work done.
    assert outcomes.count("paid") == 1, outcomes
    assert set(outcomes) <= {"paid", "duplicate", "Conflict('status_changed')"}, outcomes
    history = [h["status"] for h in _status(aws, submitted)["history"]]
    assert history == ["submitted", "paid"]


def test_a_payment_past_its_time_shows_expired_and_a_new_one_can_start(aws: Aws, submitted,
                                                                      monkeypatch):
    first, _ = _checkout(aws, submitted)
    later = datetime.fromisoformat(first["expires_at"]) + timedelta(minutes=1)
    monkeypatch.setattr("gerbang.views.now", lambda: later)
    monkeypatch.setattr("gerbang.payments.now", lambda: later)
    assert _status(aws, submitted)["payment"]["state"] == "expired"
    again = json.loads(_start(aws, submitted).get_data())
    assert again["payment_id"] != first["payment_id"]  # the same method, a fresh attempt


def test_refused_webhooks_log_no_secret(aws: Aws, submitted, caplog):
    _, session = _checkout(aws, submitted)
    _webhook(aws, session, secret="not-the-secret")
    _webhook(aws, session, amount=1)
    logged = caplog.text + " ".join(str(getattr(r, "code", "")) for r in caplog.records)
    assert "bad_signature" in logged and "amount mismatch" in logged
    assert aws.secret not in logged and "not-the-secret" not in logged


@pytest.fixture
def keys(aws: Aws):
    """The parameter holding the provider's keys, as it was, put back afterwards."""
    name = settings(PaymentSecretSettings).payment_secret_parameter
    value = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"][
        "Value"]

    def restore() -> None:
        boto3.client("ssm").put_parameter(Name=name, Value=value, Type="SecureString",
                                          Overwrite=True)
        parameters.provider().clear_cache()

    yield restore
    restore()


def _break_keys(how: str, stack: ExitStack, monkeypatch) -> None:
    """Make the payment keys unreadable in one of the ways they can be in AWS."""
    name = settings(PaymentSecretSettings).payment_secret_parameter
    parameters.provider().clear_cache()  # as five minutes later: the cached copy is gone
    if how == "deleted":
        boto3.client("ssm").delete_parameter(Name=name)
    elif how == "not_json":
        boto3.client("ssm").put_parameter(Name=name, Value="webhook_secret=abc",
                                          Type="SecureString", Overwrite=True)
    else:  # refused by IAM or by KMS: injected on our own client, the one Powertools uses
        stub = stack.enter_context(Stubber(ssm()))
        for _ in range(3):
            stub.add_client_error("get_parameter", service_error_code=how,
                                  http_status_code=400)


def _payment_items(aws: Aws, reference: str) -> list:
    return sorted((i for i in aws.items() if i["pk"]["S"] == f"APP#{reference}"),
                  key=lambda i: i["sk"]["S"])


# A parameter renamed under the function is, in AWS, one its role may not read: the
# AccessDeniedException case (test_permissions.py refuses a call to an ungranted name).
@pytest.mark.parametrize("how", ["deleted", "not_json", "AccessDeniedException",
                                 "InvalidKeyId"])
def test_unreadable_keys_answer_a_translated_503_and_write_nothing(aws: Aws, submitted, keys,
                                                                   monkeypatch, how):
    # Given an open QRIS payment, and then the provider's keys become unreadable
    _checkout(aws, submitted)
    before = _payment_items(aws, submitted["reference"])
    with ExitStack() as stack:
        _break_keys(how, stack, monkeypatch)
        # When the applicant starts paying by card (script, then a plain form post)
        response = aws.client.post(
            f"/api/applications/{submitted['reference']}/payments",
            json={"method": "card", "language": "id"},
            headers={"X-Access-Code": submitted["access_code"]})
        page = aws.client.post(f"/api/applications/{submitted['reference']}/payments", data={
            "method": "card", "access_code": submitted["access_code"], "language": "id"})
    # Then both are told to try later, in their language, and nothing was written: the
    # QRIS payment is still open, not expired with nothing in its place
    assert response.status_code == page.status_code == 503
    assert json.loads(response.get_data())["error"] == {
        "code": "payments_unavailable", "message": t("id", "error.payments_unavailable")}
    assert t("id", "error.payments_unavailable") in page.get_data(as_text=True)
    assert _payment_items(aws, submitted["reference"]) == before
    # And once the keys are back, the same request works
    keys()
    monkeypatch.undo()
    assert aws.client.post(
        f"/api/applications/{submitted['reference']}/payments", json={"method": "card"},
        headers={"X-Access-Code": submitted["access_code"]}).status_code == 201


def test_reusing_the_open_payment_needs_no_keys(aws: Aws, submitted, keys, monkeypatch):
    first, _ = _checkout(aws, submitted)
    with ExitStack() as stack:
        _break_keys("deleted", stack, monkeypatch)
        again = _start(aws, submitted)  # the second click on the same method
    assert again.status_code == 201
    assert json.loads(again.get_data())["payment_id"] == first["payment_id"]


@pytest.mark.parametrize("how", ["deleted", "AccessDeniedException"])
def test_a_webhook_whose_secret_cannot_be_read_is_a_503_so_the_provider_retries(
        aws: Aws, submitted, keys, monkeypatch, how):
    # Given a checkout, and then the webhook secret becomes unreadable
    _, session = _checkout(aws, submitted)
    event_id = "evt_" + uuid.uuid4().hex  # the provider sends the same event again
    with ExitStack() as stack:
        _break_keys(how, stack, monkeypatch)
        refused = _webhook(aws, session, event_id=event_id)
    # Then the provider hears 503 (it retries), and nothing changed
    assert refused.status_code == 503
    assert json.loads(refused.get_data())["error"]["code"] == "payments_unavailable"
    assert _status(aws, submitted)["payment"]["state"] == "pending"
    # When it retries once the secret is back, Then the payment is applied
    keys()
    retried = _webhook(aws, session, event_id=event_id)
    assert retried.status_code == 200
    assert json.loads(retried.get_data())["outcome"] == "paid"
