"""The verifier's test corpus, made in the test run (nothing is downloaded): valid files of
every kind, and each way a file can be wrong or dangerous."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tests.support.files import _chunk


def _noise_image(width: int, height: int) -> Image.Image:
    # Smooth gradients plus texture: compresses like a real photo, not like a flat colour.
    gradient = Image.linear_gradient("L").resize((width, height))
    texture = Image.effect_noise((width, height), 40)
    return Image.merge("RGB", (gradient, texture, gradient.rotate(90, expand=False)))


def jpeg(width: int = 600, height: int = 800, quality: int = 88, exif: bytes | None = None
         ) -> bytes:
    out = io.BytesIO()
    image = _noise_image(width, height)
    if exif is None:
        image.save(out, "JPEG", quality=quality)
    else:
        image.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()


def png(width: int = 1200, height: int = 800) -> bytes:
    out = io.BytesIO()
    _noise_image(width, height).save(out, "PNG")
    return out.getvalue()


def gps_exif() -> bytes:
    """EXIF naming a camera and the place a photo was taken (Jakarta)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Cheap Phone 3"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)})
    return exif.tobytes()


def jpeg_with_gps(width: int = 600, height: int = 800) -> bytes:
    return jpeg(width, height, exif=gps_exif())


def png_bomb(side: int = 10_000) -> bytes:
    """A PNG of side x side grey pixels (100 megapixels) that compresses to ~100 KB."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * side
    data = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def jpeg_zip_polyglot() -> bytes:
    """A real JPEG with a ZIP archive glued on: opens as a photo and as an archive."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.exe", b"MZ" + b"\x00" * 200)
    return jpeg() + archive.getvalue()


def heic() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 400


def truncated_jpeg() -> bytes:
    whole = jpeg()
    return whole[: len(whole) // 2]


def _pdf(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    return _pdf(writer)


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('Approved! Pay here.');")})
    return _pdf(writer)


def pdf_with_launch_action() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"),
        NameObject("/F"): TextStringObject("cmd.exe")})
    return _pdf(writer)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("invoice.exe", b"MZ" + b"\x00" * 300)
    return _pdf(writer)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    return _pdf(writer)


def html_as_pdf() -> bytes:
    return b"<!doctype html><html><body>" + b"<p>not a passport</p>" * 20 + b"</body></html>"


def scanned_pdf(pages: int = 1, width: int = 1654, height: int = 2339) -> bytes:
    """What a phone scanner app makes: one JPEG image per page (A4 at 200 dpi)."""
    out = io.BytesIO()
    images = [_noise_image(width, height) for _ in range(pages)]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=200,
                   quality=70)
    return out.getvalue()
