"""Application references and access codes.

A reference is what people read aloud and type on a phone: 8 characters from an alphabet
without look-alikes (no 0/O, 1/I/L, U), the last one a check character so a typo is caught
before a lookup. It is not a secret. The access code is: 128 random bits, shown once and
stored only as a SHA-256 hash (a fast hash is enough for a uniformly random 128-bit secret).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_BODY = 7
T = TypeVar("T")


def _check_char(body: str) -> str:
    # Luhn mod N: catches every single-character typo and most adjacent swaps.
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY))
    ref = body + _check_char(body)
    return f"{ref[:4]}-{ref[4:]}"


def normalize_reference(text: str) -> str | None:
    """The canonical `XXXX-XXXX` form of what someone typed, or None if it cannot be one."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != _BODY + 1 or any(ch not in ALPHABET for ch in raw):
        return None
    if _check_char(raw[:_BODY]) != raw[_BODY]:
        return None
    return f"{raw[:4]}-{raw[4:]}"


_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32


def new_access_code() -> str:
    """130 random bits as 26 Crockford base32 characters, grouped by 4 for reading."""
    value = secrets.randbits(130)
    chars = "".join(_CODE_ALPHABET[(value >> (5 * i)) & 31] for i in range(26))
    return "-".join(chars[i : i + 4] for i in range(0, 26, 4))


def _canonical_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    # Crockford's decoding rules forgive the usual misreadings.
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def hash_access_code(code: str) -> str:
    return hashlib.sha256(_canonical_code(code).encode()).hexdigest()


def access_code_matches(code: str, stored_hash: str | None) -> bool:
    # Hash even when there is nothing to compare with, so an unknown reference and a
    # wrong code take the same time.
    candidate = hash_access_code(code or "")
    return hmac.compare_digest(candidate, stored_hash or "0" * 64) and stored_hash is not None


def open_with_code(reference: str, access_code: str, load: Callable[[str], T | None],
                   code_hash: Callable[[T], str | None]) -> T | None:
    """What `load` finds for `reference` if `access_code` is its code, else None: an
    unknown reference and a wrong code look the same, and take the same time."""
    canonical = normalize_reference(reference)
    found = load(canonical) if canonical else None
    stored = code_hash(found) if found is not None else None
    return found if access_code_matches(access_code, stored) else None
