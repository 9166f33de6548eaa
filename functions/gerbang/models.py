"""The API's small inputs as pydantic models, the base every input shares, and the
translation of pydantic's errors into our stable field error codes. JSON bodies and plain
form posts go through the same models: forms send strings, empty fields and an `on`
checkbox. The application itself is in `application_input.py`: only submit builds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_core.core_schema import ErrorType

from gerbang.errors import FieldError, InvalidInput
from gerbang.i18n import LANGUAGES

Language = Literal[LANGUAGES]  # type: ignore[valid-type]  (known at import)
# Topics a question to an officer can be about (forms.py offers them, in this order).
TOPICS = ("visa", "stay_permit", "passport", "documents", "payment", "other")
# The address syntax browsers accept for <input type=email> (WHATWG), plus a dot in the
# domain. email-validator would add IDN handling but costs ~30 ms of every cold start.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("invalid_email", "not an email address")
    return value


Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254),
                  AfterValidator(_email)]
M = TypeVar("M", bound=BaseModel)


class InputModel(BaseModel):
    # Forms carry extra fields (language, the submit button); they are not errors.
    # defer_build: each function builds only the models it uses (see `prepare`), not all.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: object) -> object:
        # An empty form field is an unanswered question: "required" if it must be answered,
        # the default if not.
        if isinstance(data, dict):
            return {k: v for k, v in data.items()
                    if not (v is None or (isinstance(v, str) and not v.strip()))}
        return data


class AccessInput(InputModel):
    """Reference and access code, as a no-JS form or a JSON body sends them."""

    reference: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    access_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    language: Language | None = None


class CodeInput(InputModel):
    """A step on an application the path names: a plain form sends the access code here
    (script sends it in the X-Access-Code header)."""

    access_code: Annotated[str, StringConstraints(max_length=64)] | None = None
    language: Language | None = None


class UploadRequest(CodeInput):
    kind: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    content_type: Annotated[str, StringConstraints(to_lower=True, max_length=100)]
    size_bytes: int = Field(gt=0)
    file_name: Annotated[str, StringConstraints(max_length=200)] | None = None


class PaymentRequest(CodeInput):
    # Which methods exist, and which this office's provider offers, is the catalog's to say
    # (payments.start answers method_not_offered).
    method: Annotated[str, StringConstraints(min_length=1, max_length=40)]


class EmailInput(InputModel):
    """An address to send a sign-in code to; on a shared device the sign-in ends with the
    browser (no kept sign-in)."""

    email: Email
    shared_device: bool = False
    language: Language | None = None


def _digits(value: str) -> str:
    # People copy codes with spaces or dashes ("1234 5678"): only the digits count.
    digits = "".join(ch for ch in value if ch.isdigit())
    if not 6 <= len(digits) <= 8 or len(digits) < len(value.replace(" ", "").replace("-", "")):
        raise PydanticCustomError("code_wrong", "not a code we send")
    return digits


class SignInInput(EmailInput):
    """The code from the email, and what the code form carries back: which step it is
    (a new account or a sign-in) and Cognito's session for it."""

    code: Annotated[str, StringConstraints(max_length=20), AfterValidator(_digits)]
    flow: Literal["sign_up", "sign_in"]
    session: Annotated[str, StringConstraints(max_length=4096)] = ""


class NewCodeInput(InputModel):
    """A reference whose access code was lost."""

    reference: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    language: Language | None = None


def ticked(code: str) -> Any:
    """A box that must be ticked (`code`: the field error when it is not). Give it the
    default False with validate_default: an unticked box is no field at all in a form."""
    def check(value: bool) -> bool:
        if not value:
            raise PydanticCustomError(code, "the box was not ticked")
        return value
    return AfterValidator(check)


class DeleteAccountInput(InputModel):
    """Deleting an account is said twice: the button and this box."""

    confirm: Annotated[bool, ticked("confirm_required")] = Field(False, validate_default=True)
    language: Language | None = None


Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class PasswordSignInInput(EmailInput):
    password: Password


class SetPasswordInput(InputModel):
    # Cognito's pool policy (template.yaml) decides the rest; 10 is its minimum length.
    new_password: Annotated[str, StringConstraints(min_length=10, max_length=256)]
    current_password: Password | None = None
    language: Language | None = None


