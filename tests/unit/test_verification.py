"""What the verifier decides about each file of the generated corpus, from its bytes."""

from __future__ import annotations

import io

import pytest
from gerbang.catalog import load_catalog
from gerbang.i18n import LANGUAGES, messages
from gerbang.verification import MAX_PDF_PAGES, MIN_BYTES, human_size, inspect, sniff
from PIL import Image

from tests.support import corpus

KINDS = load_catalog().document_kinds
PASSPORT, PHOTO = KINDS["passport"], KINDS["photo"]


@pytest.mark.parametrize(("kind", "make", "content_type"), [
    ("photo", corpus.jpeg, "image/jpeg"),
    ("photo", lambda: corpus.png(600, 800), "image/png"),
    ("passport", corpus.png, "image/png"),
    ("passport", corpus.pdf, "application/pdf"),
    ("proof_of_address", lambda: corpus.pdf(3), "application/pdf"),
    ("national_id", lambda: corpus.jpeg(900, 600), "image/jpeg"),
])
def test_valid_files_of_every_kind_are_accepted(kind, make, content_type):
    data = make()
    verdict = inspect(KINDS[kind], data, declared_type=content_type, declared_size=len(data))
    assert verdict.reason is None, verdict
    assert verdict.content_type == content_type
    assert verdict.clean and len(verdict.sha256) == 64


@pytest.mark.parametrize(("make", "kind", "reason"), [
    (lambda: b"", "passport", "empty_file"),
    (lambda: b"%PDF-1.4\n" * 5, "passport", "too_small"),
    (corpus.html_as_pdf, "passport", "type_not_accepted"),
    (corpus.jpeg_zip_polyglot, "photo", "hidden_content"),
    (corpus.png_bomb, "passport", "image_too_many_pixels"),
    (corpus.pdf_with_javascript, "passport", "pdf_javascript"),
    (corpus.pdf_with_launch_action, "passport", "pdf_launch"),
    (corpus.pdf_with_embedded_file, "passport", "pdf_embedded_file"),
    (corpus.encrypted_pdf, "passport", "pdf_encrypted"),
    (lambda: corpus.pdf(MAX_PDF_PAGES + 1), "passport", "pdf_too_many_pages"),
    (lambda: corpus.jpeg(300, 450), "photo", "image_too_small"),
    (corpus.heic, "photo", "heic_not_accepted"),
    (corpus.truncated_jpeg, "photo", "unreadable"),
    (corpus.pdf, "photo", "type_not_accepted"),  # photos are JPEG or PNG only
])
def test_each_bad_file_is_refused_with_its_reason(make, kind, reason):
    verdict = inspect(KINDS[kind], make())
    assert verdict.reason == reason
    assert verdict.clean is None
    for lang in LANGUAGES:
        assert f"reason.{reason}" in messages(lang)


def test_gps_and_camera_details_are_gone_from_the_clean_copy():
    original = corpus.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test is real
    verdict = inspect(PHOTO, original, declared_type="image/jpeg")
    assert verdict.reason is None
    clean = Image.open(io.BytesIO(verdict.clean))
    assert not clean.getexif() and b"Exif" not in verdict.clean[:4096]
    assert b"PhoneMaker" not in verdict.clean
    assert clean.size == (600, 800)


def test_a_sideways_phone_photo_is_stood_upright_before_measuring():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees to view
    data = corpus.jpeg(800, 600, exif=exif.tobytes())  # stored landscape, shown portrait
    verdict = inspect(PHOTO, data)
    assert verdict.reason is None and (verdict.width, verdict.height) == (600, 800)


def test_declared_size_type_and_extension_must_agree_with_the_bytes():
    data = corpus.png(600, 800)
    assert inspect(PHOTO, data, declared_size=len(data) + 1).reason == "size_mismatch"
    assert inspect(PHOTO, data, declared_type="image/jpeg").reason == "type_mismatch"
    assert inspect(PHOTO, data, file_name="photo.jpg").reason == "type_mismatch"
    assert inspect(PHOTO, data, file_name="photo.exe").reason == "type_mismatch"
    assert inspect(PHOTO, data, file_name="FOTO.PNG").reason is None
    assert inspect(PHOTO, data, file_name="no-extension").reason is None


def test_the_limit_is_exact():
    limit = PHOTO.max_bytes
    data = corpus.jpeg(1200, 1600, quality=95)
    assert len(data) < limit
    padded = data + b"\x00" * (limit + 1 - len(data))  # trailing bytes after the image
    assert inspect(PHOTO, padded).reason == "file_too_large"
    assert inspect(PHOTO, padded).params == {"max": human_size(limit)}


def test_the_same_bytes_have_the_same_fingerprint():
    data = corpus.pdf()
    assert inspect(PASSPORT, data).sha256 == inspect(PASSPORT, data).sha256
    assert inspect(PASSPORT, data).sha256 != inspect(PASSPORT, corpus.pdf(2)).sha256


def test_sniff_reads_magic_bytes():
    assert sniff(corpus.pdf()) == "application/pdf"
    assert sniff(corpus.jpeg()) == "image/jpeg"
    assert sniff(corpus.png()) == "image/png"
    assert sniff(corpus.heic()) == "image/heic"
    assert sniff(b"<!doctype html>") is None
    assert sniff(b"PK\x03\x04") is None  # a .docx or .zip
    assert sniff(b"") is None


def test_tiny_means_under_the_minimum():
    assert inspect(PASSPORT, b"%PDF-" + b"0" * (MIN_BYTES - 6)).reason == "too_small"


@pytest.mark.parametrize(("size", "words"), [
    (4194304, "4 MB"), (2097152, "2 MB"), (1048576, "1 MB"), (512000, "500 KB"),
    (1048575, "1023 KB"), (1024, "1 KB"),
])
def test_human_size(size, words):
    assert human_size(size) == words
