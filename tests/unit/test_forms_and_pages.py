"""The shared forms (kept answers, errors beside fields, in the applicant's language) and
the no-script pages."""

from __future__ import annotations

import re
import unicodedata
from html import escape, unescape

import pytest
from gerbang.catalog import countries
from gerbang.errors import FieldError
from gerbang.forms import FORMS, render_form
from gerbang.i18n import field_message, messages, t
from gerbang.pages import form_page, message_page, status_page

HOSTILE = '"<script>alert(1)</script>'


def fields(html: str) -> dict[str, str]:
    """data-field name -> the markup of that field's block."""
    found = dict(re.findall(r'<div class="gb-field[^"]*" data-field="(\w+)">(.*?)</div>', html))
    assert found
    return found


def field_div(html: str, name: str) -> str:
    match = re.search(rf'<div class="([^"]*)" data-field="{name}">', html)
    assert match
    return match.group(1)


def test_apply_form_keeps_typed_values_escaped():
    values = {"given_names": HOSTILE, "family_name": "O'Brien", "email": "a&b@example.com",
              "date_of_birth": "1990-05-17", "passport_number": "A1234567"}
    html = render_form("apply", "id", values, [FieldError("given_names", "invalid_name")])
    assert "<script>" not in html
    assert f'value="{escape(HOSTILE)}"' in fields(html)["given_names"]
    assert 'value="O&#x27;Brien"' in fields(html)["family_name"]
    assert 'value="a&amp;b@example.com"' in fields(html)["email"]
    assert 'value="1990-05-17"' in fields(html)["date_of_birth"]
    assert 'value="A1234567"' in fields(html)["passport_number"]


def test_a_hostile_value_cannot_break_out_of_a_select():
    html = render_form("apply", "en", {"service": HOSTILE, "nationality": HOSTILE})
    assert "<script>" not in html
    assert " selected" not in html


def test_each_error_is_shown_beside_its_field_in_indonesian():
    errors = [FieldError("given_names", "invalid_name"),
              FieldError("passport_number", "invalid_format"),
              FieldError("passport_expiry", "passport_expires_too_soon",
                         {"months": 6, "date": "2028-02-29"}),
              FieldError("consent", "required")]
    html = render_form("apply", "id", {"given_names": "B1"}, errors)
    blocks = fields(html)
    id_ = messages("id")
    expected = {
        "given_names": id_["field.invalid_name"],
        "passport_number": id_["field.invalid_format.passport_number"],  # field-specific
        "passport_expiry": id_["field.passport_expires_too_soon"].format(months=6,
                                                                         date="2028-02-29"),
        "consent": id_["field.required.consent"],
    }
    for name, message in expected.items():
        assert f'<p class="gb-error" id="gb-{name}-error">{escape(message)}</p>' in blocks[name]
        assert "gb-invalid" in field_div(html, name)
        assert message != t("en", "field.invalid_name")
    # Fields without an error keep an empty, hidden slot for the script.
    assert '<p class="gb-error" id="gb-email-error" hidden></p>' in blocks["email"]
    assert "gb-invalid" not in field_div(html, "email")
    # ... and the summary at the top says something is wrong, in Indonesian, links to each
    # field in error (in the form's order) and takes the focus when the page opens.
    summary = re.search(r'<div class="gb-summary"([^>]*)>(.*?)</div>', html).groups()
    assert 'role="alert"' in summary[0] and "autofocus" in summary[0]
    assert summary[1].startswith(escape(id_["error.validation_failed"]))
    links = re.findall(r'<li><a href="#([\w-]+)">([^<]*)</a></li>', summary[1])
    assert [target for target, _ in links] == [
        "gb-given_names", "gb-passport_number", "gb-passport_expiry", "gb-consent"]
    assert links[0][1] == f'{escape(id_["label.given_names"])}: {escape(expected["given_names"])}'
    for target, _ in links:  # each link lands on a control of the form
        assert f'id="{target}"' in html


