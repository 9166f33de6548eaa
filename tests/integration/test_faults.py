"""Faults real AWS has and moto never produces (issue 13, item 4): a transaction cancelled
because it met another (TransactionConflict), throttling, SQS, SES or SSM refusing a call,
and a payment provider that is down. Each is injected into the clients the functions use
(tests/support/faults.py: under botocore's retries, before moto; `responses` for the
providers) and seen through HTTP, as an applicant or an officer sees it: two officers at
once get one 409 and never a 5xx, a throttled request gets 429 with Retry-After once
botocore's retries are spent, nothing is half written and no email is lost. (The payment
keys in SSM deleted, not JSON or refused by IAM or KMS: tests/integration/test_payments.py;
their throttling is here.)"""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import json
import os
import random
import string
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import boto3
import pytest
import requests
import responses
from botocore.exceptions import ClientError
from gerbang import parameters
from gerbang.aws import _RETRIES, dynamodb, ses, sqs, ssm
from gerbang.errors import Busy
from gerbang.i18n import t
from gerbang.store.table import ATTEMPTS
from werkzeug.test import Client

from tests.integration.conftest import Aws, officer_token
from tests.integration.test_consultations import QUESTION
from tests.integration.test_officers import _in_review
from tests.integration.test_outbox import _mine, _outbox, _submit, _sweep
from tests.integration.test_payments import _start
from tests.integration.test_providers import (  # noqa: F401 - `provider` is a fixture
    MIDTRANS_KEY,
    SNAP,
    STRIPE_SECRET,
    _midtrans_note,
    provider,
)
from tests.support.api import application, as_form
from tests.support.faults import cancel, fault, meanwhile, throttle

# Requests botocore sends for one call it retries: the first and its retries (aws.py).
BOTOCORE_SENDS = _RETRIES.retries["max_attempts"] + 1


def _table(aws: Aws) -> dict[tuple[str, str], dict[str, Any]]:
    """Every item of the table by key: what a refused request must leave as it was."""
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=aws.table)
    return {(i["pk"]["S"], i["sk"]["S"]): i for page in pages for i in page["Items"]}


def _partition(aws: Aws, reference: str) -> list[str]:
    """The kinds of item an application has (APP, HIST#000001, OUTBOX#received, ...)."""
    return sorted(sk.rsplit("#", 1)[0] if sk.startswith("OUTBOX#") else sk
                  for pk, sk in _table(aws) if pk == f"APP#{reference}")


def _form(lang: str) -> dict[str, str]:
    """A plain form post of new answers (the same answers posted twice are one application)."""
    name = "".join(random.choices(string.ascii_lowercase, k=10)).capitalize()
    return as_form(application(language=lang, given_names=name))


def _refused(response: Any, status: int, code: str, lang: str = "en") -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert json.loads(response.get_data()) == {
        "error": {"code": code, "message": t(lang, f"error.{code}")}}


def _busy(response: Any, lang: str = "en") -> None:
    """A 429 that says when to try again, in the asker's language."""
    assert response.headers["Retry-After"] == str(Busy.retry_after)
    if response.content_type.startswith("text/html"):  # a form post: a page, answers kept
        assert response.status_code == 429
        assert t(lang, "error.busy") in response.get_data(as_text=True)
    else:
        _refused(response, 429, "busy", lang)


