"""Photos shrink on the phone before upload (docs/assets/gerbang.js, prepareFile), in
headless Chromium from Debian against the stack `make dev` runs: a 12 MP camera JPEG
arrives under the photo kind's 2 MB and above its 400 x 600 px, with a preview and the
sizes in Indonesian; a small photo and a PDF go up byte for byte as picked."""

from __future__ import annotations

import base64
import json
import re
import struct
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from gerbang.i18n import t

from tests.support import files
from tests.support.browser import PAGE_HELPERS, page_on, photo_rules

pytestmark = pytest.mark.browser

BUCKET = "gerbang-local-documents-123456789012"
SCREENSHOT = Path("/tmp/gerbang-upload-compressed.png")
MB = 1048576


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with page_on(browser, timeout=15_000, init_script=PAGE_HELPERS) as opened:
        yield opened


def apply(stack: Any) -> dict[str, Any]:
    today = date.today()
    body = {"service": "visit-visa", "given_names": "Siti Aminah", "family_name": "Walker",
            "date_of_birth": "1988-04-12", "nationality": "GBR",
            "passport_number": "533401234",
            "passport_expiry": (today + timedelta(days=5 * 365)).isoformat(),
            "arrival_date": (today + timedelta(days=30)).isoformat(),
            "email": "siti.walker@example.com", "language": "id", "consent": True}
    request = urllib.request.Request(
        stack.url + "/api/applications", method="POST", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept-Language": "id",
                 "Idempotency-Key": uuid.uuid4().hex})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def open_upload(stack: Any, page: Any) -> dict[str, Any]:
    """A fresh application saved in the tab, as after applying; the upload page open."""
    received = apply(stack)
    page.goto(f"{stack.url}/id/upload/")
    page.evaluate("saved => sessionStorage.setItem('gerbang:application', JSON.stringify(saved))",
                  {k: received[k] for k in ("reference", "access_code", "service_name", "fee",
                                            "required_documents")})
    page.reload()
    assert page.input_value("#gb-reference") == received["reference"]
    return received


