"""The passport page beside the form: what the machine-readable zone says (read by
`gerbang.mrz_reader`) compared field by field with the applicant's answers, and the
service's validity rule applied to the expiry read, on the day the application was made.

Nothing here refuses a passport: a mismatch or an unreadable page is shown to the applicant
(who can upload a clearer photo) and to the officer (who judges); failing check digits are a
fraud signal for officers only (`gerbang.fraud`). Pure: no AWS, no OCR."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from gerbang.applications import passport_validity
from gerbang.catalog import Service
from gerbang.records import Applicant, FieldReading, PassportReading

# ICAO 9303 part 3, 6.A: letters the MRZ spells out rather than strips of their accents.
_SPELLED = {"Æ": "AE", "Ø": "OE", "Œ": "OE", "ß": "SS", "Þ": "TH", "Ð": "D", "Ł": "L",
            "Ĳ": "IJ", "Đ": "D", "Ħ": "H", "ı": "I"}
_UMLAUTS = {"Ä": "AE", "Ö": "OE", "Ü": "UE"}  # either spelling is correct in an MRZ
# Nationality codes of one letter or two, padded with '<' in the MRZ (ICAO 9303 part 3).
_SHORT_CODES = {"D": "DEU"}
# The order officers read them in, as printed on the page.
FIELDS = ("number", "surname", "given_names", "nationality", "birth_date", "expiry_date")
NAME_FIELD_LENGTH = 39  # surname << given names: longer names are cut to fit


def mrz_letters(name: str | None, *, umlauts: bool = False) -> str:
    """A typed name as the MRZ writes it: capitals A-Z, words separated by one space;
    letters the MRZ alphabet cannot hold (other scripts) vanish."""
    if not name:
        return ""
    text = name.upper()
    if umlauts:
        text = "".join(_UMLAUTS.get(c, c) for c in text)
    text = "".join(_SPELLED.get(c, _SPELLED.get(c.upper(), c)) for c in text)
    plain = unicodedata.normalize("NFKD", text)
    kept = "".join(c if "A" <= c <= "Z" else " " for c in plain
                   if not unicodedata.combining(c))
    return " ".join(kept.split())


def _spellings(name: str | None) -> set[str]:
    return {mrz_letters(name), mrz_letters(name, umlauts=True)}


def _names_match(read_surname: str, read_given: str, family: str | None,
                 given: str) -> tuple[bool | None, bool | None]:
    """(surname matches, given names match); None where the typed name has no letter the
    MRZ can hold (a name typed in another script cannot be compared)."""
    if not mrz_letters(given) and not mrz_letters(family):
        return None, None
    # A name field filled to the end was cut: what was read must begin what was typed.
    cut = len(read_surname) + 2 + len(read_given) >= NAME_FIELD_LENGTH - 1

    def same(read: str, typed: str | None) -> bool:
        return any(read == t or (cut and read and t.startswith(read))
                   for t in _spellings(typed))

    surname_ok, given_ok = same(read_surname, family), same(read_given, given)
    if surname_ok and given_ok:
        return True, True
    # The whole name, whatever boxes it was typed in: a one-name holder (the MRZ keeps the
    # name as the surname), or given and family names typed the other way round.
    read_words = sorted(f"{read_surname} {read_given}".split())
    if any(sorted(t.split()) == read_words for t in _spellings(f"{given} {family or ''}")):
        return True, True
    return surname_ok, given_ok


def _nationality(code: str) -> str:
    return _SHORT_CODES.get(code.strip("<"), code.strip("<"))


def compare(reading: Any, applicant: Applicant, service: Service, made_on: date
            ) -> PassportReading:
    """`reading` (a `gerbang.mrz_reader.MrzReading`) beside the form, and the validity rule
    on the expiry read (or, unread, nothing: the form's answer was checked at submission)."""
    if not reading.found:
        return PassportReading(found=False)
    read = reading.fields
    surname_ok, given_ok = _names_match(read.get("surname", ""), read.get("given_names", ""),
                                        applicant.family_name, applicant.given_names)
    typed_number = "".join((applicant.passport_number or "").split()).upper() or None
    rows = [
        FieldReading(field="number", read=read.get("number"), typed=typed_number,
                     match=read.get("number") == typed_number if typed_number else None),
        FieldReading(field="surname", read=read.get("surname"), typed=applicant.family_name,
                     match=surname_ok),
        FieldReading(field="given_names", read=read.get("given_names"),
                     typed=applicant.given_names, match=given_ok),
        FieldReading(field="nationality", read=_nationality(read.get("nationality", "")),
                     typed=applicant.nationality,
                     match=_nationality(read.get("nationality", "")) == applicant.nationality),
        FieldReading(field="birth_date", read=read.get("birth_date"),
                     typed=applicant.date_of_birth.isoformat(),
                     match=read.get("birth_date") == applicant.date_of_birth.isoformat()),
        FieldReading(field="expiry_date", read=read.get("expiry_date"),
                     typed=applicant.passport_expiry.isoformat()
                     if applicant.passport_expiry else None,
                     match=read.get("expiry_date") == applicant.passport_expiry.isoformat()
                     if applicant.passport_expiry else None),
    ]
    broken = None
    try:
        expiry = date.fromisoformat(read.get("expiry_date", ""))
    except ValueError:
        expiry = None
    if expiry is not None and reading.valid:
        broken = passport_validity(service, expiry, applicant.arrival_date, made_on)
    return PassportReading(found=True, valid=reading.valid,
                           failed_checks=list(reading.failed_checks) or None, fields=rows,
                           validity=broken[0] if broken else None,
                           validity_params=broken[1] or None if broken else None)


def applicant_notes(passport: PassportReading | None) -> list[tuple[str, dict[str, Any]]]:
    """What the applicant is told about the page read: message codes and their params.
    Failing check digits read, to the applicant, as a page not read clearly: the fraud
    signal they also raise is for officers."""
    if passport is None:
        return []
    if not passport.found or not passport.valid:
        return [("note.passport_unreadable", {})]
    notes: list[tuple[str, dict[str, Any]]] = []
    wrong = [f for f in passport.fields or [] if f.match is False]
    if wrong:
        notes.append(("note.passport_mismatch", {"fields": [f.field for f in wrong],
                                                 "rows": wrong}))
    if passport.validity:
        notes.append((f"note.{passport.validity}", {
            **(passport.validity_params or {}),
            "expiry": next((f.read for f in passport.fields or []
                            if f.field == "expiry_date"), "")}))
    return notes
