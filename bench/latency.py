"""Warm latency of every API route through the local gateway (moto behind it), measured
over HTTP on loopback after one warm-up call per route."""

from __future__ import annotations

import json
import statistics
import time
import uuid
from datetime import date, timedelta
from typing import Any

import requests
from gerbang.payments.sandbox import signature_header

from local.stack import LocalStack


def _application() -> dict[str, Any]:
    today = date.today()
    return {"service": "visit-visa", "language": "en", "given_names": "Bench", "family_name":
            "Mark", "date_of_birth": "1990-01-01", "nationality": "MYS",
            "passport_number": "A1234567",
            "passport_expiry": (today + timedelta(days=2000)).isoformat(),
            "arrival_date": (today + timedelta(days=20)).isoformat(),
            "email": "bench@example.com", "consent": True}


def _timed(call, runs: int) -> float:
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 400, (response.status_code, response.text[:300])
    return statistics.median(samples)


def measure(runs: int = 30) -> list[dict[str, object]]:
    stack = LocalStack(port=0, quiet=True).start()
    http = requests.Session()
    try:
        base = stack.url + "/api"
        first = http.post(base + "/applications", json=_application(),
                          headers={"Idempotency-Key": uuid.uuid4().hex}).json()
        ref, code = first["reference"], first["access_code"]
        auth = {"X-Access-Code": code}
        pay = http.post(f"{base}/applications/{ref}/payments", json={"method": "qris"},
                        headers=auth).json()
        from gerbang.payments.provider import provider_secrets

        secret = provider_secrets()["webhook_secret"].encode()

        def webhook():
            body = json.dumps({"id": "evt_" + uuid.uuid4().hex, "type": "payment.succeeded",
                               "data": {"payment_id": pay["payment_id"], "reference": ref,
                                        "amount": pay["amount"], "currency": pay["currency"]}}
                              ).encode()
            return http.post(base + "/payments/webhooks/sandbox", data=body, headers={
                "Content-Type": "application/json",
                "Sandbox-Signature": signature_header(body, secret)})

        routes = {
            "POST /api/applications": lambda: http.post(
                base + "/applications", json=_application(),
                headers={"Idempotency-Key": uuid.uuid4().hex}),
            "GET /api/applications/{reference}": lambda: http.get(
                f"{base}/applications/{ref}", headers=auth),
            "POST /api/applications/lookup": lambda: http.post(
                base + "/applications/lookup", json={"reference": ref, "access_code": code}),
            "POST /api/applications/{reference}/documents": lambda: http.post(
                f"{base}/applications/{ref}/documents", headers=auth, json={
                    "kind": "photo", "content_type": "image/jpeg", "size_bytes": 500000}),
            "POST /api/applications/{reference}/payments": lambda: http.post(
                f"{base}/applications/{ref}/payments", json={"method": "qris"}, headers=auth),
            "POST /api/payments/webhooks/{provider}": webhook,
        }
        measured = [{"route": name, "median_ms": _timed(call, runs)}
                    for name, call in routes.items()]
        # In AWS the notifier, the verifier and the sweeper are other functions on other
        # machines; here they share this process (and moto) with the request. The same
        # submit with them stopped is the request's own path.
        for background in (*stack.pollers, *stack.timers):
            background.stop()
        measured.append({"route": "POST /api/applications (background functions stopped)",
                         "median_ms": _timed(routes["POST /api/applications"], runs)})
        return measured
    finally:
        stack.stop()
