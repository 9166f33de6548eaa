"""The only module that talks to DynamoDB. One table; an application and everything about
it share a partition, so one consistent Query reads the whole record:

    pk = APP#<reference>   sk = APP              the application (status, version, ...)
                           sk = HIST#<version>   one item per status change, append-only
                           sk = DOC#<kind>       the latest upload of that document kind
                           sk = PAY#<payment id> each payment attempt
                           sk = QUESTION#<ref>   a question asked about this application
    pk = EVENT#<provider>#<event id>, sk = EVENT  a processed webhook event (expires)
    pk = FILE#<sha256>, sk = APP#<reference>#<kind>  where the same bytes were uploaded
    pk = APP#<ref> or CONSULT#<ref>, sk = OUTBOX#<event>#<job id>  an email not yet queued
    pk = SENT#<job id>, sk = SENT                 an email being sent or sent (expires)

The application item also carries `queue_status` (its status) for the "queue" index:
(queue_status, created_at) lists one status oldest first, for officers.

Every status change is a transaction that updates the application on the version it was
read at and appends its history item: both or neither.

A step that owes an email writes the email's job (an outbox item) in its own transaction,
so a stored step always has its email waiting: the job stays in the outbox until the
notifier has sent it. Outbox items carry `outbox = "pending"` for the sparse
"outbox" index: (outbox, created_at) lists the waiting jobs oldest first for the sweeper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from gerbang import clock
from gerbang.aws import dynamodb
from gerbang.config import TableSettings, settings
from gerbang.errors import Conflict

_to_ddb = TypeSerializer().serialize
_from_ddb = TypeDeserializer().deserialize


def _item(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _to_ddb(v) for k, v in values.items() if v is not None}


def _number(value: Any) -> Any:
    # DynamoDB numbers come back as Decimal; ours are whole (rupiah, versions, epochs).
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_number(v) for v in value]
    return value


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {k: _number(_from_ddb(v)) for k, v in item.items()}


def _table() -> str:
    return settings(TableSettings).table_name


def _key(reference: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": f"APP#{reference}"}, "sk": {"S": sk}}


class ReferenceTaken(Exception):
    """The random reference already exists; the caller draws another."""


class EventSeen(Exception):
    """A webhook event that was already processed."""


@dataclass
class Record:
    application: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


def _cancel_reasons(error: ClientError) -> list[str]:
    return [r.get("Code", "") for r in error.response.get("CancellationReasons", [])]


def _outbox_key(job: dict[str, Any]) -> dict[str, Any]:
    return {"pk": {"S": f"{job['record']}#{job['reference']}"},
            "sk": {"S": f"OUTBOX#{job['event']}#{job['job']}"}}


def _outbox_put(job: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The transaction item that stores an email's job beside its step (none if no email)."""
    if job is None:
        return []
    return [{"Put": {"TableName": _table(),
                     "Item": {**_outbox_key(job), **_item({**job, "outbox": "pending"})},
                     "ConditionExpression": "attribute_not_exists(pk)"}}]


def pending_emails(before: str, limit: int = 100) -> list[dict[str, Any]]:
    """Jobs in the outbox created before `before`, oldest first (the sparse index)."""
    answer = dynamodb().query(
        TableName=_table(), IndexName="outbox",
        KeyConditionExpression="outbox = :pending AND created_at < :before",
        ExpressionAttributeValues=_item({":pending": "pending", ":before": before}),
        ScanIndexForward=True, Limit=limit)
    return [_plain(i) for i in answer["Items"]]


def email_sent(job: dict[str, Any]) -> None:
    """The notifier sent the job's email (or found no one to send it to): the job is marked
    sent, so no copy of it sends again, and leaves the outbox, both at once."""
    dynamodb().transact_write_items(TransactItems=[
        {"Put": {"TableName": _table(), "Item": _sent_item(job["job"], "sent")}},
        {"Delete": {"TableName": _table(), "Key": _outbox_key(job)}},
    ])


def email_requeued(job: dict[str, Any], at: str) -> None:
    """The sweeper queued the job again: it waits another while before the next try. Only
    if it is still there (the notifier may have sent it meanwhile): never a half item."""
    try:
        dynamodb().update_item(
            TableName=_table(), Key=_outbox_key(job),
            UpdateExpression="SET created_at = :at",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues=_item({":at": at}))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