def upload(stack: Any, page: Any, received: dict[str, Any], kind: str, name: str, mime: str,
           data: bytes) -> bytes:
    """Pick the file, send it, wait until the verifier has judged it; the stored bytes.
    (The camera pictures drawn here have no face: the portrait checks refuse them, which is
    not what these tests are about.)"""
    page.select_option("#gb-kind", kind)
    page.set_input_files("#gb-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.evaluate("""() => {  // every text the summary box shows, in window.gbSaid
        const box = document.querySelector('form[data-gb-form=upload] .gb-summary');
        window.gbSaid = [];
        new MutationObserver(() => gbSaid.push(box.textContent))
            .observe(box, {childList: true, characterData: true, subtree: true});
    }""")
    page.click("form[data-gb-form=upload] button[type=submit]")
    page.locator(".gb-summary", has_text=t("id", "client.uploaded")).wait_for(timeout=30_000)
    doc = next(d["name"] for d in received["required_documents"] if d["kind"] == kind)
    judged = re.compile(re.escape(f"{doc}: ") + "(" + "|".join(
        re.escape(t("id", f"document.{state}")) for state in ("accepted", "rejected")) + ")")
    page.locator("form[data-gb-form=upload] .gb-result li", has_text=judged).wait_for(
        timeout=20_000)
    return stored(stack, received["reference"], kind)


def stored(stack: Any, reference: str, kind: str) -> bytes:
    s3 = boto3.client("s3", endpoint_url=stack.aws_endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"uploads/{reference}/{kind}/")
    keys = [o["Key"] for o in listed.get("Contents", [])]
    assert len(keys) == 1, keys
    return s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame marker."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i = 2
    while i + 9 < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no SOF marker")


def with_exif(jpeg: bytes, orientation: int) -> bytes:
    """The JPEG with an EXIF block (orientation, and a GPS pointer as phones write it)
    after its JFIF header, as a phone camera that stores pixels sideways does."""
    entries = [(0x0112, 3, 1, orientation << 16), (0x8825, 4, 1, 38)]  # orientation, GPS IFD
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", len(entries))
    tiff += b"".join(struct.pack(">HHII", *e) for e in entries) + struct.pack(">I", 0)
    tiff += struct.pack(">HHHII", 1, 0x0001, 2, 2, 0x4E000000) + struct.pack(">I", 0)  # N
    app1 = b"Exif\x00\x00" + tiff
    at = 4 + struct.unpack(">H", jpeg[4:6])[0]  # after SOI and APP0
    return jpeg[:at] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[at:]


def camera_jpeg(page: Any, width: int, height: int, quality: float = 0.92) -> bytes:
    b64 = page.evaluate("async ([w, h, q]) => gbBase64(await gbNoisyJpeg(w, h, q))",
                        [width, height, quality])
    return base64.b64decode(b64)


def shrink(page: Any, data: bytes, name: str, rules: dict[str, Any]) -> tuple[bytes, str, str]:
    """prepareFile straight, on the page: the bytes, name and type it returns."""
    out = page.evaluate("""async ([b64, name, rules]) => {
        const f = await gerbangPrepareFile(gbFile(b64, name, 'image/jpeg'), rules);
        return [await gbBase64(f), f.name, f.type];
    }""", [base64.b64encode(data).decode(), name, rules])
    return base64.b64decode(out[0]), out[1], out[2]


def test_a_12_megapixel_camera_photo_is_shrunk_before_upload(stack: Any, page: Any) -> None:
    received = open_upload(stack, page)
    rules = next(d for d in received["required_documents"] if d["kind"] == "photo")
    assert (rules["max_bytes"], rules["min_width"], rules["min_height"]) == (2 * MB, 400, 600)
    original = camera_jpeg(page, 4000, 3000)
    assert jpeg_size(original) == (4000, 3000)
    assert 3 * MB < len(original) < 9 * MB  # as large as a phone camera's

    sent = upload(stack, page, received, "photo", "IMG_20250114_101502.JPG", "image/jpeg",
                  original)

    assert len(sent) <= rules["max_bytes"]
    width, height = jpeg_size(sent)
    assert width >= 400 and height >= 600
    assert (width, height) == (2000, 1500)  # the longer side at 2000 px, proportions kept
    assert b"Exif" not in sent[:4096]
    assert t("id", "client.compressing") in page.evaluate("gbSaid")
    result = page.locator("form[data-gb-form=upload] .gb-result")
    preview = result.locator("img.gb-preview")
    assert preview.is_visible()
    assert preview.evaluate("img => img.complete && img.naturalWidth") == 2000
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert preview.bounding_box()["width"] <= 8 * rem
    # "Foto Anda sudah diperkecil di ponsel ini sebelum dikirim: 5,1 MB → 620 KB."
    before, after = "(?P<before>[0-9]+(,[0-9])?) MB", "(?P<after>[0-9]+) KB"
    pattern = re.escape(t("id", "client.compressed", before="BEFORE", after="AFTER"))
    pattern = pattern.replace("BEFORE", before).replace("AFTER", after)
    shown = re.search(pattern, result.inner_text())
    assert shown, result.inner_text()
    assert abs(float(shown["before"].replace(",", ".")) - len(original) / MB) <= 0.051
    assert int(shown["after"]) == round(len(sent) / 1024)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_a_small_photo_within_the_limits_is_sent_as_it_is(stack: Any, page: Any) -> None:
    received = open_upload(stack, page)
    original = camera_jpeg(page, 900, 1200, 0.8)
    assert len(original) < 1.5 * MB

    sent = upload(stack, page, received, "photo", "pasfoto.jpg", "image/jpeg", original)

    assert sent == original
    assert page.locator("img.gb-preview").count() == 0
    assert t("id", "client.compressing") not in page.evaluate("gbSaid")
    assert t("id", "client.compressed").split(":")[0] not in page.inner_text("form")


def test_a_pdf_is_never_touched(stack: Any, page: Any) -> None:
    received = open_upload(stack, page)
    # Over the 1.5 MB at which photos are shrunk, under the passport's 4 MB.
    original = files.pdf(1) + b"".join(b"%" + b"scan" * 2000 + b"\n" for _ in range(260))
    assert 1.5 * MB < len(original) < 4 * MB
    passport = next(d for d in received["required_documents"] if d["kind"] == "passport")
    untouched = page.evaluate("""async ([b64, rules]) => {
        const pdf = gbFile(b64, 'paspor.pdf', 'application/pdf');
        return pdf === await gerbangPrepareFile(pdf, rules);
    }""", [base64.b64encode(original).decode(), passport])
    assert untouched

    sent = upload(stack, page, received, "passport", "paspor.pdf", "application/pdf", original)

    assert sent == original
    assert page.locator("img.gb-preview").count() == 0
    assert t("id", "client.compressing") not in page.evaluate("gbSaid")


def test_what_is_left_alone_and_never_below_the_minimums(stack: Any, page: Any) -> None:
    page.goto(f"{stack.url}/id/upload/")
    photo = photo_rules()
    b64 = base64.b64encode(camera_jpeg(page, 4000, 3000)).decode()
    kept = page.evaluate("""async ([b64, photo]) => {
        const big = gbFile(b64, 'a.jpg', 'image/jpeg');
        const kept = async rules => big === await gerbangPrepareFile(big, rules);
        return [await kept({}), await kept(Object.assign({}, photo, {accepted: ['image/png']})),
                await kept(Object.assign({}, photo, {max_bytes: 16 * 1048576}))];
    }""", [b64, photo])
    # No saved rules: nothing is guessed. A kind that takes no JPEG: not converted. A 5 MB
    # photo under a 16 MB limit is still shrunk (over 1.5 MB is more than any check needs).
    assert kept == [True, True, False]

    # A limit it cannot meet: quality, then size step down, but never below 400 x 600.
    data, name, kind = shrink(page, base64.b64decode(b64), "a.jpeg",
                              {**photo, "max_bytes": 2_000})
    assert (name, kind) == ("a.jpg", "image/jpeg")
    assert jpeg_size(data) == (800, 600)


@pytest.mark.parametrize("bitmap", [True, False], ids=["createImageBitmap", "img-fallback"])
def test_a_sideways_stored_phone_photo_comes_out_upright(stack: Any, page: Any,
                                                         bitmap: bool) -> None:
    if not bitmap:  # an older browser: the <img> + object URL path
        page.add_init_script("delete window.createImageBitmap; delete window.OffscreenCanvas")
    page.goto(f"{stack.url}/id/upload/")
    assert page.evaluate("typeof createImageBitmap") == ("function" if bitmap else "undefined")
    # Pixels stored 4000 x 3000 with EXIF orientation 6: a portrait photo, 3000 x 4000.
    sideways = with_exif(camera_jpeg(page, 4000, 3000), 6)
    data, name, _ = shrink(page, sideways, "IMG_0042.JPG", photo_rules())
    assert name == "IMG_0042.jpg"
    assert jpeg_size(data) == (1500, 2000)
    assert len(data) <= 2 * MB
    assert b"Exif" not in data[:4096]  # EXIF, GPS position included, does not travel
