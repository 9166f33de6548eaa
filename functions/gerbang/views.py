"""What an applicant is shown about an application: one dictionary used as the JSON answer
and to render the no-script page, with labels already in the applicant's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gerbang.catalog import Service, load_catalog
from gerbang.clock import now
from gerbang.consultations import for_application as questions_for
from gerbang.i18n import format_money, t
from gerbang.payments import options as payment_options
from gerbang.responses import OfficerRecord, QueueRow, Received, Status
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


def payment_state(record: Record) -> dict[str, Any] | None:
    """The payment that matters: a paid one, else the latest attempt. A pending attempt
    past its time is shown as expired even before the provider says so: the applicant
    must see at once that a new payment can be started."""
    paid = [p for p in record.payments if p["state"] == "paid"]
    chosen = paid[0] if paid else (record.payments[-1] if record.payments else None)
    if chosen and chosen["state"] == "pending" and \
            datetime.fromisoformat(chosen["expires_at"]) <= now():
        return {**chosen, "state": "expired"}
    return chosen


def status_view(record: Record, lang: str) -> Status:
    app = record.application
    service = load_catalog().service(app["service"])
    assert service is not None
    status = app["status"]
    documents = []
    for doc in required_documents_view(service, lang):
        stored = record.documents.get(doc["kind"], {})
        state = stored.get("state", "missing")
        reason = stored.get("reason")
        documents.append({
            **doc, "state": state, "state_label": t(lang, f"document.{state}"),
            "reason": reason,
            "reason_message": (t(lang, f"reason.{reason}", **stored.get("reason_params", {}))
                               if reason else None),
            "uploaded_at": stored.get("uploaded_at"),
            # Said plainly when no malware scanner ran (the local stack), never hidden.
            "scan": stored.get("scan"),
            "scan_label": t(lang, f"scan.{stored['scan']}") if stored.get("scan") else None,
        })
    payment = payment_state(record)
    pay_state = payment["state"] if payment else "unpaid"
    return Status.model_validate({
        "reference": app["reference"],
        "service": {"id": service.id, "name": service.names(lang)},
        "language": app.get("language", "en"),
        "status": status,
        "status_label": t(lang, f"status.{status}"),
        "next_step": t(lang, f"next.{status}", time=processing_time(service, lang)),
        "processing_time": processing_time(service, lang),
        "submitted_at": app["created_at"],
        "updated_at": app["updated_at"],
        "history": [
            {"status": h["to"], "label": t(lang, f"status.{h['to']}"), "at": h["at"]}
            for h in record.history
        ],
        "documents": documents,
        "fee": fee_view(int(app["fee_amount"]), app["fee_currency"], lang),
        "payment": {
            "state": pay_state,
            "state_label": t(lang, f"payment.{pay_state}"),
            "method": payment.get("method") if payment else None,
            "paid_at": payment.get("paid_at") if payment else None,
            "expires_at": payment.get("expires_at") if payment else None,
        },
        # Every way to pay with its whole amount, shown before anyone commits.
        "payment_options": payment_options(record, lang),
        "receipt": receipt(record, payment, lang) if pay_state == "paid" else None,
        "questions": questions_for(record, lang),
    })


def receipt(record: Record, payment: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "reference": record.application["reference"],
        "payment_id": payment["payment_id"],
        "amount": int(payment["amount"]), "currency": payment["currency"],
        "display": format_money(int(payment["amount"]), payment["currency"], lang),
        "method": payment["method"], "method_label": t(lang, f"method.{payment['method']}"),
        "paid_at": payment.get("paid_at"), "provider": payment.get("provider"),
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


def officer_view(record: Record, lang: str, link: Any) -> OfficerRecord:
    """The whole record for an officer: answers, every document with its checks and fraud
    flags and a short-lived link to the clean copy (`link(key)`), every payment attempt, and
    the audit trail (who, when, from, to, why)."""
    app = record.application
    service = load_catalog().service(app["service"])
    assert service is not None
    documents = []
    for kind in service.documents:
        doc = record.documents.get(kind, {})
        documents.append({
            "kind": kind, "name": load_catalog().document_kinds[kind].names(lang),
            "state": doc.get("state", "missing"), "reason": doc.get("reason"),
            "scan": doc.get("scan"), "fraud_flags": doc.get("fraud_flags") or [],
            "duplicate_of": doc.get("duplicate_of") or [], "sha256": doc.get("sha256"),
            "size": doc.get("size"), "width": doc.get("width"), "height": doc.get("height"),
            "pages": doc.get("pages"), "uploaded_at": doc.get("uploaded_at"),
            "link": link(doc["clean_key"]) if doc.get("clean_key") else None,
        })
    return OfficerRecord.model_validate({
        "reference": app["reference"], "service": {"id": service.id,
                                                   "name": service.names(lang)},
        "status": app["status"], "status_label": t(lang, f"status.{app['status']}"),
        "version": int(app["version"]), "language": app.get("language"),
        "submitted_at": app["created_at"], "updated_at": app["updated_at"],
        "applicant": app.get("applicant", {}),
        "documents": documents,
        "payments": [{k: p.get(k) for k in ("payment_id", "method", "amount", "currency",
                                             "state", "provider", "created_at", "paid_at")}
                     for p in record.payments],
        "history": [{k: h.get(k) for k in ("at", "by", "from", "to", "reason")}
                    for h in record.history],
    })


def queue_row(item: dict[str, Any], lang: str) -> QueueRow:
    applicant = item.get("applicant", {})
    return QueueRow.model_validate({"reference": item["reference"], "service": item["service"],
            "status": item["status"], "status_label": t(lang, f"status.{item['status']}"),
            "submitted_at": item["created_at"], "updated_at": item["updated_at"],
            "name": " ".join(filter(None, (applicant.get("given_names"),
                                           applicant.get("family_name")))),
            "nationality": applicant.get("nationality"), "version": int(item["version"])})
