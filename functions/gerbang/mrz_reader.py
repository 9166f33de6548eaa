"""The passport page's machine-readable zone (ICAO 9303 TD3: two lines of 44 characters),
found and read on the CPU, offline, and every check digit validated (issue 15).

How: RapidOCR's text detector (PP-OCRv4, ONNX, inside the rapidocr-onnxruntime wheel:
nothing is downloaded) finds the text lines on a copy of the page 800 px long (1280 px on a
second look); the MRZ is the pair of long, parallel, level lines 1-4 character pitches apart,
whatever the page's turn (quarter turns, skew, perspective). A line the detector saw only in
part takes its ends from the other; one box holding both lines is cut in two. Each line is
cut out straight from the page (up to 2000 px) along its own direction, stretched to full
contrast and read by the recogniser alone, one line a call. Its output is decoded by a
Viterbi search for the likeliest path that spells exactly 44 characters, each one allowed
where it stands (digits in dates and check digits, letters and fillers in names and codes):
so O/0, I/1, S/5, B/8, Z/2, G/6 fall where they belong, a glyph the recogniser half-saw still
counts and a run of fillers keeps its length. State codes that do not exist become the
likeliest that do (mrz's list), and a line 1 without '<<' between surname and given names
gets back the filler it read as a letter.

Which way up the page is, is first guessed from where the rest of the text lies (above the
MRZ), then confirmed by the reading (the other way round reads as doubtful garbage).

Where check digits fail, they arbitrate only between characters in doubt: the recogniser's
own second choices, and O against 0 in the alphanumeric fields (OCR-B's zero differs from
its O only by being a little taller, which this recogniser does not see). A change is kept
only when it leaves fewer wrong check digits to explain. A confidently read page whose check
digit is wrong stays wrong: `valid=False`, the check named, which is a fraud signal.

The check digits are computed by the `mrz` package. numpy, OpenCV, onnxruntime and the models
load on the first call (about 0.2 s, once per process), not on import.
"""

from __future__ import annotations

import datetime
import io
import itertools
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

CHECKS = ("number", "birth_date", "expiry_date", "optional_data", "composite")

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
LETTERS, DIGITS = ALPHABET[:26], ALPHABET[26:36]
LINE = 44
# What each position may hold. Line 1: document type, then letters and fillers (issuing
# state, names, which start with a letter). Line 2: number, its check digit, nationality,
# birth date and check, sex, expiry and check, optional data, its check (a filler when it is
# empty), composite check.
_A, _L, _D, _N = LETTERS, LETTERS + "<", DIGITS, ALPHABET
ALLOWED = (
    (_A,) + (_L,) * 4 + (_A,) + (_L,) * 38,  # the surname's first letter at 5
    (_N,) * 9 + (_D,) + (_L,) * 3 + (_D,) * 7 + ("MFX<",) + (_D,) * 7 + (_N,) * 14
    + (DIGITS + "<", _D),
)
# Line 2's check digits: the positions each covers, and where the digit stands.
_CHECK_SPANS = {
    "number": (range(0, 9), 9),
    "birth_date": (range(13, 19), 19),
    "expiry_date": (range(21, 27), 27),
    "optional_data": (range(28, 42), 42),
    "composite": ([*range(0, 10), *range(13, 20), *range(21, 43)], 43),
}
# Glyphs the recogniser (trained on Chinese and Latin text) gives the MRZ filler.
FILLER_LOOKALIKES = "«‹〈《くㄑ<＜∠"

