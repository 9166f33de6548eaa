"""The service catalog as typed objects: the one source for services, required documents,
fees and processing times. The site's tables and the functions' validation and pricing
both read it through this module.

Operators edit `catalog.yaml`; `make` compiles it to `data/catalog.json`, which is what runs
(PyYAML and pydantic model building would cost every cold start ~40 ms). The file is
checked here, on load, with plain code: a mistake stops the cold start with its path.

The objects are plain dataclasses, not frozen ones: a frozen dataclass costs ~1 ms of cold
start each to build. They are shared by every request of a warm function, so nothing may
change them.
"""

from __future__ import annotations

import json
import re
from dataclasses import MISSING, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from gerbang.i18n import LANGUAGES

_HERE = Path(__file__).parent
CATALOG_SOURCE = _HERE / "catalog.yaml"
CATALOG_PATH = _HERE / "data" / "catalog.json"
_SERVICE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class CatalogError(ValueError):
    """The catalog breaks a rule; the message names the place."""


@dataclass(repr=False)
class Localized:
    """A text in every supported language (English for a language the text lacks)."""

    texts: dict[str, str]

    def __call__(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["en"]


@dataclass(repr=False)
class DocumentKind:
    kind: str
    names: Localized
    hint: Localized
    accepted: tuple[str, ...]
    max_bytes: int
    min_width: int
    min_height: int
    # Read the passport's machine-readable zone and compare it with the form.
    machine_readable_zone: bool = False
    # What an officer at the counter checks on a portrait: the thresholds
    # gerbang.photo_checks.PhotoRules reads (None: not a portrait).
    portrait: dict[str, Any] | None = None


@dataclass(repr=False)
class Fee:
    amount: int  # whole units: IDR has no minor unit
    currency: str

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "currency": self.currency}


@dataclass(repr=False)
class Processing:
    hours: int | None = None
    working_days: int | None = None


@dataclass(repr=False)
class Service:
    id: str
    names: Localized
    summary: Localized
    travel: bool
    documents: tuple[str, ...]
    fee: Fee
    processing: Processing
    passport_validity_months: int = 0
    max_days_before_arrival: int | None = None
    nationalities: tuple[str, ...] = ()
    excluded_nationalities: tuple[str, ...] = ()


