"""Stripe Checkout as a provider. Stripe counts IDR in hundredths although the rupiah has no
minor unit: amounts are multiplied by 100 here and nowhere else. Webhooks are verified by
the `stripe` library with its five-minute timestamp tolerance. Stripe offers card only for
us (no Indonesian virtual accounts or QRIS); the catalog says so."""

from __future__ import annotations

from datetime import datetime

from gerbang.catalog import load_catalog
from gerbang.config import SiteSettings, settings
from gerbang.errors import DomainError, Unauthorized, Unavailable
from gerbang.i18n import site_path
from gerbang.observability import logger
from gerbang.payments.provider import Charge, PaymentEvent, provider_secrets

MINOR_UNITS = {"IDR": 100}  # Stripe's units per whole unit, where it differs from ISO 4217
TOLERANCE_SECONDS = 300
KINDS = {"checkout.session.async_payment_succeeded": "succeeded",
         "checkout.session.async_payment_failed": "failed",
         "checkout.session.expired": "expired"}


def _minor(currency: str) -> int:
    return MINOR_UNITS.get(currency, 1)


class StripeProvider:
    name = "stripe"

    def __init__(self) -> None:
        self.keys = provider_secrets()

    def checkout_url(self, charge: Charge, service_name: str, lang: str) -> str:
        import stripe  # only deployments that chose Stripe load it

        method = load_catalog().payments.methods[charge.method]
        client = stripe.StripeClient(self.keys["api_key"], max_network_retries=2)
        site = settings(SiteSettings).site_url
        try:
            session = client.v1.checkout.sessions.create(params={
                "mode": "payment",
                "line_items": [{"quantity": 1, "price_data": {
                    "currency": charge.currency.lower(),
                    "unit_amount": charge.amount * _minor(charge.currency),
                    "product_data": {"name": f"{service_name} ({charge.reference})"}}}],
                "payment_method_types": list(method.providers[self.name]),
                "client_reference_id": charge.reference,
                "metadata": {"payment_id": charge.payment_id},
                "payment_intent_data": {"metadata": {"payment_id": charge.payment_id}},
                "locale": lang if lang in ("en", "id") else "auto",
                "expires_at": int(datetime.fromisoformat(charge.expires_at).timestamp()),
                "success_url": site + site_path(lang, "payment-complete"),
                "cancel_url": site + site_path(lang, "pay"),
            }, options={"idempotency_key": charge.payment_id})
        except stripe.StripeError as error:  # unreachable, failing, or refusing our keys
            # After the library's own retries (one idempotency key): a 503, try again
            # later, not a 500; nothing was written yet (payments.start).
            logger.error("stripe could not open the checkout", extra={
                "error": type(error).__name__, "status": error.http_status,
                "payment_id": charge.payment_id})
            raise Unavailable("payment_unavailable") from None
        return str(session.url)

    def parse_event(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        import stripe

        signature = {k.lower(): v for k, v in headers.items()}.get("stripe-signature", "")
        try:
            event = stripe.Webhook.construct_event(
                body, signature, self.keys["webhook_secret"],
                tolerance=TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError:
            raise Unauthorized("bad_signature") from None
        except ValueError:
            raise DomainError("bad_event") from None
        try:
            session = event["data"]["object"]
            kind = KINDS.get(event["type"], "ignored")
            if event["type"] == "checkout.session.completed":
                # Cards are paid at completion; bank debits confirm later (async_*).
                kind = "succeeded" if session["payment_status"] == "paid" else "ignored"
            currency = str(session["currency"]).upper()
            return PaymentEvent(
                provider=self.name, event_id=str(event["id"]), kind=kind,  # type: ignore[arg-type]
                payment_id=str(session["metadata"]["payment_id"]),
                amount=int(session["amount_total"]) // _minor(currency), currency=currency,
                method="card")
        except (KeyError, TypeError, ValueError):
            raise DomainError("bad_event") from None
