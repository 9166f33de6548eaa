"""The applicant's portrait checked as an officer at the counter checks it: exactly one face,
its size and place in the frame, sharp, lit, in front of a plain light background, and not a
photo of a screen where that can be told. Pure: no AWS; the thresholds are the catalog's
(`document_kinds.photo.portrait`, read by PhotoRules.from_catalog).

The face detector is OpenCV's Haar frontal-face cascade "alt2", each face it finds confirmed
by the "default" one; the opencv-python wheel ships both (cv2.data.haarcascades). OpenCV 5
moved CascadeClassifier and its models to opencv-contrib: there check_photo raises
DetectorMissing rather than accept every photo.

Everything heavy (numpy, OpenCV, imagehash) is imported on first use: importing this module
costs nothing to a function that never checks a photo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

CASCADE_FILE = "haarcascade_frontalface_alt2.xml"
DETECT_SIDE = 320  # the face is looked for at this longest side
MIN_FACE = 24  # ... down to this size: 7.5 % of the side (a face that small is "too small")
CONFIRM_FILE = "haarcascade_frontalface_default.xml"  # the second opinion on each face
CONFIRM_SIDE = 80  # ... given with the face at this size
WORK_SIDE = 640  # the other measures are taken at this longest side (a phone photo is 4000)
MIN_SIDE = 48  # below this no face can be found (the detector's window is 20 px)
FACE_SIDE = 96  # the face is compared at this size: sharpness means the same at any size
TILE = 128  # the screen test's tiles, at the upload's own pixels
LOWEST = 12  # ... and its lowest frequency: a period of 10 pixels (a shaken photo's blur
# has ripples below it; a screen's pixels, seen at a phone's resolution, lie above)
# The detector's box runs from the hairline to the chin; the head (crown to chin), what a
# photo standard measures, is about 1.6 times as tall (measured on scikit-image's astronaut).
HEAD_PER_BOX = 1.6


class DetectorMissing(RuntimeError):
    """No face detector model is installed: a deployment fault, not the applicant's."""


@dataclass(frozen=True)
class PhotoRules:
    """What the counter accepts. Ratios are of the photo's height or width; lightness is
    CIE L* (0 black, 100 white). The catalog's `portrait:` block overrides any of them."""

    # Face box (hairline to chin) over the photo's height. 0.32 is a head (crown to chin) of
    # ~50 % of the height, 0.55 one of ~88 %, the hair at the edge: passport rules ask
    # 70-80 % (a box of 0.44-0.50); the counter takes a wider band.
    face_min_height: float = 0.32
    face_max_height: float = 0.55
    # How far the face's centre may sit from the middle, as a share of the width: 0.10 is
    # a visible lean or a camera held aside, not a slightly uneven framing.
    centre_max_offset: float = 0.10
    # Where the face box's centre may sit, from the top, as a share of the height: passport
    # rules put the eyes 30-50 % down, the box's centre 5 % below them.
    centre_min_height: float = 0.30
    centre_max_height: float = 0.65
    # Sharpness: energy of the Laplacian over the face's own contrast, at FACE_SIDE pixels.
    # Sharp photos measure 0.04 and up; 0.025 is a blur of under 1 % of the face's height
    # (a pixel at FACE_SIDE) or a shake of 8 %: eyelids and nostrils are no longer edges.
    sharpness_min: float = 0.025
    # Mean L* of the face: below 35 skin detail drowns in the camera's noise.
    face_lightness_min: float = 35.0
    # Background (beside and above the head): median L* at least 60: white, light grey,
    # light blue and cream walls are 75-97, a red or dark wall 30-50.
    background_lightness_min: float = 60.0
    # ... and its robust spread (median deviations of L*a*b*, as a standard deviation, in
    # the worst part) at most 8: a lit plain wall is 0-3, grass, gravel, a room 10 and up.
    background_spread_max: float = 8.0
    # ... and its share of edges (L* changing by more than 3 from one pixel to the next, at
    # 320 pixels a side) at most 0.10: a plain wall has 0-0.03 (hair reaching in), a brick
    # or tiled wall, shelves, leaves 0.2 and up, whatever their colours.
    background_edges_max: float = 0.10
    # A screen's pixel grid on the face: its sharpest periodic peak over the spectrum around
    # it. Faces stay below 5; a re-shot screen whose grid survives makes 300 and up. Set
    # high on purpose: a false "photo of a screen" is worse than a missed one.
    moire_min: float = 40.0
    # A second face counts when at least this share of the first's height: a poster far
    # behind or a pattern that looks like a face does not.
    second_face_min_ratio: float = 0.35
    # How many overlapping detections make a face (OpenCV's minNeighbors; its default, 3).
    face_min_neighbours: int = 3

    @classmethod
    def from_catalog(cls, portrait: Mapping[str, Any] | None) -> PhotoRules:
        """The catalog's values over the defaults; a key the rules do not know is refused
        (a misspelt threshold would otherwise be silently ignored)."""
        if not portrait:
            return cls()
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(portrait) - set(known))
        if unknown:
            raise ValueError(f"portrait: unknown keys {unknown}")
        values = {}
        for name, value in portrait.items():
            whole = known[name].type in (int, "int")
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (
                    whole and value != int(value)):
                raise ValueError(f"portrait.{name}: expected a {'whole ' if whole else ''}"
                                 "number >= 0")
            values[name] = int(value) if whole else float(value)
        return cls(**values)


