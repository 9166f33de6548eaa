"""Synthetic passport bio-data pages for the MRZ reader's tests and bench (issue 15).

Deterministic: each page draws from its own random generator seeded by (seed, class, index),
so a page does not change when the count per class does. A page is a TD3 bio-data page
(125 x 88 mm; 1250 x 880 px, about 254 dpi, for a scan): a tinted background with a light
guilloche, a portrait from scikit-image's bundled sample pictures (nothing is downloaded),
printed labels and values, and the two machine-readable lines in OCR-B, made by the `mrz`
package's TD3CodeGenerator from random but realistic holders. Each class then degrades the
page the way an upload does, and passes it through the encoding an upload would have (PNG
for scans, JPEG for photographs) and back.

    clean_scan         a flat-bed scan
    wrong_check_digit  a scan whose MRZ has one check digit changed (number, birth date,
                       expiry or composite): the reader must say invalid and name it
    rotated            scanned a quarter or half turn round, or skewed by up to 5 degrees
    blurred            a slightly out-of-focus phone photograph
    low_light          a photograph in a dim room: dark, flat, noisy, a colour cast
    angle              photographed at 10-25 degrees on a desk (perspective)
    phone_jpeg         a phone photograph: smaller, JPEG quality 50-75, noise, vignetting

`python -m tools.synthetic_passports OUT_DIR [COUNT_PER_CLASS]` writes the pages to look at.
"""

from __future__ import annotations

import datetime
import io
import math
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CLASSES = ("clean_scan", "wrong_check_digit", "rotated", "blurred", "low_light", "angle",
           "phone_jpeg")
# Classes photographed with a phone (JPEG); the others are scans (PNG).
PHONE_LIKE = ("blurred", "low_light", "angle", "phone_jpeg")

WIDTH, HEIGHT = 1250, 880  # 125 x 88 mm at 10 px/mm
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
MRZ_PITCH = 25.4  # ICAO 9303: 10 characters an inch (2.54 mm), here 10 px/mm
MRZ_LEFT = 66
MRZ_TOPS = (HEIGHT - 152, HEIGHT - 110)  # the lines' centres 4.2 mm apart, as printed

# (surnames, given names) by where the names come from; romanised as their passports do.
NAMES = {
    "indonesian": (["SETIAWAN", "WIJAYA", "SANTOSO", "NASUTION", "SIREGAR", "HARAHAP",
                    "KUSUMAWARDHANI", "PRAWIRANEGARA", "HUTAPEA", "SIMANJUNTAK", "HALIM",
                    "GUNAWAN", "SUSANTO", "WIBOWO", "PANJAITAN", "TAMBUNAN"],
                   ["BUDI", "SITI NURHALIZA", "AGUS", "DEWI LESTARI", "PUTRI AYU",
                    "MUHAMMAD RIZKY", "EKO PRASETYO", "NI KADEK AYU", "I GUSTI NGURAH",
                    "RATNA SARI DEWI", "YUDHOYONO", "INTAN PERMATA"]),
    "indian": (["SHARMA", "VENKATARAMAN", "CHATTOPADHYAY", "RAJAGOPALACHARI", "PATEL",
                "IYER", "REDDY", "SUBRAMANIAM", "GUPTA", "BANERJEE", "KRISHNAMURTHY"],
               ["PRIYA", "ANANTHA KRISHNA", "RAHUL KUMAR", "LAKSHMI", "SURESH BABU",
                "DEEPIKA", "VENKATA SATYA NARAYANA", "ARJUN", "MEENAKSHI SUNDARAM"]),
    "chinese": (["ZHANG", "WANG", "LI", "OUYANG", "SIMA", "CHEN", "LIU", "HUANG", "ZHAO",
                 "ZHUGE", "XU"],
                ["XIAOMING", "WEI", "JIANHUA", "MEILING", "ZIHAN", "YUXUAN", "HAOYU",
                 "QIAN", "SHUFEN"]),
    "european": (["MUELLER", "VAN DER BERG", "GARCIA LOPEZ", "DE LA CRUZ", "KOWALSKI",
                  "SCHWARZENEGGER-WOLFF", "ROSSI", "DUBOIS", "O'BRIEN", "NOWAK",
                  "FERNANDES DA SILVA", "JOHANSSON", "WOLFESCHLEGELSTEINHAUSENBERGERDORFF"],
                 ["ANNA MARIA", "JEAN-PIERRE", "LUCA", "SOPHIE", "JAN PIETER", "MARIE CLAIRE",
                  "HANS PETER GEORG", "ELENA", "OLIVER JAMES", "KATARZYNA", "MAXIMILIAN"]),
}
# Real ISO 3166-1 alpha-3 codes, weighted towards who applies to an Indonesian service.
STATES = ["IDN", "IDN", "IND", "CHN", "MYS", "SGP", "AUS", "NLD", "FRA", "GBR", "USA", "JPN",
          "KOR", "PHL", "THA", "VNM", "ESP", "ITA", "POL", "SWE", "IRL", "BRA", "PAK", "BGD"]
