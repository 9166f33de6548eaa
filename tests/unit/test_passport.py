"""The passport page beside the form (gerbang.passport): each field compared as an officer
would, names as the MRZ spells them, and the service's validity rule on the expiry read."""

from __future__ import annotations

from datetime import date

import pytest
from gerbang.catalog import load_catalog
from gerbang.i18n import LANGUAGES
from gerbang.mrz_reader import MrzReading
from gerbang.passport import applicant_notes, compare, mrz_letters
from gerbang.records import Applicant, Document, DocumentState
from gerbang.views import document_notes

MADE_ON = date(2026, 12, 7)


def applicant(**changes) -> Applicant:
    answers = {"given_names": "Ayu Lestari", "family_name": "Wibowo",
               "date_of_birth": date(1990, 4, 12), "nationality": "AUS",
               "passport_number": "PA1234567", "passport_expiry": date(2031, 3, 1),
               "arrival_date": date(2027, 1, 10), "email": "ayu@example.com"}
    return Applicant(**{**answers, **changes})


def reading(**changes) -> MrzReading:
    fields = {"surname": "WIBOWO", "given_names": "AYU LESTARI", "number": "PA1234567",
              "nationality": "AUS", "issuing_state": "AUS", "birth_date": "1990-04-12",
              "expiry_date": "2031-03-01", "sex": "F"}
    valid = changes.pop("valid", True)
    failed = changes.pop("failed_checks", ())
    return MrzReading(found=True, valid=valid, failed_checks=tuple(failed),
                      fields={**fields, **changes}, lines=None)


def service(name: str = "visa-on-arrival"):
    found = load_catalog().service(name)
    assert found is not None
    return found


def matches(result) -> dict[str, bool | None]:
    return {f.field: f.match for f in result.fields}


def test_a_page_that_says_what_the_form_says_matches_everywhere_and_has_no_note():
    result = compare(reading(), applicant(), service(), MADE_ON)
    assert result.found and result.valid and result.validity is None
    assert set(matches(result).values()) == {True}
    assert applicant_notes(result) == []


def test_a_different_date_of_birth_and_number_are_named_with_both_values():
    result = compare(reading(birth_date="1990-12-04", number="PA7654321"), applicant(),
                     service(), MADE_ON)
    assert matches(result) == {"number": False, "surname": True, "given_names": True,
                               "nationality": True, "birth_date": False, "expiry_date": True}
    document = Document(kind="passport", key="k", size=1, uploaded_at="t",
                        state=DocumentState.ACCEPTED, passport=result)
    [note] = document_notes(document, "en")
    assert "date of birth (page: 1990-12-04, form: 1990-04-12)" in note
    assert "passport number (page: PA7654321, form: PA1234567)" in note
    [catatan] = document_notes(document, "id")
    assert "tanggal lahir (paspor: 1990-12-04, formulir: 1990-04-12)" in catatan


@pytest.mark.parametrize(("given", "family", "surname", "read_given"), [
    ("Siti", None, "SITI", ""),  # one name: the MRZ holds it as the surname
    ("Wibowo", "Ayu Lestari", "WIBOWO", "AYU LESTARI"),  # boxes swapped
    ("Jürgen", "Müller", "MUELLER", "JUERGEN"),  # umlauts spelled out...
    ("Jürgen", "Müller", "MULLER", "JURGEN"),  # ...or stripped: both are ICAO spellings
    ("José María", "Núñez", "NUNEZ", "JOSE MARIA"),
    ("Søren", "Kierkegaard", "KIERKEGAARD", "SOEREN"),
    # A name longer than the zone's 39 characters is cut at its end.
    ("Maximiliana Constantina Alexandrina", "Van Der Berghe", "VAN DER BERGHE",
     "MAXIMILIANA CONSTANTINA"),
])
def test_names_match_as_the_zone_spells_them(given, family, surname, read_given):
    result = compare(reading(surname=surname, given_names=read_given),
                     applicant(given_names=given, family_name=family), service(), MADE_ON)
    assert matches(result)["surname"] is True and matches(result)["given_names"] is True


def test_another_name_does_not_match_and_a_name_in_another_script_is_not_compared():
    other = compare(reading(surname="SANTOSO"), applicant(), service(), MADE_ON)
    assert matches(other)["surname"] is False
    thai = compare(reading(), applicant(given_names="สมชาย", family_name=None), service(),
                   MADE_ON)
    assert matches(thai)["surname"] is None and matches(thai)["given_names"] is None
    assert applicant_notes(thai) == []


def test_a_one_letter_nationality_code_is_germany():
    result = compare(reading(nationality="D<<"), applicant(nationality="DEU"), service(),
                     MADE_ON)
    assert matches(result)["nationality"] is True


def test_the_service_validity_rule_applies_to_the_expiry_read():
    # Six months after arrival for a visa on arrival: a passport ending in March 2027 fails.
    result = compare(reading(expiry_date="2027-03-01"), applicant(), service(), MADE_ON)
    assert result.validity == "passport_expires_too_soon"
    assert result.validity_params == {"months": 6, "date": "2027-07-10"}
    notes = applicant_notes(result)
    assert ("note.passport_expires_too_soon", {"months": 6, "date": "2027-07-10",
                                               "expiry": "2027-03-01"}) in notes
    # The limited-stay permit asks for 18 months.
    permit = compare(reading(expiry_date="2028-01-01"), applicant(), service("limited-stay-permit"),
                     MADE_ON)
    assert permit.validity_params["months"] == 18


def test_an_expired_passport_read_is_noted_for_a_service_without_travel():
    result = compare(reading(expiry_date="2026-01-01"), applicant(passport_expiry=None),
                     service("passport"), MADE_ON)
    assert result.validity == "passport_expired"
    assert matches(result)["expiry_date"] is None  # nothing typed to compare with


def test_an_unread_page_and_failing_check_digits_read_as_unclear_to_the_applicant():
    unread = compare(MrzReading(found=False, valid=False, failed_checks=(), fields={},
                                lines=None), applicant(), service(), MADE_ON)
    assert not unread.found and unread.fields is None
    assert applicant_notes(unread) == [("note.passport_unreadable", {})]
    # Failing check digits are a fraud signal for officers: the applicant hears only that
    # the page was not read clearly, and no validity is judged on unchecked dates.
    broken = compare(reading(valid=False, failed_checks=["birth_date"],
                             expiry_date="2026-12-31"), applicant(), service(), MADE_ON)
    assert broken.failed_checks == ["birth_date"] and broken.validity is None
    assert applicant_notes(broken) == [("note.passport_unreadable", {})]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_note_reads_in_every_language(lang):
    result = compare(reading(expiry_date="2027-03-01", surname="X"), applicant(), service(),
                     MADE_ON)
    document = Document(kind="passport", key="k", size=1, uploaded_at="t",
                        state=DocumentState.ACCEPTED, passport=result)
    notes = document_notes(document, lang)
    assert len(notes) == 2 and all("{" not in n for n in notes)


def test_mrz_letters():
    assert mrz_letters("Œuvre-Ærø ßtraße") == "OEUVRE AEROE SSTRASSE"
    assert mrz_letters("  O'Brien  ") == "O BRIEN"
    assert mrz_letters(None) == ""
