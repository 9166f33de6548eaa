"""Languages and every string an applicant meets outside the site's Markdown pages.

Messages are written in `messages/<lang>.yaml`, one file per language with the same keys
(a unit test fails when a key is missing from any language); `make` compiles them to
`data/messages.<lang>.json`, which is what runs. Handlers never build user-facing text
themselves: they pass a message key and its parameters here.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

DEFAULT_LANGUAGE = "en"
MESSAGES_SOURCE = Path(__file__).with_name("messages")
_COMPILED = Path(__file__).with_name("data")


def _compiled_languages() -> tuple[str, ...]:
    """A language exists when its messages do: adding one is `make translate LANG=xx`
    (which writes messages/xx.yaml) and `make data`, not an edit here."""
    found = sorted(p.name.split(".")[1] for p in _COMPILED.glob("messages.*.json"))
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


LANGUAGES: tuple[str, ...] = _compiled_languages()


@cache
def messages(lang: str) -> dict[str, str]:
    return json.loads((_COMPILED / f"messages.{lang}.json").read_text(encoding="utf-8"))


def t(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang` (English if the language is unknown), with `params`."""
    table = messages(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    text = table.get(key) or messages(DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def field_message(lang: str, field: str, code: str, params: dict[str, object]) -> str:
    """What to tell about `field`: `field.<code>.<field>` when a field needs its own
    wording, else `field.<code>`."""
    key = f"field.{code}.{field}"
    return t(lang, key if key in messages(lang) else f"field.{code}", **params)


def pick_language(explicit: str | None, accept_language: str | None) -> str:
    """The applicant's language: an explicit choice (form field, body), else the best
    match in Accept-Language, else English."""
    if explicit and explicit.strip().lower()[:2] in LANGUAGES:
        return explicit.strip().lower()[:2]
    best, best_q = DEFAULT_LANGUAGE, -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower()[:2]
        if code not in LANGUAGES:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue  # unreadable: ignore the entry
        if quality <= 0:
            continue  # q=0 means "not this language"
        if quality > best_q:
            best, best_q = code, quality
    return best


def site_path(lang: str, page: str = "") -> str:
    """Path of a built site page in `lang`: English sits at the root, others under /<lang>/."""
    prefix = "/" if lang == DEFAULT_LANGUAGE else f"/{lang}/"
    return prefix + (page.strip("/") + "/" if page else "")


def format_date(day: date, lang: str) -> str:
    """`7 December 2026`, `7 Desember 2026`: the month named in the language."""
    months = t(lang, "date.months").split(",")
    return f"{day.day} {months[day.month - 1].strip()} {day.year}"


def format_money(amount: int, currency: str, lang: str) -> str:
    """`Rp500.000` in Indonesian, `IDR 500,000` in English. IDR has no minor unit."""
    grouped = f"{amount:,}"
    if lang == "id":
        return ("Rp" if currency == "IDR" else currency + " ") + grouped.replace(",", ".")
    return f"{currency} {grouped}"