DET_SIDE = 800  # the page's long side for text detection: the MRZ lines stay ~10 px high
DET_SIDE_RETRY = 1280  # when nothing MRZ-like is found at DET_SIDE
WORK_SIDE = 2000  # the page is first brought down to this: enough for 44 legible glyphs
REC_HEIGHT = 48  # the recogniser's input height
# How each line is cut: its height in character pitches, and how much narrower its glyphs
# are made. The recogniser drops letters spaced as widely as OCR-B's (the Y of MYS), and
# tells K from < and H from I better with room above and below; line 2's digits read best
# as they are (measured on the synthetic corpus).
CROPS = ((1.4, 0.85), (1.2, 1.0))
MIN_SIDE = 64  # below this no MRZ can be legible
ALTERNATIVE = 0.08  # a second choice this probable is a doubt the check digits may settle
# The recogniser cannot tell OCR-B's letter O from its zero (the zero is only a little
# taller): where both may stand, each is a doubt whatever the recogniser's confidence.
LOOKALIKES = {"O": "0", "0": "O"}
LOOKALIKE_ODDS = 0.5
# Two changes at once must both be strong doubts (the recogniser nearly torn, or O against
# 0): among many weak ones some pair passes the field's and the composite's checks by chance
# (1 in 100 a pair), and a misread line would be taken as valid.
PAIR_ODDS = 0.5
MIN_CONFIDENCE = 0.45  # mean probability of the 88 characters below which it is not an MRZ
SURE = 0.95  # above it a reading whose check digits fail may be taken as read
LEGIBLE = 22  # at most this many of the 88 characters in doubt: the right way up
THREADS = int(os.environ.get("MRZ_OCR_THREADS", "1"))  # onnxruntime threads (one core)


@dataclass(frozen=True)
class MrzReading:
    found: bool  # two 44-character TD3 lines were found
    valid: bool  # found, and every check digit holds
    failed_checks: tuple[str, ...]  # the names from CHECKS whose check digit fails
    # When found: surname, given_names, number, nationality, issuing_state, birth_date,
    # expiry_date (ISO dates; "" when not a calendar date), sex (M, F or X), optional_data.
    fields: dict[str, str] = field(default_factory=dict)
    lines: tuple[str, str] | None = None
    confidence: float | None = None


NOT_FOUND = MrzReading(found=False, valid=False, failed_checks=())


# --- the strings: check digits and fields (pure) ----------------------------------------------

def failed_checks(line2: str) -> tuple[str, ...]:
    """The names in CHECKS whose check digit in line 2 fails (mrz's check-digit rule)."""
    from mrz.base.functions import hash_is_ok

    failed = []
    for name in CHECKS:
        span, at = _CHECK_SPANS[name]
        value = "".join(line2[i] for i in span)
        if name == "optional_data" and value.strip("<") == "" and line2[at] == "<":
            continue  # no optional data: a filler may stand for its check digit
        if not hash_is_ok(value, line2[at]):
            failed.append(name)
    return tuple(failed)


def parse_fields(line1: str, line2: str, today: datetime.date | None = None
                 ) -> dict[str, str]:
    """The holder's data as the MRZ holds it. Names: '<' between names becomes a space;
    dates: ISO, a birth date never in the future, an expiry always 20xx."""
    today = today or datetime.date.today()
    primary, _, secondary = line1[5:].partition("<<")
    sex = line2[20]
    return {
        "surname": _words(primary),
        "given_names": _words(secondary),
        "number": line2[0:9].replace("<", ""),
        "nationality": line2[10:13].strip("<"),
        "issuing_state": line1[2:5].strip("<"),
        "birth_date": _date(line2[13:19], today, birth=True),
        "expiry_date": _date(line2[21:27], today, birth=False),
        "sex": sex if sex in "MF" else "X",
        "optional_data": line2[28:42].replace("<", ""),
    }


def _words(value: str) -> str:
    return " ".join(value.replace("<", " ").split())


def _date(yymmdd: str, today: datetime.date, birth: bool) -> str:
    try:
        year, month, day = int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
        when = datetime.date(2000 + year, month, day)
        if birth and when > today:
            when = datetime.date(1900 + year, month, day)
    except ValueError:
        return ""
    return when.isoformat()


