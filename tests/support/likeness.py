"""Uploads that look like the real thing, for tests that need the verifier to read them: a
passport-style photo that passes the counter's checks, and a passport page whose
machine-readable zone says what an application's answers say. Made by the synthetic
corpus's generators (tools/synthetic_*.py), from pictures bundled with scikit-image."""

from __future__ import annotations

import io
import random
from datetime import date
from functools import cache
from typing import Any

from PIL import Image

from tests.support.api import application


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, fmt, **({"quality": 88} if fmt == "JPEG" else {}))
    return out.getvalue()


@cache
def portrait(i: int = 0, fmt: str = "JPEG") -> bytes:
    """A good passport-style photo (sample `i` of the corpus's "good" class)."""
    from tools.synthetic_photos import sample

    return _encoded(sample("good", i).image, fmt)


def portrait_image(i: int = 0) -> Image.Image:
    with Image.open(io.BytesIO(portrait(i))) as image:
        return image.convert("RGB")


def with_gps(jpeg: bytes) -> bytes:
    """The same photo with EXIF naming a camera and where it was taken."""
    from tests.support.corpus import gps_exif

    out = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as image:
        image.save(out, "JPEG", quality=88, exif=gps_exif())
    return out.getvalue()


def photo_sample(cls: str, i: int = 0) -> bytes:
    """A photo of one of the corpus's refused classes (too_far, two_faces, ...)."""
    from tools.synthetic_photos import sample

    return _encoded(sample(cls, i).image, "JPEG")


def holder(answers: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """The passport an application's answers describe (tests.support.api.application)."""
    a = {**(answers or application()), **changes}
    return {"surname": a.get("family_name") or a["given_names"],
            "given_names": a["given_names"] if a.get("family_name") else "",
            "nationality": a["nationality"], "issuing_state": a["nationality"],
            "birth": date.fromisoformat(str(a["date_of_birth"])),
            "expiry": date.fromisoformat(str(a["passport_expiry"])),
            "number": a["passport_number"], "optional": "", "sex": "F"}


def passport_page(answers: dict[str, Any] | None = None, *, fmt: str = "PNG",
                  broken_check: bool = False, **changes: Any) -> bytes:
    """A clean scan of the bio-data page of the passport `answers` describe; `changes`
    alter what the page says (a different date of birth...), `broken_check` changes the
    passport number's check digit."""
    from tools import synthetic_passports as made

    who = holder(answers, **changes)
    line1, line2 = made._mrz_lines(who)
    if broken_check:  # the number's check digit, one off
        at = made.CHECK_POSITIONS["number"]
        line2 = line2[:at] + str((int(line2[at]) + 1) % 10) + line2[at + 1:]
    return _encoded(made._render(who, (line1, line2), random.Random(7)), fmt)
