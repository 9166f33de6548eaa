"""Start a payment for an application, and receive the provider's signed notifications."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path
from gerbang import payments, records
from gerbang.accounts_link import open_application
from gerbang.config import (
    ApplicantPoolSettings,
    NotifySettings,
    PaymentSecretSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.http import access_code, answers, json_response, make_app, read_request, redirect
from gerbang.models import PaymentRequest, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import Checkout, WebhookReceipt


class PaymentAppSettings(TableSettings, PaymentSettings, PaymentSecretSettings, SiteSettings,
                         NotifySettings, ApplicantPoolSettings):
    """Opens checkouts at the provider (returning to the site), checks its signed events
    with the secret in SSM, and queues the email of a payment received. A signed-in
    applicant's own application needs no access code."""


SETTINGS = start(PaymentAppSettings)
app = make_app()
prepare(PaymentRequest, Checkout, WebhookReceipt, *records.MODELS)


@app.post("/api/applications/<reference>/payments", summary="Start paying the fee",
          description="A form post is answered with a 303 to the provider's checkout.",
          responses=answers(201, Checkout, "A checkout for the whole amount.", 409, 503))
def start_payment(reference: Annotated[str, Path(max_length=40)],
          wanted: Annotated[PaymentRequest, Body()],
          code: Annotated[str, Header(alias="X-Access-Code", max_length=64)] = ""):
    request = read_request(app)
    record = open_application(app, reference, code or access_code(app, request))
    checkout = payments.start(record, wanted.method, request.lang)
    if request.is_form:
        return redirect(checkout["checkout_url"])
    return json_response(201, Checkout.model_validate(checkout))


@app.post("/api/payments/webhooks/<provider>", summary="A payment provider's notification",
          description="The body is the provider's own, verified by its signature.",
          responses=answers(200, WebhookReceipt, "Received (also for duplicates).", 401, 503))
def webhook(provider: Annotated[str, Path(max_length=40)]):
    body = (app.current_event.decoded_body or "").encode()
    event = payments.provider(provider).parse_event(dict(app.current_event.headers or {}), body)
    return json_response(200, WebhookReceipt.model_validate(payments.apply_event(event)))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
