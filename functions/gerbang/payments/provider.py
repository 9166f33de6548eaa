"""What every payment provider offers Gerbang: a checkout for a payment, and verified,
confirmed events from its notifications. Amounts are whole units of the currency here;
a provider that counts otherwise (Stripe: IDR in hundredths) converts at its own edge."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from gerbang.config import PaymentSecretSettings, settings
from gerbang.errors import Unavailable
from gerbang.observability import logger
from gerbang.parameters import SecretUnavailable, get_secret

EventKind = Literal["succeeded", "expired", "failed", "ignored"]


@dataclass(frozen=True)
class Charge:
    """What a provider is asked to open: one attempt at an application's fee."""

    payment_id: str
    reference: str
    method: str
    amount: int
    currency: str
    expires_at: str


@dataclass
class PaymentEvent:
    provider: str
    event_id: str
    kind: EventKind
    payment_id: str
    amount: int
    currency: str
    method: str | None = None

    @property
    def reference(self) -> str:
        return reference_of(self.payment_id)


def payment_id_for(reference: str, suffix: str) -> str:
    """`<reference>.<suffix>`: every provider echoes the payment id (Midtrans only that), so
    the application is found from it alone."""
    return f"{reference}.{suffix}"


def reference_of(payment_id: str) -> str:
    return payment_id.split(".", 1)[0]


def provider_secrets() -> dict[str, Any]:
    """The provider's keys: one SSM SecureString holding a JSON object, read at run time.
    Keys that cannot be read are a 503 for the applicant (try again later) and for the
    provider (which retries its notification), never a 500."""
    name = settings(PaymentSecretSettings).payment_secret_parameter
    try:
        keys = json.loads(get_secret(name))
    except SecretUnavailable as error:
        logger.error("payment keys unreadable", extra={"reason": str(error)})
        raise Unavailable("payments_unavailable") from None
    except ValueError:
        keys = None
    if not isinstance(keys, dict):
        logger.error("payment keys are not a JSON object", extra={"parameter": name})
        raise Unavailable("payments_unavailable")
    return keys


class Provider(Protocol):
    """Made by `gerbang.payments.provider`, which reads the keys (`provider_secrets`) as it
    makes one: keys that cannot be read stop a request before anything is written."""

    name: str

    def checkout_url(self, charge: Charge, service_name: str, lang: str) -> str:
        """Open the payment at the provider (idempotently: the payment id is the key) and
        answer where to send the applicant."""
        ...

    def parse_event(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        """Verify the notification's signature, read it, and confirm it with the provider
        where the provider asks for that; raise Unauthorized or DomainError("bad_event")."""
        ...
