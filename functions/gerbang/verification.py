"""What the verifier decides about one uploaded file, from its bytes alone: the type by its
content (not its name), the catalog's size and pixel rules, images fully decoded under
decompression-bomb limits and re-encoded without their metadata, PDFs parsed for what has
no place in a scan (encryption, JavaScript, launch actions, embedded files), and hidden
archives appended to an image. Pure: no AWS, so every rule is tested on generated files.

HEIC, the iPhone's photo format, is refused with a reason that says what to do: iOS already
converts photos to JPEG when a page asks for JPEG or PNG (our file inputs do), decoding HEIC
needs libheif (a large native dependency in every cold start), and officers' tools read
JPEG everywhere.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from typing import Any

from gerbang.catalog import DocumentKind

MIN_BYTES = 100  # below this no real scan or photo exists
MAX_PIXELS = 40_000_000  # a 40-megapixel image; beyond it a file is a bomb, not a scan
MAX_PDF_PAGES = 20
MAX_PDF_OBJECTS = 20_000  # walking more than this is a denial of service, not a document
JPEG_QUALITY = 90

MAGIC = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")
EXTENSIONS = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg",
              "jfif": "image/jpeg", "png": "image/png"}
# Names whose presence in a PDF means it can act, not just show: refused.
PDF_ACTIVE = {"/JavaScript": "pdf_javascript", "/JS": "pdf_javascript",
              "/Launch": "pdf_launch", "/EmbeddedFiles": "pdf_embedded_file",
              "/EmbeddedFile": "pdf_embedded_file", "/RichMedia": "pdf_embedded_file"}


@dataclass
class Verdict:
    """The outcome for one file. `reason` is None when accepted; `clean` holds the bytes
    officers see (re-encoded images; PDFs as they came)."""

    reason: str | None
    params: dict[str, Any] = field(default_factory=dict)
    content_type: str | None = None
    sha256: str = ""
    clean: bytes | None = None
    width: int | None = None
    height: int | None = None
    pages: int | None = None


def sniff(data: bytes) -> str | None:
    if data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS:
        return "image/heic"
    return next((kind for magic, kind in MAGIC.items() if data.startswith(magic)), None)


def human_size(size: int) -> str:
    return f"{size / 1048576:.0f} MB" if size >= 1048576 else f"{size // 1024} KB"


def has_hidden_zip(data: bytes) -> bool:
    """A ZIP archive glued to the file (a polyglot): a valid end-of-central-directory record
    in the last 64 KB whose comment length reaches exactly the end of the file."""
    start = max(0, len(data) - 65557)
    at = data.rfind(b"PK\x05\x06", start)
    while at != -1:
        if at + 22 <= len(data) and at + 22 + int.from_bytes(data[at + 20:at + 22],
                                                              "little") == len(data):
            return True
        at = data.rfind(b"PK\x05\x06", start, at)
    return False


def _extension_type(file_name: str | None) -> str | None:
    if not file_name or "." not in file_name:
        return None
    return EXTENSIONS.get(file_name.rsplit(".", 1)[1].lower(), "unknown")


def inspect(rules: DocumentKind, data: bytes, *, declared_type: str | None = None,
            declared_size: int | None = None, file_name: str | None = None) -> Verdict:
    sha = hashlib.sha256(data).hexdigest()
    size = len(data)

    def refuse(reason: str, **params: Any) -> Verdict:
        return Verdict(reason, params, sniff(data), sha)

    if size == 0:
        return refuse("empty_file")
    if size < MIN_BYTES:
        return refuse("too_small")
    if size > rules.max_bytes:
        return refuse("file_too_large", max=human_size(rules.max_bytes))
    if declared_size is not None and declared_size != size:
        return refuse("size_mismatch")
    actual = sniff(data)
    if actual == "image/heic":
        return refuse("heic_not_accepted")
    if actual is None or actual not in rules.accepted:
        return refuse("type_not_accepted")
    named = _extension_type(file_name)
    if (declared_type is not None and declared_type != actual) or named not in (None, actual):
        return refuse("type_mismatch")
    if has_hidden_zip(data):
        return refuse("hidden_content")
    if actual == "application/pdf":
        return _pdf(data, sha)
    return _image(rules, data, actual, sha)


def _image(rules: DocumentKind, data: bytes, content_type: str, sha: str) -> Verdict:
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse it all.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()  # structure and checksums, before spending memory
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # every pixel decoded: a truncated file fails here
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Verdict("image_too_many_pixels", {}, content_type, sha)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return Verdict("unreadable", {}, content_type, sha)
    width, height = upright.size
    short, long_ = sorted((width, height))
    need_short, need_long = sorted((rules.min_width, rules.min_height))
    if short < need_short or long_ < need_long:
        return Verdict("image_too_small", {"width": rules.min_width,
                                           "height": rules.min_height},
                       content_type, sha, width=width, height=height)
    # Re-encoding without the metadata drops EXIF, GPS and comments: officers see pixels.
    out = io.BytesIO()
    if content_type == "image/jpeg":
        upright.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        # Level 1: a scan's noise barely compresses; level 6 took 10x as long for 7% less.
        upright.save(out, "PNG", compress_level=1)
    return Verdict(None, {}, content_type, sha, out.getvalue(), width, height)


def _pdf(data: bytes, sha: str) -> Verdict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    def refuse(reason: str, **params: Any) -> Verdict:
        return Verdict(reason, params, "application/pdf", sha)

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return refuse("pdf_encrypted")
        pages = len(reader.pages)
        if pages == 0:
            return refuse("unreadable")
        if pages > MAX_PDF_PAGES:
            return refuse("pdf_too_many_pages", max=MAX_PDF_PAGES)
        # Walk everything reachable from the trailer, once, with a budget.
        seen: set[tuple[int, int]] = set()
        todo: list[Any] = [reader.trailer]
        walked = 0
        while todo:
            node = todo.pop()
            walked += 1
            if walked > MAX_PDF_OBJECTS:
                return refuse("unreadable")
            if isinstance(node, IndirectObject):
                ref = (node.idnum, node.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                node = node.get_object()
            if isinstance(node, DictionaryObject):
                for key, value in node.items():
                    if key in PDF_ACTIVE:
                        return refuse(PDF_ACTIVE[key])
                    if key == "/S" and value in ("/JavaScript", "/Launch"):
                        return refuse(PDF_ACTIVE[str(value)])
                    if key != "/Parent":
                        todo.append(value)
            elif isinstance(node, ArrayObject):
                todo.extend(node)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, RecursionError,
            AttributeError):
        return refuse("unreadable")
    return Verdict(None, {}, "application/pdf", sha, data, pages=pages)
