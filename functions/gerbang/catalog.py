"""The service catalog (catalog.yaml) as typed objects: the one source for services,
required documents, fees and processing times. The site's tables and the functions'
validation and pricing both read it through this module."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from gerbang.i18n import LANGUAGES

_HERE = Path(__file__).parent
CATALOG_PATH = _HERE / "catalog.yaml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Localized(_Frozen):
    """A text in every supported language."""

    en: str
    id: str

    def __call__(self, lang: str) -> str:
        return getattr(self, lang if lang in LANGUAGES else "en")


class DocumentKind(_Frozen):
    kind: str
    names: Localized
    hint: Localized
    accepted: tuple[str, ...]
    max_bytes: PositiveInt
    min_width: PositiveInt
    min_height: PositiveInt


class Fee(_Frozen):
    amount: int = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class Processing(_Frozen):
    hours: PositiveInt | None = None
    working_days: PositiveInt | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Processing:
        if (self.hours is None) == (self.working_days is None):
            raise ValueError("processing needs exactly one of hours or working_days")
        return self


class Service(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    names: Localized
    summary: Localized
    travel: bool
    passport_validity_months: int = 0
    max_days_before_arrival: int | None = None
    nationalities: tuple[str, ...] = ()
    excluded_nationalities: tuple[str, ...] = ()
    documents: tuple[str, ...]
    fee: Fee
    processing: Processing


class Authority(_Frozen):
    name: Localized
    email: str


class Catalog(_Frozen):
    authority: Authority
    document_kinds: dict[str, DocumentKind]
    services: tuple[Service, ...]

    @model_validator(mode="before")
    @classmethod
    def _name_kinds(cls, data: dict) -> dict:
        kinds = data.get("document_kinds") or {}
        data["document_kinds"] = {k: {"kind": k, **v} for k, v in kinds.items()}
        return data

    @model_validator(mode="after")
    def _documents_exist(self) -> Catalog:
        for service in self.services:
            unknown = set(service.documents) - set(self.document_kinds)
            if unknown:
                raise ValueError(f"{service.id} requires unknown documents {sorted(unknown)}")
        return self

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def required_documents(self, service: Service) -> list[DocumentKind]:
        return [self.document_kinds[k] for k in service.documents]


@cache
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Catalog.model_validate(raw)


@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-3 code -> name per language (data/countries.json)."""
    return json.loads((_HERE / "data" / "countries.json").read_text(encoding="utf-8"))