ORIGIN_STATES = {"indonesian": ["IDN"], "indian": ["IND"], "chinese": ["CHN", "SGP", "MYS"],
                 "european": ["NLD", "FRA", "GBR", "ESP", "ITA", "POL", "SWE", "IRL"]}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass
class Page:
    cls: str
    image: Image.Image
    truth: dict[str, str]  # the keys of gerbang.mrz_reader.MrzReading.fields
    valid: bool  # whether every check digit holds
    failing: tuple[str, ...]  # the names in gerbang.mrz_reader.CHECKS whose digit fails
    lines: tuple[str, str]  # the MRZ as printed


def passport_pages(count_per_class: int = 30, seed: int = 15) -> Iterator[Page]:
    """count_per_class pages of each class in CLASSES, the same ones for the same seed."""
    for cls in CLASSES:
        for index in range(count_per_class):
            yield make_page(cls, random.Random(f"{seed}:{cls}:{index}"))


def make_page(cls: str, rng: random.Random) -> Page:
    holder = _holder(rng)
    lines = _mrz_lines(holder)
    failing: tuple[str, ...] = ()
    if cls == "wrong_check_digit":
        lines, failing = _break_check_digit(lines, rng)
    page = _render(holder, lines, rng)
    np_rng = np.random.default_rng(rng.getrandbits(32))
    image, encoding = DEGRADE[cls](page, rng, np_rng)
    return Page(cls=cls, image=_round_trip(image, encoding, rng), truth=_truth(holder, lines),
                valid=not failing, failing=failing, lines=lines)


# --- the holder and the MRZ ------------------------------------------------------------------

def _holder(rng: random.Random) -> dict[str, object]:
    origin = rng.choice(list(NAMES))
    surnames, given = NAMES[origin]
    surname = rng.choice(surnames)
    if origin == "indonesian" and rng.random() < 0.15:
        given_names = ""  # one name only: all of it is the primary identifier
    else:
        given_names = " ".join(rng.sample(given, rng.choice((1, 1, 2))))
    nationality = rng.choice(ORIGIN_STATES[origin]) if rng.random() < 0.8 else rng.choice(STATES)
    issuing_state = nationality if rng.random() < 0.9 else rng.choice(STATES)
    birth = _date(rng, datetime.date(1940, 1, 1), datetime.date(2010, 12, 31))
    expiry = _date(rng, datetime.date(2027, 1, 1), datetime.date(2036, 12, 31))
    if rng.random() < 0.6:  # letters then digits, as most states do; else any alphanumeric
        number = "".join(rng.choice("ABCEHKLMNPRSTXY") for _ in range(rng.choice((1, 2))))
        number += "".join(rng.choice("0123456789") for _ in range(9 - len(number)
                                                                   - rng.choice((0, 1))))
    else:
        number = "".join(rng.choice(ALNUM) for _ in range(rng.choice((8, 9))))
    optional = "".join(rng.choice("0123456789") for _ in range(rng.choice((0, 0, 10, 14))))
    sex = rng.choice("MMMFFFX")
    return {"surname": surname, "given_names": given_names, "nationality": nationality,
            "issuing_state": issuing_state, "birth": birth, "expiry": expiry, "number": number,
            "optional": optional, "sex": sex}


def _date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _identifier(surname: str, given_names: str) -> tuple[str, str]:
    """The name as the MRZ holds it, cut to its 39 characters (issuers truncate the given
    names first): returned as the (surname, given names) to hand the generator."""
    from mrz.base.functions import transliterate
    from mrz.generator._transliterations import latin_based

    primary = transliterate(surname, latin_based())
    secondary = transliterate(given_names, latin_based())
    whole = (primary + "<<" + secondary)[:39] if secondary else primary[:39]
    primary, _, secondary = whole.partition("<<")
    return primary, secondary.rstrip("<")


