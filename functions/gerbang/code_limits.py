"""How many codes may be emailed about one thing in an hour: sign-in codes to an address,
new access codes for an application. Counted per hour in the table under a hash (the
address itself is not kept), the same for things that exist and things that do not, so
the limit says nothing about which is which."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from gerbang import store
from gerbang.clock import now
from gerbang.errors import DomainError

MAX_CODES_PER_HOUR = 5


class TooManyCodes(DomainError):
    status = 429
    code = "too_many_codes"


def count_code(subject: str) -> None:
    """Count one more code about `subject`; TooManyCodes past the hour's limit."""
    at = now()
    window = at.strftime("%Y%m%d%H")
    expiration = int((at + timedelta(days=1)).timestamp())
    subject_hash = hashlib.sha256(subject.encode()).hexdigest()
    if store.count_code_request(subject_hash, window, expiration) > MAX_CODES_PER_HOUR:
        raise TooManyCodes()
