"""The transactional outbox: a step and its email's job are stored together or not at all;
the job leaves the outbox when the notifier has sent its email; a job still there minutes
later (the queue was down) is queued again by the sweeper; a job queued twice sends one
email."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

import boto3
import pytest

from local.schedule import Timer
from tests.integration.conftest import Aws


def _outbox(aws: Aws, reference: str) -> list[dict[str, Any]]:
    """The raw outbox items of an application, straight from the table."""
    return boto3.client("dynamodb").query(
        TableName=aws.table, KeyConditionExpression="pk = :pk AND begins_with(sk, :o)",
        ExpressionAttributeValues={":pk": {"S": f"APP#{reference}"},
                                   ":o": {"S": "OUTBOX#"}})["Items"]


def _mine(aws: Aws, address: str) -> list[dict]:
    return [m for m in aws.send_mail() if address in m["to"]]


def _sweep(aws: Aws, monkeypatch: pytest.MonkeyPatch, minutes: int) -> dict[str, int]:
    """Run the sweeper as its schedule would, `minutes` from now."""
    import gerbang.clock
    import gerbang.notifications

    later = gerbang.clock.now() + timedelta(minutes=minutes)
    with monkeypatch.context() as patched:
        patched.setattr(gerbang.notifications, "now", lambda: later)
        return Timer(aws.functions["OutboxFunction"], 300).fire()


def _submit(aws: Aws, address: str) -> dict[str, Any]:
    response = aws.submit(os.urandom(8).hex(), email=address)
    assert response.status_code == 201, response.get_data(as_text=True)
    return json.loads(response.get_data())


def test_a_step_and_its_email_are_stored_together_or_not_at_all(aws: Aws, submitted):
    from gerbang import store
    from gerbang.errors import Conflict
    from gerbang.notifications import job
    from gerbang.records import Document, DocumentState, Step

    ref = submitted["reference"]
    assert len(_outbox(aws, ref)) == 1  # its "received" job waits until it is sent
    aws.send_mail()
    assert _outbox(aws, ref) == []  # sent: out of the outbox
    record = store.load_record(ref)
    assert record is not None
    read = record.application
    step = Step.model_validate({"from": "submitted", "to": "rejected", "by": "officer",
                                "at": "2026-01-01T00:00:00.000Z", "reason": "test"})
    # The step fails (someone moved first): no email waits for a step that never happened.
    with pytest.raises(Conflict):
        store.change_status(read.model_copy(update={"version": 7}), step,
                            job(ref, "rejected", reason="test"))
    assert _outbox(aws, ref) == []
    # The email cannot be written (its key is taken): the step is not written either.
    email = job(ref, "rejected", reason="test")
    taken = {"pk": {"S": f"APP#{ref}"}, "sk": {"S": f"OUTBOX#rejected#{email.job}"}}
    boto3.client("dynamodb").put_item(TableName=aws.table, Item=taken)
    try:
        with pytest.raises(Conflict):
            store.change_status(read, step, email)
        record = store.load_record(ref)
        assert record is not None
        assert record.application.status == "submitted"
        assert record.application.version == 1 and len(record.history) == 1
    finally:
        boto3.client("dynamodb").delete_item(TableName=aws.table, Key=taken)
    # A document outcome older than the one recorded is refused with its email.
    document = Document(kind="photo", key="k", size=1, uploaded_at="2000-01-01T00:00:00Z",
                        state=DocumentState.REJECTED)
    assert store.put_document(ref, document.model_copy(
        update={"uploaded_at": "2001-01-01T00:00:00Z"}))
    assert not store.put_document(ref, document,
                                  job(ref, "document_rejected", kind="photo",
                                      reason_code="too_small"))
    assert _outbox(aws, ref) == []


def test_a_queue_outage_leaves_the_email_in_the_outbox_and_the_sweeper_sends_it_once(
        aws: Aws, monkeypatch):
    from gerbang.aws import sqs

    def unreachable(**_: Any) -> None:
        raise ConnectionError("SQS unreachable")

    address = f"{os.urandom(4).hex()}@example.com"
    with monkeypatch.context() as patched:
        patched.setattr(sqs(), "send_message", unreachable)
        app = _submit(aws, address)  # the step stands: 201
    [item] = _outbox(aws, app["reference"])
    # The job holds what the queued message held (reference, event, params): no address,
    # no name, no passport number, no access code.
    assert set(item) == {"pk", "sk", "outbox", "created_at", "job", "reference", "event",
                         "params", "record"}
    assert item["event"] == {"S": "received"} and item["params"] == {"M": {}}
    for personal in (address, "Siti", "A12345678", app["access_code"]):
        assert personal not in json.dumps(item)
    assert _mine(aws, address) == []  # nothing was queued

    # A job this young may still be on its way through its step's notify(): left alone.
    _sweep(aws, monkeypatch, minutes=0)
    assert len(_outbox(aws, app["reference"])) == 1
    assert _sweep(aws, monkeypatch, minutes=3)["queued"] >= 1
    assert len(_outbox(aws, app["reference"])) == 1  # queued, not yet sent
    [mail] = _mine(aws, address)
    assert mail["subject"] == f"Application {app['reference']} received"
    assert _outbox(aws, app["reference"]) == []  # sent: out of the outbox
    _sweep(aws, monkeypatch, minutes=10)  # nothing left for it: no second email
    assert len(_mine(aws, address)) == 1


def test_a_job_queued_twice_sends_one_email(aws: Aws, monkeypatch):
    address = f"{os.urandom(4).hex()}@example.com"
    # Queued by its step, but not sent yet minutes later (a backlog, a notifier outage):
    # the sweeper queues it again, and re-dates it so the next sweep leaves it alone.
    app = _submit(aws, address)
    [item] = _outbox(aws, app["reference"])
    assert _sweep(aws, monkeypatch, minutes=3)["queued"] >= 1
    [again] = _outbox(aws, app["reference"])
    assert again["created_at"]["S"] > item["created_at"]["S"]
    _sweep(aws, monkeypatch, minutes=4)  # a minute after it was re-dated: left alone
    assert _outbox(aws, app["reference"]) == [again]
    queue = aws.names.refs["NotificationsQueue"]
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert int(attributes["ApproximateNumberOfMessages"]) >= 2  # both copies are queued
    assert len(_mine(aws, address)) == 1
    assert _outbox(aws, app["reference"]) == []  # sent, and out of the outbox
    sent = boto3.client("dynamodb").get_item(
        TableName=aws.table, Key={"pk": {"S": f"SENT#{item['job']['S']}"}, "sk": {"S": "SENT"}})
    assert "expiration" in sent["Item"]  # the claim goes away on its own, later


def test_an_email_claimed_by_a_notifier_that_died_is_sent_once_later(aws: Aws, monkeypatch):
    import gerbang.clock
    from gerbang import store
    from gerbang.aws import sqs

    address = f"{os.urandom(4).hex()}@example.com"
    with monkeypatch.context() as patched:
        patched.setattr(sqs(), "send_message", lambda **_: None)  # lost on its way
        app = _submit(aws, address)
    [item] = _outbox(aws, app["reference"])
    # A notifier claimed the job and died before SES answered: no email, the claim stays.
    assert store.claim_email(item["job"]["S"])
    # Within the claim, a copy of the job (the sweeper's) sends nothing and leaves the job
    # in the outbox: the notifier holding it might still be sending.
    assert _sweep(aws, monkeypatch, minutes=3)["queued"] >= 1
    assert _mine(aws, address) == []
    assert len(_outbox(aws, app["reference"])) == 1

    # Minutes on, the claim has lapsed: the sweeper's next copy sends the email, once.
    later = gerbang.clock.now() + timedelta(minutes=6)
    monkeypatch.setattr(gerbang.clock, "now", lambda: later)
    assert _sweep(aws, monkeypatch, minutes=6)["queued"] >= 1
    [mail] = _mine(aws, address)
    assert mail["subject"] == f"Application {app['reference']} received"
    assert _outbox(aws, app["reference"]) == []
    sent = boto3.client("dynamodb").get_item(
        TableName=aws.table, Key={"pk": {"S": f"SENT#{item['job']['S']}"}, "sk": {"S": "SENT"}})
    assert sent["Item"]["state"] == {"S": "sent"}
    # Sent is final: no later copy claims it again, however old the mark.
    much_later = later + timedelta(days=1)
    monkeypatch.setattr(gerbang.clock, "now", lambda: much_later)
    assert not store.claim_email(item["job"]["S"])
