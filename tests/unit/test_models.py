"""Input models: JSON bodies and plain form posts parse the same way, and every bad field
gives its stable code (the `field.<code>` message key)."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from gerbang import application_input, models
from gerbang.application_input import ApplicationInput
from gerbang.errors import InvalidInput
from gerbang.models import (
    AccessInput,
    ConsultationInput,
    InputModel,
    PaymentRequest,
    UploadRequest,
    parse,
)
from pydantic import field_validator
from pydantic_core import PydanticCustomError

JSON_BODY = {
    "service": "visit-visa",
    "language": "id",
    "given_names": "Siti",
    "family_name": "Rahma",
    "date_of_birth": "1990-05-17",
    "nationality": "MYS",
    "passport_number": "A1234567",
    "passport_expiry": "2031-01-31",
    "arrival_date": "2027-03-01",
    "email": "siti@example.com",
    "consent": True,
}

# The same answers as a browser posts them without script: strings only, a checkbox that
# says "on", blanks for the optional fields left empty, and the submit button's name.
FORM_POST = {
    "service": "visit-visa",
    "language": "id",
    "given_names": "Siti",
    "family_name": "",
    "date_of_birth": "1990-05-17",
    "nationality": "mys",
    "passport_number": "A1234567",
    "passport_expiry": "2031-01-31",
    "arrival_date": "2027-03-01",
    "email": "siti@example.com",
    "consent": "on",
    "submit": "",
}


def codes(data: dict, model=ApplicationInput) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse(model, data)
    return {e.field: e.code for e in caught.value.fields}


def test_json_body_parses():
    form = parse(ApplicationInput, JSON_BODY)
    assert form.service == "visit-visa"
    assert form.language == "id"
    assert form.date_of_birth == date(1990, 5, 17)
    assert form.passport_expiry == date(2031, 1, 31)
    assert form.consent is True


def test_form_post_parses_like_json():
    form = parse(ApplicationInput, FORM_POST)
    assert form.consent is True  # "on"
    assert form.family_name is None  # blank optional field
    assert form.nationality == "MYS"  # upper-cased
    assert form.passport_number == "A1234567"
    assert form.date_of_birth == parse(ApplicationInput, JSON_BODY).date_of_birth


def test_blank_optional_travel_fields_become_none():
    data = {**FORM_POST, "service": "passport", "nationality": "IDN", "passport_number": "",
            "passport_expiry": "", "arrival_date": ""}
    form = parse(ApplicationInput, data)
    assert form.passport_number is form.passport_expiry is form.arrival_date is None


def test_unchecked_consent_is_false_not_an_error():
    data = {k: v for k, v in FORM_POST.items() if k != "consent"}  # browsers omit it
    assert parse(ApplicationInput, data).consent is False


@pytest.mark.parametrize("name", ["given_names", "date_of_birth", "nationality", "email",
                                  "service"])
def test_missing_required_field_is_required(name):
    data = {k: v for k, v in JSON_BODY.items() if k != name}
    assert codes(data)[name] == "required"


@pytest.mark.parametrize("name", ["given_names", "date_of_birth", "nationality", "email",
                                  "service"])
def test_blank_required_field_in_a_form_post_is_required(name):
    # A form post sends every field; an empty required one is "required", as if missing
    # (the comment in models.py: "blanks become None" -> missing).
    assert codes({**FORM_POST, name: ""})[name] == "required"


def test_whitespace_only_name_is_required():
    assert codes({**FORM_POST, "given_names": "   "})["given_names"] == "required"


@pytest.mark.parametrize("name", ["B1ll", "Siti2", "R2-D2", "<script>", "a_b", "@home"])
def test_digits_and_symbols_in_names_are_invalid_name(name):
    assert codes({**JSON_BODY, "given_names": name})["given_names"] == "invalid_name"
    assert codes({**JSON_BODY, "family_name": name})["family_name"] == "invalid_name"


@pytest.mark.parametrize("email", ["siti", "siti@", "@example.com", "siti@@example.com",
                                   "siti example@example.com", "siti@localhost",
                                   "siti@example..com", "<siti@example.com>"])
def test_bad_email_is_invalid_email(email):
    assert codes({**JSON_BODY, "email": email})["email"] == "invalid_email"


@pytest.mark.parametrize("email", ["siti@example.com", "siti.rahma+visa@mail.example.co.id",
                                   " siti@example.com "])
def test_good_email_is_accepted(email):
    assert parse(ApplicationInput, {**JSON_BODY, "email": email}).email == email.strip()


@pytest.mark.parametrize("nationality", ["XYZ", "GB", "gb", "UK", "12"])
def test_unknown_or_alpha2_country_is_unknown_country(nationality):
    assert codes({**JSON_BODY, "nationality": nationality})["nationality"] == "unknown_country"


def test_alpha3_country_in_lower_case_is_accepted():
    assert parse(ApplicationInput, {**JSON_BODY, "nationality": "gbr"}).nationality == "GBR"


def test_unknown_service():
    assert codes({**JSON_BODY, "service": "golden-visa"})["service"] == "unknown_service"


@pytest.mark.parametrize("number", ["A123456789", "A1234", "A 1 2 3", "A-123456", "A12345É"])
def test_badly_formed_passport_number_is_invalid_format(number):
    assert codes({**JSON_BODY, "passport_number": number})["passport_number"] == "invalid_format"


@pytest.mark.parametrize("number", ["A12345", "AB1234567", " X9876543 "])
def test_passport_numbers_of_6_to_9_letters_and_digits_are_accepted(number):
    assert parse(ApplicationInput, {**JSON_BODY, "passport_number": number}).passport_number \
        == number.strip()


@pytest.mark.parametrize("typed", ["A1 234567", "a1 23 45 67"])
def test_spaces_printed_in_some_passports_are_forgiven(typed):
    # Given a number typed with the spaces some passports print, Then it is stored without
    assert parse(ApplicationInput, {**JSON_BODY, "passport_number": typed}).passport_number \
        == "A1234567"


@pytest.mark.parametrize("number", ["a1234567", "c4x9p2ll", "Ab123456"])
def test_passport_number_typed_in_lower_case_is_upper_cased(number):
    # The model declares to_upper=True: a desktop keyboard types lower case, and the form's
    # autocapitalize="characters" is only a hint to phone keyboards.
    try:
        form = parse(ApplicationInput, {**JSON_BODY, "passport_number": number})
    except InvalidInput as error:
        pytest.fail(f"{number!r} refused: {error.fields}")
    assert form.passport_number == number.upper()


@pytest.mark.parametrize("field", ["date_of_birth", "passport_expiry", "arrival_date"])
@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "30/01/2026", "yesterday"])
def test_impossible_dates_are_invalid_date(field, value):
    assert codes({**JSON_BODY, field: value})[field] == "invalid_date"


def test_wrong_language_and_bad_consent_are_invalid_choice():
    assert codes({**JSON_BODY, "language": "fr"})["language"] == "invalid_choice"
    assert codes({**JSON_BODY, "consent": "perhaps"})["consent"] == "invalid_choice"


def test_too_long_name_is_too_long():
    assert codes({**JSON_BODY, "given_names": "A" * 81})["given_names"] == "too_long"


def test_one_error_per_field_and_every_bad_field_reported():
    found = codes({**FORM_POST, "given_names": "B1", "email": "nope", "nationality": "XYZ",
                   "passport_number": "A 1"})
    assert found == {"given_names": "invalid_name", "email": "invalid_email",
                     "nationality": "unknown_country", "passport_number": "invalid_format"}


@pytest.mark.parametrize("name", [
    "Nguyễn",
    "محمد",
    "O'Brien-Smith",
    "O’Brien",
    "Jean-Luc",
    "Zoë",
    "Müller",
    "Łukasz",
    "Дмитрий",
    "李小龍",
    "María José",
    "St. John",
    "Ng",
])
def test_names_in_other_scripts_are_accepted(name):
    form = parse(ApplicationInput, {**JSON_BODY, "given_names": name, "family_name": name})
    assert form.given_names == name and form.family_name == name


@pytest.mark.parametrize("name", [
    "प्रिया",  # Devanagari: the vowel sign and virama are combining marks
    "สมศักดิ์",  # Thai: tone marks and vowel signs are combining marks
    unicodedata.normalize("NFD", "Nguyễn"),  # decomposed, as some keyboards send it
])
def test_names_with_combining_marks_are_accepted(name):
    # models._NAME promises "letters of any script, with the marks ... that real names carry".
    form = parse(ApplicationInput, {**JSON_BODY, "given_names": name})
    assert form.given_names == name


def test_a_single_name_without_family_name_is_accepted():
    data = {k: v for k, v in JSON_BODY.items() if k != "family_name"}
    form = parse(ApplicationInput, {**data, "given_names": "Sukarno"})
    assert form.given_names == "Sukarno" and form.family_name is None
    form = parse(ApplicationInput, {**FORM_POST, "given_names": "Sukarno", "family_name": ""})
    assert form.family_name is None


def test_not_an_object_is_invalid_json():
    assert codes(["not", "an", "object"]) == {"body": "invalid_json"}


def test_access_input_from_form_and_json():
    form = parse(AccessInput, {"reference": " abcd-efgh ", "access_code": "x", "language": ""})
    assert form.reference == "abcd-efgh" and form.language is None
    assert codes({"reference": "abcd-efgh"}, AccessInput) == {"access_code": "required"}


def test_access_input_blank_form_fields_are_required():
    assert codes({"reference": "", "access_code": ""}, AccessInput) == {
        "reference": "required", "access_code": "required"}


def test_upload_request_codes():
    ok = parse(UploadRequest, {"kind": "photo", "content_type": "IMAGE/JPEG", "size_bytes": "1000"})
    assert ok.content_type == "image/jpeg" and ok.size_bytes == 1000
    assert codes({"kind": "photo", "content_type": "image/jpeg", "size_bytes": "lots"},
                 UploadRequest) == {"size_bytes": "invalid_number"}
    assert codes({"kind": "photo", "content_type": "image/jpeg", "size_bytes": 0},
                 UploadRequest) == {"size_bytes": "invalid_number"}


def test_payment_request_needs_a_method():
    # Whether a method exists and is offered is the catalog's to say (payments.start).
    assert parse(PaymentRequest, {"method": "qris"}).method == "qris"
    assert codes({"method": ""}, PaymentRequest) == {"method": "required"}


QUESTION = {"topic": "visa", "question": "Can my bank statement be in English?",
            "email": "tanya@example.com", "consent": True}
# One input per rule of ours, and the code each must give.
RULES = [
    (ApplicationInput, {**JSON_BODY, "given_names": "B1ll"}, "given_names", "invalid_name"),
    (ApplicationInput, {**JSON_BODY, "email": "siti@"}, "email", "invalid_email"),
    (ApplicationInput, {**JSON_BODY, "service": "golden-visa"}, "service", "unknown_service"),
    (ApplicationInput, {**JSON_BODY, "nationality": "XYZ"}, "nationality", "unknown_country"),
    (ConsultationInput, {**QUESTION, "topic": "weather"}, "topic", "invalid_choice"),
    (ConsultationInput, {**QUESTION, "consent": False}, "consent", "consent_required"),
]


@pytest.mark.parametrize(("model", "data", "field", "code"), RULES)
def test_a_rule_gives_its_code(model, data, field, code):
    assert codes(data, model)[field] == code


def test_codes_come_from_error_types_never_from_message_text(monkeypatch):
    # Given every rule of ours raising its error with other words (the modules that raise
    # PydanticCustomError are all patched: a new one fails the first assertion)
    raising = {p.name for p in Path(models.__file__).parent.rglob("*.py")
               if "PydanticCustomError(" in p.read_text(encoding="utf-8")}
    assert raising == {"models.py", "application_input.py"}

    def reworded(code: str, message: str, context: dict | None = None) -> PydanticCustomError:
        return PydanticCustomError(code, "words that name no code at all", context)

    for module in (models, application_input):
        monkeypatch.setattr(module, "PydanticCustomError", reworded)
    # Then every code is the same
    for model, data, field, code in RULES:
        assert codes(data, model)[field] == code


def test_a_plain_value_error_is_invalid_whatever_its_message_says():
    class Probe(InputModel):
        email: str

        @field_validator("email")
        @classmethod
        def _refuse(cls, value: str) -> str:
            raise ValueError("invalid_email")  # a message that looks like a code is not one

    assert codes({"email": "x"}, Probe) == {"email": "invalid"}


def test_no_consent_is_reported_beside_the_other_fields():
    # consent is a field rule: an applicant hears about it with the rest, on the field
    data = {"topic": "weather", "question": "Hi", "email": "tanya@example.com"}
    assert codes(data, ConsultationInput) == {"topic": "invalid_choice",
                                              "question": "too_short",
                                              "consent": "consent_required"}
    assert codes({**QUESTION, "consent": ""}, ConsultationInput) == {
        "consent": "consent_required"}  # a form post's blank box