# ---------------------------------------------------------------- a transaction meets another
@pytest.mark.parametrize("step", ["submit", "ask"])
def test_a_write_that_met_a_transaction_is_tried_again_and_stored_once(aws: Aws, step):
    # Given DynamoDB cancels the submit's or the question's transaction once, because
    # another transaction held an item
    with cancel(dynamodb(), "TransactionConflict", times=1) as conflict:
        response = (aws.submit(os.urandom(8).hex()) if step == "submit"
                    else aws.client.post("/api/consultations", json=QUESTION))
    # Then the table tried again (botocore does not): stored once, answered 201
    assert response.status_code == 201, response.get_data(as_text=True)
    assert (conflict.sent, conflict.failed) == (2, 1)
    reference = json.loads(response.get_data())["reference"]
    if step == "submit":
        assert _partition(aws, reference) == ["APP", "HIST#000001", "OUTBOX#received"]
    else:
        assert [k for k in _table(aws) if k[0] == f"CONSULT#{reference}"] == [
            (f"CONSULT#{reference}", "CONSULT")]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_transaction_that_keeps_meeting_others_is_a_translated_409_writing_nothing(
        aws: Aws, lang):
    key, before = os.urandom(8).hex(), _table(aws)
    # Given every try of the submit's transaction is cancelled for a conflict
    with cancel(dynamodb(), "TransactionConflict") as conflict:
        response = aws.submit(key, language=lang)
        form = _form(lang)
        page = aws.client.post("/api/applications", data=form)
    # Then a 409 in the applicant's language, after the table's tries, never a 5xx; a form
    # post without script gets its form again, answers kept
    _refused(response, 409, "concurrent_change", lang)
    assert conflict.sent == 2 * ATTEMPTS
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and t(lang, "error.concurrent_change") in html
    assert f'value="{form["given_names"]}"' in html
    # And nothing was written, not even the idempotency record: the same request, sent
    # again, is stored
    assert _table(aws) == before
    assert aws.submit(key, language=lang).status_code == 201


# ---------------------------------------------------------------- two officers at once
def _another_container(aws: Aws, function: str) -> Client:
    """A client whose requests to `function` go to a second warm container of it: its app
    module loaded again (its own resolver, its own lock), as Lambda runs two requests at
    once. The gateway's own container takes one invocation at a time, as a container does."""
    first = aws.functions[function]
    spec = importlib.util.find_spec(first.handler.rpartition(".")[0])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gateway = copy.copy(aws.client.application)
    gateway.functions = {**gateway.functions, function: dataclasses.replace(
        first, lock=threading.Lock(), _entry=module.handler)}
    return Client(gateway)


def _decide(client: Client, reference: str, token: str, decision: str, reason: str,
            lang: str = "en") -> Any:
    return client.post(f"/api/officer/applications/{reference}/decision", headers={
        "Authorization": f"Bearer {token}", "Accept-Language": lang},
        json={"decision": decision, "reason": reason, "expected_version": 3})


def test_a_decision_that_keeps_meeting_others_is_a_409_in_the_officers_language(
        aws: Aws, submitted, officer):
    _in_review(aws, submitted)
    ref, before = submitted["reference"], _table(aws)
    with cancel(dynamodb(), "TransactionConflict"):
        refused = _decide(aws.client, ref, officer, "approve", "All in order.", lang="id")
    _refused(refused, 409, "concurrent_change", "id")  # Accept-Language: the body has none
    assert _table(aws) == before


@pytest.mark.parametrize("overlap", ["after", "during"])
def test_two_officers_deciding_at_once_one_200_one_409_and_one_history_item(
        aws: Aws, submitted, officer, overlap):
    # Given an application in review (version 3), read by two officers
    _in_review(aws, submitted)
    ref = submitted["reference"]
    name = f"officer-{os.urandom(3).hex()}"
    colleague = officer_token(aws, name, officer=True)
    elsewhere = _another_container(aws, "OfficerFunction")
    won: list[Any] = []

    def colleague_approves() -> None:  # after this officer read version 3, before the write
        won.append(_decide(elsewhere, ref, colleague, "approve", "All in order."))

    before = _table(aws)
    if overlap == "after":  # the colleague's transaction is over: the version refuses this one
        at_once = meanwhile(dynamodb(), "TransactWriteItems", colleague_approves)
    else:  # both in flight: DynamoDB cancels this one, and its retry meets the new version
        at_once = cancel(dynamodb(), "TransactionConflict", times=1, before=colleague_approves)
    with at_once as transaction:
        lost = _decide(aws.client, ref, officer, "reject", "Photo does not match.")
    # Then one 200 and one 409 (status_changed: reload and look), never a 5xx
    [colleagues] = won
    assert colleagues.status_code == 200, colleagues.get_data(as_text=True)
    _refused(lost, 409, "status_changed")
    assert transaction.sent == (1 if overlap == "after" else 2)
    # And exactly one decision was written: its history item and its email, no other
    after = _table(aws)
    assert sorted(sk.rsplit("#", 1)[0] if sk.startswith("OUTBOX#") else sk
                  for _, sk in after.keys() - before.keys()) == ["HIST#000004",
                                                                 "OUTBOX#approved"]
    assert after[(f"APP#{ref}", "HIST#000004")]["by"] == {"S": f"officer:{name}"}
    assert after[(f"APP#{ref}", "APP")]["status"] == {"S": "approved"}
    assert after[(f"APP#{ref}", "APP")]["version"] == {"N": "4"}


