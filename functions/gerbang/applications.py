"""Applications: submit one, prove you own one, read it back, and move it forward when its
documents and payment are in."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from gerbang import store
from gerbang.catalog import Service, load_catalog
from gerbang.clock import timestamp, today
from gerbang.errors import Conflict, FieldError, InvalidInput, NotFound, Unavailable
from gerbang.notifications import job, notify
from gerbang.observability import logger
from gerbang.records import Applicant, Application, DocumentState, PaymentState, Step
from gerbang.references import (
    hash_access_code,
    new_access_code,
    new_reference,
    normalize_reference,
    open_with_code,
)
from gerbang.status import (
    APPROVED,
    IN_REVIEW,
    MORE_INFO,
    REJECTED,
    SUBMITTED,
    Status,
    can_move,
    next_step,
)

if TYPE_CHECKING:
    from gerbang.application_input import ApplicationInput

MAX_AGE_YEARS = 120


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def eligibility_errors(answers: ApplicationInput | Mapping[str, Any], service: Service | None,
                       on: date) -> list[FieldError]:
    """The rules that well-formed `answers` break, as field errors. `answers` may be partial
    (only the fields that parsed), so the applicant hears about everything at once."""
    a = answers if isinstance(answers, Mapping) else dict(answers)
    errors: list[FieldError] = []
    birth = a.get("date_of_birth")
    if birth is not None and (birth >= on or birth < _add_months(on, -12 * MAX_AGE_YEARS)):
        errors.append(FieldError("date_of_birth", "implausible_date_of_birth"))
    if not a.get("consent"):
        errors.append(FieldError("consent", "consent_required"))
    if service is None:
        return errors
    nationality = a.get("nationality")
    if nationality is not None and (
        (service.nationalities and nationality not in service.nationalities)
        or nationality in service.excluded_nationalities
    ):
        errors.append(FieldError("nationality", "nationality_not_eligible"))
    arrival, expiry = a.get("arrival_date"), a.get("passport_expiry")
    if service.travel:
        errors += [FieldError(name, "required")
                   for name in ("passport_number", "passport_expiry", "arrival_date")
                   if a.get(name) is None]
        if arrival is not None:
            if arrival < on:
                errors.append(FieldError("arrival_date", "arrival_in_past"))
            elif service.max_days_before_arrival and arrival > on + timedelta(
                days=service.max_days_before_arrival
            ):
                errors.append(FieldError("arrival_date", "arrival_too_far",
                                         {"days": service.max_days_before_arrival}))
    if expiry is not None and (arrival is not None or not service.travel):
        broken = passport_validity(service, expiry, arrival, on)
        if broken:
            errors.append(FieldError("passport_expiry", *broken))
    return errors


def passport_validity(service: Service, expiry: date, arrival: date | None,
                      on: date) -> tuple[str, dict[str, Any]] | None:
    """The service's passport validity rule (catalog: `passport_validity_months` after the
    arrival, or the day itself), as an error code and its params, or None when it holds.
    The form's answer and the date read off the passport page meet the same rule."""
    if service.travel:
        needed = _add_months(max(arrival or on, on), service.passport_validity_months)
        if expiry < needed:
            return "passport_expires_too_soon", {"months": service.passport_validity_months,
                                                 "date": needed.isoformat()}
    elif expiry < on:
        return "passport_expired", {}
    return None


def check_answers(data: object) -> ApplicationInput:
    """The answers as a valid application, or InvalidInput naming every problem at once:
    badly formed fields and the catalog's rules about the fields that are well formed."""
    from gerbang.application_input import ApplicationInput
    from gerbang.models import field_errors, well_formed

    try:
        form: ApplicationInput | None = ApplicationInput.model_validate(data)
        errors: list[FieldError] = []
        answers: Mapping[str, Any] = dict(form)
    except ValidationError as error:
        form, errors = None, field_errors(error)
        answers = well_formed(ApplicationInput, data) if isinstance(data, dict) else {}
    flagged = {e.field for e in errors}
    service = load_catalog().service(str(answers.get("service", "")))
    errors += [e for e in eligibility_errors(answers, service, today()) if e.field not in flagged]
    if errors or form is None:
        order = list(ApplicationInput.model_fields)
        raise InvalidInput(sorted(errors, key=lambda e: order.index(e.field)
                                  if e.field in order else len(order)))
    return form


def submit(form: ApplicationInput) -> dict[str, Any]:
    """Store a new application (checked by `check_answers`); answer its reference, its
    one-time access code, the documents still to upload and the fee."""
    catalog = load_catalog()
    service = catalog.service(form.service)
    assert service is not None  # check_answers validated it
    access_code = new_access_code()
    at = timestamp()
    applicant = Applicant.model_validate(form.model_dump(
        exclude={"service", "language", "consent"}, exclude_none=True))
    for _ in range(5):  # a clash among ~27 billion references is rare; draw again
        application = Application(
            reference=new_reference(), service=service.id, language=form.language,
            status=SUBMITTED, version=1, created_at=at, updated_at=at,
            access_code_hash=hash_access_code(access_code), fee_amount=service.fee.amount,
            fee_currency=service.fee.currency, applicant=applicant, consent_at=at)
        try:
            email = job(application.reference, "received")
            store.create_application(application, Step(to=SUBMITTED, at=at, by="applicant"),
                                     email)
            notify(email)
            break
        except store.ReferenceTaken:
            continue
    else:
        raise RuntimeError("could not draw a free reference")
    return {
        "reference": application.reference,
        "access_code": access_code,
        "status": SUBMITTED,
        "service": service.id,
        "language": form.language,
        "fee": service.fee.as_dict(),
        "required_documents": [
            {"kind": d.kind, "accepted": list(d.accepted), "max_bytes": d.max_bytes,
             "min_width": d.min_width, "min_height": d.min_height}
            for d in catalog.required_documents(service)
        ],
    }


