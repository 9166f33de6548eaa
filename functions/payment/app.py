"""Start a payment for an application, and receive the provider's signed notifications."""

from __future__ import annotations

from typing import Any

from gerbang import payments
from gerbang.applications import open_record
from gerbang.config import (
    NotifySettings,
    PaymentSecretSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.http import access_code, json_response, make_app, read_request, redirect
from gerbang.models import PaymentRequest, parse, prepare
from gerbang.observability import logger, metrics


class PaymentAppSettings(TableSettings, PaymentSettings, PaymentSecretSettings, SiteSettings,
                         NotifySettings):
    """Opens checkouts at the provider (returning to the site), checks its signed events
    with the secret in SSM, and queues the email of a payment received."""


SETTINGS = start(PaymentAppSettings)
app = make_app()
prepare(PaymentRequest)


@app.post("/api/applications/<reference>/payments")
def start(reference: str):
    request = read_request(app)
    record = open_record(reference, access_code(app, request))
    wanted = parse(PaymentRequest, request.data)
    checkout = payments.start(record, wanted.method, request.lang)
    if request.is_form:
        return redirect(checkout["checkout_url"])
    return json_response(201, checkout)


@app.post("/api/payments/webhooks/<provider>")
def webhook(provider: str):
    body = (app.current_event.decoded_body or "").encode()
    event = payments.provider(provider).parse_event(dict(app.current_event.headers or {}), body)
    return json_response(200, payments.apply_event(event))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
