"""Payments: start one at the chosen provider, and apply the provider's signed
notification exactly once. Amounts always come from the catalog; IDR has no minor unit, so
amounts are whole rupiah everywhere."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from gerbang.applications import advance, is_paid
from gerbang.catalog import load_catalog
from gerbang.clock import now, timestamp
from gerbang.config import settings
from gerbang.errors import Conflict, DomainError, NotFound
from gerbang.observability import logger
from gerbang.payments.provider import PaymentEvent, Provider
from gerbang.status import DOCUMENTS_VERIFIED, SUBMITTED
from gerbang.store import (
    EventSeen,
    Record,
    create_payment,
    expire_payment,
    load_record,
    record_paid,
)

# Peers give two hours and people miss the bank's opening hours; a day is humane.
PAYMENT_WINDOW = timedelta(hours=24)
EVENT_MEMORY = timedelta(days=30)  # how long a processed event id is remembered


def provider(name: str) -> Provider:
    if name == "sandbox" and settings().payment_provider == "sandbox":
        from gerbang.payments.sandbox import SandboxProvider

        return SandboxProvider()
    raise NotFound("unknown_provider")


def start(record: Record, method: str, lang: str) -> dict[str, Any]:
    """A checkout for the application's fee by `method`; reuses the open attempt for the
    same method so a double click never opens two payments."""
    app = record.application
    if is_paid(record):
        raise Conflict("already_paid")
    if app["status"] not in (SUBMITTED, DOCUMENTS_VERIFIED):
        raise Conflict("payment_not_open")
    service = load_catalog().service(app["service"])
    assert service is not None
    chosen = provider(settings().payment_provider)
    current = now()
    for attempt in record.payments:
        if attempt["state"] != "pending":
            continue
        open_ = datetime.fromisoformat(attempt["expires_at"]) > current
        if open_ and attempt["method"] == method:
            return _answer(attempt)
        expire_payment(app["reference"], attempt["payment_id"])  # one active at most
    payment = {
        "payment_id": "pay_" + secrets.token_hex(16),
        "reference": app["reference"],
        "provider": chosen.name,
        "method": method,
        "amount": service.fee.amount,
        "currency": service.fee.currency,
        "state": "pending",
        "created_at": timestamp(),
        "expires_at": (current + PAYMENT_WINDOW).isoformat(timespec="seconds"),
    }
    payment["checkout_url"] = chosen.checkout_url(payment, lang)
    create_payment(app["reference"], payment)
    return _answer(payment)


def _answer(payment: dict[str, Any]) -> dict[str, Any]:
    keys = ("payment_id", "method", "amount", "currency", "expires_at", "checkout_url", "state")
    return {k: payment[k] for k in keys}


def apply_event(event: PaymentEvent) -> dict[str, Any]:
    """Apply a verified provider event. Duplicates and replays change nothing; an event for
    a payment we never created is acknowledged (so the provider stops retrying) and
    logged, because retrying cannot make it known."""
    record = load_record(event.reference)
    payment = next((p for p in record.payments if p["payment_id"] == event.payment_id),
                   None) if record else None
    if record is None or payment is None:
        logger.warning("payment event for an unknown payment",
                       extra={"event_id": event.event_id, "provider": event.provider})
        return {"received": True, "outcome": "unknown_payment"}
    service = load_catalog().service(record.application["service"])
    assert service is not None
    expected = (service.fee.amount, service.fee.currency)
    if (event.amount, event.currency) != expected or (
        event.amount, event.currency) != (int(payment["amount"]), payment["currency"]):
        logger.error("payment amount mismatch", extra={
            "payment_id": event.payment_id, "paid": [event.amount, event.currency],
            "expected": list(expected)})
        raise DomainError("amount_mismatch")
    if event.kind == "expired":
        expire_payment(event.reference, event.payment_id)
        return {"received": True, "outcome": "expired"}
    try:
        changed = record_paid(event.reference, event.payment_id, {
            "provider": event.provider, "event_id": event.event_id,
            "payment_id": event.payment_id, "received_at": timestamp(),
            "expiration": int((now() + EVENT_MEMORY).timestamp())})
        outcome = "paid" if changed else "already_paid"
    except EventSeen:
        outcome = "duplicate"
    # Always try to move forward: a retried event must finish a step a crash interrupted.
    advance(event.reference, by=f"payment:{event.provider}")
    return {"received": True, "outcome": outcome}