@dataclass(frozen=True)
class PhotoCheck:
    reason: str | None  # None: looks like a photo the counter accepts
    params: dict[str, Any] = field(default_factory=dict)  # for the message text
    face: tuple[int, int, int, int] | None = None  # x, y, w, h in the image's pixels
    measures: dict[str, float] = field(default_factory=dict)  # for officers and the bench


def check_photo(image: Image.Image, rules: PhotoRules) -> PhotoCheck:
    """The first reason the counter would refuse this photo, or None."""
    import cv2

    rgb = _rgb_array(image)
    if rgb is None:
        return PhotoCheck("photo_no_face", measures={"faces": 0})
    work = _fit(rgb, WORK_SIDE)
    grey = cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
    scale = rgb.shape[0] / work.shape[0]  # work pixels -> the image's pixels
    # The detectors look for shapes, not grain: a slight blur keeps sensor noise or a
    # screen's pixel grid from hiding a face.
    faces = _faces(cv2.GaussianBlur(grey, (0, 0), 1.0), rules)
    measures: dict[str, float] = {"faces": float(len(faces))}
    if not faces:
        # Too dark to find a face in: saying so helps more than "no face".
        measures["image_lightness"] = float(_lab(work)[..., 0].mean())
        reason = "photo_too_dark" if measures["image_lightness"] < rules.face_lightness_min \
            else "photo_no_face"
        return PhotoCheck(reason, measures=measures)
    fx, fy, fw, fh = faces[0]
    face = (round(fx * scale), round(fy * scale), round(fw * scale), round(fh * scale))
    if len(faces) > 1:
        return PhotoCheck("photo_several_faces", {"count": len(faces)}, face, measures)

    wh, ww = grey.shape
    ratio = fh / wh
    offset = (fx + fw / 2) / ww - 0.5
    level = (fy + fh / 2) / wh
    measures.update(face_height_ratio=ratio, centre_offset=abs(offset), centre_height=level)
    target = round((rules.face_min_height + rules.face_max_height) / 2 * HEAD_PER_BOX * 20) * 5
    if ratio < rules.face_min_height:
        return PhotoCheck("photo_face_too_small", {"percent": target}, face, measures)
    if ratio > rules.face_max_height:
        return PhotoCheck("photo_face_too_large", {"percent": target}, face, measures)
    if abs(offset) > rules.centre_max_offset or not (
            rules.centre_min_height <= level <= rules.centre_max_height):
        side = ("left" if offset < 0 else "right") if abs(offset) > rules.centre_max_offset \
            else ("high" if level < rules.centre_min_height else "low")
        return PhotoCheck("photo_face_off_centre", {"side": side}, face, measures)

    lab = _lab(work)
    inner = (slice(int(fy + fh * 0.1), int(fy + fh * 0.9)),
             slice(int(fx + fw * 0.15), int(fx + fw * 0.85)))
    measures["sharpness"] = _sharpness(grey[inner])
    if measures["sharpness"] < rules.sharpness_min:
        return PhotoCheck("photo_blurred", {}, face, measures)
    measures["face_lightness"] = float(lab[inner][..., 0].mean())
    if measures["face_lightness"] < rules.face_lightness_min:
        return PhotoCheck("photo_too_dark", {}, face, measures)

    # A screen before the wall: a screen's moiré makes any wall behind look patterned.
    inner_full = (round((fx + fw * 0.15) * scale), round((fy + fh * 0.1) * scale),
                  round((fx + fw * 0.85) * scale), round((fy + fh * 0.9) * scale))
    measures["moire"] = _moire(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), inner_full)
    if measures["moire"] >= rules.moire_min:
        return PhotoCheck("photo_of_a_screen", {}, face, measures)

    # The wall is judged at half the work size: its colour and what stands in front of it,
    # not the grain of the sensor.
    wall = _background(cv2.resize(lab, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
                       (fx / 2, fy / 2, fw / 2, fh / 2))
    if wall:
        measures.update(wall)
        if (wall["background_spread"] > rules.background_spread_max
                or wall["background_edges"] > rules.background_edges_max
                or wall["background_lightness"] < rules.background_lightness_min):
            return PhotoCheck("photo_background_not_plain", {}, face, measures)
    return PhotoCheck(None, {}, face, measures)


def face_hash(image: Image.Image, face: tuple[int, int, int, int]) -> str:
    """A perceptual hash (imagehash.phash, 64 bits as 16 hex digits) of the face with a
    little margin: the same photo re-encoded or resized stays within ~6 bits (cropped
    afresh, within ~10); another person's face lies ~30 bits away, as two random hashes."""
    import imagehash

    x, y, w, h = face
    margin = round(0.1 * max(w, h))
    box = (max(0, x - margin), max(0, y - margin),
           min(image.width, x + w + margin), min(image.height, y + h + margin))
    if box[2] <= box[0] or box[3] <= box[1]:
        raise ValueError(f"face {face} lies outside the {image.width}x{image.height} image")
    return str(imagehash.phash(image.crop(box).convert("L")))


def hash_distance(a: str, b: str) -> int:
    """Bits that differ between two face_hash values."""
    if len(a) != len(b):
        raise ValueError("hashes of different lengths")
    return (int(a, 16) ^ int(b, 16)).bit_count()


# -- the image ---------------------------------------------------------------------------


def _rgb_array(image: Image.Image) -> np.ndarray | None:
    """8-bit RGB pixels, transparency laid on white (as the photo would print); None for an
    image too small to hold a face or one Pillow cannot give as RGB."""
    import numpy as np
    from PIL import Image

    if min(image.size) < MIN_SIDE:
        return None
    try:
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P"
                                                 and "transparency" in image.info):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        elif image.mode == "I;16" or image.mode == "I":
            image = image.point(lambda v: v / 256).convert("L")
        return np.asarray(image.convert("RGB"))
    except (OSError, ValueError, TypeError):
        return None


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* as floats: L* 0-100, a* and b* around 0 (OpenCV's 8-bit form, undone)."""
    import cv2
    import numpy as np

    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    lab[..., 0] *= 100 / 255
    lab[..., 1:] -= 128
    return lab


def _fit(pixels: np.ndarray, side: int) -> np.ndarray:
    """Shrunk (never enlarged) to `side` pixels on its longest side, averaging pixels."""
    import cv2

    height, width = pixels.shape[:2]
    factor = side / max(height, width)
    if factor >= 1:
        return pixels
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)


