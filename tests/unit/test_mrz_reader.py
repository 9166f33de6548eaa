"""The passport MRZ reader (gerbang.mrz_reader): the strings' rules on ICAO's own example,
and the OCR on a few synthetic pages (tools/synthetic_passports.py), turned, in a PDF,
with a wrong check digit, and on images that hold no MRZ at all."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from gerbang.mrz_reader import CHECKS, failed_checks, parse_fields, read_mrz, read_mrz_pdf
from PIL import Image

from tools.synthetic_passports import make_page

# ICAO 9303 part 4's specimen.
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TODAY = datetime.date(2026, 1, 15)


def _with(line: str, at: int, char: str) -> str:
    return line[:at] + char + line[at + 1:]


def test_the_specimen_parses_and_every_check_digit_holds() -> None:
    assert failed_checks(LINE2) == ()
    assert parse_fields(LINE1, LINE2, TODAY) == {
        "surname": "ERIKSSON", "given_names": "ANNA MARIA", "number": "L898902C3",
        "nationality": "UTO", "issuing_state": "UTO", "birth_date": "1974-08-12",
        "expiry_date": "2012-04-15", "sex": "F", "optional_data": "ZE184226B"}


@pytest.mark.parametrize(("at", "named"), [(9, "number"), (19, "birth_date"),
                                           (27, "expiry_date"), (42, "optional_data"),
                                           (43, "composite")])
def test_a_wrong_check_digit_is_named(at: int, named: str) -> None:
    wrong = _with(LINE2, at, str((int(LINE2[at]) + 3) % 10))
    failed = failed_checks(wrong)
    assert named in failed and set(failed) <= set(CHECKS)
    assert failed == (named,) if named == "composite" else set(failed) == {named, "composite"}


def test_dates_centuries_names_and_fillers() -> None:
    line1 = "P<D<<MUELLER<LUEDENSCHEIDT<<JEAN<PIERRE<<<<<"
    line2 = "C01X00T478D<<1501012<3001019" + "<" * 15 + "0"
    fields = parse_fields(line1, line2, TODAY)
    assert fields["surname"] == "MUELLER LUEDENSCHEIDT"
    assert fields["given_names"] == "JEAN PIERRE"
    assert (fields["issuing_state"], fields["nationality"], fields["sex"]) == ("D", "D", "X")
    assert fields["birth_date"] == "2015-01-01"  # 2015 is past: not 1915
    assert fields["expiry_date"] == "2030-01-01"  # an expiry is always 20xx
    later = parse_fields(line1, _with(line2, 13, "3"), TODAY)
    assert later["birth_date"] == "1935-01-01"  # 2035 is to come: born 1935
    assert parse_fields(line1, line2[:15] + "13" + line2[17:], TODAY)["birth_date"] == ""
    mononym = parse_fields("P<IDNSUKARNO" + "<" * 32, LINE2, TODAY)
    assert (mononym["surname"], mononym["given_names"]) == ("SUKARNO", "")


@pytest.fixture(scope="module")
def clean():
    return make_page("clean_scan", random.Random("unit:clean"))


def test_a_clean_scan_is_read_with_every_field_right(clean) -> None:
    reading = read_mrz(clean.image)
    assert reading.found and reading.valid and reading.failed_checks == ()
    assert reading.lines == clean.lines
    assert {key: reading.fields[key] for key in clean.truth} == clean.truth
    assert reading.confidence is not None and reading.confidence > 0.9


def test_a_wrong_check_digit_is_read_as_invalid_and_named() -> None:
    page = make_page("wrong_check_digit", random.Random("unit:wrong"))
    reading = read_mrz(page.image)
    assert reading.found and not reading.valid
    assert set(reading.failed_checks) == set(page.failing)
    assert reading.lines == page.lines  # not "repaired" into a valid one


def test_a_page_upside_down_is_read(clean) -> None:
    reading = read_mrz(clean.image.rotate(180))
    assert reading.valid and reading.lines == clean.lines


def test_a_scanned_pdf_is_read_from_its_page_image(clean) -> None:
    out = io.BytesIO()
    clean.image.save(out, "PDF", resolution=254, quality=85)
    reading = read_mrz_pdf(out.getvalue())
    assert reading.valid and reading.lines == clean.lines


@pytest.mark.parametrize("image", [
    Image.new("RGB", (1250, 880), (240, 240, 240)),  # blank
    Image.new("RGB", (20, 14), (0, 0, 0)),  # tiny
    Image.new("L", (1, 1)),
    Image.effect_noise((900, 600), 60),  # greyscale noise
    Image.new("RGBA", (800, 600), (0, 0, 0, 0)),  # transparent
    Image.new("I;16", (300, 200)),
], ids=["blank", "tiny", "one-pixel", "grey-noise", "transparent", "16-bit"])
def test_no_mrz_is_found_where_there_is_none(image: Image.Image) -> None:
    reading = read_mrz(image)
    assert not reading.found and not reading.valid and reading.lines is None


def test_a_pdf_without_an_image_or_not_a_pdf_has_no_mrz() -> None:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(out)
    assert not read_mrz_pdf(out.getvalue()).found
    assert not read_mrz_pdf(b"%PDF-1.7 nonsense").found
