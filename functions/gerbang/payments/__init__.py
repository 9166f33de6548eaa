"""Payments: the options an applicant sees, a checkout at the configured provider, and the
provider's signed notification applied exactly once. Amounts always come from the catalog
(fee plus the method's surcharge); IDR has no minor unit, so amounts are whole rupiah
everywhere; a provider that counts otherwise converts at its own edge."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from gerbang.applications import advance, is_paid
from gerbang.catalog import load_catalog
from gerbang.clock import now, timestamp
from gerbang.config import PaymentSettings, settings
from gerbang.errors import Conflict, DomainError, FieldError, InvalidInput, NotFound
from gerbang.notifications import job, notify
from gerbang.observability import logger
from gerbang.payments.provider import Charge, PaymentEvent, Provider, payment_id_for
from gerbang.records import AppliedEvent, Payment, PaymentState
from gerbang.status import DOCUMENTS_VERIFIED, SUBMITTED
from gerbang.store import (
    EventSeen,
    Record,
    create_payment,
    expire_payment,
    load_record,
    record_paid,
)

EVENT_MEMORY = timedelta(days=30)  # how long a processed event id is remembered


def provider(name: str) -> Provider:
    """The configured provider, its keys read (Unavailable when they cannot be); a webhook
    naming another one is not ours to hear."""
    if name != settings(PaymentSettings).payment_provider:
        raise NotFound("unknown_provider")
    if name == "sandbox":
        from gerbang.payments.sandbox import SandboxProvider

        return SandboxProvider()
    if name == "stripe":
        from gerbang.payments.stripe_checkout import StripeProvider

        return StripeProvider()
    if name == "midtrans":
        from gerbang.payments.midtrans import MidtransProvider

        return MidtransProvider()
    raise NotFound("unknown_provider")


def options(record: Record, lang: str) -> list[dict[str, Any]]:
    """What the applicant can choose, with the whole amount, before committing."""
    from gerbang.i18n import format_money, t

    catalog = load_catalog()
    service = catalog.service(record.application.service)
    assert service is not None
    fee = service.fee
    rows = []
    for method in catalog.payments.offered_by(settings(PaymentSettings).payment_provider):
        surcharge = method.surcharge(fee.amount)
        rows.append({
            "method": method.method, "label": t(lang, f"method.{method.method}"),
            "fee": fee.amount, "surcharge": surcharge, "amount": fee.amount + surcharge,
            "currency": fee.currency,
            "display": format_money(fee.amount + surcharge, fee.currency, lang),
            "window_hours": catalog.payments.window_hours,
        })
    return rows


def start(record: Record, method: str, lang: str) -> dict[str, Any]:
    """A checkout for the application's fee by `method`. A second click reuses the open
    attempt for the same method; another method replaces it; two at once: one wins."""
    app = record.application
    if is_paid(record):
        raise Conflict("already_paid")
    if app.status not in (SUBMITTED, DOCUMENTS_VERIFIED):
        raise Conflict("payment_not_open")
    offered = {o["method"]: o for o in options(record, lang)}
    if method not in offered:
        raise InvalidInput([FieldError("method", "method_not_offered")])
    current = now()
    pending = [a for a in record.payments if a.state == PaymentState.PENDING]
    for attempt in pending:
        if datetime.fromisoformat(attempt.expires_at) > current and attempt.method == method:
            return _answer(attempt)
    # The keys are read here, before the first write: keys that cannot be read leave the
    # open attempt as it was, not expired with nothing in its place.
    chosen = provider(settings(PaymentSettings).payment_provider)
    service = load_catalog().service(app.service)
    assert service is not None
    window = timedelta(hours=load_catalog().payments.window_hours)
    charge = Charge(
        payment_id=payment_id_for(app.reference, secrets.token_hex(8)),
        reference=app.reference, method=method,
        amount=offered[method]["amount"],  # fee + surcharge, from the catalog only
        currency=offered[method]["currency"],
        expires_at=(current + window).isoformat(timespec="seconds"))
    url = chosen.checkout_url(charge, service.names(lang), lang)
    payment = Payment(**asdict(charge), provider=chosen.name,
                      surcharge=offered[method]["surcharge"], state=PaymentState.PENDING,
                      created_at=timestamp(), checkout_url=url)
    # Only now that the provider opened the new checkout, and in the same transaction: a
    # provider that is down (503) or a write refused leaves the open attempt as it was,
    # never expired with nothing in its place. One open at most.
    create_payment(payment, replacing=app.open_payment,
                   expiring=[attempt.payment_id for attempt in pending])
    return _answer(payment)


def _answer(payment: Payment) -> dict[str, Any]:
    keys = {"payment_id", "method", "amount", "currency", "expires_at", "checkout_url", "state"}
    return payment.model_dump(mode="json", include=keys)


def apply_event(event: PaymentEvent) -> dict[str, Any]:
    """Apply a verified provider event. Duplicates, replays and late events change nothing;
    an event for a payment we never created is acknowledged (so the provider stops
    retrying) and logged, because retrying cannot make it known."""
    if event.kind == "ignored":
        return {"received": True, "outcome": "ignored"}
    record = load_record(event.reference)
    payment = next((p for p in record.payments if p.payment_id == event.payment_id),
                   None) if record else None
    if record is None or payment is None:
        logger.warning("payment event for an unknown payment",
                       extra={"event_id": event.event_id, "provider": event.provider})
        return {"received": True, "outcome": "unknown_payment"}
    expected = (payment.amount, payment.currency)
    if (event.amount, event.currency) != expected:
        logger.error("payment amount mismatch", extra={
            "payment_id": event.payment_id, "paid": [event.amount, event.currency],
            "expected": list(expected)})
        raise DomainError("amount_mismatch")
    if event.kind in ("expired", "failed"):
        expire_payment(event.reference, event.payment_id, state=PaymentState(event.kind))
        return {"received": True, "outcome": event.kind}
    try:
        email = job(event.reference, "payment_received", amount=event.amount,
                    currency=event.currency)
        changed = record_paid(event.reference, AppliedEvent(
            provider=event.provider, event_id=event.event_id, payment_id=event.payment_id,
            received_at=timestamp(), expiration=int((now() + EVENT_MEMORY).timestamp())),
            email)
        outcome = "paid" if changed else "already_paid"
        if changed:
            notify(email)
    except EventSeen:
        outcome = "duplicate"
    # Always try to move forward: a retried event must finish a step a crash interrupted.
    advance(event.reference, by=f"payment:{event.provider}")
    return {"received": True, "outcome": outcome}
