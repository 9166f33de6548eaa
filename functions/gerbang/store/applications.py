"""Applications: the record (the application item and everything in its partition), its
creation with the first history item, and every status change with its history item."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from gerbang.errors import Conflict
from gerbang.store.outbox import outbox_put
from gerbang.store.table import app_key, put, query, transact, update, write


class ReferenceTaken(Exception):
    """The random reference already exists; the caller draws another."""


@dataclass
class Record:
    application: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)


def _history_key(reference: str, version: int) -> dict[str, str]:
    return app_key(reference, f"HIST#{version:06d}")


def create_application(application: dict[str, Any], first_step: dict[str, Any],
                       email: dict[str, Any] | None = None) -> None:
    reference = application["reference"]
    taken = ReferenceTaken(reference)
    transact(
        put({**app_key(reference, "APP"), **application}, "attribute_not_exists(pk)",
            refused=taken),
        put({**_history_key(reference, application["version"]), **first_step}),
        *outbox_put(email, refused=taken),
    )


def load_record(reference: str) -> Record | None:
    items = list(query(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                       ExpressionAttributeValues={":pk": f"APP#{reference}"}))
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
    write(update(app_key(reference, "APP"), "SET access_code_hash = :h",
                 "attribute_exists(pk)", values={":h": access_hash}))


def change_status(reference: str, expected_version: int, from_status: str, step: dict[str, Any],
                  email: dict[str, Any] | None = None) -> None:
    """Move the application to `step['to']` if it is still at `expected_version` and
    `from_status`; append `step` to its history. Raises Conflict if someone moved first."""
    new_version = expected_version + 1
    moved = Conflict("status_changed")
    transact(
        update(app_key(reference, "APP"),
               "SET #s = :to, queue_status = :to, version = :new, updated_at = :at",
               "version = :expected AND #s = :from", names={"#s": "status"},
               values={":to": step["to"], ":new": new_version, ":at": step["at"],
                       ":expected": expected_version, ":from": from_status},
               refused=moved),
        put({**_history_key(reference, new_version), **step}, "attribute_not_exists(pk)",
            refused=moved),
        *outbox_put(email, refused=moved),
    )


def queue(status: str, service: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Applications in `status`, oldest first, optionally of one service."""
    values = {":s": status, ":service": service or None}
    found = query(IndexName="queue", KeyConditionExpression="queue_status = :s",
                  FilterExpression="service = :service" if service else None,
                  ExpressionAttributeValues=values, ScanIndexForward=True)
    return list(islice(found, limit))
