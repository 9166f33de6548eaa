"""Language choice, money and site paths."""

from __future__ import annotations

import pytest
from gerbang.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_money, pick_language, site_path


def test_languages():
    assert LANGUAGES == ("en", "id") and DEFAULT_LANGUAGE == "en"


@pytest.mark.parametrize(("explicit", "header", "expected"), [
    ("id", "en-GB,en;q=0.9", "id"),  # an explicit choice wins
    ("en", "id-ID,id;q=0.9", "en"),
    (" ID ", None, "id"),
    ("id-ID", None, "id"),
    ("fr", "id", "id"),  # an unsupported choice falls through to the header
    ("", "id", "id"),
    (None, None, "en"),
    (None, "", "en"),
])
def test_explicit_choice(explicit, header, expected):
    assert pick_language(explicit, header) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("id-ID,id;q=0.9,en;q=0.8", "id"),
    ("fr", "en"),
    ("fr-FR,fr;q=0.9", "en"),
    ("en-US,en;q=0.9,id;q=0.8", "en"),
    ("en;q=0.5,id;q=0.8", "id"),  # q-values, not order
    ("id;q=0.3, en;q=0.7", "en"),
    ("fr, id;q=0.2", "id"),
    ("ID", "id"),
    ("*", "en"),
    ("en,id", "en"),  # equal weight: the first
    ("id; q=0.9, en; q=0.8", "id"),
])
def test_accept_language(header, expected):
    assert pick_language(None, header) == expected


@pytest.mark.parametrize("header", ["id;q=0", "id;q=0.0, fr", "fr, id;q=0", "id;q=abc"])
def test_q_zero_means_not_acceptable(header):
    # RFC 9110 12.4.2: "q=0" means "not acceptable". pick_language scores an unreadable
    # q-value as 0 too, so it must not be chosen either.
    assert pick_language(None, header) == "en"


@pytest.mark.parametrize(("amount", "currency", "lang", "expected"), [
    (500000, "IDR", "id", "Rp500.000"),
    (500000, "IDR", "en", "IDR 500,000"),
    (1500000, "IDR", "id", "Rp1.500.000"),
    (1500000, "IDR", "en", "IDR 1,500,000"),
    (0, "IDR", "id", "Rp0"),
    (999, "IDR", "en", "IDR 999"),
    (1000, "USD", "id", "USD 1.000"),
    (1000, "USD", "en", "USD 1,000"),
])
def test_format_money(amount, currency, lang, expected):
    assert format_money(amount, currency, lang) == expected


@pytest.mark.parametrize(("lang", "page", "expected"), [
    ("en", "", "/"),
    ("id", "", "/id/"),
    ("en", "faq", "/faq/"),
    ("id", "faq", "/id/faq/"),
    ("id", "/payment-complete/", "/id/payment-complete/"),
    ("en", "services/visit-visa", "/services/visit-visa/"),
])
def test_site_path(lang, page, expected):
    assert site_path(lang, page) == expected
