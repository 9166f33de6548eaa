"""The sandbox provider's signed checkout sessions and Stripe-style webhook signatures."""

from __future__ import annotations

import base64
import json

import pytest
from gerbang.payments.sandbox import (
    TOLERANCE_SECONDS,
    open_session,
    sign_session,
    signature_header,
    verify_signature,
)

SECRET = b"sandbox-secret"
NOW = 1_800_000_000
BODY = json.dumps({"id": "evt_1", "type": "payment.succeeded",
                   "data": {"payment_id": "p1", "reference": "ABCD-EFGH",
                            "amount": 1500000, "currency": "IDR"}}).encode()
SESSION = {"payment_id": "p1", "reference": "ABCD-EFGH", "amount": 1500000,
           "currency": "IDR", "method": "qris", "expires_at": "2027-06-15T11:00:00Z",
           "lang": "id", "return_url": "http://127.0.0.1:8000/id/payment-complete/"}


def test_header_shape():
    header = signature_header(BODY, SECRET, at=NOW)
    t, v1 = header.split(",")
    assert t == f"t={NOW}"
    assert v1.startswith("v1=") and len(v1) == 3 + 64


def test_a_valid_header_verifies():
    header = signature_header(BODY, SECRET, at=NOW)
    assert verify_signature(header, BODY, SECRET, at=NOW)
    assert verify_signature(header, BODY, SECRET, at=NOW + TOLERANCE_SECONDS)
    assert verify_signature(header, BODY, SECRET, at=NOW - TOLERANCE_SECONDS)


def test_default_times_are_now():
    assert verify_signature(signature_header(BODY, SECRET), BODY, SECRET)


def test_a_changed_body_fails():
    header = signature_header(BODY, SECRET, at=NOW)
    assert not verify_signature(header, BODY.replace(b"1500000", b"1"), SECRET, at=NOW)
    assert not verify_signature(header, BODY + b" ", SECRET, at=NOW)


def test_a_wrong_secret_fails():
    header = signature_header(BODY, b"someone-else", at=NOW)
    assert not verify_signature(header, BODY, SECRET, at=NOW)


def test_an_old_or_future_timestamp_fails():
    header = signature_header(BODY, SECRET, at=NOW)
    assert not verify_signature(header, BODY, SECRET, at=NOW + TOLERANCE_SECONDS + 1)
    assert not verify_signature(header, BODY, SECRET, at=NOW - TOLERANCE_SECONDS - 1)


def test_a_changed_timestamp_fails():
    # Replaying the same v1 with a fresh t: the timestamp is part of the MAC.
    v1 = signature_header(BODY, SECRET, at=NOW).split(",")[1]
    assert not verify_signature(f"t={NOW + 10},{v1}", BODY, SECRET, at=NOW + 10)


def test_a_missing_v1_fails():
    header = signature_header(BODY, SECRET, at=NOW).split(",")[0]
    assert not verify_signature(header, BODY, SECRET, at=NOW)


@pytest.mark.parametrize("header", [
    "", "garbage", ",,,", "t=", "v1=", "t=abc,v1=abc", f"t={NOW}", f"t={NOW},v1=",
    f"t={NOW},v1=zz", f"t={NOW}.5,v1=00", "t=1e9,v1=00", f"v1=00,t={NOW}", "===",
    f"t={NOW},v1=" + "0" * 64,
])
def test_garbage_headers_fail(header):
    assert verify_signature(header, BODY, SECRET, at=NOW) is False


@pytest.mark.parametrize("header", [f"t={NOW},v1=é", f"t={NOW},v1=ünïcode-garbage"])
def test_non_ascii_garbage_headers_fail_without_raising(header):
    # A header value is attacker-controlled; it must answer False (401), not crash (500).
    assert verify_signature(header, BODY, SECRET, at=NOW) is False


def test_a_session_token_round_trips():
    token = sign_session(SESSION, SECRET)
    assert open_session(token, SECRET) == SESSION


def test_a_tampered_session_is_refused():
    token = sign_session(SESSION, SECRET)
    body, mac = token.split(".")
    cheaper = json.loads(base64.urlsafe_b64decode(body))
    cheaper["amount"] = 1
    forged = base64.urlsafe_b64encode(json.dumps(cheaper, sort_keys=True).encode()).decode()
    assert open_session(f"{forged}.{mac}", SECRET) is None


def test_a_session_signed_with_another_secret_or_mangled_is_refused():
    assert open_session(sign_session(SESSION, b"other"), SECRET) is None
    token = sign_session(SESSION, SECRET)
    assert open_session(token[:-1] + ("0" if token[-1] != "0" else "1"), SECRET) is None
    assert open_session(token.split(".")[0], SECRET) is None
    assert open_session("", SECRET) is None


def test_a_non_ascii_session_token_is_refused_without_raising():
    token = sign_session(SESSION, SECRET)
    assert open_session(token.split(".")[0] + ".é", SECRET) is None
