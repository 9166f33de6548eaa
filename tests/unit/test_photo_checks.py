"""The portrait checked as at the counter (gerbang.photo_checks), on photos generated here
(tools/synthetic_photos.py): each refusal from a photo that has that fault, good photos
accepted, the catalog's thresholds, the face hash, and inputs no phone would send."""

from __future__ import annotations

import io
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from gerbang.catalog import load_catalog
from gerbang.photo_checks import PhotoCheck, PhotoRules, check_photo, face_hash, hash_distance
from PIL import Image

from tools import synthetic_photos
from tools.synthetic_photos import CLASSES, sample

RULES = PhotoRules()
FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
# One photo of each fault, two where the generator makes it two ways (out of focus and
# shaken; dim and backlit; two people and a face beside), and the wall three ways: dark
# and plain, light with things in front (spread), light with bricks (edges).
REFUSED = [("no_face", 0), ("no_face", 1), ("two_faces", 0), ("two_faces", 1),
           ("too_far", 0), ("too_close", 0), ("off_centre", 0), ("off_centre", 2),
           ("blurred", 0), ("blurred", 1), ("dark", 0), ("dark", 1),
           ("busy_background", 5), ("busy_background", 6), ("busy_background", 7),
           ("screen", 0)]


@cache
def _photo(cls: str, i: int) -> Image.Image:
    return sample(cls, i).image


@cache
def _check(cls: str, i: int) -> PhotoCheck:
    return check_photo(_photo(cls, i), RULES)


def _reencoded(image: Image.Image, quality: int, factor: float) -> Image.Image:
    smaller = image.resize((round(image.width * factor), round(image.height * factor)),
                           Image.Resampling.LANCZOS)
    out = io.BytesIO()
    smaller.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(("cls", "i"), REFUSED)
def test_each_fault_is_refused_with_its_own_reason(cls: str, i: int) -> None:
    check = _check(cls, i)
    assert check.reason == CLASSES[cls][0], (sample(cls, i).note, check.measures)


@pytest.mark.parametrize("i", range(4))
def test_good_photos_are_accepted_with_their_face_and_measures(i: int) -> None:
    check = _check("good", i)
    assert check.reason is None, check.measures
    x, y, w, h = check.face
    image = _photo("good", i)
    assert 0 <= x < x + w <= image.width and 0 <= y < y + h <= image.height
    assert RULES.face_min_height <= h / image.height <= RULES.face_max_height
    assert {"face_height_ratio", "centre_offset", "sharpness", "face_lightness",
            "background_lightness", "background_spread", "moire"} <= set(check.measures)


def test_the_refusals_carry_what_their_messages_need() -> None:
    assert _check("too_far", 0).params == _check("too_close", 0).params == {"percent": 70}
    assert _check("two_faces", 0).params == {"count": 2}
    assert _check("off_centre", 0).params["side"] in {"left", "right", "high", "low"}
    assert _check("no_face", 0).face is None


def test_a_stricter_catalog_changes_the_verdict() -> None:
    check = check_photo(_photo("good", 0), PhotoRules(face_min_height=0.9))
    assert check.reason == "photo_face_too_small"


def test_the_rules_come_from_the_catalog() -> None:
    portrait = load_catalog().document_kinds["photo"].portrait
    assert portrait, "the photo kind has a portrait: block"
    rules = PhotoRules.from_catalog(portrait)
    for key, value in portrait.items():
        assert getattr(rules, key) == value
    assert PhotoRules.from_catalog(None) == PhotoRules()
    assert PhotoRules.from_catalog({"sharpness_min": 0.5}).sharpness_min == 0.5


@pytest.mark.parametrize("portrait", [{"sharpnes_min": 0.1}, {"sharpness_min": "high"},
                                      {"face_min_height": True}, {"moire_min": -1},
                                      {"face_min_neighbours": 2.5}])
def test_the_catalog_may_not_misspell_or_mistype_a_threshold(portrait: dict) -> None:
    with pytest.raises(ValueError, match="portrait"):
        PhotoRules.from_catalog(portrait)


def test_the_face_hash_survives_a_reencode_and_a_resize() -> None:
    image = _photo("good", 1)
    first = face_hash(image, _check("good", 1).face)
    assert len(first) == 16 and int(first, 16) >= 0
    for quality, factor in ((60, 0.8), (85, 1.25)):
        again = _reencoded(image, quality, factor)
        assert hash_distance(first, face_hash(again, check_photo(again, RULES).face)) <= 6


def test_the_face_hash_tells_another_face_apart() -> None:
    ours = face_hash(_photo("good", 0), _check("good", 0).face)
    # A face from the LFW subset, enlarged on a plain wall: another person, another photo.
    face = synthetic_photos._lfw_faces()[7]
    canvas = np.full((800, 600), 0.9, np.float32)
    canvas[200:500, 150:450] = np.asarray(
        Image.fromarray(face).resize((300, 300), Image.Resampling.BICUBIC))
    other = Image.fromarray((canvas * 255).astype(np.uint8)).convert("RGB")
    found = check_photo(other, RULES).face
    assert found is not None
    assert hash_distance(ours, face_hash(other, found)) >= 16


def test_hash_distance() -> None:
    assert hash_distance("00ff", "00ff") == 0
    assert hash_distance("0000000000000000", "ffffffffffffffff") == 64
    with pytest.raises(ValueError):
        hash_distance("00", "0000")


@pytest.mark.parametrize("image", [
    Image.new("RGB", (1, 1), "white"),
    Image.new("RGB", (30, 40), "white"),
    Image.effect_noise((600, 800), 60),  # greyscale noise
    Image.new("RGBA", (600, 800), (0, 0, 0, 0)),  # a transparent PNG
    Image.new("I;16", (600, 800), 30000),
    Image.new("CMYK", (600, 800), (0, 0, 0, 0)),
    Image.new("P", (600, 800), 3),
], ids=["1x1", "tiny", "grey-noise", "rgba-empty", "16-bit", "cmyk", "palette"])
def test_odd_images_get_a_reason_never_an_exception(image: Image.Image) -> None:
    check = check_photo(image, RULES)
    assert check.reason in {"photo_no_face", "photo_too_dark"}
    assert check.face is None


def test_a_good_photo_in_grey_or_with_transparency_is_still_read() -> None:
    image = _photo("good", 2)
    assert check_photo(image.convert("L"), RULES).face is not None
    rgba = image.convert("RGBA")
    rgba.putalpha(255)
    out = io.BytesIO()
    rgba.save(out, "PNG")
    assert check_photo(Image.open(io.BytesIO(out.getvalue())), RULES).reason is None


def test_importing_the_checks_loads_no_image_library() -> None:
    code = ("import sys; import gerbang.photo_checks; "
            "print(sorted({'cv2', 'numpy', 'imagehash', 'PIL'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(FUNCTIONS)})
    assert out.stdout.strip() == "[]"
