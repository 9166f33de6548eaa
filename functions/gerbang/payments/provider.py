"""What every payment provider offers Gerbang: a checkout address for a payment, and
verified events from its notifications."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol


@dataclass
class PaymentEvent:
    provider: str
    event_id: str
    kind: Literal["succeeded", "expired"]
    payment_id: str
    reference: str
    amount: int
    currency: str
    method: str | None = None


class Provider(Protocol):
    name: str

    def checkout_url(self, payment: dict[str, Any], lang: str) -> str: ...

    def parse_event(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        """Verify the notification's signature and read it; raise Unauthorized or
        DomainError("bad_event") when it cannot be trusted or read."""
        ...
