"""Every input the API accepts, as pydantic models, and the translation of pydantic's
errors into our stable field error codes. JSON bodies and plain form posts go through the
same models: forms send strings, empty fields and an `on` checkbox, so blanks become None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from gerbang.catalog import countries, load_catalog
from gerbang.errors import FieldError, InvalidInput

# Between letters, real names carry spaces, hyphens, apostrophes and dots.
_NAME_JOINERS = frozenset(" '’.-")
# The address syntax browsers accept for <input type=email> (WHATWG), plus a dot in the
# domain. email-validator would add IDN handling but costs ~30 ms of every cold start.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)]
Language = Literal["en", "id"]
M = TypeVar("M", bound=BaseModel)
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


def _is_name(value: str) -> bool:
    if not value or unicodedata.category(value[0])[0] != "L":
        return False
    return all(unicodedata.category(ch)[0] in "LM" or ch in _NAME_JOINERS for ch in value)


class _Input(BaseModel):
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


class ApplicationInput(_Input):
    service: str
    language: Language = "en"
    given_names: Name
    family_name: Name | None = None  # many Indonesians have a single name
    date_of_birth: date
    nationality: Annotated[str, StringConstraints(to_upper=True)]
    passport_number: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{6,9}$")] | None = None
    passport_expiry: date | None = None
    arrival_date: date | None = None
    email: Email
    consent: bool = False

    @field_validator("given_names", "family_name")
    @classmethod
    def _looks_like_a_name(cls, value: str | None) -> str | None:
        # Letters of any script with their combining marks (Devanagari, Thai, decomposed
        # Vietnamese); digits and symbols are typos.
        if value is not None and not _is_name(value):
            raise ValueError("name")
        return value

    @field_validator("passport_number", mode="before")
    @classmethod
    def _passport_as_printed(cls, value: object) -> object:
        # People type it in lower case or with the spaces some passports print.
        return "".join(value.split()).upper() if isinstance(value, str) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("email")
        return value

    @field_validator("service")
    @classmethod
    def _known_service(cls, value: str) -> str:
        if load_catalog().service(value) is None:
            raise ValueError("unknown_service")
        return value

    @field_validator("nationality")
    @classmethod
    def _iso_alpha3(cls, value: str) -> str:
        if value not in countries():
            raise ValueError("unknown_country")
        return value


class AccessInput(_Input):
    """Reference and access code, as a no-JS form or a JSON body sends them."""

    reference: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    access_code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    language: Language | None = None


class UploadRequest(_Input):
    kind: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    content_type: Annotated[str, StringConstraints(to_lower=True, max_length=100)]
    size_bytes: int = Field(gt=0)
    file_name: Annotated[str, StringConstraints(max_length=200)] | None = None


class PaymentRequest(_Input):
    method: Literal["card", "bank_transfer", "ewallet", "qris"]


# pydantic error type -> our field error code (and message key `field.<code>`).
_CODES = {
    "missing": "required",
    "string_too_short": "required",
    "string_too_long": "too_long",
    "string_pattern_mismatch": "invalid_format",
    "date_from_datetime_parsing": "invalid_date",
    "date_parsing": "invalid_date",
    "date_type": "invalid_date",
    "bool_parsing": "invalid_choice",
    "literal_error": "invalid_choice",
    "int_parsing": "invalid_number",
    "greater_than": "invalid_number",
    "json_invalid": "invalid_json",
    "model_type": "invalid_json",
}
_VALUE_ERRORS = {"name": "invalid_name", "email": "invalid_email",
                 "unknown_service": "unknown_service", "unknown_country": "unknown_country"}


def field_errors(error: ValidationError) -> list[FieldError]:
    found: list[FieldError] = []
    for item in error.errors(include_url=False, include_input=False):
        name = str(item["loc"][0]) if item["loc"] else "body"
        kind = item["type"]
        if kind == "value_error":
            message = str(item.get("ctx", {}).get("error", ""))
            code = _VALUE_ERRORS.get(message, "invalid")
        else:
            code = _CODES.get(kind, "invalid")
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