# ---------------------------------------------------------------- throttling
def _requests(aws: Aws, submitted: dict[str, Any]) -> dict[str, Callable[[str], Any]]:
    """A request by what it reads or writes first, answered with its success status."""
    asked = json.loads(aws.client.post("/api/consultations", json=QUESTION).get_data())
    return {
        # The idempotency record (Powertools' PutItem), then the application's transaction
        "submit": lambda lang: aws.submit(os.urandom(8).hex(), language=lang),
        "submit form": lambda lang: aws.client.post("/api/applications", data=_form(lang)),
        "ask": lambda lang: aws.client.post("/api/consultations",
                                            json={**QUESTION, "language": lang}),
        "status": lambda lang: aws.client.get(
            f"/api/applications/{submitted['reference']}", headers={
                "X-Access-Code": submitted["access_code"], "Accept-Language": lang}),
        "question": lambda lang: aws.client.get(
            f"/api/consultations/{asked['reference']}", headers={
                "X-Access-Code": asked["access_code"], "Accept-Language": lang}),
    }


THROTTLED = [("PutItem", "submit", 201, "en"), ("TransactWriteItems", "submit", 201, "id"),
             ("TransactWriteItems", "submit form", 201, "id"),
             ("TransactWriteItems", "ask", 201, "id"),
             ("Query", "status", 200, "en"), ("GetItem", "question", 200, "id")]


@pytest.mark.parametrize(("operation", "request_", "status", "lang"), THROTTLED)
def test_a_throttle_is_retried_by_botocore_first(aws: Aws, submitted, operation, request_,
                                                 status, lang):
    send = _requests(aws, submitted)[request_]
    with throttle(dynamodb(), operation, times=1) as throttled:
        response = send(lang)
    assert response.status_code == status, response.get_data(as_text=True)
    assert (throttled.sent, throttled.failed) == (2, 1)


@pytest.mark.parametrize(("operation", "request_", "status", "lang"), THROTTLED)
def test_throttled_past_botocores_retries_is_a_translated_429_writing_nothing(
        aws: Aws, submitted, operation, request_, status, lang):
    send = _requests(aws, submitted)[request_]
    before = _table(aws)
    with throttle(dynamodb(), operation) as throttled:
        response = send(lang)
    _busy(response, lang)
    assert throttled.sent == BOTOCORE_SENDS
    assert _table(aws) == before
    assert send(lang).status_code == status  # the same request, a moment later


def test_a_transaction_cancelled_for_throttling_is_429_at_once_and_changes_nothing(
        aws: Aws, submitted, officer):
    # Given an application in review, and DynamoDB throttling one item of the decision's
    # transaction (botocore does not retry a cancelled transaction, nor does the table)
    _in_review(aws, submitted)
    ref, before = submitted["reference"], _table(aws)
    with cancel(dynamodb(), "None", "ThrottlingError") as throttled:
        refused = _decide(aws.client, ref, officer, "approve", "All in order.")
    _busy(refused)
    assert throttled.sent == 1
    # Then the record is as it was (no step, no email owed), and the officer's page, which
    # kept the version it read, decides again
    assert _table(aws) == before
    assert _decide(aws.client, ref, officer, "approve", "All in order.").status_code == 200


