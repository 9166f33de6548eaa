"""A CustomMessage trigger for the local Cognito's tests: the code email in the user's
language (the `locale` attribute), and every event it was given kept in `events`. Two made-up
locales misbehave on purpose: "xx-fails" raises, "xx-nocode" answers a text without the code."""

from __future__ import annotations

import copy
from typing import Any

events: list[dict[str, Any]] = []

TEXT = {"en": ("Your Gerbang code", "<p>Your code: {code}</p>"),
        "id": ("Kode Gerbang Anda", "<p>Kode Anda: {code}</p>")}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    events.append(copy.deepcopy(event))
    locale = event["request"]["userAttributes"].get("locale", "en")
    if locale == "xx-fails":
        raise RuntimeError("no text for xx-fails")
    subject, message = TEXT.get(locale, TEXT["en"])
    code = "" if locale == "xx-nocode" else event["request"]["codeParameter"]
    event["response"]["emailSubject"] = f"{subject} ({event['triggerSource']})"
    event["response"]["emailMessage"] = message.format(code=code)
    return event
