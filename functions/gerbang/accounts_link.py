"""What a signed-in applicant makes as a guest would (an application, a question) belongs
to the account at once. Only a request that carries a sign-in pays for checking it: the
token check (PyJWT, the pool's keys) is imported then, not at every cold start."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver

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
