"""Cognito access tokens, verified here against their user pool's JWKS: signature (RS256),
issuer, expiry, `token_use` and the app client. Officers and applicants sign in to two
pools; both are checked the same way. Keys that cannot be fetched are 503, not 401: the
token may well be good."""

from __future__ import annotations

import time
from functools import cache
from typing import Any, Protocol

import jwt
import requests

from gerbang.errors import Unauthorized, Unavailable
from gerbang.observability import logger

# Cognito rotates its keys rarely, and a token signed by a new key is met by the refresh
# its unknown kid makes: the set may be kept an hour (a key the pool drops stays trusted
# in a warm function that long).
KEYS_LIFESPAN = 3600
# Anyone can send a token with a made-up kid: the set is fetched again for an unknown kid
# at most once in this many seconds. A token from a key rotated in within that time is
# refused (401) until it has passed.
COOL_DOWN = 30
_TIMEOUT = (2, 5)  # connect, read: a person waits, and Lambda bills the wait


class Pool(Protocol):
    """What a pool's settings say about it (gerbang/config.py)."""

    issuer: str
    jwks_url: str
    client_id: str


class CognitoKeys(jwt.PyJWKClient):
    """PyJWKClient's key-set cache, lifespan and unknown-kid cool-down, fetching with
    requests instead of urllib: separate connect and read timeouts (urllib's default is
    one 30 s wait), and the HTTP stack moto answers in the integration tests."""

    def fetch_data(self) -> Any:
        try:
            answer = requests.get(self.uri, timeout=_TIMEOUT, allow_redirects=False)
            if answer.status_code != 200:
                raise jwt.PyJWKClientConnectionError(f"JWKS answered {answer.status_code}")
            return answer.json()
        except (requests.RequestException, ValueError) as error:
            raise jwt.PyJWKClientConnectionError(f"JWKS unreadable: {error}") from error
        finally:
            # The base class starts the cool-down after each successful fetch; an override
            # must do it itself. Starting it after a failed one too means that an endpoint
            # that is down is not asked again for every made-up kid either (PyJWKClient
            # 2.15 counts successes only). A token with a known kid is unaffected: the
            # cool-down only holds back the extra refresh an unknown kid asks for.
            self._last_successful_fetch = time.monotonic()


@cache
def keys(jwks_url: str) -> CognitoKeys:
    # No per-kid cache (cache_keys): it never expires, so a key the pool dropped would be
    # trusted until the function is recycled; the set's lifespan already spares the fetch.
    return CognitoKeys(jwks_url, lifespan=KEYS_LIFESPAN, cooldown_duration=COOL_DOWN)


def access_claims(token: str, pool: Pool, who: str) -> dict[str, Any]:
    """The claims of a valid access token of `pool`'s app client; Unauthorized otherwise.
    `who` names the pool in the log when its keys cannot be fetched."""
    try:
        key = keys(pool.jwks_url).get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=["RS256"], issuer=pool.issuer,
                            options={"require": ["exp", "iss", "sub"]})
    except jwt.PyJWKClientConnectionError as error:
        logger.error("sign-in keys unavailable", extra={"pool": who, "reason": str(error)})
        raise Unavailable("sign_in_unavailable") from None
    except jwt.PyJWTError:
        raise Unauthorized("invalid_token") from None
    if claims.get("token_use") != "access" or claims.get("client_id") != pool.client_id:
        raise Unauthorized("invalid_token")
    return claims