def test_without_errors_the_summary_is_hidden():
    html = render_form("apply", "id")
    assert '<div class="gb-summary" role="alert" hidden></div>' in html
    assert "gb-invalid" not in html


def test_errors_are_described_by_their_field():
    html = render_form("apply", "en", {}, [FieldError("email", "invalid_email")])
    assert 'aria-describedby="gb-email-hint gb-email-error"' in fields(html)["email"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_required_fields_are_marked(lang):
    html = render_form("apply", lang)
    blocks = fields(html)
    for field in FORMS["apply"].fields:
        control = re.search(rf'<(input|select)[^>]*name="{field.name}"[^>]*>', blocks[field.name])
        assert control, field.name
        assert (" required" in control.group(0)) is field.required, field.name
    assert {f.name for f in FORMS["apply"].fields if not f.required} == {
        "family_name", "passport_number", "passport_expiry", "arrival_date"}


def test_labels_are_in_the_form_language():
    html = render_form("apply", "id")
    assert f'<label for="gb-nationality">{t("id", "label.nationality")}</label>' in html
    assert t("en", "label.nationality") not in html
    assert '<input type="hidden" name="language" value="id">' in html
    assert escape(t("id", "button.apply")) in html


def test_consent_checkbox_keeps_its_state():
    assert " checked" in fields(render_form("apply", "id", {"consent": "on"}))["consent"]
    assert " checked" not in fields(render_form("apply", "id", {}))["consent"]


def test_selected_service_and_nationality_are_kept():
    html = render_form("apply", "id", {"service": "visit-visa", "nationality": "MYS"})
    assert '<option value="visit-visa" selected>' in html
    assert '<option value="MYS" selected>' in html
    assert html.count(" selected") == 2


def _nationality_options(lang: str) -> list[tuple[str, str]]:
    html = render_form("apply", lang)
    select = re.search(r'<select id="gb-nationality".*?</select>', html).group(0)
    return [(v, unescape(label)) for v, label in
            re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)]


def _collation_key(name: str) -> str:
    # How a reader looks a name up: accents and case do not move it ("Åland" is an A).
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def test_nationality_select_is_sorted_by_the_indonesian_names():
    options = _nationality_options("id")
    assert options[0] == ("", t("id", "label.nationality.choose"))
    names = countries()
    codes = [code for code, _ in options[1:]]
    assert set(codes) == set(names)
    labels = [label for _, label in options[1:]]
    assert labels == [names[code]["id"] for code in codes]
    # Indonesian order, not English order: Germany < Japan, but Jepang < Jerman.
    assert codes != sorted(codes, key=lambda c: names[c]["en"])
    assert codes.index("JPN") < codes.index("DEU")
    assert _nationality_options("en").index(("DEU", "Germany")) < \
        _nationality_options("en").index(("JPN", "Japan"))
    # Accents aside (see the next test), the labels are in alphabetical order.
    plain = [label for label in labels if label.isascii()]
    assert plain == sorted(plain, key=str.casefold)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_accented_country_names_sort_with_their_letter(lang):
    # "Åland Islands" belongs among the A's, not after "Zimbabwe".
    labels = [label for _, label in _nationality_options(lang)[1:]]
    assert labels == sorted(labels, key=_collation_key)


def test_field_message_prefers_the_field_specific_wording():
    assert field_message("en", "consent", "required", {}) == t("en", "field.required.consent")
    assert field_message("en", "email", "required", {}) == t("en", "field.required")
    assert field_message("id", "arrival_date", "arrival_too_far", {"days": 90}) == \
        t("id", "field.arrival_too_far", days=90)


@pytest.mark.parametrize("name", list(FORMS))
@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_form_renders(name, lang):
    html = render_form(name, lang)
    assert html.startswith("<form") and html.endswith("</form>")
    assert f'action="{FORMS[name].action}"' in html


