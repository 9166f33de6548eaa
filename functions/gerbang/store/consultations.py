"""Questions to an officer: one item each (CONSULT#<ref>), answered once, and a link on
the application a question was asked about."""

from __future__ import annotations

from typing import Any

from gerbang.errors import Conflict
from gerbang.store.applications import ReferenceTaken
from gerbang.store.outbox import outbox_put
from gerbang.store.table import app_key, get, put, transact, update, write


def _consult_key(reference: str) -> dict[str, str]:
    return {"pk": f"CONSULT#{reference}", "sk": "CONSULT"}


def create_consultation(consultation: dict[str, Any]) -> None:
    write(put({**_consult_key(consultation["reference"]), **consultation},
              "attribute_not_exists(pk)", refused=ReferenceTaken(consultation["reference"])))


def load_consultation(reference: str) -> dict[str, Any] | None:
    return get(_consult_key(reference))


def answer_consultation(reference: str, expected_version: int, answer: dict[str, Any],
                        email: dict[str, Any] | None = None) -> None:
    """Record the answer if the question is still open at `expected_version`."""
    transact(
        update(_consult_key(reference),
               "SET #s = :answered, queue_status = :q, answer = :a, answered_at = :at, "
               "answered_by = :by, version = :new",
               "version = :expected AND #s = :open", names={"#s": "status"},
               values={":answered": "answered", ":q": "consultation:answered",
                       ":a": answer["text"], ":at": answer["at"], ":by": answer["by"],
                       ":new": expected_version + 1, ":expected": expected_version,
                       ":open": "open"},
               refused=Conflict("already_answered")),
        *outbox_put(email),
    )


def link_question(application_reference: str, question_reference: str, email: str) -> None:
    """Note on an application (the caller checked it exists) that a question was asked
    about it, and from which address."""
    write(put({**app_key(application_reference, f"QUESTION#{question_reference}"),
               "question_reference": question_reference, "email": email}))
