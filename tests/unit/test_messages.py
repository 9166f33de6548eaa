"""messages/en.yaml and messages/id.yaml: the same keys, the same placeholders, and a
message for every code, status, document kind and service the package can produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from gerbang import models, status
from gerbang.catalog import load_catalog
from gerbang.i18n import LANGUAGES, messages, t

from scripts.compile_data import check_messages, placeholders

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
MESSAGES = FUNCTIONS / "gerbang" / "messages"


def _raw(lang: str) -> dict:
    return yaml.safe_load((MESSAGES / f"{lang}.yaml").read_text(encoding="utf-8"))


def _source() -> str:
    files = [p for p in FUNCTIONS.rglob("*.py") if ".egg-info" not in str(p)]
    assert files
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_both_files_exist_and_are_flat_string_maps():
    for lang in LANGUAGES:
        table = _raw(lang)
        assert isinstance(table, dict) and table
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())


def test_no_key_is_written_twice():
    # YAML keeps the last of two equal keys silently.
    for lang in LANGUAGES:
        keys = re.findall(r"^([\w.]+):", (MESSAGES / f"{lang}.yaml").read_text("utf-8"), re.M)
        assert len(keys) == len(set(keys)), lang


def test_every_language_has_every_message_with_its_placeholders():
    # The build's own check (`make data` refuses otherwise), on the files as they are.
    check_messages({lang: _raw(lang) for lang in LANGUAGES})


def test_no_empty_values():
    for lang in LANGUAGES:
        for key, text in _raw(lang).items():
            assert text and text.strip(), (lang, key)


def test_indonesian_is_not_a_copy_of_english():
    en, id_ = _raw("en"), _raw("id")
    same = [k for k in en if en[k] == id_[k] and len(en[k]) > 12
            and not k.startswith(("method.qris",))]
    assert same == []


def test_every_message_formats_with_its_placeholders():
    for lang in LANGUAGES:
        for key, text in _raw(lang).items():
            params = {name: "X" for name in placeholders(text)}
            assert t(lang, key, **params)


def _raised_error_codes() -> set[str]:
    raising = "DomainError|Conflict|NotFound|Unauthorized|Forbidden|Unavailable"
    found = set(re.findall(rf'\b(?:{raising})\("(\w+)"', _source()))
    assert {"application_not_found", "bad_signature", "sign_in_unavailable"} <= found
    return found | {"validation_failed"}  # InvalidInput's code, raised as InvalidInput([...])


def _validity_codes() -> set[str]:
    """What the passport validity rule answers (for the form's field, and the page read)."""
    from datetime import date

    from gerbang.applications import passport_validity

    day, expired = date(2026, 1, 2), date(2026, 1, 1)
    broken = [passport_validity(service, expired, day, day) for service in load_catalog().services]
    return {b[0] for b in broken if b}


def _raised_field_codes() -> set[str]:
    found = set(re.findall(r'FieldError\(\s*[^,()]+,\s*"(\w+)"', _source()))
    found |= _validity_codes()
    assert "passport_expires_too_soon" in found
    # Our own rules: PydanticCustomError("<code>", ...), and boxes that must be ticked.
    rules = set(re.findall(r'(?:PydanticCustomError|ticked)\(\s*"(\w+)"', _source()))
    assert {"invalid_email", "invalid_name", "consent_required"} <= rules
    found |= rules | set(models._CODES.values()) | {"invalid"}  # field_errors' own answer
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_raised_error_code_has_a_message(lang):
    table = messages(lang)
    missing = sorted(c for c in _raised_error_codes() if f"error.{c}" not in table)
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_code_has_a_message(lang):
    table = messages(lang)
    missing = sorted(c for c in _raised_field_codes() if f"field.{c}" not in table)
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_status_has_a_label_and_a_next_step(lang):
    table = messages(lang)
    for s in status.STATUSES:
        assert f"status.{s}" in table and f"next.{s}" in table, s


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalog_kind_and_service_is_named_in_both_languages(lang):
    catalog = load_catalog()
    for kind in catalog.document_kinds.values():
        assert kind.names(lang).strip() and kind.hint(lang).strip()
    for service in catalog.services:
        assert service.names(lang).strip() and service.summary(lang).strip()
    assert catalog.authority.name(lang).strip()


def test_catalog_texts_differ_between_languages():
    catalog = load_catalog()
    for service in catalog.services:
        assert service.names("en") != service.names("id"), service.id
    for kind in catalog.document_kinds.values():
        assert kind.hint("en") != kind.hint("id"), kind.kind


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_label_method_and_reason_has_a_message(lang):
    from gerbang.catalog import load_catalog
    from gerbang.forms import FORMS
    from gerbang.models import TOPICS

    table = messages(lang)
    for form in FORMS.values():
        assert form.button in table
        for field in form.fields:
            if field.kind == "hidden":  # carried back unseen: no label
                continue
            assert f"label.{field.name}" in table, field.name
            if field.hint:
                assert f"label.{field.name}.hint" in table, field.name
    for method in load_catalog().payments.methods:
        assert f"method.{method}" in table
    for topic in TOPICS:
        assert f"topic.{topic}" in table
    for state in ("missing", "checking", "accepted", "rejected"):
        assert f"document.{state}" in table
    for state in ("unpaid", "pending", "paid", "expired"):
        assert f"payment.{state}" in table


def test_t_falls_back_to_english_for_an_unknown_language():
    assert t("fr", "status.approved") == t("en", "status.approved")
    assert t("id", "status.approved") == "Disetujui"
    assert t("en", "field.arrival_too_far", days=90).startswith("You can apply at most 90 days")