SENT_DAYS_KEPT = 30  # longer than a message can live on the queue or its dead-letter queue
# How long a claim holds a job's email: three times the notifier's timeout (template.yaml;
# tests/unit/test_template.py holds them together), so a notifier still running always
# finishes first, and a claim left by one that died lapses before the sweeper's next copy.
CLAIM_SECONDS = 90


def _sent_key(job_id: str) -> dict[str, Any]:
    return {"pk": {"S": f"SENT#{job_id}"}, "sk": {"S": "SENT"}}


def _sent_item(job_id: str, state: str, **more: Any) -> dict[str, Any]:
    """A job's mark: "sending" (claimed, `until` a time) or "sent"; it expires on its own."""
    expiration = int(clock.now().timestamp()) + SENT_DAYS_KEPT * 86400
    return {**_sent_key(job_id), **_item({"state": state, "expiration": expiration, **more})}


def claim_email(job_id: str) -> bool:
    """Take the email of `job_id` for sending, unless it was sent or another copy of the job
    holds it. A claim lapses after CLAIM_SECONDS: a notifier that died between its claim and
    SES's answer loses the email to the next copy, not to no one. (One that died after SES
    accepted it and before email_sent means a second email: late and twice, never lost.)"""
    at = int(clock.now().timestamp())
    try:
        dynamodb().put_item(
            TableName=_table(),
            Item=_sent_item(job_id, "sending", until=at + CLAIM_SECONDS),
            ConditionExpression="attribute_not_exists(pk)"
                                " OR (#state = :sending AND #until < :now)",
            ExpressionAttributeNames={"#state": "state", "#until": "until"},
            ExpressionAttributeValues=_item({":sending": "sending", ":now": at}))
        return True
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def release_email(job_id: str) -> None:
    """The send failed after the claim: let the queue's retry send it."""
    dynamodb().delete_item(TableName=_table(), Key=_sent_key(job_id))


