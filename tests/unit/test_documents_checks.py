"""The verifier's first checks on an uploaded file, and reading S3 event notifications."""

from __future__ import annotations

import pytest
from gerbang.catalog import load_catalog
from gerbang.documents import MIN_BYTES, check_upload, human_size, keys_from_event, sniff

KINDS = load_catalog().document_kinds
PASSPORT = KINDS["passport"]
PHOTO = KINDS["photo"]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
HTML = b"<!doctype html><html><script>"


def test_sniff_reads_magic_bytes():
    assert sniff(PDF) == "application/pdf"
    assert sniff(JPEG) == "image/jpeg"
    assert sniff(PNG) == "image/png"
    assert sniff(HTML) is None
    assert sniff(b"") is None
    assert sniff(b"GIF89a") is None
    assert sniff(b"PK\x03\x04") is None  # a .docx


def test_photos_accept_only_jpeg_and_png():
    assert set(PHOTO.accepted) == {"image/jpeg", "image/png"}


def test_empty_file():
    assert check_upload(PASSPORT, 0, b"", None, None) == ("empty_file", {})


@pytest.mark.parametrize("size", [1, 50, MIN_BYTES - 1])
def test_tiny_file(size):
    assert check_upload(PASSPORT, size, PDF, "application/pdf", size) == ("too_small", {})


def test_exactly_the_minimum_is_enough():
    assert check_upload(PASSPORT, MIN_BYTES, PDF, None, None) == (None, {})


def test_too_large_gives_the_limit_in_words():
    limit = PHOTO.max_bytes
    assert check_upload(PHOTO, limit, JPEG, None, None) == (None, {})
    assert check_upload(PHOTO, limit + 1, JPEG, None, None) == (
        "file_too_large", {"max": human_size(limit)})
    assert human_size(limit) == "2 MB"


def test_declared_size_mismatch():
    assert check_upload(PASSPORT, 5000, PDF, "application/pdf", 4999) == ("size_mismatch", {})


def test_html_renamed_to_pdf_is_not_accepted():
    # The name and the declared type say PDF; the bytes say otherwise.
    assert check_upload(PASSPORT, 5000, HTML, "application/pdf", 5000) == (
        "type_not_accepted", {})
    assert check_upload(PASSPORT, 5000, HTML, None, None) == ("type_not_accepted", {})


def test_png_declared_as_jpeg_is_a_mismatch():
    assert check_upload(PHOTO, 5000, PNG, "image/jpeg", 5000) == ("type_mismatch", {})


def test_pdf_is_not_accepted_as_a_photo():
    assert check_upload(PHOTO, 5000, PDF, "application/pdf", 5000) == ("type_not_accepted", {})
    assert check_upload(PHOTO, 5000, PDF, None, None) == ("type_not_accepted", {})


@pytest.mark.parametrize(("kind", "head", "declared"), [
    ("passport", PDF, "application/pdf"),
    ("passport", JPEG, "image/jpeg"),
    ("passport", PNG, "image/png"),
    ("photo", JPEG, "image/jpeg"),
    ("photo", PNG, "image/png"),
    ("national_id", PDF, None),  # a plain form post declares nothing
])
def test_valid_files_are_accepted(kind, head, declared):
    size = 150_000
    assert check_upload(KINDS[kind], size, head, declared, size if declared else None) == (
        None, {})


def test_every_reason_has_a_message():
    from gerbang.i18n import messages

    for reason in ("empty_file", "too_small", "file_too_large", "size_mismatch",
                   "type_not_accepted", "type_mismatch"):
        for lang in ("en", "id"):
            assert f"reason.{reason}" in messages(lang)


@pytest.mark.parametrize(("size", "words"), [
    (4194304, "4 MB"), (2097152, "2 MB"), (1048576, "1 MB"), (512000, "500 KB"),
    (1048575, "1023 KB"), (1024, "1 KB"),
])
def test_human_size(size, words):
    assert human_size(size) == words


def _event(*keys: str, name: str = "ObjectCreated:Post") -> dict:
    return {"Records": [
        {"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": name,
         "eventTime": "2027-06-15T10:00:00.000Z",
         "s3": {"bucket": {"name": "docs"}, "object": {"key": key, "size": 1234}}}
        for key in keys]}


def test_keys_are_url_decoded_as_s3_encodes_them():
    # S3 encodes keys in notifications like a form: a space becomes "+", a real "+" is
    # "%2B". So "x%2By" is the key "x+y" and "x+y" is the key "x y".
    event = _event("uploads/ABCD-EFGH/photo/x%2By", "uploads/ABCD-EFGH/photo/x+y",
                   "uploads/ABCD-EFGH/photo/caf%C3%A9%20scan")
    assert keys_from_event(event) == [
        ("uploads/ABCD-EFGH/photo/x+y", "2027-06-15T10:00:00.000Z"),
        ("uploads/ABCD-EFGH/photo/x y", "2027-06-15T10:00:00.000Z"),
        ("uploads/ABCD-EFGH/photo/café scan", "2027-06-15T10:00:00.000Z"),
    ]


def test_a_plain_key_is_unchanged():
    key = "uploads/ABCD-EFGH/passport/0123456789abcdef0123456789abcdef"
    assert keys_from_event(_event(key)) == [(key, "2027-06-15T10:00:00.000Z")]


def test_every_object_created_event_counts():
    for name in ("ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy",
                 "ObjectCreated:CompleteMultipartUpload"):
        assert len(keys_from_event(_event("uploads/a/b/c", name=name))) == 1


def test_test_events_and_removals_are_ignored():
    test_event = {"Service": "Amazon S3", "Event": "s3:TestEvent",
                  "Time": "2027-06-15T10:00:00.000Z", "Bucket": "docs",
                  "RequestId": "1", "HostId": "2"}
    assert keys_from_event(test_event) == []
    assert keys_from_event(_event("uploads/a/b/c", name="ObjectRemoved:Delete")) == []
    assert keys_from_event({}) == []
