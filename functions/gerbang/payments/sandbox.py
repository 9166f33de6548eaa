"""The local payment sandbox as a provider. It behaves like a hosted checkout: we send the
applicant to its page with a signed session, and it tells us the outcome with a webhook
signed like Stripe's (`t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">`) on the same
webhook route real providers use. The sandbox server itself is local/sandbox.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from gerbang.config import SiteSettings, settings
from gerbang.errors import DomainError, Unauthorized
from gerbang.i18n import site_path
from gerbang.payments.provider import Charge, PaymentEvent, provider_secrets

SIGNATURE_HEADER = "sandbox-signature"
TOLERANCE_SECONDS = 300  # a captured notification cannot be replayed after five minutes
# The local stack serves the sandbox's checkout on the site's own origin (local/stack.py).
CHECKOUT_PATH = "/sandbox/checkout"
KINDS = {"payment.succeeded": "succeeded", "payment.expired": "expired",
         "payment.failed": "failed"}


def _mac(secret: bytes, message: bytes) -> str:
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _same(expected: str, given: str) -> bool:
    # compare_digest refuses non-ASCII str; bytes compare safely whatever was sent.
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def sign_session(session: dict[str, Any], secret: bytes) -> str:
    body = base64.urlsafe_b64encode(json.dumps(session, sort_keys=True).encode()).decode()
    return f"{body}.{_mac(secret, body.encode())}"


def open_session(token: str, secret: bytes) -> dict[str, Any] | None:
    body, _, mac = token.partition(".")
    if not _same(_mac(secret, body.encode("utf-8", "replace")), mac):
        return None
    try:
        session = json.loads(base64.urlsafe_b64decode(body.encode()))
    except (ValueError, RecursionError):  # bad base64 or JSON, UnicodeDecodeError included
        return None
    return session if isinstance(session, dict) else None


def signature_header(body: bytes, secret: bytes, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    return f"t={at},v1={_mac(secret, str(at).encode() + b'.' + body)}"


def verify_signature(header: str, body: bytes, secret: bytes, at: float | None = None) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        stamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if at is None else at) - stamp) > TOLERANCE_SECONDS:
        return False
    expected = _mac(secret, str(stamp).encode() + b"." + body)
    return _same(expected, parts.get("v1", ""))


class SandboxProvider:
    name = "sandbox"

    def __init__(self) -> None:
        self.secret = provider_secrets()["webhook_secret"].encode()

    def checkout_url(self, charge: Charge, service_name: str, lang: str) -> str:
        session = {
            "payment_id": charge.payment_id, "reference": charge.reference,
            "amount": charge.amount, "currency": charge.currency,
            "method": charge.method, "expires_at": charge.expires_at, "lang": lang,
            "service": service_name,
            "return_url": settings(SiteSettings).site_url + site_path(lang, "payment-complete"),
        }
        token = sign_session(session, self.secret)
        return f"{settings(SiteSettings).site_url}{CHECKOUT_PATH}?session={token}"

    def parse_event(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        header = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE_HEADER, "")
        if not verify_signature(header, body, self.secret):
            raise Unauthorized("bad_signature")
        try:
            event = json.loads(body)
            data = event["data"]
            return PaymentEvent(
                provider=self.name, event_id=str(event["id"]),
                kind=KINDS.get(event["type"], "ignored"),  # type: ignore[arg-type]
                payment_id=str(data["payment_id"]), amount=int(data["amount"]),
                currency=str(data["currency"]), method=data.get("method"))
        except (ValueError, KeyError, TypeError, RecursionError):
            raise DomainError("bad_event") from None
