"""Midtrans Snap as a provider. A notification is trusted only when its signature_key
(SHA-512 of order_id + status_code + gross_amount + server key) matches AND Midtrans' own
status API, asked directly, says the same: the notification is a hint, the API the truth.
Midtrans takes whole rupiah, as we keep them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import requests

from gerbang.catalog import load_catalog
from gerbang.errors import DomainError, Unauthorized, Unavailable
from gerbang.observability import logger
from gerbang.payments.provider import Charge, PaymentEvent, provider_secrets

HOSTS = {"production": ("https://app.midtrans.com", "https://api.midtrans.com"),
         "sandbox": ("https://app.sandbox.midtrans.com", "https://api.sandbox.midtrans.com")}
TIMEOUT = (3, 10)
# What a call to Midtrans can fail with: no answer in time, no connection, or an answer
# that is not the JSON it documents.
FAILED = (requests.RequestException, ValueError, KeyError, TypeError)
KINDS = {"settlement": "succeeded", "expire": "expired", "cancel": "failed",
         "deny": "failed", "failure": "failed"}


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()
                          ).hexdigest()


def _auth(server_key: str) -> dict[str, str]:
    token = base64.b64encode(f"{server_key}:".encode()).decode()
    return {"Authorization": f"Basic {token}", "Accept": "application/json"}


def _kind(status: dict[str, Any]) -> str:
    state = status.get("transaction_status")
    if state == "capture":  # cards: captured and not held by fraud screening
        return "succeeded" if status.get("fraud_status", "accept") == "accept" else "ignored"
    return KINDS.get(str(state), "ignored")


def _unavailable(what: str, error: Exception | None = None, **extra: Any) -> Unavailable:
    logger.error(what, extra={**extra, **({"error": repr(error)} if error else {})})
    return Unavailable("payment_unavailable")


def _whole(amount: Any) -> int:
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise DomainError("bad_event") from None
    if value != value.to_integral_value():
        raise DomainError("amount_mismatch")  # a fraction of a rupiah is not our fee
    return int(value)


class MidtransProvider:
    name = "midtrans"

    def __init__(self) -> None:
        self.keys = provider_secrets()
        self.app_host, self.api_host = HOSTS[self.keys.get("environment", "sandbox")]

    def checkout_url(self, charge: Charge, service_name: str, lang: str) -> str:
        from gerbang.config import SiteSettings, settings
        from gerbang.i18n import site_path

        method = load_catalog().payments.methods[charge.method]
        window = load_catalog().payments.window_hours
        body = {
            # The payment id is the order id: Midtrans refuses a second transaction with it,
            # so a retried request can never open a second charge.
            "transaction_details": {"order_id": charge.payment_id,
                                    "gross_amount": charge.amount},
            "item_details": [{"id": charge.reference, "price": charge.amount,
                              "quantity": 1, "name": service_name[:50]}],
            "enabled_payments": list(method.providers[self.name]),
            "expiry": {"unit": "hour", "duration": window},
            "callbacks": {"finish": settings(SiteSettings).site_url
                          + site_path(lang, "payment-complete")},
        }
        headers = _auth(self.keys["server_key"])
        # Midtrans down, slow or refusing is a 503 (try again later), not a 400 for a
        # request that was fine nor a 500: nothing was written yet (payments.start).
        try:
            answer = requests.post(f"{self.app_host}/snap/v1/transactions", json=body,
                                   headers=headers, timeout=TIMEOUT)
            if answer.status_code < 300:
                return str(answer.json()["redirect_url"])
        except FAILED as error:
            raise _unavailable("midtrans could not open the transaction", error,
                               payment_id=charge.payment_id) from None
        raise _unavailable("midtrans refused the transaction", status=answer.status_code,
                           payment_id=charge.payment_id)

    def parse_event(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        try:
            note = json.loads(body)
            order_id, status_code = str(note["order_id"]), str(note["status_code"])
            gross, given = str(note["gross_amount"]), str(note["signature_key"])
        except (ValueError, KeyError, TypeError, RecursionError):
            raise DomainError("bad_event") from None
        expected = signature(order_id, status_code, gross, self.keys["server_key"])
        if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
            raise Unauthorized("bad_signature")
        status = self.confirm(order_id)
        return PaymentEvent(
            provider=self.name,
            event_id=f"{status.get('transaction_id', order_id)}:{status.get('transaction_status')}",
            kind=_kind(status),  # type: ignore[arg-type]
            payment_id=order_id, amount=_whole(status.get("gross_amount")),
            currency=str(status.get("currency", "IDR")).upper(),
            method=status.get("payment_type"))

    def confirm(self, order_id: str) -> dict[str, Any]:
        """Midtrans' own word on the transaction, asked directly. Midtrans down, slow or
        failing is a 503, so that it sends the notification again: not a 500, nor a 400
        (bad_event) for a notification that may well be real."""
        headers = _auth(self.keys["server_key"])
        try:
            answer = requests.get(f"{self.api_host}/v2/{order_id}/status", headers=headers,
                                  timeout=TIMEOUT)
            status = answer.json() if answer.status_code < 300 else {}
        except FAILED as error:
            raise _unavailable("midtrans status could not be read", error,
                               order_id=order_id) from None
        if answer.status_code >= 500:
            raise _unavailable("midtrans status failed", status=answer.status_code,
                               order_id=order_id)
        if str(status.get("order_id")) != order_id:
            raise DomainError("bad_event")  # the API does not know it: the note was not real
        return status