# -- the face ----------------------------------------------------------------------------


def _faces(grey: np.ndarray, rules: PhotoRules) -> list[tuple[float, float, float, float]]:
    """The faces that count, largest first, as (x, y, w, h) in `grey`'s pixels. OpenCV's
    alt2 frontal cascade finds them, the default one confirms each; one smaller than
    `second_face_min_ratio` of the largest is a poster far behind, not a second person."""
    small = _fit(grey, DETECT_SIDE)
    back = grey.shape[0] / small.shape[0]
    found = [tuple(float(v) * back for v in box) for box in _cascade().detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=rules.face_min_neighbours,
        minSize=(MIN_FACE, MIN_FACE))]
    found = sorted((box for box in found if _confirmed(grey, box)), key=lambda b: -b[3])
    return [box for box in found if box[3] >= rules.second_face_min_ratio * found[0][3]]


def _confirmed(grey: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """Whether OpenCV's default frontal cascade, trained apart from alt2, also sees a face
    there: each cascade alone takes a zip, a badge or a fold for a face now and then, the
    two seldom agree on one. Looked for around the box, scaled to CONFIRM_SIDE."""
    import cv2

    x, y, w, h = box
    margin = 0.3 * w
    x0, y0 = max(0, round(x - margin)), max(0, round(y - margin))
    crop = grey[y0:round(y + h + margin), x0:round(x + w + margin)]
    factor = CONFIRM_SIDE / w
    crop = cv2.resize(crop, None, fx=factor, fy=factor,
                      interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)
    side = round(0.6 * CONFIRM_SIDE)
    for cx, cy, cw, ch in _cascade(CONFIRM_FILE).detectMultiScale(
            crop, scaleFactor=1.1, minNeighbors=2, minSize=(side, side)):
        # the same face: centres within a third of the box, sizes within a factor 1.5
        dx = (cx + cw / 2) / factor + x0 - (x + w / 2)
        dy = (cy + ch / 2) / factor + y0 - (y + h / 2)
        if max(abs(dx), abs(dy)) < w / 3 and 1 / 1.5 < cw / factor / w < 1.5:
            return True
    return False


@cache
def _cascade(name: str = CASCADE_FILE) -> Any:
    import cv2

    if not hasattr(cv2, "CascadeClassifier"):  # OpenCV 5 moved it to opencv-contrib
        raise DetectorMissing(f"OpenCV {cv2.__version__} has no CascadeClassifier")
    path = Path(cv2.data.haarcascades) / name
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise DetectorMissing(f"{path}: no face detector model")
    return cascade


# -- the measures ------------------------------------------------------------------------


def _sharpness(face: np.ndarray) -> float:
    """Energy of the Laplacian over the face's own contrast, at FACE_SIDE pixels: the same
    for a large or a small face, a dim or a bright one."""
    import cv2
    import numpy as np

    if face.size == 0:
        return 0.0
    face = cv2.resize(face, (FACE_SIDE, FACE_SIDE), interpolation=cv2.INTER_AREA)
    face = face.astype(np.float32)
    laplacian = cv2.Laplacian(face, cv2.CV_32F)
    return float(laplacian.var() / (face.var() + 25.0))


def _background(lab: np.ndarray, face: tuple[float, float, float, float]
                ) -> dict[str, float] | None:
    """The wall the frame should show beside and above the head: its median L*, its spread
    (the worse of left and right) and its share of edges; None when the head fills the
    frame. The wall is what lies outside an ellipse round the head (its hair and ears, with
    a margin: the head reaches ~0.55 face boxes above the box, ~0.25 aside, ~0.1 below)
    and above the shoulders."""
    import cv2
    import numpy as np

    height, width = lab.shape[:2]
    x, y, w, h = face
    edge = max(1, round(0.015 * width))  # the sensor's and JPEG's border artefacts
    ys, xs = np.mgrid[:height, :width]
    head = ((xs - (x + w / 2)) / (0.85 * w)) ** 2 + ((ys - (y + 0.28 * h)) / (0.9 * h)) ** 2
    wall = (head > 1) & (ys < y + 0.75 * h)
    wall[:edge] = wall[-edge:] = wall[:, :edge] = wall[:, -edge:] = False
    sides = [wall & side for side in (xs < x + w / 2, xs >= x + w / 2)]
    sides = [side for side in sides if side.sum() >= 0.004 * width * height]
    if not sides:
        return None
    parts = [lab[side] for side in sides]
    lightness = np.ascontiguousarray(lab[..., 0])
    slope = np.hypot(cv2.Sobel(lightness, cv2.CV_32F, 1, 0),
                     cv2.Sobel(lightness, cv2.CV_32F, 0, 1))
    return {
        "background_lightness": float(np.median(np.concatenate([p[:, 0] for p in parts]))),
        "background_spread": max(_spread(p) for p in parts),
        # Sobel's 3x3 kernel weighs 8: a step of more than 3 L* from one pixel to the next
        "background_edges": float(np.mean([(slope[side] > 24).mean() for side in sides])),
    }


def _spread(part: np.ndarray) -> float:
    """How far a part's colours stray, robustly (median absolute deviations, scaled to a
    standard deviation, over L*, a* and b*): a lock of hair reaching in does not count, a
    pattern or a room does."""
    import numpy as np

    deviation = np.median(np.abs(part - np.median(part, axis=0)), axis=0) * 1.4826
    return float(np.sqrt((deviation ** 2).sum()))


def _moire(grey: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """A screen's pixel grid or its moiré, looked for on the face (x0, y0, x1, y1): skin
    has no period, while a wall may (tiles, bricks) and clothes do (weave, stripes). The
    highest peak of the tiles' averaged power spectrum over the spectrum's median at the
    same distance from the centre: photos fall off smoothly, a grid makes sharp peaks.
    Left out: flat tiles, the lowest frequencies, those of JPEG's 8x8 blocks and the rows
    and columns through them, and those next to the axes (a photo's edges leak there)."""
    import numpy as np

    x0, y0, x1, y1 = max(0, box[0]), max(0, box[1]), min(grey.shape[1], box[2]), \
        min(grey.shape[0], box[3])
    if x1 - x0 < TILE or y1 - y0 < TILE:
        return 0.0
    window = np.outer(np.hanning(TILE), np.hanning(TILE))
    power = np.zeros((TILE, TILE))
    tiles = 0
    for y in np.linspace(y0, y1 - TILE, num=min(3, 2 * (y1 - y0) // TILE)):
        for x in np.linspace(x0, x1 - TILE, num=min(3, 2 * (x1 - x0) // TILE)):
            tile = grey[int(y):int(y) + TILE, int(x):int(x) + TILE].astype(np.float64)
            if tile.std() >= 3:
                power += np.abs(np.fft.fft2((tile - tile.mean()) * window)) ** 2
                tiles += 1
    if not tiles:
        return 0.0
    power = np.fft.fftshift(power) / tiles
    # A ripple's amplitude in grey levels: below one it is the codec's or the enlarging's
    # trace (a smooth photo's spectrum is so low there that any trace stands out), not a grid.
    amplitude = 2 * np.sqrt(power) / window.sum()
    freq = np.arange(TILE) - TILE // 2
    fy, fx = np.meshgrid(freq, freq, indexing="ij")
    radius = np.hypot(fx, fy).round().astype(int)
    block = TILE // 8

    def near_block(f: np.ndarray) -> np.ndarray:
        return (np.abs((f + block // 2) % block - block // 2) <= 1) | (np.abs(f) <= 2)

    usable = (radius >= LOWEST) & (radius <= TILE // 2) & ~near_block(fx) & ~near_block(fy)
    median = np.full(radius.max() + 1, np.inf)
    for r in range(LOWEST, TILE // 2 + 1):
        ring = power[usable & (radius == r)]
        if ring.size:
            median[r] = np.median(ring)
    excess = np.where(usable & (amplitude >= 1), power / np.maximum(median[radius], 1e-12), 0.0)
    return float(excess.max())
