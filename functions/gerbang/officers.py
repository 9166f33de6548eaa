"""Who an officer is: a Cognito access token, verified here against the user pool's JWKS
(signature, issuer, expiry, app client) and required to carry the group "officers". A bad
or expired token is 401; a good token without the group is 403."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from gerbang.config import OfficerPoolSettings, settings
from gerbang.errors import Forbidden, Unauthorized

GROUP = "officers"
_JWKS_TTL = 3600  # Cognito rotates keys rarely; an unknown kid refetches at once
_jwks: dict[str, Any] = {"at": 0.0, "keys": None}


@dataclass
class Officer:
    username: str
    sub: str


def _keys(refresh: bool = False) -> jwt.PyJWKSet:
    if refresh or _jwks["keys"] is None or time.monotonic() - _jwks["at"] > _JWKS_TTL:
        answer = requests.get(settings(OfficerPoolSettings).jwks_url, timeout=(2, 5))
        answer.raise_for_status()
        _jwks.update(at=time.monotonic(), keys=jwt.PyJWKSet.from_dict(answer.json()))
    return _jwks["keys"]


def _signing_key(kid: str) -> Any:
    for refresh in (False, True):
        for key in _keys(refresh).keys:
            if key.key_id == kid:
                return key.key
    raise Unauthorized("invalid_token")


def officer_from(authorization: str) -> Officer:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("invalid_token")
    pool = settings(OfficerPoolSettings)
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, _signing_key(str(header.get("kid"))), algorithms=["RS256"],
                            issuer=pool.issuer, options={"require": ["exp", "iss", "sub"]})
    except jwt.PyJWTError:
        raise Unauthorized("invalid_token") from None
    if claims.get("token_use") != "access" or claims.get("client_id") != pool.client_id:
        raise Unauthorized("invalid_token")
    if GROUP not in claims.get("cognito:groups", []):
        raise Forbidden("not_an_officer")
    return Officer(username=str(claims.get("username", claims["sub"])), sub=claims["sub"])