def _mrz_lines(holder: dict[str, object]) -> tuple[str, str]:
    from mrz.generator.td3 import TD3CodeGenerator

    surname, given_names = _identifier(holder["surname"], holder["given_names"])
    code = TD3CodeGenerator("P", holder["issuing_state"], surname, given_names,
                            holder["number"], holder["nationality"],
                            holder["birth"].strftime("%y%m%d"), holder["sex"],
                            holder["expiry"].strftime("%y%m%d"), holder["optional"])
    first, second = str(code).splitlines()
    return first, second


# Where each check digit of line 2 stands (ICAO 9303 part 4).
CHECK_POSITIONS = {"number": 9, "birth_date": 19, "expiry_date": 27, "composite": 43}


def _break_check_digit(lines: tuple[str, str], rng: random.Random
                       ) -> tuple[tuple[str, str], tuple[str, ...]]:
    """One check digit replaced by another digit. The composite digit covers the other three,
    so changing one of them fails the composite too."""
    name = rng.choice(list(CHECK_POSITIONS))
    at = CHECK_POSITIONS[name]
    second = lines[1]
    digit = rng.choice([d for d in "0123456789" if d != second[at]])
    second = second[:at] + digit + second[at + 1:]
    failing = (name,) if name == "composite" else (name, "composite")
    return (lines[0], second), failing


def _truth(holder: dict[str, object], lines: tuple[str, str]) -> dict[str, str]:
    primary, _, secondary = lines[0][5:].partition("<<")
    return {
        "surname": primary.replace("<", " ").strip(),
        "given_names": " ".join(secondary.replace("<", " ").split()),
        "number": lines[1][:9].replace("<", ""),
        "nationality": holder["nationality"],
        "issuing_state": holder["issuing_state"],
        "birth_date": holder["birth"].isoformat(),
        "expiry_date": holder["expiry"].isoformat(),
        "sex": holder["sex"],
        "optional_data": holder["optional"],
    }


# --- the page --------------------------------------------------------------------------------

@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = os.environ.get("OCRB_FONT", OCRB) if name == "ocrb" else DEJAVU + name
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        if name == "ocrb":  # without the font: a monospaced one (the reader does worse)
            return _font("DejaVuSansMono.ttf", size)
        return ImageFont.load_default(size)


@cache
def _mrz_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """OCR-B at the size whose advance is the MRZ's 2.54 mm pitch."""
    probe = _font("ocrb", 100)
    advance = probe.getlength("<" * 44) / 44
    return _font("ocrb", round(100 * MRZ_PITCH / advance))


@cache
def _portraits() -> tuple[Image.Image, ...]:
    from skimage import data

    astronaut = Image.fromarray(data.astronaut())
    camera = Image.fromarray(data.camera()).convert("RGB")
    return (astronaut.crop((130, 10, 360, 300)), astronaut.crop((150, 0, 340, 250)),
            camera.crop((180, 30, 380, 290)))


def _background(rng: random.Random) -> Image.Image:
    """A pale tint, a gradient and two families of guilloche lines."""
    hue = np.array(rng.choice([(226, 236, 222), (222, 230, 240), (240, 226, 230),
                               (236, 232, 214), (228, 222, 238)]), dtype=np.float32)
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    shade = 1 - 0.05 * (x / WIDTH) - 0.03 * (y / HEIGHT)
    a, b = rng.uniform(20, 45), rng.uniform(110, 220)
    wave1 = np.sin(2 * np.pi * (y + a * np.sin(2 * np.pi * x / b)) / rng.uniform(9, 14))
    wave2 = np.sin(2 * np.pi * (x + a * np.cos(2 * np.pi * y / b)) / rng.uniform(11, 17))
    lines = np.clip((wave1 - 0.9) * 10, 0, 1) * 0.5 + np.clip((wave2 - 0.92) * 12, 0, 1) * 0.35
    rgb = hue[None, None, :] * shade[..., None]
    rgb = rgb * (1 - 0.09 * lines[..., None])
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def _render(holder: dict[str, object], lines: tuple[str, str], rng: random.Random
            ) -> Image.Image:
    page = _background(rng)
    draw = ImageDraw.Draw(page)
    ink = (rng.randint(15, 45),) * 3
    label_font, value_font = _font("DejaVuSans.ttf", 15), _font("DejaVuSans-Bold.ttf", 24)
    title_font = _font("DejaVuSans-Bold.ttf", 30)
    state = holder["issuing_state"]
    draw.text((40, 30), f"PASSPORT  ·  {state}", font=title_font, fill=(40, 50, 90))

    portrait = rng.choice(_portraits())
    if rng.random() < 0.5:
        portrait = portrait.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    page.paste(portrait.resize((300, 390)), (40, 110))

    def field(x: int, y: int, label: str, value: str) -> None:
        draw.text((x, y), label, font=label_font, fill=(70, 70, 90))
        draw.text((x, y + 19), value, font=value_font, fill=ink)

    birth, expiry = holder["birth"], holder["expiry"]
    issued = expiry.replace(year=expiry.year - 10) if expiry.month != 2 else expiry.replace(
        year=expiry.year - 10, day=1)
    left, right = 380, 820
    field(left, 100, "Type / Tipe", "P")
    field(580, 100, "Code / Kode", state)
    field(right, 100, "Passport No. / No. Paspor", holder["number"])
    field(left, 165, "Surname / Nama keluarga", holder["surname"])
    field(left, 230, "Given names / Nama", holder["given_names"] or "-")
    field(left, 295, "Nationality / Kewarganegaraan", holder["nationality"])
    field(left, 360, "Date of birth / Tgl. lahir", _printed(birth))
    field(right, 360, "Sex / Jenis kelamin", holder["sex"])
    field(left, 425, "Date of issue / Tgl. dikeluarkan", _printed(issued))
    field(right, 425, "Date of expiry / Tgl. habis berlaku", _printed(expiry))
    field(left, 490, "Authority / Kantor", f"IMMIGRATION {state}")
    # A signature: a few strokes.
    points = [(80 + i * 12, 600 + rng.randint(-14, 14)) for i in range(18)]
    draw.line(points, fill=(30, 30, 80), width=2, joint="curve")

    mrz_font = _mrz_font()
    x = MRZ_LEFT + rng.randint(-6, 6)
    for line, top in zip(lines, MRZ_TOPS, strict=True):
        draw.text((x, top + rng.randint(-3, 3)), line, font=mrz_font, fill=ink)
    return page