def create_application(application: dict[str, Any], first_step: dict[str, Any],
                       email: dict[str, Any] | None = None) -> None:
    reference = application["reference"]
    try:
        dynamodb().transact_write_items(
            TransactItems=[
                {"Put": {"TableName": _table(),
                         "Item": {**_key(reference, "APP"), **_item(application)},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
                {"Put": {"TableName": _table(),
                         "Item": {**_key(reference, f"HIST#{application['version']:06d}"),
                                  **_item(first_step)}}},
                *_outbox_put(email),
            ]
        )
    except ClientError as error:
        if "ConditionalCheckFailed" in _cancel_reasons(error):
            raise ReferenceTaken(reference) from None
        raise


def load_record(reference: str) -> Record | None:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {
        "TableName": _table(),
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": f"APP#{reference}"}},
        "ConsistentRead": True,
    }
    while True:
        page = dynamodb().query(**kwargs)
        items.extend(_plain(i) for i in page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    main = next((i for i in items if i["sk"] == "APP"), None)
    if main is None:
        return None
    record = Record(application=main)
    for item in items:
        kind, _, rest = item["sk"].partition("#")
        if kind == "HIST":
            record.history.append(item)
        elif kind == "DOC":
            record.documents[rest] = item
        elif kind == "PAY":
            record.payments.append(item)
        elif kind == "QUESTION":
            record.questions.append(item)
    record.payments.sort(key=lambda p: p["created_at"])
    return record


def replace_access_hash(reference: str, access_hash: str) -> None:
    dynamodb().update_item(
        TableName=_table(),
        Key=_key(reference, "APP"),
        UpdateExpression="SET access_code_hash = :h",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeValues={":h": {"S": access_hash}},
    )


def change_status(reference: str, expected_version: int, from_status: str, step: dict[str, Any],
                  email: dict[str, Any] | None = None) -> None:
    """Move the application to `step['to']` if it is still at `expected_version` and
    `from_status`; append `step` to its history. Raises Conflict if someone moved first."""
    new_version = expected_version + 1
    try:
        dynamodb().transact_write_items(
            TransactItems=[
                {"Update": {
                    "TableName": _table(),
                    "Key": _key(reference, "APP"),
                    "UpdateExpression": "SET #s = :to, queue_status = :to, version = :new, "
                                        "updated_at = :at",
                    "ConditionExpression": "version = :expected AND #s = :from",
                    "ExpressionAttributeNames": {"#s": "status"},
                    "ExpressionAttributeValues": _item({
                        ":to": step["to"], ":new": new_version, ":at": step["at"],
                        ":expected": expected_version, ":from": from_status}),
                }},
                {"Put": {
                    "TableName": _table(),
                    "Item": {**_key(reference, f"HIST#{new_version:06d}"), **_item(step)},
                    "ConditionExpression": "attribute_not_exists(pk)",
                }},
                *_outbox_put(email),
            ]
        )
    except ClientError as error:
        if "ConditionalCheckFailed" in _cancel_reasons(error):
            raise Conflict("status_changed") from None
        raise


def queue(status: str, service: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Applications in `status`, oldest first, optionally of one service."""
    kwargs: dict[str, Any] = {
        "TableName": _table(), "IndexName": "queue",
        "KeyConditionExpression": "queue_status = :s",
        "ExpressionAttributeValues": {":s": {"S": status}}, "ScanIndexForward": True,
    }
    if service:
        kwargs["FilterExpression"] = "service = :service"
        kwargs["ExpressionAttributeValues"][":service"] = {"S": service}
    found: list[dict[str, Any]] = []
    while len(found) < limit:
        page = dynamodb().query(**kwargs)
        found.extend(_plain(i) for i in page["Items"])
        if "LastEvaluatedKey" not in page:
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return found[:limit]


def put_document(reference: str, document: dict[str, Any],
                 email: dict[str, Any] | None = None) -> bool:
    """Record the outcome of an upload unless a newer upload of that kind is recorded."""
    try:
        dynamodb().transact_write_items(TransactItems=[
            {"Put": {
                "TableName": _table(),
                "Item": {**_key(reference, f"DOC#{document['kind']}"), **_item(document)},
                "ConditionExpression": "attribute_not_exists(pk) OR uploaded_at <= :at",
                "ExpressionAttributeValues": {":at": _to_ddb(document["uploaded_at"])},
            }},
            *_outbox_put(email),
        ])
        return True
    except ClientError as error:
        if _cancel_reasons(error)[:1] == ["ConditionalCheckFailed"]:
            return False
        raise


def register_file(sha256: str, reference: str, kind: str) -> list[str]:
    """Remember that `reference` uploaded these bytes; answer the other applications that
    uploaded the very same file (a fraud signal for officers)."""
    table = _table()
    dynamodb().put_item(TableName=table, Item=_item(
        {"pk": f"FILE#{sha256}", "sk": f"APP#{reference}#{kind}", "reference": reference}))
    answer = dynamodb().query(
        TableName=table, KeyConditionExpression="pk = :pk", ConsistentRead=True,
        ExpressionAttributeValues={":pk": {"S": f"FILE#{sha256}"}}, Limit=100)
    return sorted({i["reference"]["S"] for i in answer["Items"]} - {reference})


def create_payment(reference: str, payment: dict[str, Any], replacing: str | None) -> None:
    """Add a payment attempt and make it the application's one open payment, on the
    condition that the open one is still `replacing` (what the caller saw): of two attempts
    started at once, one wins and the other gets Conflict."""
    seen = ("open_payment = :seen" if replacing else "attribute_not_exists(open_payment)")
    try:
        dynamodb().transact_write_items(TransactItems=[
            {"Put": {"TableName": _table(),
                     "Item": {**_key(reference, f"PAY#{payment['payment_id']}"),
                              **_item(payment)},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": {"TableName": _table(), "Key": _key(reference, "APP"),
                        "UpdateExpression": "SET open_payment = :id",
                        "ConditionExpression": seen,
                        "ExpressionAttributeValues": _item(
                            {":id": payment["payment_id"], ":seen": replacing})}},
        ])
    except ClientError as error:
        if "ConditionalCheckFailed" in _cancel_reasons(error):
            raise Conflict("payment_in_progress") from None
        raise


def expire_payment(reference: str, payment_id: str, state: str = "expired") -> None:
    """Close a pending payment as "expired" or "failed"; a paid one stays paid, whatever
    arrives late."""
    try:
        dynamodb().update_item(
            TableName=_table(),
            Key=_key(reference, f"PAY#{payment_id}"),
            UpdateExpression="SET #s = :state",
            ConditionExpression="#s = :pending",
            ExpressionAttributeNames={"#s": "state"},
            ExpressionAttributeValues=_item({":state": state, ":pending": "pending"}),
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


def record_paid(reference: str, payment_id: str, event: dict[str, Any],
                email: dict[str, Any] | None = None) -> bool:
    """Mark a pending payment paid and remember the webhook event, atomically. Returns
    False when the payment was not pending (already paid); raises EventSeen for an event
    processed before."""
    try:
        dynamodb().transact_write_items(
            TransactItems=[
                {"Put": {
                    "TableName": _table(),
                    "Item": _item({"pk": f"EVENT#{event['provider']}#{event['event_id']}",
                                   "sk": "EVENT", **event}),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }},
                {"Update": {
                    "TableName": _table(),
                    "Key": _key(reference, f"PAY#{payment_id}"),
                    "UpdateExpression": "SET #s = :paid, paid_at = :at",
                    "ConditionExpression": "#s = :pending OR #s = :expired",
                    "ExpressionAttributeNames": {"#s": "state"},
                    "ExpressionAttributeValues": _item({
                        ":paid": "paid", ":pending": "pending", ":expired": "expired",
                        ":at": event["received_at"]}),
                }},
                *_outbox_put(email),
            ]
        )
        return True
    except ClientError as error:
        reasons = _cancel_reasons(error)
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise EventSeen(event["event_id"]) from None
        if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            return False
        raise


def _consult_key(reference: str) -> dict[str, Any]:
    return {"pk": {"S": f"CONSULT#{reference}"}, "sk": {"S": "CONSULT"}}


def create_consultation(consultation: dict[str, Any]) -> None:
    try:
        dynamodb().put_item(
            TableName=_table(),
            Item={**_consult_key(consultation["reference"]), **_item(consultation)},
            ConditionExpression="attribute_not_exists(pk)")
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise ReferenceTaken(consultation["reference"]) from None
        raise


def load_consultation(reference: str) -> dict[str, Any] | None:
    item = dynamodb().get_item(TableName=_table(), Key=_consult_key(reference),
                               ConsistentRead=True).get("Item")
    return _plain(item) if item else None


def answer_consultation(reference: str, expected_version: int, answer: dict[str, Any],
                        email: dict[str, Any] | None = None) -> None:
    """Record the answer if the question is still open at `expected_version`."""
    try:
        dynamodb().transact_write_items(TransactItems=[
            {"Update": {
                "TableName": _table(), "Key": _consult_key(reference),
                "UpdateExpression": "SET #s = :answered, queue_status = :q, answer = :a, "
                                    "answered_at = :at, answered_by = :by, version = :new",
                "ConditionExpression": "version = :expected AND #s = :open",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": _item({
                    ":answered": "answered", ":q": "consultation:answered",
                    ":a": answer["text"], ":at": answer["at"], ":by": answer["by"],
                    ":new": expected_version + 1, ":expected": expected_version,
                    ":open": "open"})}},
            *_outbox_put(email),
        ])
    except ClientError as error:
        if _cancel_reasons(error)[:1] == ["ConditionalCheckFailed"]:
            raise Conflict("already_answered") from None
        raise


def link_question(application_reference: str, question_reference: str, email: str) -> None:
    """Note on an application (the caller checked it exists) that a question was asked
    about it, and from which address."""
    dynamodb().put_item(
        TableName=_table(),
        Item={**_key(application_reference, f"QUESTION#{question_reference}"),
              **_item({"question_reference": question_reference, "email": email})})


# ---------------------------------------------------------------- the assistant's gaps
#   pk = ASSISTANT#<lang>#<date>, sk = WORD#<word>   unanswered questions that day with a
#   known word (sk = WORD# alone: all of them). Counts only: no question is ever stored.
UNANSWERED_DAYS_KEPT = 400


def _unanswered_pk(lang: str, date: str) -> str:
    return f"ASSISTANT#{lang}#{date}"


def count_unanswered(lang: str, date: str, words: list[str]) -> None:
    expires = int(clock.now().timestamp()) + UNANSWERED_DAYS_KEPT * 86400
    for word in ["", *words]:
        dynamodb().update_item(
            TableName=_table(),
            Key={"pk": {"S": _unanswered_pk(lang, date)}, "sk": {"S": f"WORD#{word}"}},
            UpdateExpression="ADD questions :one SET expiration = :expires",
            ExpressionAttributeValues={":one": {"N": "1"}, ":expires": {"N": str(expires)}})


def unanswered_counts(lang: str, date: str) -> dict[str, int]:
    """Word -> unanswered questions that day ("" -> all of them)."""
    pages = dynamodb().get_paginator("query").paginate(
        TableName=_table(), KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": _unanswered_pk(lang, date)}})
    return {item["sk"]["S"].removeprefix("WORD#"): int(item["questions"]["N"])
            for page in pages for item in page["Items"]}
