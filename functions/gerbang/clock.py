"""Time, in one place so tests can pin it."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def timestamp(at: datetime | None = None) -> str:
    """ISO 8601 in UTC to the millisecond (of `at`, or now): sorts as text, reads as a date."""
    return (at or now()).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def today() -> date:
    return now().date()
