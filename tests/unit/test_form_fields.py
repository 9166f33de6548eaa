"""Every field of every form, in the built site and in the pages the functions answer to a
plain form post, has a label and, where HTML allows it, an autocomplete token: a screen
reader names each field, and a phone fills in what it may (or knows not to)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gerbang.errors import FieldError
from gerbang.forms import FORMS
from gerbang.pages import form_page, status_page

from tests.support.html import controls, unlabelled_or_unfilled
from tests.unit.test_forms_and_pages import CODE, _uploads, _view

SITE = Path(__file__).resolve().parents[2] / "site"
PAGES = sorted(SITE.rglob("*.html"))


def test_the_check_finds_a_missing_label_and_a_missing_autocomplete():
    html = ('<form><input name="a" autocomplete="off"><label for="b">B</label>'
            '<input id="b" name="b"><label><input type="checkbox" name="c"> C</label></form>')
    assert unlabelled_or_unfilled(html) == ["a: no label", "b: no autocomplete"]


def test_the_site_has_forms_to_check():
    fields = [c for page in PAGES for c in controls(page.read_text(encoding="utf-8"))]
    assert len(fields) > 60
    assert {c["kind"] for c in fields} >= {"text", "email", "date", "select", "checkbox",
                                           "radio", "file", "textarea", "password"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_every_field_of_the_site(page: Path):
    assert unlabelled_or_unfilled(page.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_sent_back_with_errors(form: str, lang: str):
    errors = [FieldError(f.name, "required") for f in FORMS[form].fields]
    assert unlabelled_or_unfilled(form_page(lang, form, {}, errors)) == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_status_page_with_its_upload_and_pay_forms(lang: str):
    html = status_page(_view(""), lang, CODE, _uploads(""), can_pay=True, can_resubmit=True)
    assert 'type="file"' in html and 'type="radio"' in html
    assert unlabelled_or_unfilled(html) == []
