"""Questions to an officer: one item each (CONSULT#<ref>), answered once, and a link on
the application a question was asked about."""

from __future__ import annotations

from gerbang.errors import Conflict
from gerbang.records import Consultation, ConsultationStatus, EmailJob, QuestionLink
from gerbang.store.applications import ReferenceTaken, queued
from gerbang.store.outbox import outbox_put
from gerbang.store.table import app_key, get, put, transact, update


def _consult_key(reference: str) -> dict[str, str]:
    return {"pk": f"CONSULT#{reference}", "sk": "CONSULT"}


def _queue_status(status: ConsultationStatus) -> str:
    # Questions share the officers' "queue" index with applications, under their own names.
    return f"consultation:{status}"


def create_consultation(consultation: Consultation, about: str | None = None) -> None:
    """Store a new question and, if it is `about` an application (the caller checked it
    exists), the link on that application saying so and from which address: both or
    neither, so a refused write never leaves a question that asking again would repeat."""
    links = [] if about is None else [put({
        **app_key(about, f"QUESTION#{consultation.reference}"),
        **QuestionLink(question_reference=consultation.reference,
                       email=consultation.email).stored()})]
    transact(put({**_consult_key(consultation.reference), **consultation.stored(),
                  "queue_status": _queue_status(consultation.status)},
                 "attribute_not_exists(pk)", refused=ReferenceTaken(consultation.reference)),
             *links)


def load_consultation(reference: str) -> Consultation | None:
    found = get(_consult_key(reference))
    return Consultation.from_item(found) if found else None


def consultation_queue(status: ConsultationStatus, limit: int = 50) -> list[Consultation]:
    """Questions in `status`, oldest first."""
    return [Consultation.from_item(i) for i in queued(_queue_status(status), limit=limit)]


def answer_consultation(question: Consultation, text: str, at: str, by: str,
                        email: EmailJob | None = None) -> None:
    """Record the answer if the question is still open at the version it was read."""
    answered = ConsultationStatus.ANSWERED
    transact(
        update(_consult_key(question.reference),
               "SET #s = :answered, queue_status = :q, answer = :a, answered_at = :at, "
               "answered_by = :by, version = :new",
               "version = :expected AND #s = :open", names={"#s": "status"},
               values={":answered": answered, ":q": _queue_status(answered),
                       ":a": text, ":at": at, ":by": by,
                       ":new": question.version + 1, ":expected": question.version,
                       ":open": ConsultationStatus.OPEN},
               refused=Conflict("already_answered")),
        *outbox_put(email),
    )
