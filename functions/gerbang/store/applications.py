"""Applications: the record (the application item and everything in its partition), its
creation with the first history item, and every status change with its history item."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from gerbang.errors import Conflict
from gerbang.records import Application, Document, EmailJob, Payment, QuestionLink, Step
from gerbang.status import Status
from gerbang.store.outbox import outbox_put
from gerbang.store.table import app_key, put, query, transact, update, write


class ReferenceTaken(Exception):
    """The random reference already exists; the caller draws another."""


@dataclass
class Record:
    """An application and everything in its partition, read in one consistent Query."""

    application: Application
    history: list[Step] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    payments: list[Payment] = field(default_factory=list)  # oldest first
    questions: list[QuestionLink] = field(default_factory=list)


def _history_key(reference: str, version: int) -> dict[str, str]:
    return app_key(reference, f"HIST#{version:06d}")


def create_application(application: Application, first_step: Step,
                       email: EmailJob | None = None) -> None:
    reference = application.reference
    taken = ReferenceTaken(reference)
    transact(
        put({**app_key(reference, "APP"), **application.stored(),
             "queue_status": application.status}, "attribute_not_exists(pk)", refused=taken),
        put({**_history_key(reference, application.version), **first_step.stored()}),
        *outbox_put(email, refused=taken),
    )


def load_record(reference: str) -> Record | None:
    items = list(query(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                       ExpressionAttributeValues={":pk": f"APP#{reference}"}))
    main = next((i for i in items if i["sk"] == "APP"), None)
    if main is None:
        return None
    record = Record(application=Application.from_item(main))
    for item in items:
        kind, _, rest = item["sk"].partition("#")
        if kind == "HIST":
            record.history.append(Step.from_item(item))
        elif kind == "DOC":
            record.documents[rest] = Document.from_item(item)
        elif kind == "PAY":
            record.payments.append(Payment.from_item(item))
        elif kind == "QUESTION":
            record.questions.append(QuestionLink.from_item(item))
    record.payments.sort(key=lambda p: p.created_at)
    return record


def replace_access_hash(reference: str, access_hash: str) -> None:
    write(update(app_key(reference, "APP"), "SET access_code_hash = :h",
                 "attribute_exists(pk)", values={":h": access_hash}))


def change_status(application: Application, step: Step, email: EmailJob | None = None) -> None:
    """Move `application` (as it was read) to `step.to`, if no one has moved it since;
    append `step` to its history. Raises Conflict if someone moved first."""
    new_version = application.version + 1
    moved = Conflict("status_changed")
    transact(
        update(app_key(application.reference, "APP"),
               "SET #s = :to, queue_status = :to, version = :new, updated_at = :at",
               "version = :expected AND #s = :from", names={"#s": "status"},
               values={":to": step.to, ":new": new_version, ":at": step.at,
                       ":expected": application.version, ":from": application.status},
               refused=moved),
        put({**_history_key(application.reference, new_version), **step.stored()},
            "attribute_not_exists(pk)", refused=moved),
        *outbox_put(email, refused=moved),
    )


def queued(queue_status: str, service: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Items of the "queue" index in `queue_status`, oldest first, optionally of one
    service (applications and questions share the index)."""
    values = {":s": queue_status, ":service": service or None}
    found = query(IndexName="queue", KeyConditionExpression="queue_status = :s",
                  FilterExpression="service = :service" if service else None,
                  ExpressionAttributeValues=values, ScanIndexForward=True)
    return list(islice(found, limit))


def queue(status: Status, service: str | None = None, limit: int = 50) -> list[Application]:
    """Applications in `status`, oldest first, optionally of one service."""
    return [Application.from_item(i) for i in queued(status, service, limit)]
