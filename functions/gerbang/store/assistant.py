"""The assistant's gaps: per language and day, how many questions it could not answer,
and how many of those held each known word. Counts only: no question is ever stored."""

from __future__ import annotations

from gerbang import clock
from gerbang.store.table import query, update, write

UNANSWERED_DAYS_KEPT = 400


def _unanswered_pk(lang: str, date: str) -> str:
    return f"ASSISTANT#{lang}#{date}"


def count_unanswered(lang: str, date: str, words: list[str]) -> None:
    expires = int(clock.now().timestamp()) + UNANSWERED_DAYS_KEPT * 86400
    for word in ["", *words]:
        write(update({"pk": _unanswered_pk(lang, date), "sk": f"WORD#{word}"},
                     "ADD questions :one SET expiration = :expires",
                     values={":one": 1, ":expires": expires}))


def unanswered_counts(lang: str, date: str) -> dict[str, int]:
    """Word -> unanswered questions that day ("" -> all of them)."""
    found = query(KeyConditionExpression="pk = :pk",
                  ExpressionAttributeValues={":pk": _unanswered_pk(lang, date)})
    return {item["sk"].removeprefix("WORD#"): int(item["questions"]) for item in found}
