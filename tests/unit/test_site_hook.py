"""The MkDocs hook that fills the pages' markers from the catalog and the shared forms."""

from __future__ import annotations

import re
from html import escape
from types import SimpleNamespace

import pytest
from gerbang.catalog import load_catalog
from gerbang.forms import FORMS
from gerbang.i18n import format_money, t
from gerbang.views import processing_time

from site_hooks.catalog import (
    MARKER,
    fees_table,
    on_page_markdown,
    page_language,
    page_text,
    render_marker,
    service_box,
)


def test_fees_table_shows_the_catalog_fee_in_indonesian():
    visit = load_catalog().service("visit-visa")
    assert visit is not None
    html = render_marker("fees", None, "id", 0)
    expected = format_money(visit.fee.amount, visit.fee.currency, "id")
    assert expected == "Rp" + f"{visit.fee.amount:,}".replace(",", ".")
    assert expected in html
    assert escape(visit.names("id")) in html
    assert processing_time(visit, "id") in html


def test_fees_table_lists_every_service_in_english():
    html = render_marker("fees", None, "en", 1)
    for service in load_catalog().services:
        assert format_money(service.fee.amount, service.fee.currency, "en") in html
        assert f'href="../services/{service.id}/"' in html


def test_service_box():
    catalog = load_catalog()
    visit = catalog.service("visit-visa")
    html = render_marker("service", "visit-visa", "id", 2)
    assert format_money(visit.fee.amount, visit.fee.currency, "id") in html
    for document in catalog.required_documents(visit):
        assert escape(document.names("id")) in html
    assert 'href="../../apply/?service=visit-visa"' in html


def test_documents_table():
    html = render_marker("documents", None, "en", 0)
    for kind in load_catalog().document_kinds.values():
        assert escape(kind.names("en")) in html
    assert "JPEG, PNG" in html and "4 MB" in html


@pytest.mark.parametrize("name", [n for n in FORMS])
def test_form_markers(name):
    assert render_marker("form", name, "id", 0).startswith(f'<form class="gb-form" '
                                                           f'data-gb-form="{name}"')


def test_confirmation_marker():
    html = render_marker("form", "confirmation", "id", 0)
    assert escape(t("id", "confirmation.intro")) in html


@pytest.mark.parametrize(("kind", "arg"), [
    ("nope", None), ("form", "nope"), ("form", None), ("service", None),
    ("service", "golden-visa"), ("fee", None), ("fee", "golden-visa"),
])
def test_unknown_markers_raise(kind, arg):
    with pytest.raises(ValueError):
        render_marker(kind, arg, "en", 0)


@pytest.mark.parametrize(("src", "lang"), [
    ("id/faq.md", "id"), ("id/services/visit-visa.md", "id"), ("en/faq.md", "en"),
    ("faq.md", "en"), ("identity/faq.md", "en"), ("index.md", "en"),
])
def test_page_language(src, lang):
    assert page_language(src) == lang


def test_marker_pattern():
    assert MARKER.findall("<!-- gerbang:fees -->") == [("fees", "")]
    assert MARKER.findall("<!--gerbang:service visit-visa-->") == [("service", "visit-visa")]
    assert MARKER.findall("<!-- gerbang:form apply -->") == [("form", "apply")]


def test_a_fee_in_a_sentence_is_the_catalogs():
    # "The fee is <!-- gerbang:fee visit-visa -->": one amount, in the page's language.
    visit = load_catalog().service("visit-visa")
    for lang in ("en", "id"):
        assert render_marker("fee", "visit-visa", lang, 1) == escape(
            format_money(visit.fee.amount, visit.fee.currency, lang))


def test_page_text_reads_as_sentences():
    """What the search index and the assistant's extracts are made of: a table row and a
    list item end as sentences; a link's end leaves no space before the full stop."""
    passport = load_catalog().service("passport")
    fee = format_money(passport.fee.amount, passport.fee.currency, "en")
    table = page_text(fees_table("en", 0))
    assert table.startswith(f"{t('en', 'table.service')}, {t('en', 'table.fee')}, ")
    assert f"{passport.names('en')}: {fee}, {processing_time(passport, 'en')}." in table
    box = page_text(service_box("passport", "en", 1))
    assert box.startswith(f"{t('en', 'table.fee')}: {fee}. ")
    assert page_text('<p>See the <a href="x">fees page</a>.</p><ul><li><b>plain:</b> white;'
                 "</li><li>no glasses</li></ul>") == "See the fees page. plain: white; no glasses."


def test_on_page_markdown_fills_markers_in_the_page_language():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="id/fees.md", url="id/fees/"), meta={})
    out = on_page_markdown("# Biaya\n\n<!-- gerbang:fees -->\n", page, None, None)
    assert "gerbang:" not in out
    visit = load_catalog().service("visit-visa")
    assert format_money(visit.fee.amount, visit.fee.currency, "id") in out


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url


HEAD = ('<head><link rel="alternate" href="../../fees/" hreflang="en">\n'
        '<link rel="alternate" href="./" hreflang="id"></head>')


def test_alternates_get_an_x_default_and_become_absolute_with_a_site_url():
    from site_hooks.catalog import on_post_page

    out = on_post_page(HEAD, _Page("id/fees/"), {"site_url": "https://visa.example.gov/"})
    assert 'href="https://visa.example.gov/fees/" hreflang="en"' in out
    assert 'href="https://visa.example.gov/id/fees/" hreflang="id"' in out
    assert 'href="https://visa.example.gov/fees/" hreflang="x-default"' in out
    assert out.count("<link") == 3


def test_without_a_site_url_alternates_stay_relative():
    from site_hooks.catalog import on_post_page

    out = on_post_page(HEAD, _Page("id/fees/"), {"site_url": None})
    assert 'href="../../fees/" hreflang="x-default"' in out and out.count("<link") == 3


def test_a_machine_draft_gets_the_banner_on_top():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="id/fees.md", url="id/fees/"),
                           meta={"machine_translated": True})
    out = on_page_markdown("# Biaya\n", page, None, None)
    assert out.startswith('!!! warning "Diterjemahkan oleh mesin"')


def _sitemap(urls):
    body = "".join(f"<url>\n <loc>{u}</loc>\n <lastmod>2026-11-28</lastmod>\n</url>\n"
                   for u in urls)
    return f'<?xml version="1.0"?>\n<urlset>\n{body}</urlset>\n'


def test_the_sitemap_lists_no_officer_or_after_form_page(tmp_path):
    import gzip

    from site_hooks.catalog import clean_sitemap

    base = "https://visa.example.gov/"
    urls = [base, f"{base}fees/", f"{base}officer/", f"{base}id/officer/",
            f"{base}confirmation/", f"{base}id/payment-complete/", f"{base}id/fees/"]
    (tmp_path / "sitemap.xml").write_text(_sitemap(urls))
    clean_sitemap(tmp_path, has_address=True)
    kept = re.findall(r"<loc>([^<]*)</loc>", (tmp_path / "sitemap.xml").read_text())
    assert kept == [base, f"{base}fees/", f"{base}id/fees/"]
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == (
        tmp_path / "sitemap.xml").read_text()


def test_no_sitemap_without_the_sites_address(tmp_path):
    from site_hooks.catalog import clean_sitemap

    (tmp_path / "sitemap.xml").write_text(_sitemap(["Noneapply/"]))
    (tmp_path / "sitemap.xml.gz").write_bytes(b"")
    clean_sitemap(tmp_path, has_address=False)
    assert not list(tmp_path.iterdir())
