"""Stripe Checkout and Midtrans Snap behind the same payment interface, with no network:
their HTTP calls are intercepted and asserted, their notifications signed here the way the
providers document it."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import boto3
import pytest
import responses
from gerbang import parameters
from gerbang.config import PaymentSecretSettings, PaymentSettings, settings

from tests.integration.conftest import Aws

STRIPE_SECRET = "whsec_test_" + "a" * 24
MIDTRANS_KEY = "SB-Mid-server-test-key"
SNAP = "https://app.sandbox.midtrans.com/snap/v1/transactions"


@pytest.fixture
def provider(aws: Aws, monkeypatch):
    """Switch the deployment to another provider, with its keys in SSM as JSON."""
    name = settings(PaymentSecretSettings).payment_secret_parameter
    before = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)["Parameter"]

    def use(kind: str, keys: dict) -> None:
        monkeypatch.setattr(settings(PaymentSettings), "payment_provider", kind)
        boto3.client("ssm").put_parameter(Name=name, Value=json.dumps(keys),
                                          Type="SecureString", Overwrite=True)
        parameters.provider().clear_cache()

    yield use
    boto3.client("ssm").put_parameter(Name=name, Value=before["Value"], Type="SecureString",
                                      Overwrite=True)
    parameters.provider().clear_cache()


def _start(aws: Aws, app, method):
    return aws.client.post(f"/api/applications/{app['reference']}/payments",
                           json={"method": method, "language": "id"},
                           headers={"X-Access-Code": app["access_code"]})


def _status(aws: Aws, app):
    return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
        "X-Access-Code": app["access_code"]}).get_data())


def _stripe_event(payment_id: str, amount: int, kind="checkout.session.completed",
                  paid="paid", event_id=None) -> bytes:
    return json.dumps({
        "id": event_id or f"evt_{payment_id}_{kind}", "object": "event", "type": kind,
        "api_version": "2025-01-27", "created": int(time.time()),
        "data": {"object": {"id": "cs_test_1", "object": "checkout.session",
                            "amount_total": amount, "currency": "idr",
                            "payment_status": paid, "metadata": {"payment_id": payment_id},
                            "client_reference_id": payment_id.split(".")[0]}}}).encode()


def _stripe_post(aws: Aws, body: bytes, secret=STRIPE_SECRET, at=None):
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return aws.client.post("/api/payments/webhooks/stripe", data=body, headers={
        "Content-Type": "application/json", "Stripe-Signature": f"t={at},v1={mac}"})


@responses.activate
def test_stripe_checkout_is_opened_once_per_payment_in_hundredths(aws: Aws, submitted,
                                                                  provider):
    provider("stripe", {"api_key": "sk_test_x", "webhook_secret": STRIPE_SECRET})
    responses.add(responses.POST, "https://api.stripe.com/v1/checkout/sessions", json={
        "id": "cs_test_1", "object": "checkout.session",
        "url": "https://checkout.stripe.com/c/pay/cs_test_1"})
    answer = json.loads(_start(aws, submitted, "card").get_data())
    assert answer["checkout_url"] == "https://checkout.stripe.com/c/pay/cs_test_1"
    sent = responses.calls[0].request
    form = parse_qs(sent.body)
    assert sent.headers["Idempotency-Key"] == answer["payment_id"]
    assert sent.headers["Authorization"] == "Bearer sk_test_x"
    assert form["line_items[0][price_data][unit_amount]"] == ["150000000"]  # Rp1.500.000
    assert form["line_items[0][price_data][currency]"] == ["idr"]
    assert form["payment_method_types[0]"] == ["card"]
    assert form["metadata[payment_id]"] == [answer["payment_id"]]
    assert form["locale"] == ["id"]
    # Stripe offers no virtual accounts or QRIS here: refused before any call
    refused = _start(aws, submitted, "qris")
    assert refused.status_code == 422 and len(responses.calls) == 1
    assert json.loads(refused.get_data())["error"]["fields"][0]["code"] == "method_not_offered"


@responses.activate
def test_stripe_webhooks_signed_paid_once_and_never_unpaid(aws: Aws, submitted, provider):
    provider("stripe", {"api_key": "sk_test_x", "webhook_secret": STRIPE_SECRET})
    responses.add(responses.POST, "https://api.stripe.com/v1/checkout/sessions",
                  json={"id": "cs_test_1", "url": "https://checkout.stripe.com/c/pay/x"})
    pay = json.loads(_start(aws, submitted, "card").get_data())
    completed = _stripe_event(pay["payment_id"], 150000000)
    assert _stripe_post(aws, completed, secret="whsec_wrong").status_code == 401
    assert _stripe_post(aws, completed, at=int(time.time()) - 600).status_code == 401  # replay
    short = _stripe_event(pay["payment_id"], 100, event_id="evt_short")
    assert _stripe_post(aws, short).status_code == 400  # amount checked on every event
    assert json.loads(_stripe_post(aws, completed).get_data())["outcome"] == "paid"
    assert json.loads(_stripe_post(aws, completed).get_data())["outcome"] == "duplicate"
    late_expiry = _stripe_event(pay["payment_id"], 150000000, kind="checkout.session.expired")
    assert _stripe_post(aws, late_expiry).status_code == 200  # out of order: changes nothing
    status = _status(aws, submitted)
    assert status["payment"]["state"] == "paid"
    assert status["receipt"]["amount"] == 1500000 and status["receipt"]["method"] == "card"
    unknown = _stripe_event(pay["payment_id"], 150000000, kind="customer.created")
    assert json.loads(_stripe_post(aws, unknown).get_data())["outcome"] == "ignored"


def _midtrans_note(order_id: str, status="settlement", gross="1500000.00", code="200",
                   key=MIDTRANS_KEY) -> dict:
    return {"transaction_time": "2027-06-15 10:00:00", "transaction_status": status,
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
            "status_message": "midtrans payment notification", "status_code": code,
            "signature_key": hashlib.sha512(f"{order_id}{code}{gross}{key}".encode()
                                            ).hexdigest(),
            "payment_type": "qris", "order_id": order_id, "merchant_id": "G000000000",
            "gross_amount": gross, "fraud_status": "accept", "currency": "IDR"}


@responses.activate
def test_midtrans_snap_and_a_notification_confirmed_by_the_status_api(aws: Aws, submitted,
                                                                       provider):
    provider("midtrans", {"server_key": MIDTRANS_KEY, "environment": "sandbox"})
    responses.add(responses.POST, SNAP, json={
        "token": "66e4fa55", "redirect_url": "https://app.sandbox.midtrans.com/snap/v4/x"})
    pay = json.loads(_start(aws, submitted, "qris").get_data())
    snap = responses.calls[0].request
    body = json.loads(snap.body)
    assert body["transaction_details"] == {"order_id": pay["payment_id"],
                                           "gross_amount": 1500000}  # whole rupiah
    assert body["enabled_payments"] == ["other_qris"]
    assert body["expiry"] == {"unit": "hour", "duration": 24}
    assert snap.headers["Authorization"].startswith("Basic ")
    order = pay["payment_id"]
    status_url = f"https://api.sandbox.midtrans.com/v2/{order}/status"
    note = _midtrans_note(order)

    def post(payload):
        return aws.client.post("/api/payments/webhooks/midtrans", json=payload)

    # A forged note: refused before asking Midtrans anything
    assert post({**note, "signature_key": "0" * 128}).status_code == 401
    assert len(responses.calls) == 1
    # A validly signed note that Midtrans itself does not confirm changes nothing
    responses.add(responses.GET, status_url, json={**note, "transaction_status": "pending"})
    assert json.loads(post(note).get_data())["outcome"] == "ignored"
    assert _status(aws, submitted)["payment"]["state"] == "pending"
    assert responses.calls[-1].request.url == status_url
    # Confirmed: paid, once
    responses.replace(responses.GET, status_url, json=note)
    assert json.loads(post(note).get_data())["outcome"] == "paid"
    assert json.loads(post(note).get_data())["outcome"] == "duplicate"
    assert _status(aws, submitted)["payment"]["state"] == "paid"


@responses.activate
def test_midtrans_amount_must_match_the_catalog(aws: Aws, submitted, provider):
    provider("midtrans", {"server_key": MIDTRANS_KEY, "environment": "sandbox"})
    responses.add(responses.POST, SNAP, json={"token": "t", "redirect_url": "https://x"})
    order = json.loads(_start(aws, submitted, "bank_transfer").get_data())["payment_id"]
    cheap = _midtrans_note(order, gross="15000.00")
    responses.add(responses.GET, f"https://api.sandbox.midtrans.com/v2/{order}/status",
                  json=cheap)
    response = aws.client.post("/api/payments/webhooks/midtrans", json=cheap)
    assert response.status_code == 400
    assert _status(aws, submitted)["payment"]["state"] == "pending"
