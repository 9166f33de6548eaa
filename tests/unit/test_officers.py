"""Officers' tokens against a JWKS endpoint that counts its fetches: a made-up kid cannot
make the function call Cognito on every request, a rotated key is found once the cool-down
has passed, keys that cannot be fetched are a 503, and verification stays as strict.
The endpoint is `responses` (no socket) and time is a clock the test moves."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest
import requests
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from gerbang import config, officers, tokens
from gerbang.config import OfficerPoolSettings
from gerbang.errors import Forbidden, Unauthorized, Unavailable

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
JWKS_URL = ISSUER + "/.well-known/jwks.json"
CLIENT_ID = "officer-client"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY_A, KEY_B = _key(), _key()


def _jwks(*keys: tuple[str, rsa.RSAPrivateKey]) -> dict:
    return {"keys": [{**jwt.algorithms.RSAAlgorithm.to_jwk(k.public_key(), as_dict=True),
                      "kid": kid, "alg": "RS256", "use": "sig"} for kid, k in keys]}


def token(kid: str = "a", key: rsa.RSAPrivateKey = KEY_A, algorithm: str = "RS256",
          **claims: object) -> str:
    body = {"iss": ISSUER, "sub": "0b1c", "exp": int(time.time()) + 600,
            "token_use": "access", "client_id": CLIENT_ID, "username": "ana",
            "cognito:groups": ["officers"], **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key,
                      algorithm=algorithm, headers={"kid": kid})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    # PyJWKClient and its cache read time.monotonic for the lifespan and the cool-down.
    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


@pytest.fixture
def jwks(monkeypatch, clock):
    """Cognito's JWKS endpoint, serving key "a"; `len(jwks.calls)` is the fetches."""
    pool = OfficerPoolSettings()
    pool.issuer, pool.jwks_url, pool.client_id = ISSUER, JWKS_URL, CLIENT_ID
    monkeypatch.setitem(config._started, OfficerPoolSettings, pool)  # the function's start
    tokens.keys.cache_clear()  # a cold start: nothing fetched yet
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(JWKS_URL, json=_jwks(("a", KEY_A)))
        yield mock
    tokens.keys.cache_clear()


def bearer(value: str) -> str:
    return f"Bearer {value}"


def test_a_good_token_is_an_officer_and_the_keys_are_fetched_once(jwks):
    for _ in range(3):
        officer = officers.officer_from(bearer(token()))
        assert (officer.username, officer.sub) == ("ana", "0b1c")
    assert len(jwks.calls) == 1


def test_fifty_made_up_kids_make_one_fetch_within_the_cool_down(jwks):
    # Given a cold function, When 50 tokens arrive, each with a kid nobody published
    for _ in range(50):
        with pytest.raises(Unauthorized) as refused:
            officers.officer_from(bearer(token(kid=uuid.uuid4().hex)))
        assert refused.value.code == "invalid_token"
    # Then Cognito was asked once (the cold start's fetch), and good tokens still verify
    assert len(jwks.calls) == 1
    officers.officer_from(bearer(token()))
    assert len(jwks.calls) == 1


def test_made_up_kids_after_the_cool_down_make_one_more_fetch_each_period(jwks, clock):
    officers.officer_from(bearer(token()))
    for period in range(1, 4):
        clock.advance(tokens.COOL_DOWN + 1)
        for _ in range(20):
            with pytest.raises(Unauthorized):
                officers.officer_from(bearer(token(kid=uuid.uuid4().hex)))
        assert len(jwks.calls) == 1 + period


