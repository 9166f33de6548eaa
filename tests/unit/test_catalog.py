"""catalog.yaml loads into typed objects, and inconsistent catalogs are refused."""

from __future__ import annotations

import copy

import pytest
import yaml
from gerbang.catalog import CATALOG_SOURCE, Catalog, CatalogError, countries, load_catalog


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(CATALOG_SOURCE.read_text(encoding="utf-8"))


def test_the_catalog_loads():
    catalog = load_catalog()
    assert catalog.services and catalog.document_kinds
    assert {s.id for s in catalog.services} >= {"visa-on-arrival", "visit-visa", "passport"}


def test_service_ids_are_unique():
    ids = [s.id for s in load_catalog().services]
    assert len(ids) == len(set(ids))


def test_every_service_document_exists():
    catalog = load_catalog()
    for service in catalog.services:
        assert service.documents, service.id
        for kind in service.documents:
            assert kind in catalog.document_kinds, (service.id, kind)
        assert [d.kind for d in catalog.required_documents(service)] == list(service.documents)


def test_document_kinds_know_their_names():
    for name, kind in load_catalog().document_kinds.items():
        assert kind.kind == name
        assert set(kind.accepted) <= {"application/pdf", "image/jpeg", "image/png"}


def test_fees_are_whole_numbers(raw):
    for service in load_catalog().services:
        assert type(service.fee.amount) is int and service.fee.amount > 0, service.id
    for service in raw["services"]:
        assert type(service["fee"]["amount"]) is int, service["id"]


def test_a_fractional_fee_is_refused(raw):
    raw["services"][0]["fee"]["amount"] = 1500.5
    with pytest.raises(CatalogError):
        Catalog.from_dict(raw)


def test_travel_services_say_how_long_the_passport_must_last():
    for service in load_catalog().services:
        if service.travel:
            assert service.passport_validity_months > 0, service.id
            assert service.max_days_before_arrival, service.id


def test_nationality_rules_name_real_countries():
    known = countries()
    for service in load_catalog().services:
        for code in (*service.nationalities, *service.excluded_nationalities):
            assert code in known, (service.id, code)


def test_every_service_has_exactly_one_processing_unit():
    for service in load_catalog().services:
        p = service.processing
        assert (p.hours is None) != (p.working_days is None), service.id


def test_the_raw_file_validates_like_load_catalog(raw):
    assert Catalog.from_dict(raw) == load_catalog()


def test_an_unknown_document_kind_fails(raw):
    raw["services"][0]["documents"] = [*raw["services"][0]["documents"], "birth_certificate"]
    with pytest.raises(CatalogError, match="birth_certificate"):
        Catalog.from_dict(raw)


def test_both_hours_and_working_days_fails(raw):
    raw["services"][0]["processing"] = {"hours": 24, "working_days": 5}
    with pytest.raises(CatalogError, match="exactly one of hours or working_days"):
        Catalog.from_dict(raw)


def test_neither_hours_nor_working_days_fails(raw):
    raw["services"][0]["processing"] = {}
    with pytest.raises(CatalogError, match="exactly one of hours or working_days"):
        Catalog.from_dict(raw)


@pytest.mark.parametrize(("path", "value"), [
    (("services", 0, "id"), "Visit Visa"),  # id pattern
    (("services", 0, "fee", "currency"), "rupiah"),
    (("services", 0, "fee", "amount"), -1),
    (("services", 0, "surprise"), True),  # extra keys are refused
    (("document_kinds", "photo", "max_bytes"), 0),
    (("services", 0, "names"), {"en": "Only English"}),  # every language
])
def test_other_mistakes_fail(raw, path, value):
    target = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(CatalogError):
        Catalog.from_dict(copy.deepcopy(raw))


def test_localized_falls_back_to_english():
    service = load_catalog().service("visit-visa")
    assert service is not None
    assert service.names("fr") == service.names("en")
    assert service.names("id") != service.names("en")


def test_unknown_service_is_none():
    assert load_catalog().service("golden-visa") is None


def test_countries_have_both_languages():
    table = countries()
    assert "IDN" in table and "GBR" in table and "GB" not in table
    for code, names in table.items():
        assert len(code) == 3 and code.isupper()
        assert names["en"].strip() and names["id"].strip()