def _printed(day: datetime.date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


# --- how each class degrades the page --------------------------------------------------------

def _scan(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
          ) -> tuple[Image.Image, str]:
    scale = rng.uniform(0.85, 1.2)  # 216 to 305 dpi
    page = page.resize((round(WIDTH * scale), round(HEIGHT * scale)), Image.Resampling.LANCZOS)
    return _noise(page, np_rng, rng.uniform(1, 3)), "PNG"


def _rotated(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
             ) -> tuple[Image.Image, str]:
    page, _ = _scan(page, rng, np_rng)
    turn = rng.choice((90, 180, 270, "skew", "skew"))
    if turn == "skew":
        angle = rng.choice((-1, 1)) * rng.uniform(1, 5)
        return page.rotate(angle, Image.Resampling.BICUBIC, expand=True,
                           fillcolor=(250, 250, 250)), "PNG"
    return page.rotate(turn, expand=True), "PNG"


def _blurred(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
             ) -> tuple[Image.Image, str]:
    page = _on_desk(page, rng, np_rng, tilt=rng.uniform(0, 5))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.0)))
    return _noise(page, np_rng, rng.uniform(2, 5)), "JPEG"


def _low_light(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
               ) -> tuple[Image.Image, str]:
    page = _on_desk(page, rng, np_rng, tilt=rng.uniform(0, 6))
    pixels = np.asarray(page, dtype=np.float32)
    gain, contrast = rng.uniform(0.35, 0.6), rng.uniform(0.55, 0.8)
    cast = np.array([1.0, rng.uniform(0.85, 0.95), rng.uniform(0.65, 0.85)], dtype=np.float32)
    pixels = ((pixels - 128) * contrast + 128) * gain * cast + rng.uniform(0, 12)
    pixels += np_rng.normal(0, rng.uniform(5, 12), pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), "JPEG"


def _angle(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
           ) -> tuple[Image.Image, str]:
    page = _on_desk(page, rng, np_rng, tilt=rng.uniform(10, 25))
    return _noise(page, np_rng, rng.uniform(2, 4)), "JPEG"


def _phone(page: Image.Image, rng: random.Random, np_rng: np.random.Generator
           ) -> tuple[Image.Image, str]:
    page = _on_desk(page, rng, np_rng, tilt=rng.uniform(0, 8), fill=rng.uniform(0.75, 0.95))
    factor = rng.uniform(0.6, 0.85)
    page = page.resize((round(page.width * factor), round(page.height * factor)),
                       Image.Resampling.BILINEAR)
    page = _vignette(_noise(page, np_rng, rng.uniform(3, 7)), rng.uniform(0.15, 0.35))
    return page, f"JPEG:{rng.randint(50, 75)}"


