"""The answers of an application, as the apply form and the JSON API send them. Kept apart
from the small inputs in `models.py` so that only the submit function builds this model."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated

from pydantic import StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from gerbang.catalog import countries, load_catalog
from gerbang.models import Email, InputModel, Language

# Between letters, real names carry spaces, hyphens, apostrophes and dots.
_NAME_JOINERS = frozenset(" '’.-")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


def _is_name(value: str) -> bool:
    if not value or unicodedata.category(value[0])[0] != "L":
        return False
    return all(unicodedata.category(ch)[0] in "LM" or ch in _NAME_JOINERS for ch in value)


class ApplicationInput(InputModel):
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
            raise PydanticCustomError("invalid_name", "not a name as a passport prints it")
        return value

    @field_validator("passport_number", mode="before")
    @classmethod
    def _passport_as_printed(cls, value: object) -> object:
        # People type it in lower case or with the spaces some passports print.
        return "".join(value.split()).upper() if isinstance(value, str) else value

    @field_validator("service")
    @classmethod
    def _known_service(cls, value: str) -> str:
        if load_catalog().service(value) is None:
            raise PydanticCustomError("unknown_service", "not a service of the catalog")
        return value

    @field_validator("nationality")
    @classmethod
    def _iso_alpha3(cls, value: str) -> str:
        if value not in countries():
            raise PydanticCustomError("unknown_country", "not an ISO 3166 alpha-3 code")
        return value