def test_form_page_is_a_complete_page_in_the_language():
    html = form_page("id", "apply", {"given_names": HOSTILE},
                     [FieldError("given_names", "invalid_name")])
    assert html.startswith("<!doctype html>") and '<html lang="id">' in html
    assert "<script>" not in html
    assert escape(t("id", "page.error.intro")) in html
    assert escape(t("id", "field.invalid_name")) in html


def test_message_page_escapes_parameters():
    html = message_page("en", "file_too_large", {"max": "<b>2 MB</b>"})
    assert "<b>" not in html and "&lt;b&gt;2 MB&lt;/b&gt;" in html


# ------------------------------------------------------------------ status page

CODE = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23"


def _view(text: str = HOSTILE) -> dict:
    return {
        "reference": "ABCD-EFGH" + text,
        "service": {"id": "visit-visa", "name": "Visit " + text},
        "status": "submitted",
        "status_label": "Status " + text,
        "next_step": "Next " + text,
        "documents": [
            {"kind": "passport", "name": "Passport " + text, "state_label": "Refused " + text,
             "reason_message": "Reason " + text},
            {"kind": "photo", "name": "Photo", "state_label": "Missing", "reason_message": None},
        ],
        "fee": {"amount": 1, "currency": "IDR", "display": "Rp1 " + text},
        "payment": {"state": "unpaid", "state_label": "Unpaid " + text},
        "payment_options": [{"method": "qris", "label": "QRIS " + text, "display": "Rp1 " + text,
                             "window_hours": 24}],
        "receipt": {"reference": "ABCD-EFGH" + text, "display": "Rp1 " + text,
                    "method_label": "QRIS " + text, "paid_at": "2027-06-15T10:00" + text,
                    "payment_id": "ABCD-EFGH.1" + text},
        "history": [{"status": "submitted", "label": "Label " + text,
                     "at": "2027-06-15T10:00:00" + text}],
    }


def _uploads(text: str = HOSTILE) -> list[dict]:
    return [{"kind": "photo", "name": "Photo " + text, "hint": "Hint " + text,
             "post": {"url": "https://s3.example/" + text,
                      "fields": {"key": "uploads/" + text, "policy": text}}}]


@pytest.mark.parametrize("received", [None, CODE + HOSTILE])
@pytest.mark.parametrize("can_pay", [False, True])
def test_status_page_escapes_everything(received, can_pay):
    html = status_page(_view(), "id", CODE + HOSTILE, _uploads(), can_pay,
                       received_code=received)
    assert "<script>" not in html
    assert html.count(escape(HOSTILE)) >= 10


def _visible(html: str) -> str:
    return re.sub(r'<input type="hidden"[^>]*>', "", html)


def test_status_page_shows_the_access_code_only_when_just_received():
    looked_up = status_page(_view(""), "id", CODE, [], can_pay=False)
    assert CODE not in looked_up
    assert escape(t("id", "page.status.title")) in looked_up

    received = status_page(_view(""), "id", CODE, [], can_pay=False, received_code=CODE)
    assert f'<span class="gb-code">{CODE}</span>' in received
    assert escape(t("id", "page.received.keep")) in received
    assert escape(t("id", "page.received.title")) in received


def test_the_pay_form_carries_the_code_hidden_not_shown():
    html = status_page(_view(""), "id", CODE, [], can_pay=True)
    assert f'<input type="hidden" name="access_code" value="{CODE}">' in html
    assert CODE not in _visible(html)
    assert 'action="/api/applications/ABCD-EFGH/payments"' in html


def test_status_page_lists_documents_uploads_and_history():
    html = status_page(_view(""), "en", CODE, _uploads(""), can_pay=False)
    assert "<td>Passport </td><td>Refused <br>Reason </td>" in html
    assert "<td>Photo</td><td>Missing</td>" in html
    assert "2027-06-15 10:00 UTC: Label" in html
    assert 'enctype="multipart/form-data"' in html
    # S3 requires the file to be the last field of the form.
    form = re.search(r'<form action="https://s3.example/".*?</form>', html).group(0)
    assert form.index('name="policy"') < form.index('name="file"')