def test_the_application_is_answered_when_only_its_idempotency_record_cannot_be_saved(
        aws: Aws):
    # Given the application is stored, and then Powertools cannot mark its idempotency
    # record done (the table throttles its UpdateItem past botocore's retries)
    address = f"{os.urandom(4).hex()}@example.com"
    with throttle(dynamodb(), "UpdateItem") as throttled:
        response = aws.submit(os.urandom(8).hex(), email=address)
    # Then the applicant gets the application that was stored: its reference and code,
    # not a "try again" that would store a second one
    assert response.status_code == 201, response.get_data(as_text=True)
    assert throttled.sent == BOTOCORE_SENDS
    answer = json.loads(response.get_data())
    status = aws.client.get(f"/api/applications/{answer['reference']}",
                            headers={"X-Access-Code": answer["access_code"]})
    assert status.status_code == 200
    assert _partition(aws, answer["reference"]) == ["APP", "HIST#000001", "OUTBOX#received"]


# ---------------------------------------------------------------- SQS and SES
def test_a_queue_refusing_the_email_of_a_submit_leaves_it_to_the_sweeper_sent_once(
        aws: Aws, monkeypatch):
    address = f"{os.urandom(4).hex()}@example.com"
    with fault(sqs(), "SendMessage", "InternalError", status=500) as down:
        # Given SQS answers 500 to every try: the applicant still gets 201
        app = _submit(aws, address)
        assert down.sent == BOTOCORE_SENDS
        [job] = _outbox(aws, app["reference"])
        # When the sweeper runs while the queue is still down, Then its run fails (the
        # schedule runs it again) and the job waits as it was
        with pytest.raises(ClientError):
            _sweep(aws, monkeypatch, minutes=3)
        assert _outbox(aws, app["reference"]) == [job]
    # When the queue is back, the sweeper's next run queues it: one email, then none
    assert _sweep(aws, monkeypatch, minutes=6)["queued"] >= 1
    [mail] = _mine(aws, address)
    assert mail["subject"] == f"Application {app['reference']} received"
    assert _outbox(aws, app["reference"]) == []
    _sweep(aws, monkeypatch, minutes=12)
    assert len(_mine(aws, address)) == 1


@pytest.fixture
def retried_at_once(aws: Aws):
    """The notifications queue gives a failed message back at once (not after minutes),
    and holds nothing of the tests before."""
    aws.send_mail()
    queue, client = aws.names.refs["NotificationsQueue"], boto3.client("sqs")
    kept = client.get_queue_attributes(QueueUrl=queue, AttributeNames=["VisibilityTimeout"])
    client.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "0"})
    yield
    client.set_queue_attributes(QueueUrl=queue, Attributes=kept["Attributes"])


def _claim(aws: Aws, job: str) -> dict[str, Any] | None:
    return boto3.client("dynamodb").get_item(TableName=aws.table, Key={
        "pk": {"S": f"SENT#{job}"}, "sk": {"S": "SENT"}}).get("Item")


@pytest.mark.parametrize("code", ["Throttling", "MessageRejected"])
def test_ses_refusing_an_email_gives_its_claim_back_and_the_retry_sends_it_once(
        aws: Aws, retried_at_once, code):
    address = f"{os.urandom(4).hex()}@example.com"
    app = _submit(aws, address)
    [job] = _outbox(aws, app["reference"])
    # Given SES refuses the email (throttled past botocore's retries, or rejected)
    with fault(ses(), "SendEmail", code) as refused:
        assert aws.mail_poller.poll_once() == 1
    assert refused.sent == (BOTOCORE_SENDS if code == "Throttling" else 1)
    # Then the claim is given back and the job is still owed
    assert _claim(aws, job["job"]["S"]) is None
    assert _outbox(aws, app["reference"]) == [job]
    # When SES works again, the queue's retry sends it: once, marked sent, out of the outbox
    [mail] = _mine(aws, address)
    assert mail["subject"] == f"Application {app['reference']} received"
    assert _claim(aws, job["job"]["S"])["state"] == {"S": "sent"}
    assert _outbox(aws, app["reference"]) == []