DEGRADE = {"clean_scan": _scan, "wrong_check_digit": _scan, "rotated": _rotated,
           "blurred": _blurred, "low_light": _low_light, "angle": _angle, "phone_jpeg": _phone}


def _on_desk(page: Image.Image, rng: random.Random, np_rng: np.random.Generator, tilt: float,
             fill: float | None = None) -> Image.Image:
    """The page photographed on a desk: the camera tilted by `tilt` degrees from straight
    above (perspective), turned a little, the page filling `fill` of the frame's width."""
    frame_w, frame_h = 1600, 1200
    fill = rng.uniform(0.72, 0.88) if fill is None else fill
    # The page's corners in 3D, tilted about a horizontal or vertical axis, then projected.
    t = math.radians(tilt) * rng.choice((-1, 1))
    about_x = rng.random() < 0.6
    distance = 1.6 * WIDTH
    corners = []
    for cx, cy in ((-WIDTH / 2, -HEIGHT / 2), (WIDTH / 2, -HEIGHT / 2),
                   (WIDTH / 2, HEIGHT / 2), (-WIDTH / 2, HEIGHT / 2)):
        if about_x:
            x3, y3, z3 = cx, cy * math.cos(t), cy * math.sin(t)
        else:
            x3, y3, z3 = cx * math.cos(t), cy, cx * math.sin(t)
        corners.append((x3 * distance / (distance + z3), y3 * distance / (distance + z3)))
    turn = math.radians(rng.uniform(-4, 4))
    corners = [(x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn))
               for x, y in corners]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    scale = fill * frame_w / (max(xs) - min(xs))
    scale = min(scale, 0.92 * frame_h / (max(ys) - min(ys)))
    ox = frame_w / 2 + rng.uniform(-0.04, 0.04) * frame_w
    oy = frame_h / 2 + rng.uniform(-0.04, 0.04) * frame_h
    target = [(ox + x * scale, oy + y * scale) for x, y in corners]
    source = [(0, 0), (WIDTH, 0), (WIDTH, HEIGHT), (0, HEIGHT)]

    desk = _desk(rng, np_rng, frame_w, frame_h)
    warped = page.transform((frame_w, frame_h), Image.Transform.PERSPECTIVE,
                            _perspective(target, source), Image.Resampling.BICUBIC)
    mask = Image.new("L", page.size, 255).transform(
        (frame_w, frame_h), Image.Transform.PERSPECTIVE, _perspective(target, source),
        Image.Resampling.BILINEAR)
    desk.paste(warped, (0, 0), mask)
    return desk


def _perspective(target: list[tuple[float, float]], source: list[tuple[float, float]]
                 ) -> list[float]:
    """The 8 coefficients PIL wants: for a point of the output, where it is in the input."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows), np.array(rhs)).tolist()


def _desk(rng: random.Random, np_rng: np.random.Generator, width: int, height: int
          ) -> Image.Image:
    """Wood-ish or grey desk: a base colour, grain along one axis, a little light falloff."""
    base = np.array(rng.choice([(150, 110, 75), (120, 85, 55), (170, 150, 125), (95, 95, 100),
                                (200, 195, 185)]), dtype=np.float32)
    grain = np_rng.normal(0, 1, (height, 1)).astype(np.float32)
    grain = np.convolve(grain[:, 0], np.ones(9) / 9, mode="same")[:, None]
    pixels = base[None, None, :] * (1 + 0.08 * grain[..., None]) * np.ones((height, width, 1))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _noise(image: Image.Image, np_rng: np.random.Generator, sigma: float) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels + np_rng.normal(0, sigma, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _vignette(image: Image.Image, strength: float) -> Image.Image:
    w, h = image.size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2
    falloff = 1 - strength * np.clip(r2 / 2, 0, 1)
    pixels = np.asarray(image, dtype=np.float32) * falloff[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _round_trip(image: Image.Image, encoding: str, rng: random.Random) -> Image.Image:
    """What the server gets: the image encoded as the upload was, and decoded again."""
    out = io.BytesIO()
    if encoding.startswith("JPEG"):
        _, _, quality = encoding.partition(":")
        image.save(out, "JPEG", quality=int(quality) if quality else rng.randint(70, 88))
    else:
        image.save(out, "PNG", compress_level=1)
    decoded = Image.open(io.BytesIO(out.getvalue()))
    decoded.load()
    return decoded


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 2
    out.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(passport_pages(count)):
        suffix = "jpg" if page.cls in PHONE_LIKE else "png"
        page.image.save(out / f"{index:03d}-{page.cls}.{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
