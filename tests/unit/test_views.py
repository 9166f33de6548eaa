"""Labels an applicant sees, built from the catalog in their language."""

from __future__ import annotations

import pytest
from gerbang.catalog import Processing, load_catalog
from gerbang.i18n import t
from gerbang.views import fee_view, processing_time


def test_processing_time_in_hours_and_working_days():
    catalog = load_catalog()
    voa = catalog.service("visa-on-arrival")
    visit = catalog.service("visit-visa")
    assert processing_time(voa, "en") == t("en", "processing.hours", n=voa.processing.hours)
    assert processing_time(voa, "id") == f"dalam {voa.processing.hours} jam"
    assert processing_time(visit, "id") == \
        f"sekitar {visit.processing.working_days} hari kerja"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_service_has_a_processing_time(lang):
    for service in load_catalog().services:
        text = processing_time(service, lang)
        number = service.processing.hours or service.processing.working_days
        assert str(number) in text and "{" not in text


def test_processing_model_takes_one_unit():
    assert Processing(hours=24).working_days is None


@pytest.mark.parametrize(("lang", "display"), [("id", "Rp1.500.000"), ("en", "IDR 1,500,000")])
def test_fee_view(lang, display):
    assert fee_view(1500000, "IDR", lang) == {"amount": 1500000, "currency": "IDR",
                                              "display": display}