class DraftInput(InputModel):
    """The answers typed so far, field by field, as the script sends them."""

    values: dict[Annotated[str, StringConstraints(max_length=40)],
                 Annotated[str, StringConstraints(max_length=2000)]] = Field(max_length=40)


class LinkInput(AccessInput):
    """A guest's application or question, to link to the signed-in account."""


# pydantic's own error types -> our field error code (and message key `field.<code>`).
_CODES = {
    "missing": "required",
    "string_too_short": "too_short",
    "string_too_long": "too_long",
    "string_pattern_mismatch": "invalid_format",
    "date_from_datetime_parsing": "invalid_date",
    "date_parsing": "invalid_date",
    "date_type": "invalid_date",
    "bool_parsing": "invalid_choice",
    "literal_error": "invalid_choice",
    "int_parsing": "invalid_number",
    "greater_than": "invalid_number",
    "greater_than_equal": "invalid_number",
    "less_than_equal": "invalid_number",
    "json_invalid": "invalid_json",
    "model_type": "invalid_json",
}
# Our own rules raise PydanticCustomError(<field code>, <English, for logs>): the code
# travels as the error's type and is taken as it is. A pydantic type _CODES lacks
# ("value_error" from a plain ValueError among them) is "invalid"; no message is ever read.
_PYDANTIC_TYPES = frozenset(get_args(ErrorType))


def field_errors(error: ValidationError) -> list[FieldError]:
    return problems(error.errors(include_url=False, include_input=False))


# Where Powertools' validation says an error was: the part of the request, then the field.
_PLACES = ("body", "path", "query", "header", "cookie")


def problems(items: Sequence[Any]) -> list[FieldError]:
    """pydantic's (or Powertools') error items as our field errors, one per field."""
    found: list[FieldError] = []
    for item in items:
        loc = list(item.get("loc") or ())
        if len(loc) > 1 and loc[0] in _PLACES:
            loc = loc[1:]
        name = str(loc[0]) if loc else "body"
        kind = item["type"]
        code = _CODES.get(kind) or ("invalid" if kind in _PYDANTIC_TYPES else kind)
        if not any(e.field == name for e in found):  # one message per field is enough
            found.append(FieldError(name, code))
    return found


def well_formed(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """The fields of `data` that are valid on their own, validated one by one: what the
    rules can still speak about when other fields are wrong."""
    probe = model.model_construct()
    good: dict[str, Any] = {}
    for name in model.model_fields:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            model.__pydantic_validator__.validate_assignment(probe, name, value)
        except ValidationError:
            continue
        good[name] = getattr(probe, name)
    return good


def prepare(*models: type[BaseModel]) -> None:
    """Build the validators of the models a function uses, at import: Lambda's init phase
    is the place for it, and the first request should not pay."""
    for model in models:
        model.model_rebuild(force=True)


def parse(model: type[M], data: object) -> M:
    """Validate `data` into `model`, raising InvalidInput with our field codes."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(field_errors(error)) from None


class DecisionInput(InputModel):
    decision: Literal["approve", "reject", "request_info"]
    reason: Annotated[str, StringConstraints(max_length=2000)] = ""
    expected_version: int = Field(ge=1)


class ConsultationInput(InputModel):
    topic: str
    question: Annotated[str, StringConstraints(min_length=10, max_length=2000)]
    email: Email
    language: Language = "en"
    application_reference: Annotated[str, StringConstraints(max_length=20)] | None = None
    # validate_default: an unticked box is not sent at all, and must still be refused.
    consent: Annotated[bool, ticked("consent_required")] = Field(False, validate_default=True)

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str) -> str:
        if value not in TOPICS:
            raise PydanticCustomError("invalid_choice", "not one of the topics")
        return value


class AnswerInput(InputModel):
    answer: Annotated[str, StringConstraints(max_length=4000)] = ""
    expected_version: int = Field(ge=1)


class AssistantInput(InputModel):
    # A question, not a letter: longer text belongs in the form to an officer.
    question: Annotated[str, StringConstraints(min_length=3, max_length=300)]
    language: Language | None = None
