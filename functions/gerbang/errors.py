"""Domain errors. Each carries a stable machine-readable `code` (also its message key) and
the HTTP status it becomes; `gerbang.http` turns them into responses in one place."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldError:
    field: str
    code: str
    params: dict[str, object] = field(default_factory=dict)


class DomainError(Exception):
    status = 400
    code = "bad_request"
    retry_after: int | None = None  # seconds, sent as Retry-After: when to ask again

    def __init__(self, code: str | None = None, **params: object) -> None:
        self.code = code or self.code
        self.params = params
        super().__init__(self.code)


class InvalidInput(DomainError):
    """Input that fails validation; `fields` says which field and why."""

    status = 422
    code = "validation_failed"

    def __init__(self, fields: list[FieldError]) -> None:
        super().__init__()
        self.fields = fields


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unavailable(DomainError):
    """Something we depend on cannot be reached or read right now: the request may be fine
    and may succeed later. 503, so that a payment provider retries its notification and
    the officers' page keeps its session (it signs out on 401)."""

    status = 503
    code = "unavailable"


class Busy(DomainError):
    """The table refused for its rate, after every retry: nothing was written, so the same
    request can be sent again in a moment (a form keeps its answers)."""

    status = 429
    code = "busy"
    # A script or a client may try again itself: botocore has already waited a few seconds
    # for the table; a few more usually see it through. (People read "in a minute".)
    retry_after = 5