def test_a_claim_that_could_not_be_given_back_lapses_and_the_email_is_sent_once(
        aws: Aws, retried_at_once, monkeypatch):
    import gerbang.clock

    address = f"{os.urandom(4).hex()}@example.com"
    app = _submit(aws, address)
    [job] = _outbox(aws, app["reference"])
    # Given SES fails and the table throttles the claim's release too
    with fault(ses(), "SendEmail", "MessageRejected"), throttle(dynamodb(), "DeleteItem"):
        aws.mail_poller.poll_once()
    assert _claim(aws, job["job"]["S"])["state"] == {"S": "sending"}
    # Then the queue's retry sends nothing (the claim might be a notifier still sending)
    assert _mine(aws, address) == []
    # And minutes later the claim has lapsed: the sweeper's copy sends it, once
    later = gerbang.clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(gerbang.clock, "now", lambda: later)
    assert _sweep(aws, monkeypatch, minutes=6)["queued"] >= 1
    assert len(_mine(aws, address)) == 1
    assert _outbox(aws, app["reference"]) == []


# ---------------------------------------------------------------- SSM
def test_ssm_throttling_is_retried_first_then_a_translated_503_writing_nothing(
        aws: Aws, submitted):
    parameters.provider().clear_cache()  # as five minutes later: the keys are read again
    with throttle(ssm(), "GetParameter", times=1) as once:
        assert _start(aws, submitted).status_code == 201
    assert (once.sent, once.failed) == (2, 1)
    parameters.provider().clear_cache()
    before = _table(aws)
    with throttle(ssm(), "GetParameter") as always:
        refused = _start(aws, submitted, "card")
    _refused(refused, 503, "payments_unavailable")
    assert always.sent == BOTOCORE_SENDS
    assert _table(aws) == before  # the QRIS payment is still the open one


