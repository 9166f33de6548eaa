"""A signed-in applicant in the functions guests use: what they make (an application, a
question) belongs to the account at once, and their own applications are opened without
an access code. Only a request that carries a sign-in pays for checking it: the token
check (PyJWT, the pool's keys) is imported then, not at every cold start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

if TYPE_CHECKING:
    from gerbang.store import Record

from gerbang.errors import NotFound
from gerbang.http import header


def link_to_account(app: APIGatewayRestResolver, kind: Literal["application", "consultation"],
                    reference: str) -> None:
    if not (header(app, "cookie") or header(app, "authorization")):
        return
    from gerbang import accounts, sessions, store

    sub = sessions.applicant_if_signed_in(app)
    if sub is not None:
        accounts.link_new(sub, kind, reference)
        if kind == "application":  # sent: its draft has done its work
            store.delete_draft(sub, "apply")


def open_application(app: APIGatewayRestResolver, reference: str, code: str) -> Record:
    """The application a request may act on: by its access code, or, sent without one, as
    one of the signed-in applicant's own (a sign-in that has ended is 401: sign in again).
    Anything else is the same NotFound as a wrong code."""
    from gerbang.applications import open_record

    if code or not (header(app, "cookie") or header(app, "authorization")):
        return open_record(reference, code)
    from gerbang import accounts, sessions

    sessions.from_our_site(app)
    sub = sessions.applicant_if_signed_in(app)
    if sub is None:
        if sessions.cookies(app).get(sessions.MARKER):
            from gerbang.errors import Unauthorized

            raise Unauthorized("signed_out")
        raise NotFound("application_not_found")
    return accounts.owned_record(sub, reference)
