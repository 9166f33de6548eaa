"""An applicant's sign-in as the browser holds it: cookies, so that plain pages work
without script. The access token (an hour) and, unless the applicant said the device is
shared, the refresh token that renews it for 30 days. Both Secure, HttpOnly and
SameSite=Lax: never readable by a script, never sent with another site's form post."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from gerbang import accounts
from gerbang.config import SiteSettings, settings
from gerbang.errors import Unauthorized
from gerbang.http import header

ACCESS, REFRESH, SHARED = "gerbang_access", "gerbang_refresh", "gerbang_shared"
# Readable by the pages' script, and all it says is "signed in": the script then keeps the
# apply form's draft on the account too. It holds nothing a thief could use.
MARKER = "gerbang_account"
REFRESH_SECONDS = 30 * 86400  # the client's refresh token validity (template.yaml)
REFRESH_PATH = "/api/account"  # only the account function renews a sign-in


def cookies(app: APIGatewayRestResolver) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header(app, "cookie"))
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def _cookie(name: str, value: str, max_age: int | None, path: str = "/api/") -> Cookie:
    return Cookie(name, value, path=path, secure=True, http_only=True,
                  same_site=SameSite.LAX_MODE, max_age=max_age)


def started(tokens: accounts.Tokens, shared: bool) -> list[Cookie]:
    """The cookies of a new sign-in. A shared device keeps none: they end with the browser,
    and there is no refresh token to find on it later."""
    lasts = None if shared else tokens.expires_in
    made = [_cookie(ACCESS, tokens.access_token, lasts),
            Cookie(MARKER, "1", path="/", secure=True, same_site=SameSite.LAX_MODE,
                   max_age=None if shared else REFRESH_SECONDS)]
    if shared:
        made.append(_cookie(SHARED, "1", None))
    elif tokens.refresh_token:
        made.append(_cookie(REFRESH, tokens.refresh_token, REFRESH_SECONDS, REFRESH_PATH))
    return made


def ended() -> list[Cookie]:
    return [_cookie(ACCESS, "", 0), _cookie(SHARED, "", 0), _cookie(REFRESH, "", 0, REFRESH_PATH),
            _cookie(MARKER, "", 0, "/")]


def from_our_site(app: APIGatewayRestResolver) -> None:
    """A post that acts with the sign-in must come from our own pages: SameSite=Lax keeps
    the cookies off another site's form already; a browser's Origin, when sent, must be
    ours too."""
    origin = header(app, "origin")
    if origin and origin != settings(SiteSettings).site_url:
        raise Unauthorized("signed_out")


def is_shared(app: APIGatewayRestResolver) -> bool:
    return cookies(app).get(SHARED) == "1"


def _bearer(app: APIGatewayRestResolver) -> str:
    scheme, _, token = header(app, "authorization").partition(" ")
    return token if scheme.lower() == "bearer" else ""


def signed_in(app: APIGatewayRestResolver) -> tuple[str, list[Cookie]]:
    """The account behind the request (a bearer token or the cookies), renewing an expired
    access from a kept sign-in: (sub, cookies to set). Unauthorized when signed out."""
    if token := _bearer(app):
        return accounts.applicant(token), []
    jar = cookies(app)
    try:
        return accounts.applicant(jar.get(ACCESS, "")), []
    except Unauthorized:
        kept = jar.get(REFRESH)
        if not kept:
            raise
    tokens = accounts.refresh(kept)
    return tokens.sub, started(tokens, shared=False)


def access_token(app: APIGatewayRestResolver, renewed: list[Cookie]) -> str:
    """The request's access token, or the one `signed_in` renewed it with."""
    fresh = next((c.value for c in renewed if c.name == ACCESS), None)
    return fresh or _bearer(app) or cookies(app).get(ACCESS, "")


def applicant_if_signed_in(app: APIGatewayRestResolver) -> str | None:
    """The account a guest step (an application, a question) belongs to, if its maker is
    signed in; None for a guest. A sign-in that is no longer valid is a guest: the step
    goes on, and the account can link it later."""
    token = _bearer(app) or cookies(app).get(ACCESS, "")
    if not token:
        return None
    try:
        return accounts.applicant(token)
    except Unauthorized:
        return None
