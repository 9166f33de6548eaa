"""Answers a valid application would give, relative to today so tests never age."""

from __future__ import annotations

from datetime import date, timedelta


def application(service: str = "visit-visa", language: str = "en", **changes: object
                ) -> dict[str, object]:
    today = date.today()
    answers: dict[str, object] = {
        "service": service,
        "language": language,
        "given_names": "Siti Aminah",
        "family_name": "Rahman",
        "date_of_birth": "1990-04-17",
        "nationality": "MYS",
        "passport_number": "A12345678",
        "passport_expiry": (today + timedelta(days=5 * 365)).isoformat(),
        "arrival_date": (today + timedelta(days=30)).isoformat(),
        "email": "siti@example.com",
        "consent": True,
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def as_form(answers: dict[str, object]) -> dict[str, str]:
    """The same answers as a browser without script posts them."""
    form = {k: str(v) for k, v in answers.items() if k != "consent"}
    if answers.get("consent"):
        form["consent"] = "on"
    return form
