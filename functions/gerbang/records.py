"""What we store, as pydantic models with their states as StrEnums: the seam between the
domain and DynamoDB. The store writes `record.stored()` and reads `Model.from_item(item)`;
nothing else knows the items' attribute names. Keys (pk, sk) and index attributes
(queue_status, outbox) are the store's business and are not fields here.

A field a step starts writing without saying so here fails the moment it is read back
(`extra="forbid"`), in the tests, not in an officer's queue a month later."""

from datetime import date
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from gerbang.status import Status

# The store's own attributes on an item: its keys and index attributes.
_STORE_ATTRIBUTES = frozenset({"pk", "sk", "queue_status", "outbox"})


class DocumentState(StrEnum):
    CHECKING = "checking"  # uploaded, its verification under way
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Scan(StrEnum):
    CLEAN = "clean"
    THREAT = "threat"
    UNSUPPORTED = "unsupported"
    NOT_SCANNED = "not_scanned"  # no scanner exists (the local stack): never "clean"


class PaymentState(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    EXPIRED = "expired"
    FAILED = "failed"


class ConsultationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class Stored(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, populate_by_name=True)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Self:
        return cls.model_validate({k: v for k, v in item.items()
                                   if k not in _STORE_ATTRIBUTES})

    def stored(self) -> dict[str, Any]:
        """The attributes to write: JSON-shaped (enums as their values), no empty ones."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Applicant(Stored):
    given_names: str
    family_name: str | None = None
    date_of_birth: date
    nationality: str
    passport_number: str | None = None
    passport_expiry: date | None = None
    arrival_date: date | None = None
    email: str


class Application(Stored):
    reference: str
    service: str
    language: str
    status: Status
    version: int = Field(ge=1)
    created_at: str
    updated_at: str
    access_code_hash: str
    fee_amount: int
    fee_currency: str
    applicant: Applicant
    consent_at: str
    open_payment: str | None = None


class Step(Stored):
    """One status change in the append-only history."""

    to: Status
    from_: Status | None = Field(default=None, alias="from")
    at: str
    by: str
    reason: str | None = None


class FieldReading(Stored):
    """One field of the passport's machine-readable zone beside the form's answer."""

    field: str  # number, surname, given_names, nationality, birth_date, expiry_date
    read: str | None = None
    typed: str | None = None
    match: bool | None = None  # None: not compared (nothing typed, or another script)


class PassportReading(Stored):
    """What the verifier read in the passport's machine-readable zone (TD3)."""

    found: bool  # the two lines were found and read
    valid: bool = False  # every check digit holds
    failed_checks: list[str] | None = None
    fields: list[FieldReading] | None = None
    # The catalog's validity rule applied to the expiry read, on the application's date.
    validity: str | None = None
    validity_params: dict[str, Any] | None = None


class FraudSignal(Stored):
    """Something officers should look at twice; never shown to the applicant."""

    code: str  # one of gerbang.fraud.CODES
    references: list[str] | None = None  # the other applications concerned
    params: dict[str, Any] | None = None


class Document(Stored):
    """The latest upload of one kind of document and what its checks found."""

    kind: str
    key: str
    size: int
    uploaded_at: str
    state: DocumentState
    reason: str | None = None
    reason_params: dict[str, Any] | None = None
    content_type: str | None = None
    sha256: str | None = None
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    scan: Scan | None = None
    signals: list[FraudSignal] | None = None
    passport: PassportReading | None = None
    # A portrait's measures (face size, position, sharpness, background) and the
    # perceptual hash of its face, compared with other applicants' photos.
    photo: dict[str, float] | None = None
    face_hash: str | None = None
    clean_key: str | None = None
    checked_at: str | None = None


class Payment(Stored):
    payment_id: str
    reference: str
    provider: str
    method: str
    amount: int
    surcharge: int
    currency: str
    state: PaymentState
    created_at: str
    expires_at: str
    checkout_url: str
    paid_at: str | None = None


class QuestionLink(Stored):
    """On an application: a question asked about it, and from which address."""

    question_reference: str
    email: str


class Consultation(Stored):
    reference: str
    topic: str
    question: str
    email: str
    language: str
    application_reference: str | None = None
    status: ConsultationStatus
    created_at: str
    updated_at: str
    version: int = Field(ge=1)
    access_code_hash: str
    answer: str | None = None
    answered_at: str | None = None
    answered_by: str | None = None


class EmailJob(Stored):
    """An email a stored step owes (the outbox), until the notifier has sent it."""

    job: str
    reference: str
    event: str
    params: dict[str, Any]
    created_at: str
    record: str = Field(description="APP or CONSULT: whose partition the job lives in.")


class AppliedEvent(Stored):
    """A provider's webhook event we applied: a replay of it changes nothing."""

    provider: str
    event_id: str
    payment_id: str
    received_at: str
    expiration: int


class AccountProfile(Stored):
    """An applicant's account (pk ACCOUNT#<sub>): who, in which language, since when. The
    account itself lives in the applicants' Cognito pool; this is what we hold beside it."""

    sub: str
    email: str
    language: str
    created_at: str
    signed_in_at: str


class AccountLink(Stored):
    """An application or a question that belongs to an account: made while signed in, or
    a guest's, linked once with its reference and access code."""

    kind: Literal["application", "consultation"]
    reference: str
    linked_at: str


class Draft(Stored):
    """A signed-in applicant's unsent answers to one form, saved as they type, to resume
    on any device; deleted by DynamoDB `expiration` days after the last change."""

    form: str
    values: dict[str, str]
    saved_at: str
    expiration: int


# The models a function reads and writes, for `gerbang.models.prepare` at its import:
# every function that opens an application needs the first; only the account function
# reads accounts (the others write a link with a plain put, built on first use).
MODELS: tuple[type[Stored], ...] = (Applicant, Application, Step, FieldReading,
                                    PassportReading, FraudSignal, Document, Payment,
                                    QuestionLink, Consultation, EmailJob, AppliedEvent)
ACCOUNT_MODELS: tuple[type[Stored], ...] = (AccountProfile, AccountLink, Draft)
