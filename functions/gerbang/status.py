"""The application state machine: the statuses, the moves allowed between them, and the
status an application reaches from what is known about its documents and payment."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    DOCUMENTS_VERIFIED = "documents_verified"
    PAID = "paid"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    MORE_INFO = "more_info_requested"


# The names the domain reads them by.
SUBMITTED = Status.SUBMITTED
DOCUMENTS_VERIFIED = Status.DOCUMENTS_VERIFIED
PAID = Status.PAID
IN_REVIEW = Status.IN_REVIEW
APPROVED = Status.APPROVED
REJECTED = Status.REJECTED
MORE_INFO = Status.MORE_INFO

ALLOWED: dict[Status, frozenset[Status]] = {
    SUBMITTED: frozenset({DOCUMENTS_VERIFIED, PAID}),
    DOCUMENTS_VERIFIED: frozenset({IN_REVIEW}),
    PAID: frozenset({IN_REVIEW}),
    IN_REVIEW: frozenset({APPROVED, REJECTED, MORE_INFO}),
    MORE_INFO: frozenset({IN_REVIEW}),
    APPROVED: frozenset(),
    REJECTED: frozenset(),
}
STATUSES = tuple(ALLOWED)


def can_move(current: Status, target: Status) -> bool:
    return target in ALLOWED.get(current, frozenset())


def next_step(current: Status, documents_accepted: bool, paid: bool) -> Status | None:
    """The next status that what the applicant has done justifies, or None. Documents and
    payment may come in either order; review starts when both are in."""
    if current == SUBMITTED:
        return DOCUMENTS_VERIFIED if documents_accepted else PAID if paid else None
    if (current == DOCUMENTS_VERIFIED and paid) or (current == PAID and documents_accepted):
        return IN_REVIEW
    return None
