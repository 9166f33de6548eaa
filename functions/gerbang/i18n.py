"""Languages and every string an applicant meets outside the site's Markdown pages.

Messages live in `messages/<lang>.yaml`, one file per language with the same keys; a unit
test fails when a key is missing from any language. Handlers never build user-facing text
themselves: they pass a message key and its parameters here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES: tuple[str, ...] = ("en", "id")
DEFAULT_LANGUAGE = "en"
_MESSAGES_DIR = Path(__file__).with_name("messages")


@cache
def messages(lang: str) -> dict[str, str]:
    with (_MESSAGES_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def t(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang` (English if the language is unknown), with `params`."""
    table = messages(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    text = table.get(key) or messages(DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


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
                quality = 0.0
        if quality > best_q:
            best, best_q = code, quality
    return best


def site_path(lang: str, page: str = "") -> str:
    """Path of a built site page in `lang`: English sits at the root, others under /<lang>/."""
    prefix = "/" if lang == DEFAULT_LANGUAGE else f"/{lang}/"
    return prefix + (page.strip("/") + "/" if page else "")


def format_money(amount: int, currency: str, lang: str) -> str:
    """`Rp500.000` in Indonesian, `IDR 500,000` in English. IDR has no minor unit."""
    grouped = f"{amount:,}"
    if lang == "id":
        return ("Rp" if currency == "IDR" else currency + " ") + grouped.replace(",", ".")
    return f"{currency} {grouped}"