# ---------------------------------------------------------------- payment providers down
def _payments(aws: Aws, reference: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The application item (its open payment) and its payment attempts."""
    return {k: v for k, v in _table(aws).items()
            if k[0] == f"APP#{reference}" and (k[1] == "APP" or k[1].startswith("PAY#"))}


MIDTRANS_DOWN = {"refusing": {"status": 502, "json": {"error_messages": ["down"]}},
                 "unreachable": {"body": requests.ConnectionError("refused")},
                 "slow": {"body": requests.Timeout("read timed out")},
                 "garbled": {"status": 200, "body": "<html>maintenance</html>"}}


@responses.activate
@pytest.mark.parametrize("how", list(MIDTRANS_DOWN))
def test_midtrans_down_is_a_translated_503_and_the_open_payment_is_kept(
        aws: Aws, submitted, provider, how):  # noqa: F811 - the fixture
    provider("midtrans", {"server_key": MIDTRANS_KEY, "environment": "sandbox"})
    responses.add(responses.POST, SNAP, json={"token": "t", "redirect_url": "https://x"})
    assert _start(aws, submitted, "qris").status_code == 201
    before = _payments(aws, submitted["reference"])
    # When Snap is down and the applicant switches to bank transfer
    responses.replace(responses.POST, SNAP, **MIDTRANS_DOWN[how])
    refused = _start(aws, submitted, "bank_transfer", lang="id")
    # Then a translated 503, and the QRIS payment is still open: not expired with nothing
    # in its place
    _refused(refused, 503, "payment_unavailable", "id")
    assert _payments(aws, submitted["reference"]) == before


@responses.activate
def test_midtrans_status_api_down_is_a_503_so_midtrans_sends_the_notification_again(
        aws: Aws, submitted, provider):  # noqa: F811 - the fixture
    provider("midtrans", {"server_key": MIDTRANS_KEY, "environment": "sandbox"})
    responses.add(responses.POST, SNAP, json={"token": "t", "redirect_url": "https://x"})
    order = json.loads(_start(aws, submitted, "qris").get_data())["payment_id"]
    # A transaction of its own: the event id is Midtrans' transaction id and status
    note = {**_midtrans_note(order), "transaction_id": os.urandom(8).hex()}
    status_url = f"https://api.sandbox.midtrans.com/v2/{order}/status"
    for down in ({"body": requests.ConnectionError("refused")}, {"status": 503, "json": {}}):
        responses.upsert(responses.GET, status_url, **down)
        refused = aws.client.post("/api/payments/webhooks/midtrans", json=note)
        assert refused.status_code == 503
        assert json.loads(refused.get_data())["error"]["code"] == "payment_unavailable"
    responses.upsert(responses.GET, status_url, json=note)
    again = aws.client.post("/api/payments/webhooks/midtrans", json=note)
    assert json.loads(again.get_data())["outcome"] == "paid"


STRIPE_SESSIONS = "https://api.stripe.com/v1/checkout/sessions"
STRIPE_DOWN = {"unreachable": {"body": requests.ConnectionError("refused")},
               "failing": {"status": 500, "json": {"error": {"type": "api_error",
                                                             "message": "down"}}}}


@responses.activate
@pytest.mark.parametrize("how", list(STRIPE_DOWN))
def test_stripe_down_is_a_translated_503_after_its_own_retries_writing_nothing(
        aws: Aws, submitted, provider, monkeypatch, how):  # noqa: F811 - the fixture
    import stripe._http_client

    # Stripe's library retries twice on its own (waiting up to seconds): without the wait
    monkeypatch.setattr(stripe._http_client.HTTPClient, "_sleep_time_seconds",
                        lambda *_: 0)
    provider("stripe", {"api_key": "sk_test_x", "webhook_secret": STRIPE_SECRET})
    responses.add(responses.POST, STRIPE_SESSIONS, **STRIPE_DOWN[how])
    before = _payments(aws, submitted["reference"])
    refused = _start(aws, submitted, "card", lang="id")
    _refused(refused, 503, "payment_unavailable", "id")
    assert _payments(aws, submitted["reference"]) == before
    # Three tries, one key: a retry that reached Stripe can never open a second checkout
    assert len(responses.calls) == 3
    assert len({c.request.headers["Idempotency-Key"] for c in responses.calls}) == 1


# ---------------------------------------------------------------- nothing half written
def test_a_refused_switch_of_payment_method_leaves_the_open_payment_as_it_was(aws: Aws,
                                                                               submitted):
    # Given a card payment open, and the applicant switching to a bank transfer
    ref = submitted["reference"]
    first = json.loads(_start(aws, submitted, "card").get_data())
    before = _table(aws)
    # When the switch's transaction is throttled (expire the old one, open the new one)
    with cancel(dynamodb(), "None", "ThrottlingError"):
        refused = _start(aws, submitted, "bank_transfer")
    _busy(refused)
    # Then the card payment is still the open one, not expired with nothing in its place
    assert _table(aws) == before
    again = json.loads(_start(aws, submitted, "card").get_data())
    assert again["payment_id"] == first["payment_id"] and again["state"] == "pending"
    # And switching a moment later closes the old one and opens the new one, both at once
    switched = _start(aws, submitted, "bank_transfer")
    assert switched.status_code == 201
    states = {i["sk"]["S"]: i["state"]["S"] for (pk, sk), i in _table(aws).items()
              if pk == f"APP#{ref}" and sk.startswith("PAY#")}
    assert sorted(states.values()) == ["expired", "pending"]


def test_a_question_about_an_application_and_its_link_are_stored_together(aws: Aws,
                                                                          submitted):
    ref = submitted["reference"]
    ask = {**QUESTION, "application_reference": ref, "email": "siti@example.com"}
    before = _table(aws)
    with cancel(dynamodb(), "None", "ThrottlingError"):
        refused = aws.client.post("/api/consultations", json=ask)
    _busy(refused, "id")
    assert _table(aws) == before  # no question without its link: asking again repeats none
    asked = aws.client.post("/api/consultations", json=ask)
    assert asked.status_code == 201
    reference = json.loads(asked.get_data())["reference"]
    assert f"QUESTION#{reference}" in _partition(aws, ref)
    assert (f"CONSULT#{reference}", "CONSULT") in _table(aws)
