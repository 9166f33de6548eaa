"""What the API answers, as pydantic models: the views build them, the handlers send them,
and the OpenAPI document (`GET /api/openapi.json`) describes them. A field a view adds or
drops without saying so here fails at once (`extra="forbid"`), so the document cannot
drift from what is sent. Labels are already in the applicant's language."""



from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gerbang import records
from gerbang.records import Applicant, ConsultationStatus, PaymentState, Scan
from gerbang.status import Status as ApplicationStatus


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


# ---------------------------------------------------------------- errors
class FieldProblem(Answer):
    field: str = Field(description="The input field at fault (`body` for the whole body).")
    code: str = Field(description="A stable code, e.g. `required`, `invalid_email`.")
    message: str = Field(description="What to fix, in the request's language.")


class ErrorDetail(Answer):
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`.")
    message: str = Field(description="What happened and what to do, in the request's language.")
    fields: list[FieldProblem] | None = Field(
        default=None, exclude_if=lambda fields: fields is None,  # absent, not null
        description="For 422: every field in error, each with its message.")


class ErrorBody(Answer):
    """Every refusal, from our functions or from API Gateway itself."""

    error: ErrorDetail


# ---------------------------------------------------------------- shared pieces
class Fee(Answer):
    amount: int = Field(description="In the currency's smallest unit in use (rupiah).")
    currency: str
    display: str = Field(description="The amount written for the reader, e.g. `Rp500.000`.")


class RequiredDocument(Answer):
    kind: str
    name: str
    hint: str | None = None
    accepted: list[str] = Field(description="Accepted content types.")
    max_bytes: int
    min_width: int | None = None
    min_height: int | None = None


class ServiceName(Answer):
    id: str
    name: str


# ---------------------------------------------------------------- applicants
class Received(Answer):
    """A new application. `access_code` is shown this once: only its hash is kept."""

    reference: str
    access_code: str
    status: ApplicationStatus
    service: str
    language: str
    service_name: str
    fee: Fee
    processing_time: str
    required_documents: list[RequiredDocument]


class HistoryStep(Answer):
    status: ApplicationStatus
    label: str
    at: str


class DocumentView(RequiredDocument):
    state: records.DocumentState | Literal["missing"]
    state_label: str
    reason: str | None = None
    reason_message: str | None = None
    notes: list[str] = Field(default_factory=list, description="What the page read says "
                             "beside the form (not read, does not match, expires too soon), "
                             "in the applicant's language; an officer judges it.")
    replaceable: bool = Field(description="Whether a new upload of this kind is taken now.")
    uploaded_at: str | None = None
    scan: Scan | None = Field(default=None, description="`clean`, or `not_scanned` where no "
                                                       "malware scanner runs.")
    scan_label: str | None = None


class PaymentSummary(Answer):
    state: PaymentState | Literal["unpaid"]
    state_label: str
    method: str | None = None
    paid_at: str | None = None
    expires_at: str | None = None


class PaymentOption(Answer):
    method: str
    label: str
    fee: int
    surcharge: int
    amount: int
    currency: str
    display: str
    window_hours: int


class Receipt(Answer):
    reference: str
    payment_id: str
    amount: int
    currency: str
    display: str
    method: str
    method_label: str
    paid_at: str | None = None
    provider: str | None = None


class Consultation(Answer):
    reference: str
    topic: str
    topic_label: str
    question: str
    status: ConsultationStatus
    status_label: str
    asked_at: str
    answer: str | None = None
    answered_at: str | None = None


class StatusView(Answer):
    """An application as its applicant sees it."""

    reference: str
    service: ServiceName
    language: str
    status: ApplicationStatus
    status_label: str
    next_step: str
    processing_time: str
    submitted_at: str
    updated_at: str
    history: list[HistoryStep]
    documents: list[DocumentView]
    fee: Fee
    payment: PaymentSummary
    payment_options: list[PaymentOption]
    receipt: Receipt | None = None
    questions: list[Consultation]


class UploadForm(Answer):
    """A presigned S3 POST: send the file as multipart/form-data to `url` with `fields`."""

    url: str
    fields: dict[str, str]
    key: str
    expires_in: int


class Checkout(Answer):
    payment_id: str
    method: str
    amount: int
    currency: str
    expires_at: str
    checkout_url: str
    state: PaymentState


class WebhookReceipt(Answer):
    received: bool
    outcome: Literal["ignored", "unknown_payment", "expired", "failed", "paid",
                     "already_paid", "duplicate"]


class ConsultationAsked(Answer):
    """A new question. `access_code` is shown this once."""

    reference: str
    access_code: str
    status: ConsultationStatus


class AssistantLink(Answer):
    url: str
    label: str


class AssistantSection(Answer):
    page: str
    title: str
    url: str
    extract: str


class AssistantAnswer(Answer):
    language: str
    question: str
    confident: bool
    message: str
    answers: list[AssistantSection]
    consultation: AssistantLink


# ---------------------------------------------------------------- officers
class SignInConfig(Answer):
    client_id: str
    cognito_url: str = Field(description="Where the sign-in page sends its Cognito calls.")


class QueueRow(Answer):
    reference: str
    service: str
    status: ApplicationStatus
    status_label: str
    submitted_at: str
    updated_at: str
    name: str
    nationality: str | None = None
    version: int


class Queue(Answer):
    status: ApplicationStatus
    applications: list[QueueRow]


class Signal(Answer):
    code: str = Field(description="duplicate_file, passport_other_identity, "
                                  "same_face_other_applicant or mrz_check_digits.")
    references: list[str] = Field(description="The other applications concerned.")
    message: str


class ComparedField(Answer):
    field: str
    label: str
    read: str | None = Field(default=None, description="As the machine-readable zone says.")
    typed: str | None = Field(default=None, description="As the applicant answered.")
    match: bool | None = Field(default=None, description="None: not compared (nothing "
                               "typed, or a name typed in a script the zone cannot hold).")


class PassportCheck(Answer):
    found: bool = Field(description="The machine-readable zone was found and read.")
    valid: bool = Field(description="Every check digit holds.")
    failed_checks: list[str]
    fields: list[ComparedField]
    validity: str | None = None
    validity_message: str | None = None


class OfficerDocument(Answer):
    kind: str
    name: str
    state: records.DocumentState | Literal["missing"]
    reason: str | None = None
    reason_message: str | None = None
    scan: Scan | None = None
    signals: list[Signal] = Field(description="Fraud signals: for officers only.")
    passport: PassportCheck | None = None
    photo: dict[str, float] | None = Field(default=None, description="A portrait's "
                                           "measures: face size and position, sharpness, "
                                           "background.")
    sha256: str | None = None
    size: int | None = None
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    uploaded_at: str | None = None
    link: str | None = Field(default=None, description="A link to the clean copy that "
                                                       "lives five minutes.")


class OfficerPayment(Answer):
    payment_id: str
    method: str
    amount: int
    currency: str
    state: PaymentState
    provider: str | None = None
    created_at: str
    paid_at: str | None = None


class AuditStep(Answer):
    at: str
    by: str
    from_: ApplicationStatus | None = Field(default=None, alias="from")
    to: ApplicationStatus
    reason: str | None = None


class OfficerRecord(Answer):
    model_config = ConfigDict(extra="forbid", defer_build=True, populate_by_name=True)

    reference: str
    service: ServiceName
    status: ApplicationStatus
    status_label: str
    version: int
    language: str | None = None
    submitted_at: str
    updated_at: str
    applicant: Applicant
    documents: list[OfficerDocument]
    payments: list[OfficerPayment]
    history: list[AuditStep]


class OfficerConsultation(Consultation):
    language: str
    email: str
    application_reference: str | None = None
    version: int
    answered_by: str | None = None


class ConsultationQueue(Answer):
    status: ConsultationStatus
    consultations: list[OfficerConsultation]


class WordCount(Answer):
    word: str
    count: int


class DaySignals(Answer):
    date: str
    signals: int
    codes: dict[str, int]


class SignalCounts(Answer):
    days: int
    since: str
    counts: list[DaySignals] = Field(description="Days with signals, newest first.")


class LanguageGaps(Answer):
    unanswered: int
    words: list[WordCount]


class Unanswered(Answer):
    days: int
    since: str
    languages: dict[str, LanguageGaps]


# ---------------------------------------------------------------- accounts
class CodeSent(Answer):
    """A code is on its way to `email` (whether or not it had an account: the answer is
    the same). Send `flow` and `session` back with the code."""

    email: str
    flow: Literal["sign_up", "sign_in"]
    session: str
    shared_device: bool


class SignedIn(Answer):
    signed_in: Literal[True]
    shared_device: bool
    expires_in: int = Field(description="Seconds the access lasts (kept sign-ins renew it).")


class AccountApplication(Answer):
    reference: str
    service: ServiceName
    status: ApplicationStatus
    status_label: str
    next_step: str
    updated_at: str


class AccountConsultation(Answer):
    reference: str
    topic_label: str
    status: ConsultationStatus
    status_label: str
    asked_at: str


class AccountView(Answer):
    """What belongs to the signed-in applicant, newest first."""

    email: str
    applications: list[AccountApplication]
    consultations: list[AccountConsultation]


class SignedOut(Answer):
    signed_in: Literal[False]


class NewCodeRequested(Answer):
    """The same answer whether or not the reference exists."""

    message: str


class MyData(Answer):
    """Everything we hold about the signed-in applicant, as stored (access codes' hashes
    left out), and how long it is kept."""

    account: dict[str, Any]
    applications: list[dict[str, Any]]
    consultations: list[dict[str, Any]]
    drafts: list[dict[str, Any]]
    kept: str = Field(description="How long it is kept, in the request's language.")


class AccountDeleted(Answer):
    deleted: Literal[True]
    kept: str = Field(description="What stays, and for how long, in the request's language.")


class DraftView(Answer):
    """A form's unsent answers, kept for the account."""

    form: str
    values: dict[str, str]
    saved_at: str
    kept_until: str = Field(description="The day it is deleted if not changed again.")


class PasswordSet(Answer):
    password_set: Literal[True]
