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
from gerbang.errors import DomainError, Unauthorized
from gerbang.observability import logger
from gerbang.payments.provider import Charge, PaymentEvent, provider_secrets

HOSTS = {"production": ("https://app.midtrans.com", "https://api.midtrans.com"),
         "sandbox": ("https://app.sandbox.midtrans.com", "https://api.sandbox.midtrans.com")}
TIMEOUT = (3, 10)
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
        answer = requests.post(f"{self.app_host}/snap/v1/transactions", json=body,
                               headers=_auth(self.keys["server_key"]), timeout=TIMEOUT)
        if answer.status_code >= 300:
            logger.error("midtrans refused the transaction", extra={
                "status": answer.status_code, "payment_id": charge.payment_id})
            raise DomainError("payment_unavailable")
        return str(answer.json()["redirect_url"])

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
        """Midtrans' own word on the transaction, asked directly."""
        answer = requests.get(f"{self.api_host}/v2/{order_id}/status",
                              headers=_auth(self.keys["server_key"]), timeout=TIMEOUT)
        status = answer.json() if answer.status_code < 300 else {}
        if str(status.get("order_id")) != order_id:
            raise DomainError("bad_event")  # the API does not know it: the note was not real
        return status
