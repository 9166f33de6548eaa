"""Who an officer is: a Cognito access token, verified here against the user pool's JWKS
(signature, issuer, expiry, app client) and required to carry the group "officers". A bad
or expired token is 401; a good token without the group is 403. Keys that cannot be
fetched are 503, not 401: the token may well be good, and the officers' page signs out on
401 but keeps the session and says "try again" otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from gerbang.config import OfficerPoolSettings, settings
from gerbang.errors import Forbidden, Unauthorized
from gerbang.tokens import access_claims

GROUP = "officers"


@dataclass
class Officer:
    username: str
    sub: str


def officer_from(authorization: str) -> Officer:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("invalid_token")
    claims = access_claims(token, settings(OfficerPoolSettings), "officers")
    if GROUP not in claims.get("cognito:groups", []):
        raise Forbidden("not_an_officer")
    return Officer(username=str(claims.get("username", claims["sub"])), sub=claims["sub"])
