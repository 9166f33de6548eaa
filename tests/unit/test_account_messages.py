"""The code emails Cognito sends to applicants (functions/account/messages.py, its
CustomMessage trigger): in the applicant's language, with the code where Cognito puts it,
and nothing changed for the emails our pool does not send."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from gerbang import config
from gerbang.i18n import t


@pytest.fixture(scope="module")
def trigger() -> Iterator[Any]:
    # Imported as Lambda would (its settings started from the environment), then forgotten:
    # the integration tests start every function's settings themselves.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", "https://visa.example.test")
        patch.setattr(config, "_started", {})
        yield importlib.import_module("account.messages")
        sys.modules.pop("account.messages", None)


def _event(source: str, locale: str | None) -> dict[str, Any]:
    attributes = {"email": "siti@example.com", "email_verified": "false"}
    if locale is not None:
        attributes["locale"] = locale
    return {"version": "1", "triggerSource": source, "region": "us-east-1",
            "userPoolId": "us-east-1_x", "userName": "0b1c-uuid",
            "callerContext": {"awsSdkVersion": "x", "clientId": "c"},
            "request": {"userAttributes": attributes, "codeParameter": "{####}",
                        "usernameParameter": None, "clientMetadata": {}},
            "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None}}


class Context:
    function_name, memory_limit_in_mb, invoked_function_arn, aws_request_id = (
        "AccountMessagesFunction", 512, "arn:aws:lambda:us-east-1:1:function:x", "r")


@pytest.mark.parametrize(("source", "purpose"), [
    ("CustomMessage_SignUp", "sign_up"), ("CustomMessage_ResendCode", "sign_up"),
    ("CustomMessage_Authentication", "sign_in")])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_code_email_is_in_the_applicant_s_language(trigger, source, purpose, lang):
    answer = trigger.handler(_event(source, lang), Context())["response"]
    assert answer["emailSubject"] == t(lang, f"account.email.{purpose}.subject")
    html = answer["emailMessage"]
    # Cognito replaces the parameter with the code: it must be there, exactly once, as sent.
    assert html.count("{####}") == 1
    assert html.startswith(f'<!doctype html><html lang="{lang}">')
    assert f"https://visa.example.test{'/' if lang == 'en' else '/id/'}account/" in html
    assert t(lang, "account.email.footer", link="", authority="").split("\n")[1] in html


def test_an_unknown_or_missing_locale_is_english(trigger):
    for locale in (None, "xx", ""):
        answer = trigger.handler(_event("CustomMessage_Authentication", locale), Context())
        assert answer["response"]["emailSubject"] == t("en", "account.email.sign_in.subject")


def test_other_messages_keep_cognito_s_own_text(trigger):
    event = _event("CustomMessage_ForgotPassword", "id")
    assert trigger.handler(event, Context())["response"]["emailMessage"] is None