def test_a_rotated_key_verifies_once_the_cool_down_has_passed(jwks, clock):
    officers.officer_from(bearer(token()))
    # Given the pool rotated: it now publishes "b" only
    jwks.replace(responses.GET, JWKS_URL, json=_jwks(("b", KEY_B)))
    rotated = token(kid="b", key=KEY_B)
    with pytest.raises(Unauthorized):  # within the cool-down: not fetched again
        officers.officer_from(bearer(rotated))
    assert len(jwks.calls) == 1
    # When the cool-down has passed, Then the new key is fetched and trusted
    clock.advance(tokens.COOL_DOWN + 1)
    assert officers.officer_from(bearer(rotated)).sub == "0b1c"
    assert len(jwks.calls) == 2
    # and the dropped key no longer is
    with pytest.raises(Unauthorized):
        officers.officer_from(bearer(token()))


def test_the_key_set_is_fetched_again_after_its_lifespan(jwks, clock):
    officers.officer_from(bearer(token()))
    clock.advance(tokens.KEYS_LIFESPAN - 1)
    officers.officer_from(bearer(token()))
    assert len(jwks.calls) == 1
    clock.advance(2)
    officers.officer_from(bearer(token()))
    assert len(jwks.calls) == 2


@pytest.mark.parametrize("answer", [
    {"body": requests.ConnectionError("unreachable")},
    {"body": requests.Timeout("slow")},
    {"status": 500, "json": {"message": "internal"}},
    {"status": 302, "headers": {"Location": "https://elsewhere.example/jwks.json"}},
    {"body": "<html>not json</html>"},
], ids=["unreachable", "timeout", "500", "redirect", "not-json"])
def test_keys_that_cannot_be_fetched_are_a_503(jwks, answer):
    jwks.replace(responses.GET, JWKS_URL, **answer)
    with pytest.raises(Unavailable) as unavailable:
        officers.officer_from(bearer(token()))
    assert (unavailable.value.status, unavailable.value.code) == (503, "sign_in_unavailable")


def test_an_endpoint_that_is_down_is_not_asked_for_every_made_up_kid(jwks, clock):
    officers.officer_from(bearer(token()))
    clock.advance(tokens.COOL_DOWN + 1)
    jwks.replace(responses.GET, JWKS_URL, body=requests.ConnectionError("down"))
    with pytest.raises(Unavailable):  # the one refresh the cool-down allows fails
        officers.officer_from(bearer(token(kid=uuid.uuid4().hex)))
    for _ in range(50):
        with pytest.raises(Unauthorized):
            officers.officer_from(bearer(token(kid=uuid.uuid4().hex)))
    assert len(jwks.calls) == 2
    # Good tokens still verify from the kept set while the endpoint is down
    assert officers.officer_from(bearer(token())).username == "ana"


@pytest.mark.parametrize("changes", [
    {"iss": "https://cognito-idp.us-east-1.amazonaws.com/another_pool"},
    {"exp": int(time.time()) - 60},
    {"exp": None},
    {"sub": None},
    {"token_use": "id"},
    {"client_id": "another-client"},
], ids=["issuer", "expired", "no-exp", "no-sub", "id-token", "client"])
def test_tokens_that_break_a_rule_are_401(jwks, changes):
    with pytest.raises(Unauthorized) as refused:
        officers.officer_from(bearer(token(**changes)))
    assert refused.value.code == "invalid_token"


def test_another_algorithm_or_a_foreign_key_is_401(jwks):
    with pytest.raises(Unauthorized):
        officers.officer_from(bearer(token(key=KEY_B)))  # kid "a", signed by another key
    with pytest.raises(Unauthorized):
        officers.officer_from(bearer(jwt.encode(
            {"sub": "x"}, "a-shared-secret-at-least-32-bytes-long", algorithm="HS256",
            headers={"kid": "a"})))
    for header in ("", "Bearer", "Basic abc", "Bearer not-a-token"):
        with pytest.raises(Unauthorized):
            officers.officer_from(header)


def test_a_good_token_without_the_group_is_403(jwks):
    with pytest.raises(Forbidden) as refused:
        officers.officer_from(bearer(token(**{"cognito:groups": ["clerks"]})))
    assert refused.value.code == "not_an_officer"
