"""What an applicant is shown about an application: one dictionary used as the JSON answer
and to render the no-script page, with labels already in the applicant's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from gerbang.catalog import Service, load_catalog
from gerbang.clock import now
from gerbang.consultations import for_application as questions_for
from gerbang.i18n import format_money, t
from gerbang.passport import applicant_notes
from gerbang.payments import options as payment_options
from gerbang.records import (
    AccountLink,
    Application,
    Document,
    FieldReading,
    FraudSignal,
    PassportReading,
    Payment,
    PaymentState,
)
from gerbang.responses import (
    AccountApplication,
    AccountConsultation,
    AccountView,
    OfficerRecord,
    QueueRow,
    Received,
    StatusView,
)
from gerbang.status import Status
from gerbang.store import Record


def processing_time(service: Service, lang: str) -> str:
    p = service.processing
    return (t(lang, "processing.hours", n=p.hours) if p.hours
            else t(lang, "processing.working_days", n=p.working_days))


def fee_view(amount: int, currency: str, lang: str) -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "display": format_money(amount, currency, lang)}


def required_documents_view(service: Service, lang: str) -> list[dict[str, Any]]:
    return [
        {"kind": d.kind, "name": d.names(lang), "hint": d.hint(lang), "accepted": list(d.accepted),
         "max_bytes": d.max_bytes, "min_width": d.min_width, "min_height": d.min_height}
        for d in load_catalog().required_documents(service)
    ]


def payment_state(record: Record) -> Payment | None:
    """The payment that matters: a paid one, else the latest attempt. A pending attempt
    past its time is shown as expired even before the provider says so: the applicant
    must see at once that a new payment can be started."""
    paid = [p for p in record.payments if p.state == PaymentState.PAID]
    chosen = paid[0] if paid else (record.payments[-1] if record.payments else None)
    if chosen and chosen.state == PaymentState.PENDING and \
            datetime.fromisoformat(chosen.expires_at) <= now():
        return chosen.model_copy(update={"state": PaymentState.EXPIRED})
    return chosen


def _compared(lang: str, row: FieldReading) -> str:
    return t(lang, "note.passport_field", field=t(lang, f"passport_field.{row.field}"),
             read=row.read or "-", typed=row.typed or "-")


def document_notes(stored: Document, lang: str) -> list[str]:
    """What the applicant is told about what the page says (never a fraud signal)."""
    notes = []
    for code, params in applicant_notes(stored.passport):
        if code == "note.passport_mismatch":
            params = {"fields": "; ".join(_compared(lang, row) for row in params["rows"])}
        notes.append(t(lang, code, **params))
    return notes


def _document_view(doc: dict[str, Any], stored: Document | None, lang: str,
                   status: Status) -> dict[str, Any]:
    # Only the applicant's functions show this, and they load documents anyway; the
    # officers' function reads views without it.
    from gerbang.documents import replaceable

    if stored is None:
        return {**doc, "state": "missing", "state_label": t(lang, "document.missing"),
                "replaceable": True}
    reason = stored.reason
    return {
        **doc, "state": stored.state, "state_label": t(lang, f"document.{stored.state}"),
        "reason": reason,
        "reason_message": (t(lang, f"reason.{reason}", **(stored.reason_params or {}))
                           if reason else None),
        "notes": document_notes(stored, lang),
        "replaceable": replaceable(stored, status),
        "uploaded_at": stored.uploaded_at,
        # Said plainly when no malware scanner ran (the local stack), never hidden.
        "scan": stored.scan,
        "scan_label": t(lang, f"scan.{stored.scan}") if stored.scan else None,
    }


def status_view(record: Record, lang: str) -> StatusView:
    app = record.application
    service = load_catalog().service(app.service)
    assert service is not None
    documents = [_document_view(doc, record.documents.get(doc["kind"]), lang, app.status)
                 for doc in required_documents_view(service, lang)]
    payment = payment_state(record)
    pay_state = payment.state if payment else "unpaid"
    return StatusView.model_validate({
        "reference": app.reference,
        "service": {"id": service.id, "name": service.names(lang)},
        "language": app.language,
        "status": app.status,
        "status_label": t(lang, f"status.{app.status}"),
        "next_step": t(lang, f"next.{app.status}", time=processing_time(service, lang)),
        "processing_time": processing_time(service, lang),
        "submitted_at": app.created_at,
        "updated_at": app.updated_at,
        "history": [{"status": h.to, "label": t(lang, f"status.{h.to}"), "at": h.at}
                    for h in record.history],
        "documents": documents,
        "fee": fee_view(app.fee_amount, app.fee_currency, lang),
        "payment": {
            "state": pay_state,
            "state_label": t(lang, f"payment.{pay_state}"),
            "method": payment.method if payment else None,
            "paid_at": payment.paid_at if payment else None,
            "expires_at": payment.expires_at if payment else None,
        },
        # Every way to pay with its whole amount, shown before anyone commits.
        "payment_options": payment_options(record, lang),
        "receipt": receipt(record, payment, lang) if payment and pay_state == "paid" else None,
        "questions": questions_for(record, lang),
    })


def receipt(record: Record, payment: Payment, lang: str) -> dict[str, Any]:
    return {
        "reference": record.application.reference,
        "payment_id": payment.payment_id,
        "amount": payment.amount, "currency": payment.currency,
        "display": format_money(payment.amount, payment.currency, lang),
        "method": payment.method, "method_label": t(lang, f"method.{payment.method}"),
        "paid_at": payment.paid_at, "provider": payment.provider,
    }


def received_view(result: dict[str, Any], lang: str) -> Received:
    """The answer to a new application, with names and amounts for the applicant."""
    service = load_catalog().service(result["service"])
    assert service is not None
    return Received.model_validate({
        **result,
        "service_name": service.names(lang),
        "fee": fee_view(service.fee.amount, service.fee.currency, lang),
        "processing_time": processing_time(service, lang),
        "required_documents": required_documents_view(service, lang),
    })


def _signal(signal: FraudSignal, lang: str) -> dict[str, Any]:
    params = dict(signal.params or {})
    if "checks" in params:
        params["checks"] = ", ".join(t(lang, f"mrz_check.{c}") for c in params["checks"])
    return {"code": signal.code, "references": signal.references or [],
            "message": t(lang, f"signal.{signal.code}", **params)}


def _officer_passport(passport: PassportReading, lang: str) -> dict[str, Any]:
    return {
        "found": passport.found, "valid": passport.valid,
        "failed_checks": passport.failed_checks or [],
        "fields": [{**row.model_dump(), "label": t(lang, f"passport_field.{row.field}")}
                   for row in passport.fields or []],
        "validity": passport.validity,
        "validity_message": t(lang, f"field.{passport.validity}",
                              **(passport.validity_params or {})) if passport.validity else None,
    }


def _officer_document(kind: str, doc: Document | None, lang: str,
                      link: Callable[[str], str]) -> dict[str, Any]:
    name = load_catalog().document_kinds[kind].names(lang)
    if doc is None:
        return {"kind": kind, "name": name, "state": "missing", "signals": []}
    return {
        "kind": kind, "name": name, "state": doc.state, "reason": doc.reason,
        "reason_message": t(lang, f"reason.{doc.reason}", **(doc.reason_params or {}))
        if doc.reason else None,
        "scan": doc.scan, "signals": [_signal(s, lang) for s in doc.signals or []],
        "passport": _officer_passport(doc.passport, lang) if doc.passport else None,
        "photo": doc.photo, "sha256": doc.sha256, "size": doc.size,
        "width": doc.width, "height": doc.height, "pages": doc.pages,
        "uploaded_at": doc.uploaded_at, "link": link(doc.clean_key) if doc.clean_key else None,
    }


def officer_view(record: Record, lang: str, link: Callable[[str], str]) -> OfficerRecord:
    """The whole record for an officer: answers, every document with its checks and fraud
    flags and a short-lived link to the clean copy (`link(key)`), every payment attempt, and
    the audit trail (who, when, from, to, why)."""
    app = record.application
    service = load_catalog().service(app.service)
    assert service is not None
    return OfficerRecord.model_validate({
        "reference": app.reference, "service": {"id": service.id,
                                                "name": service.names(lang)},
        "status": app.status, "status_label": t(lang, f"status.{app.status}"),
        "version": app.version, "language": app.language,
        "submitted_at": app.created_at, "updated_at": app.updated_at,
        "applicant": app.applicant,
        "documents": [_officer_document(kind, record.documents.get(kind), lang, link)
                      for kind in service.documents],
        "payments": [p.model_dump(include={"payment_id", "method", "amount", "currency",
                                           "state", "provider", "created_at", "paid_at"})
                     for p in record.payments],
        "history": [h.model_dump(by_alias=True) for h in record.history],
    })


def queue_row(app: Application, lang: str) -> QueueRow:
    applicant = app.applicant
    return QueueRow(reference=app.reference, service=app.service, status=app.status,
                    status_label=t(lang, f"status.{app.status}"), submitted_at=app.created_at,
                    updated_at=app.updated_at,
                    name=" ".join(filter(None, (applicant.given_names, applicant.family_name))),
                    nationality=applicant.nationality, version=app.version)


def account_view(email: str, links: list[AccountLink], lang: str) -> AccountView:
    """The applications and questions linked to an account, newest first, each with what
    it is waiting for. A link whose record is gone (deleted after its retention) is left
    out."""
    from gerbang import store

    applications, consultations = [], []
    for link in links:
        if link.kind == "application":
            record = store.load_record(link.reference)
            if record is None:
                continue
            app = record.application
            service = load_catalog().service(app.service)
            assert service is not None
            applications.append(AccountApplication(
                reference=app.reference, service={"id": service.id,
                                                  "name": service.names(lang)},
                status=app.status, status_label=t(lang, f"status.{app.status}"),
                next_step=t(lang, f"next.{app.status}", time=processing_time(service, lang)),
                updated_at=app.updated_at))
        else:
            question = store.load_consultation(link.reference)
            if question is None:
                continue
            consultations.append(AccountConsultation(
                reference=question.reference, topic_label=t(lang, f"topic.{question.topic}"),
                status=question.status, status_label=t(lang,
                                                       f"consultation.{question.status}"),
                asked_at=question.created_at))
    applications.sort(key=lambda a: a.updated_at, reverse=True)
    consultations.sort(key=lambda c: c.asked_at, reverse=True)
    return AccountView(email=email, applications=applications, consultations=consultations)
