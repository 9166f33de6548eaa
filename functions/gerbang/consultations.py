"""Questions to an officer: anyone may ask (topic, language, email, optionally an
application reference) and gets a reference and an access code, stored as a hash as for
applications; an officer answers once; the asker reads the answer with the code and by
email."""

from __future__ import annotations

from gerbang import store
from gerbang.clock import timestamp
from gerbang.errors import Conflict, FieldError, InvalidInput, NotFound
from gerbang.i18n import t
from gerbang.notifications import job, notify
from gerbang.records import Consultation, ConsultationStatus
from gerbang.references import (
    hash_access_code,
    new_access_code,
    new_reference,
    normalize_reference,
    open_with_code,
)
from gerbang.responses import Consultation as ConsultationView
from gerbang.responses import ConsultationAsked, OfficerConsultation


def ask(topic: str, question: str, email: str, language: str,
        application_reference: str | None) -> ConsultationAsked:
    code, at = new_access_code(), timestamp()
    linked = normalize_reference(application_reference or "")
    about = linked if linked and store.load_record(linked) is not None else None
    for _ in range(5):
        consultation = Consultation(
            reference=new_reference(), topic=topic, question=question, email=email,
            language=language, application_reference=application_reference,
            status=ConsultationStatus.OPEN, created_at=at, updated_at=at, version=1,
            access_code_hash=hash_access_code(code))
        try:
            store.create_consultation(consultation, about)
            break
        except store.ReferenceTaken:
            continue
    else:
        raise RuntimeError("could not draw a free reference")
    return ConsultationAsked(reference=consultation.reference, access_code=code,
                             status=consultation.status)


def for_application(record: store.Record, lang: str) -> list[ConsultationView]:
    """Questions about an application, shown on its status page: only those asked from
    the application's own email address, so a stranger who knows a reference cannot put
    words on someone else's page."""
    email = record.application.applicant.email.lower()
    shown = []
    for link in record.questions:
        if link.email.lower() != email:
            continue
        item = store.load_consultation(link.question_reference)
        if item is not None:
            shown.append(view(item, lang))
    return sorted(shown, key=lambda q: q.asked_at)


def open_consultation(reference: str, access_code: str) -> Consultation:
    item = open_with_code(reference, access_code, store.load_consultation,
                          lambda found: found.access_code_hash)
    if item is None:
        raise NotFound("consultation_not_found")
    return item


def view(item: Consultation, lang: str) -> ConsultationView:
    return ConsultationView(
        reference=item.reference, topic=item.topic, topic_label=t(lang, f"topic.{item.topic}"),
        question=item.question, status=item.status,
        status_label=t(lang, f"consultation.{item.status}"), asked_at=item.created_at,
        answer=item.answer, answered_at=item.answered_at)


def officer_view(item: Consultation) -> OfficerConsultation:
    return OfficerConsultation(
        **view(item, "en").model_dump(), language=item.language, email=item.email,
        application_reference=item.application_reference, version=item.version,
        answered_by=item.answered_by)


def answer(reference: str, text: str, expected_version: int, by: str) -> Consultation:
    if not text.strip():
        raise InvalidInput([FieldError("answer", "answer_required")])
    item = store.load_consultation(reference)
    if item is None:
        raise NotFound("consultation_not_found")
    if item.status != ConsultationStatus.OPEN or item.version != expected_version:
        raise Conflict("already_answered")
    email = job(reference, "question_answered", kind="consultation")
    store.answer_consultation(item, text.strip(), timestamp(), by, email)
    notify(email)
    updated = store.load_consultation(reference)
    assert updated is not None
    return updated