def reading(line1: str, line2: str, confidence: float | None = None) -> MrzReading:
    """The verdict on two 44-character lines as read."""
    failed = failed_checks(line2)
    return MrzReading(found=True, valid=not failed, failed_checks=failed,
                      fields=parse_fields(line1, line2), lines=(line1, line2),
                      confidence=confidence)


# --- the entry points --------------------------------------------------------------------------

def read_mrz(image: Image.Image) -> MrzReading:
    """The MRZ of a passport photo or scan; found=False when there is none to read. Never
    raises on an image, whatever its size, mode or content."""
    try:
        return _read(_as_bgr(image))
    except Exception:  # a page we cannot read is a page without an MRZ
        return NOT_FOUND


def read_mrz_pdf(data: bytes) -> MrzReading:
    """A scanned PDF: the largest image embedded in its first page, read as a photo."""
    try:
        image = _largest_image(data)
    except Exception:  # an unreadable PDF has no readable MRZ
        return NOT_FOUND
    return NOT_FOUND if image is None else read_mrz(image)


MAX_PDF_IMAGE_PIXELS = 40_000_000  # as the verifier's limit: beyond it, a bomb


def _largest_image(data: bytes) -> Image.Image | None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if not reader.pages:
        return None
    best, best_pixels = None, 0
    for embedded in reader.pages[0].images:
        ref = embedded.indirect_reference
        if ref is not None:  # its size from the dictionary: decode only the one we read
            xobject = ref.get_object()
            pixels = int(xobject.get("/Width", 0)) * int(xobject.get("/Height", 0))
            if pixels > best_pixels and pixels <= MAX_PDF_IMAGE_PIXELS:
                best, best_pixels = embedded, pixels
        elif best is None:
            best = embedded
    return None if best is None else best.image


# --- the image ---------------------------------------------------------------------------------

@cache
def _engine() -> Any:
    """RapidOCR, once per process, on THREADS threads."""
    import cv2
    from rapidocr_onnxruntime import RapidOCR

    cv2.setNumThreads(THREADS)
    engine = RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=THREADS)
    engine.text_det.limit_type = "max"  # we hand it the size to work at
    return engine


