"""Cognito's CustomMessage trigger for the applicants' pool: the emails Cognito sends with a
code (to confirm a new account, to sign in, or again on request) written in the applicant's
language (the user's `locale`), in the words of our other emails. Cognito puts the code
where `{####}` stands; the code is never seen here."""

from __future__ import annotations

from html import escape
from typing import Any

from gerbang.catalog import load_catalog
from gerbang.config import SiteSettings, start
from gerbang.i18n import pick_language, site_path, t
from gerbang.observability import logger

SETTINGS = start(SiteSettings)

# triggerSource -> which email it is. Others (an admin-created user, a changed address,
# a forgotten password) keep Cognito's default text: our pool creates none of them.
PURPOSES = {"CustomMessage_SignUp": "sign_up", "CustomMessage_ResendCode": "sign_up",
            "CustomMessage_Authentication": "sign_in"}


def code_email(purpose: str, lang: str, code_parameter: str) -> tuple[str, str]:
    """Subject and HTML body of a code email (Cognito sends HTML as given)."""
    link = SETTINGS.site_url + site_path(lang, "account")
    subject = t(lang, f"account.email.{purpose}.subject")
    body = t(lang, f"account.email.{purpose}.body", code=code_parameter)
    footer = t(lang, "account.email.footer", link=link,
               authority=load_catalog().authority.name(lang))
    paragraphs = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>"
                         for p in f"{body}\n\n{footer}".split("\n\n"))
    # The code parameter must reach Cognito as written: escape() leaves {####} alone.
    return subject, (f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif;'
                     f'max-width:36rem">{paragraphs}</body></html>')


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    purpose = PURPOSES.get(event.get("triggerSource", ""))
    if purpose is None:
        return event
    request = event.get("request", {})
    lang = pick_language(request.get("userAttributes", {}).get("locale"), None)
    subject, html = code_email(purpose, lang, request.get("codeParameter", "{####}"))
    event.setdefault("response", {}).update({"emailSubject": subject, "emailMessage": html})
    return event