@dataclass(repr=False)
class PaymentMethod:
    method: str
    surcharge_percent: float
    providers: dict[str, tuple[str, ...]]

    def surcharge(self, amount: int) -> int:
        """Whole units, rounded up: a surcharge is never a fraction of a rupiah."""
        return -(-round(amount * self.surcharge_percent * 100) // 10000)


@dataclass(repr=False)
class Payments:
    window_hours: int
    methods: dict[str, PaymentMethod]

    def offered_by(self, provider: str) -> list[PaymentMethod]:
        return [m for m in self.methods.values() if m.providers.get(provider)]


@dataclass(repr=False)
class Authority:
    name: Localized
    email: str


@dataclass(repr=False)
class Retention:
    """How long records are kept (the privacy page says the same; the account's "my data"
    and "delete my account" pages quote it)."""

    decided_application_years: int
    documents_after_decision_days: int
    payment_years: int
    unfinished_application_days: int
    draft_days: int


@dataclass(repr=False)
class Catalog:
    authority: Authority
    document_kinds: dict[str, DocumentKind]
    services: tuple[Service, ...]
    payments: Payments
    retention: Retention

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def required_documents(self, service: Service) -> list[DocumentKind]:
        return [self.document_kinds[k] for k in service.documents]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Catalog:
        return _Reader().catalog(raw)


class _Reader:
    """Builds the objects from plain data, refusing anything the catalog must not say."""

    def _record(self, cls: type, raw: Any, where: str, **built: Any) -> Any:
        if not isinstance(raw, dict):
            raise CatalogError(f"{where}: expected a mapping")
        names = {f.name for f in fields(cls)}
        unknown = set(raw) - names
        if unknown:
            raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
        values = {**{k: v for k, v in raw.items() if k not in built}, **built}
        missing = {f.name for f in fields(cls) if f.name not in values
                   and f.default is MISSING and f.default_factory is MISSING}
        if missing:
            raise CatalogError(f"{where}: missing {sorted(missing)}")
        return cls(**values)

    @staticmethod
    def _whole(value: Any, where: str, minimum: int) -> int:
        if type(value) is not int or value < minimum:
            raise CatalogError(f"{where}: expected a whole number >= {minimum}")
        return value

    @staticmethod
    def _mapping(raw: Any, where: str) -> dict[str, Any] | None:
        if raw is not None and not isinstance(raw, dict):
            raise CatalogError(f"{where}: expected a mapping")
        return raw

    def _text(self, raw: Any, where: str) -> Localized:
        # A language may have texts here before its messages are compiled (`make translate`
        # writes both): more languages than LANGUAGES is fine, fewer is not.
        if not isinstance(raw, dict) or not set(LANGUAGES) <= set(raw) or not all(
                isinstance(v, str) and v.strip() for v in raw.values()):
            raise CatalogError(f"{where}: needs a text in each of {list(LANGUAGES)}")
        return Localized(raw)

    def _kind(self, kind: str, raw: dict[str, Any]) -> DocumentKind:
        where = f"document_kinds.{kind}"
        return self._record(
            DocumentKind, raw, where, kind=kind,
            names=self._text(raw.get("names"), f"{where}.names"),
            hint=self._text(raw.get("hint"), f"{where}.hint"),
            accepted=tuple(raw.get("accepted") or ()),
            machine_readable_zone=raw.get("machine_readable_zone") is True,
            portrait=self._mapping(raw.get("portrait"), f"{where}.portrait"),
            **{k: self._whole(raw.get(k), f"{where}.{k}", 1)
               for k in ("max_bytes", "min_width", "min_height")})

    def _service(self, raw: dict[str, Any], kinds: dict[str, DocumentKind]) -> Service:
        where = f"services.{raw.get('id', '?')}"
        if not isinstance(raw.get("id"), str) or not _SERVICE_ID.match(raw["id"]):
            raise CatalogError(f"{where}: id must be lower-case letters, digits and dashes")
        fee_raw = raw.get("fee") or {}
        if not isinstance(fee_raw.get("currency"), str) or not _CURRENCY.match(
                fee_raw["currency"]):
            raise CatalogError(f"{where}.fee.currency: expected an ISO 4217 code")
        fee = self._record(Fee, fee_raw, f"{where}.fee",
                           amount=self._whole(fee_raw.get("amount"), f"{where}.fee.amount", 0))
        processing = self._record(Processing, raw.get("processing"), f"{where}.processing")
        units = [v for v in (processing.hours, processing.working_days) if v is not None]
        if len(units) != 1:
            raise CatalogError(f"{where}.processing: exactly one of hours or working_days")
        self._whole(units[0], f"{where}.processing", 1)
        documents = tuple(raw.get("documents") or ())
        unknown = set(documents) - set(kinds)
        if unknown:
            raise CatalogError(f"{where}: requires unknown documents {sorted(unknown)}")
        return self._record(
            Service, raw, where, names=self._text(raw.get("names"), f"{where}.names"),
            summary=self._text(raw.get("summary"), f"{where}.summary"), fee=fee,
            processing=processing, documents=documents,
            nationalities=tuple(raw.get("nationalities", ())),
            excluded_nationalities=tuple(raw.get("excluded_nationalities", ())))

    def _payments(self, raw: Any) -> Payments:
        if not isinstance(raw, dict):
            raise CatalogError("payments: expected a mapping")
        methods = {}
        for name, spec in (raw.get("methods") or {}).items():
            where = f"payments.methods.{name}"
            if not isinstance(spec, dict):
                raise CatalogError(f"{where}: expected a mapping")
            percent = spec.get("surcharge_percent", 0)
            if type(percent) not in (int, float) or not 0 <= percent <= 10:
                raise CatalogError(f"{where}.surcharge_percent: expected 0 to 10")
            providers = spec.get("providers") or {}
            if not isinstance(providers, dict) or not all(
                    isinstance(v, list) and v for v in providers.values()):
                raise CatalogError(f"{where}.providers: each provider needs a list of names")
            methods[name] = self._record(
                PaymentMethod, spec, where, method=name, surcharge_percent=percent,
                providers={k: tuple(v) for k, v in providers.items()})
        if not methods:
            raise CatalogError("payments.methods: at least one method")
        return self._record(Payments, raw, "payments", methods=methods,
                            window_hours=self._whole(raw.get("window_hours"),
                                                     "payments.window_hours", 1))

    def catalog(self, raw: dict[str, Any]) -> Catalog:
        kinds = {k: self._kind(k, v) for k, v in (raw.get("document_kinds") or {}).items()}
        services = tuple(self._service(s, kinds) for s in raw.get("services") or ())
        authority_raw = raw.get("authority") or {}
        authority = self._record(Authority, authority_raw, "authority",
                                 name=self._text(authority_raw.get("name"), "authority.name"))
        retention_raw = raw.get("retention") or {}
        retention = self._record(Retention, retention_raw, "retention", **{
            f.name: self._whole(retention_raw.get(f.name), f"retention.{f.name}", 1)
            for f in fields(Retention)})
        return self._record(Catalog, raw, "catalog", authority=authority,
                            document_kinds=kinds, services=services,
                            payments=self._payments(raw.get("payments")),
                            retention=retention)


@cache
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    return Catalog.from_dict(json.loads(path.read_text(encoding="utf-8")))


@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-3 code -> name per language (data/countries.json)."""
    return json.loads((_HERE / "data" / "countries.json").read_text(encoding="utf-8"))