def _as_bgr(image: Image.Image) -> np.ndarray:
    """8-bit BGR pixels (OpenCV's order), at most WORK_SIDE on the long side, transparency
    laid on white paper, 16-bit and float scans stretched to 8 bits."""
    import numpy as np
    from PIL import Image

    if min(image.size) < MIN_SIDE:
        raise ValueError("too small to hold a legible MRZ")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        pixels = np.asarray(image, dtype=np.float32)
        low, span = float(pixels.min()), float(pixels.max() - pixels.min()) or 1.0
        image = Image.fromarray(((pixels - low) * (255 / span)).astype(np.uint8))
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):  # palette, CMYK, YCbCr...
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    scale = WORK_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.Resampling.BILINEAR, reducing_gap=2.0)
    if "A" in image.getbands():
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"),
                                      image.convert("RGBA"))
    rgb = np.asarray(image.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _read(page: np.ndarray) -> MrzReading:
    best: _Candidate | None = None
    for side in (DET_SIDE, DET_SIDE_RETRY):
        if side > DET_SIDE and max(page.shape[:2]) <= DET_SIDE:
            break  # the retry would see the same pixels
        for candidate in _candidates(page, side):
            if best is None or candidate.score > best.score:
                best = candidate
            if best.good:
                return best.reading
    return best.reading if best is not None and best.found else NOT_FOUND


@dataclass
class _Line:
    """A detected text line: centre, unit direction along it, length and height (pixels of
    the full page)."""

    centre: np.ndarray
    direction: np.ndarray
    length: float
    height: float


def _detect(page: np.ndarray, side: int) -> list[_Line]:
    import cv2
    import numpy as np

    engine = _engine()
    height, width = page.shape[:2]
    scale = min(1.0, side / max(height, width))
    small = cv2.resize(page, (max(1, round(width * scale)), max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else page
    engine.text_det.limit_side_len = side
    boxes, _ = engine.text_det(small)
    lines = []
    for box in [] if boxes is None else boxes:
        (cx, cy), (w, h), angle = cv2.minAreaRect(np.asarray(box, dtype=np.float32))
        if w < h:
            w, h, angle = h, w, angle + 90
        theta = math.radians(angle)
        lines.append(_Line(np.array([cx, cy]) / scale,
                           np.array([math.cos(theta), math.sin(theta)]), w / scale, h / scale))
    return lines


def _joined(lines: list[_Line]) -> list[_Line]:
    """Lines the detector cut in two (a long run of fillers can look like a gap) made one:
    parallel pieces on the same line whose ends are at most four heights apart."""
    import numpy as np

    pieces = sorted(lines, key=lambda line: -line.length)
    joined: list[_Line] = []
    for line in pieces:
        for i, whole in enumerate(joined):
            if abs(float(np.dot(line.direction, whole.direction))) < math.cos(math.radians(4)):
                continue
            offset = line.centre - whole.centre
            normal = np.array([-whole.direction[1], whole.direction[0]])
            if abs(float(np.dot(offset, normal))) > 0.4 * whole.height:
                continue
            along = float(np.dot(offset, whole.direction))
            low = min(-whole.length / 2, along - line.length / 2)
            high = max(whole.length / 2, along + line.length / 2)
            if high - low > whole.length + line.length + 4 * whole.height:
                continue  # too far apart along the line
            joined[i] = _Line(whole.centre + whole.direction * (low + high) / 2,
                              whole.direction, high - low, max(whole.height, line.height))
            break
        else:
            joined.append(line)
    return joined


def _mrz_pairs(lines: list[_Line]) -> list[tuple[_Line, _Line]]:
    """Pairs of lines that can be a TD3 MRZ: long and thin, parallel, level at one end,
    1 to 4 character pitches apart; each made as long as the two together span; the two
    longest pairs."""
    import numpy as np

    long_lines = []
    for line in _joined(lines):
        pitch = line.length / LINE
        if line.height > 2.3 * pitch and line.length >= 5 * line.height:
            # Both lines seen as one (they are only ~1.7 pitches apart): cut it in two.
            normal = np.array([-line.direction[1], line.direction[0]]) * line.height / 4
            long_lines += [_Line(line.centre + side * normal, line.direction, line.length,
                                 line.height / 2) for side in (-1, 1)]
        elif line.length >= 10 * line.height:
            long_lines.append(line)
    pairs = []
    for a, b in itertools.combinations(long_lines, 2):
        if abs(float(np.dot(a.direction, b.direction))) < math.cos(math.radians(6)):
            continue
        if min(a.length, b.length) < 0.4 * max(a.length, b.length):
            continue
        direction = a.direction if a.length >= b.length else b.direction
        normal = np.array([-direction[1], direction[0]])
        # Both lines span the same stretch: where one was seen only in part (a long run of
        # fillers fades first), the other tells where it starts and ends.
        ends = [float(np.dot(line.centre, direction)) + sign * line.length / 2
                for line in (a, b) for sign in (-1, 1)]
        start, end = min(ends), max(ends)
        pitch = (end - start) / LINE
        if min(abs(ends[0] - ends[2]), abs(ends[1] - ends[3])) > 2.5 * pitch:
            continue  # neither their starts nor their ends are level
        across = abs(float(np.dot(b.centre - a.centre, normal)))
        if not 0.9 * pitch <= across <= 4 * pitch:
            continue
        pairs.append(tuple(
            _Line(direction * (start + end) / 2 + normal * float(np.dot(line.centre, normal)),
                  direction, end - start, line.height) for line in (a, b)))
    pairs.sort(key=lambda pair: -pair[0].length)
    return pairs[:2]


@dataclass
class _Candidate:
    reading: MrzReading
    score: float
    found: bool
    doubtful: int = LINE  # characters read at less than even odds

    @property
    def good(self) -> bool:
        """Taken without looking further: valid, or failing as one wrong digit fails, read
        with hardly a doubt (a line seen only in part reads as stretched, doubtful text)."""
        return self.reading.valid or (
            self.found and len(self.reading.failed_checks) <= 2 and self.doubtful <= 2
            and (self.reading.confidence or 0) >= SURE)


def _candidates(page: np.ndarray, side: int):
    """Readings of the MRZ-like pairs, the likelier way up first. A legible reading that is
    not good enough says the way up is right and the lines were seen badly: no other pair
    or way is tried at this size (the caller looks again, larger)."""
    import numpy as np

    lines = _detect(page, side)
    everything = np.mean([line.centre for line in lines], axis=0) if lines else None
    for a, b in _mrz_pairs(lines):
        direction = a.direction
        middle = (a.centre + b.centre) / 2
        down = np.array([-direction[1], direction[0]])  # image y grows downwards
        # The rest of the page lies above the MRZ: read the way that puts it there first.
        if everything is not None and float(np.dot(everything - middle, down)) > 0:
            direction, down = -direction, -down
        doubtful = []
        for way in (1, -1):
            d, n = direction * way, down * way
            first, second = (a, b) if np.dot(a.centre - b.centre, n) < 0 else (b, a)
            candidate = _recognise(page, first, second, d, n)
            yield candidate
            if candidate.good or candidate.doubtful <= LEGIBLE:
                return
            doubtful.append(candidate.doubtful)
        if doubtful[0] <= 2 * LEGIBLE < doubtful[1]:
            return  # half legible the first way, garbage the other: the MRZ, seen badly


def _crop(page: np.ndarray, line: _Line, d: np.ndarray, n: np.ndarray, margin: float,
          squeeze: float) -> np.ndarray:
    """The line cut out straight, reading left to right, REC_HEIGHT pixels high: `margin`
    times the character pitch (the glyphs are about one pitch high), and `squeeze` times
    as wide as that would make it."""
    import cv2
    import numpy as np

    pitch = line.length / LINE
    length, height = line.length + pitch, margin * pitch
    half_l, half_h = d * length / 2, n * height / 2
    corners = np.array([line.centre - half_l - half_h, line.centre + half_l - half_h,
                        line.centre + half_l + half_h, line.centre - half_l + half_h],
                       dtype=np.float32)
    out_w = max(REC_HEIGHT, round(REC_HEIGHT * length / height * squeeze))
    target = np.array([[0, 0], [out_w, 0], [out_w, REC_HEIGHT], [0, REC_HEIGHT]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    crop = cv2.warpPerspective(page, matrix, (out_w, REC_HEIGHT), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)
    # Stretched to full contrast, grey: a dim or tinted photo reads as a scan does.
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY).astype(np.float32)
    low, high = np.percentile(grey, (1, 99))
    grey = np.clip((grey - low) * (255 / max(float(high - low), 1.0)), 0, 255)
    return cv2.cvtColor(grey.astype(np.uint8), cv2.COLOR_GRAY2BGR)


def _recognise(page: np.ndarray, first: _Line, second: _Line, d: np.ndarray,
               n: np.ndarray) -> _Candidate:
    import numpy as np

    session = _engine().text_rec.session
    decoded = []
    for index, (line, how) in enumerate(zip((first, second), CROPS, strict=True)):
        crop = _crop(page, line, d, n, *how)
        batch = ((crop.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5)[None].astype(np.float32)
        # One line a call: onnxruntime takes several times longer on a batch of two.
        decoded.append(_decode(session(batch)[0][0] @ _alphabet_matrix(), index))
    return _settle(decoded)


@cache
def _alphabet_matrix() -> np.ndarray:
    """The recogniser's ~6,600 characters folded onto the blank and the MRZ alphabet (a
    column each): a letter's cases and full-width forms, and the filler's lookalikes."""
    import numpy as np

    vocabulary = _engine().text_rec.postprocess_op.character
    matrix = np.zeros((len(vocabulary), 1 + len(ALPHABET)), dtype=np.float32)
    matrix[0, 0] = 1  # CTC blank
    for index, char in enumerate(vocabulary[1:], start=1):
        folded = "<" if char in FILLER_LOOKALIKES else unicodedata.normalize(
            "NFKC", char).upper()
        if folded == " ":
            matrix[index, 0] = 1  # a space between glyphs is no character of the MRZ
        elif len(folded) == 1 and folded in ALPHABET:
            matrix[index, 1 + ALPHABET.index(folded)] = 1
    return matrix


@cache
def _allowed_mask(index: int) -> np.ndarray:
    """True where ALLOWED lets a character of ALPHABET stand, line `index`: 44 x 37."""
    import numpy as np

    return np.array([[char in allowed for char in ALPHABET] for allowed in ALLOWED[index]])


def _decode(folded: np.ndarray, index: int) -> tuple[str, list[np.ndarray]] | None:
    """The likeliest CTC path that spells exactly 44 characters, each one of those allowed
    where it stands (Viterbi over the recogniser's folded output). So a glyph the recogniser
    half-saw (blank likelier than the letter) still counts, a run of fillers keeps its length
    and an O in a date is a 0. Returns the line and, for each of its characters, the
    recogniser's distribution over ALPHABET where it was surest of it; None when the output
    is too short to hold 44 characters."""
    import numpy as np

    steps, size = folded.shape[0], len(ALPHABET)
    if steps < 2 * LINE:
        return None
    logp = np.log(np.maximum(folded, 1e-9))
    blank, chars = logp[:, 0], logp[:, 1:]
    allowed = np.where(_allowed_mask(index), 0.0, -np.inf)  # LINE x size
    rows, columns = np.arange(LINE), np.arange(size)
    # gap[g]: g characters read, now between two. inside[k, c]: reading character k + 1,
    # which is c. The back pointers say where each came from at each step.
    gap = np.full(LINE + 1, -np.inf)
    gap[0] = blank[0]
    inside = np.full((LINE, size), -np.inf)
    inside[0] = chars[0] + allowed[0]
    gap_back = np.full((steps, LINE + 1), -1, dtype=np.int16)  # -1 stayed, c: ended c
    inside_back = np.full((steps, LINE, size), -1, dtype=np.int16)  # -1, -2 gap, c' before
    for t in range(1, steps):
        ranked = np.argsort(inside, axis=1)
        best_c, second_c = ranked[:, -1], ranked[:, -2]
        best_v, second_v = inside[rows, best_c], inside[rows, second_c]
        ended = np.concatenate(([-np.inf], best_v))
        gap_back[t] = np.where(ended > gap, np.concatenate(([-1], best_c)), -1)
        new_gap = np.maximum(ended, gap) + blank[t]
        # Straight from the previous character: the best one that is not this same letter
        # (a letter twice needs a blank between).
        before_c = np.zeros((LINE, size), dtype=np.int16)
        before_v = np.full((LINE, size), -np.inf)
        repeat = columns[None, :] == best_c[:-1, None]
        before_c[1:] = np.where(repeat, second_c[:-1, None], best_c[:-1, None])
        before_v[1:] = np.where(repeat, second_v[:-1, None], best_v[:-1, None])
        options = np.stack([inside, np.broadcast_to(gap[:LINE, None], inside.shape), before_v])
        choice = options.argmax(axis=0)
        inside_back[t] = np.where(choice == 0, -1, np.where(choice == 1, -2, before_c))
        inside = options.max(axis=0) + chars[t][None, :] + allowed
        gap = new_gap
    if max(inside[LINE - 1].max(), gap[LINE]) == -np.inf:
        return None
    in_char = inside[LINE - 1].max() > gap[LINE]
    k, c, g = LINE - 1, int(inside[LINE - 1].argmax()), LINE
    text, when = [""] * LINE, [-1] * LINE
    for t in range(steps - 1, -1, -1):
        if in_char:
            text[k] = ALPHABET[c]
            if when[k] < 0 or folded[t, 1 + c] > folded[when[k], 1 + c]:
                when[k] = t
            back = int(inside_back[t, k, c])
            if back == -2:
                in_char, g = False, k
            elif back >= 0:
                k, c = k - 1, back
        else:
            back = int(gap_back[t, g])
            if back >= 0:
                in_char, k, c = True, g - 1, back
    dists = [folded[t, 1:] / max(float(folded[t, 1:].sum()), 1e-9) for t in when]
    return "".join(text), dists


def _settle(lines: list[tuple[str, list[np.ndarray]] | None]) -> _Candidate:
    """Two decoded lines, doubts settled by the check digits; scored for choosing between
    ways up and pairs of lines."""
    if None in lines:
        return _Candidate(NOT_FOUND, -1.0, False)
    (line1, dists1), (line2, dists2) = lines
    line1 = _names(_with_code(line1, dists1, 2), dists1)
    line2 = _arbitrate(dists2, _with_code(line2, dists2, 10))
    probs = [float(dist[ALPHABET.index(char)])
             for line, dists in ((line1, dists1), (line2, dists2))
             for char, dist in zip(line, dists, strict=True)]
    confidence = round(sum(probs) / len(probs), 3)
    result = reading(line1, line2, confidence)
    found = confidence >= MIN_CONFIDENCE and line1[0] == "P" and "<" in line1
    score = confidence * 5 + (len(CHECKS) - len(result.failed_checks))
    return _Candidate(result if found else NOT_FOUND, score, found,
                      sum(p < 0.5 for p in probs))


@cache
def _state_codes() -> frozenset[str]:
    """ICAO's codes of states and organisations, '<'-padded to three (D<< for Germany)."""
    from mrz.base.countries_ops import code_list

    return frozenset(code.ljust(3, "<") for code in code_list())


def _with_code(line: str, dists: list[np.ndarray], at: int) -> str:
    """A state code read as none that exists becomes the likeliest one that does, if the
    recogniser gave it any real chance (ESP, not FSP)."""
    read = line[at:at + 3]
    if read in _state_codes():
        return line

    def chance(code: str) -> float:
        return math.prod(float(dists[at + i][ALPHABET.index(c)]) for i, c in enumerate(code))

    best = max(_state_codes(), key=chance)
    if chance(best) < ALTERNATIVE * chance(read):
        return line
    return line[:at] + best + line[at + 3:]


def _names(line1: str, dists: list[np.ndarray]) -> str:
    """Line 1's names obey ICAO's grammar: one filler between the parts of a name, two
    between surname and given names (once), three or more only at the end. A run of three
    or more before another letter, or a second '<<', holds a letter read as a filler (K as
    <): at the run's end the recogniser finds likelier to be a letter. Then the surname and
    given names are told apart (`_separated`)."""
    chars = list(line1)

    def lettered(run: tuple[int, int]) -> float:
        """How likely the likelier end of a run of fillers is a letter."""
        return max(float(dists[i][ALPHABET.index(c)]) for i in (run[0], run[1] - 1)
                   for c in LETTERS)

    def to_letter(run: tuple[int, int]) -> None:
        ends = (run[0], run[1] - 1)
        i = max(ends, key=lambda i: max(float(dists[i][ALPHABET.index(c)]) for c in LETTERS))
        chars[i] = max(LETTERS, key=lambda c: dists[i][ALPHABET.index(c)])

    for _ in range(LINE):  # each pass mends one run; a clean line needs none
        runs = [(m.start(), m.end()) for m in re.finditer("<+", "".join(chars))
                if m.start() >= 5 and m.end() < LINE]  # not the closing fillers
        long_runs = [run for run in runs if run[1] - run[0] >= 3]
        doubles = sorted((run for run in runs if run[1] - run[0] == 2), key=lettered)
        if long_runs:
            to_letter(long_runs[0])
        elif len(doubles) > 1:  # one '<<' parts surname and given names: keep the surest
            to_letter(doubles[-1])
        else:
            break
    return _separated("".join(chars), dists)


def _separated(line1: str, dists: list[np.ndarray]) -> str:
    """Given names follow the surname after '<<'. A line 1 with names but no '<<' between
    them had a filler read as a letter (in a dim photo, < as K): the letter beside a '<'
    and before more name that the recogniser also took for a filler becomes one."""
    name = line1[5:].rstrip("<")
    if "<<" in name:
        return line1
    doubts = []
    for i in range(6, 5 + len(name) - 1):
        before, after = line1[i - 1], line1[i + 1]
        beyond = line1[i + 2] if i + 2 < LINE else "<"
        if line1[i] in LETTERS and ((before == "<" and after in LETTERS)
                                    or (after == "<" and beyond in LETTERS)):
            doubts.append((float(dists[i][ALPHABET.index("<")]), i))
    chance, i = max(doubts, default=(0.0, 0))
    return line1[:i] + "<" + line1[i + 1:] if chance >= 2 * ALTERNATIVE else line1


def _arbitrate(dists: list[np.ndarray], line2: str) -> str:
    """Where check digits fail, try the doubtful characters they cover (at most two changes)
    and keep the change that leaves the fewest wrong check digits to explain, the likeliest
    of those. Only a change that explains more is kept: a confidently read wrong digit stays
    wrong, and of two readings that each need one wrong digit the one as read stands."""
    failed = failed_checks(line2)
    if not failed:
        return line2
    positions = sorted({i for name in failed for i in (
        [*_CHECK_SPANS[name][0], _CHECK_SPANS[name][1]] if name != "composite"
        else [_CHECK_SPANS[name][1]])})
    doubts = _doubts(dists, line2, positions)
    best, best_key = line2, (_wrong_digits(failed), -math.inf)  # fewer, then likelier
    for size in (1, 2):
        for combo in itertools.combinations(doubts, size):
            if len({i for i, _, _ in combo}) < size or (
                    size == 2 and min(o for _, _, o in combo) < PAIR_ODDS):
                continue
            trial = list(line2)
            for i, char, _ in combo:
                trial[i] = char
            changed = "".join(trial)
            key = (_wrong_digits(failed_checks(changed)), -math.prod(o for _, _, o in combo))
            if key < best_key:
                best, best_key = changed, key
    return best


def _wrong_digits(failed: tuple[str, ...]) -> int:
    """How many printed check digits must be wrong for these checks to fail: one per field
    (the composite covers the fields' digits, so it fails with them), or the composite's."""
    fields = sum(name != "composite" for name in failed)
    return fields or int(bool(failed))


def _doubts(dists: list[np.ndarray], line2: str, positions: list[int]
            ) -> list[tuple[int, str, float]]:
    """(position, other character, its odds against the one read): the recogniser's own
    second choices, and O for 0 and 0 for O wherever both may stand."""
    doubts = {}
    for i in positions:
        dist, read = dists[i], line2[i]
        against = max(float(dist[ALPHABET.index(read)]), 1e-6)
        for char in ALLOWED[1][i]:
            p = float(dist[ALPHABET.index(char)])
            if char != read and p >= ALTERNATIVE:
                doubts[i, char] = p / against
        other = LOOKALIKES.get(read)
        if other and other in ALLOWED[1][i]:
            doubts[i, other] = max(doubts.get((i, other), 0.0), LOOKALIKE_ODDS)
    return [(i, char, odds) for (i, char), odds in doubts.items()]