def reissue_access_code(reference: str) -> str:
    """A fresh code for an application whose first answer may never have arrived (a retried
    submit). The old code stops working: we keep only hashes, so we cannot send it again."""
    code = new_access_code()
    store.replace_access_hash(reference, hash_access_code(code))
    return code


def send_new_access_code(reference: str) -> None:
    """A lost access code: a new one to the email on the application, replacing the old.
    Whether the reference exists is never said (the caller answers the same either way),
    and codes are limited per reference and hour, counted for references that do not
    exist too. The code is emailed directly (not through the outbox, whose jobs never
    hold a secret) before it replaces the old one: if the email fails, the old code still
    works and the applicant can ask again."""
    from gerbang.code_limits import count_code
    from gerbang.notifications import send_now

    canonical = normalize_reference(reference)
    count_code(f"reference:{canonical or reference.strip().upper()}")
    record = store.load_record(canonical) if canonical else None
    if record is None:
        return
    code = new_access_code()
    app = record.application
    try:
        send_now(app.language, app.reference, app.applicant.email, "new_access_code",
                 {"access_code": code})
    except (ClientError, BotoCoreError) as error:
        # Said, not hidden: the applicant must not wait for an email that is not coming.
        logger.error("new access code not sent", extra={"reason": type(error).__name__})
        raise Unavailable("email_unavailable") from None
    store.replace_access_hash(app.reference, hash_access_code(code))


def open_record(reference: str, access_code: str) -> store.Record:
    """The application behind `reference` if `access_code` is its code. An unknown
    reference and a wrong code raise the same NotFound."""
    record = open_with_code(reference, access_code, store.load_record,
                            lambda found: found.application.access_code_hash)
    if record is None:
        raise NotFound("application_not_found")
    return record


def _step(application: Application, to: Status, by: str, reason: str | None = None) -> Step:
    return Step.model_validate({"from": application.status, "to": to, "at": timestamp(),
                                "by": by, "reason": reason})


def advance(reference: str, by: str = "system") -> Status:
    """Move the application to the status its documents and payment now justify. Safe to
    call any number of times: it only moves forward, on the version it read."""
    conflicts = 0
    while True:
        record = store.load_record(reference)
        if record is None:
            raise NotFound("application_not_found")
        current = record.application.status
        target = next_step(current, documents_complete(record), is_paid(record))
        if target is None or not can_move(current, target):
            return current
        try:
            store.change_status(record.application, _step(record.application, target, by))
        except Conflict:
            conflicts += 1  # someone moved it first: read again
            if conflicts > 3:
                raise


def documents_complete(record: store.Record) -> bool:
    service = load_catalog().service(record.application.service)
    assert service is not None
    return all(k in record.documents and record.documents[k].state == DocumentState.ACCEPTED
               for k in service.documents)


def is_paid(record: store.Record) -> bool:
    return any(p.state == PaymentState.PAID for p in record.payments)


DECISIONS = {"approve": APPROVED, "reject": REJECTED, "request_info": MORE_INFO}


def decide(reference: str, decision: str, reason: str, expected_version: int, by: str) -> Status:
    """An officer's decision on the version of the application the officer saw. Someone
    else acting first gives Conflict (409), never a lost update; the reason is kept in the
    history, which is append-only."""
    record = store.load_record(reference)
    if record is None:
        raise NotFound("application_not_found")
    target = DECISIONS.get(decision)
    if target is None:
        raise InvalidInput([FieldError("decision", "invalid_choice")])
    if not reason.strip():
        raise InvalidInput([FieldError("reason", "reason_required")])
    app = record.application
    if app.version != expected_version:
        raise Conflict("status_changed")
    if not can_move(app.status, target):
        raise Conflict("decision_not_allowed")
    email = job(reference, target, reason=reason.strip())
    store.change_status(app, _step(app, target, by, reason.strip()), email)
    notify(email)
    return target


def resubmit(record: store.Record) -> Status:
    """The applicant sends an application (opened with its code, or as theirs) back to the
    officer after providing what was asked; it returns to the queue. Every document must be
    accepted first."""
    app = record.application
    if app.status != MORE_INFO:
        raise Conflict("resubmit_not_open")
    if not documents_complete(record):
        raise Conflict("documents_incomplete")
    store.change_status(app, _step(app, IN_REVIEW, "applicant", "resubmitted"))
    return IN_REVIEW
