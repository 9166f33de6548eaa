"""Passport-style photos made here, each with the outcome the counter would give it: the
corpus gerbang.photo_checks is measured on (bench/photos.py) and tested with. Nothing is
downloaded: the face is scikit-image's bundled portrait (skimage.data.astronaut(), cut out
of its studio once with GrabCut), a second person's faces come from its bundled LFW subset,
and busy backgrounds from its other sample pictures.

Every photo goes through a phone's path: exposure, white balance, sensor noise, a little
softening, a resize, then JPEG at quality 60-85, decoded again, so the checks see what an
upload looks like. `photos(n, seed)` is deterministic: sample i of a class is the same for
a given seed whatever n is.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
from PIL import Image

# The face box OpenCV's alt2 Haar cascade finds on skimage.data.astronaut() (512 x 512): x, y, side.
SOURCE_FACE = (177.0, 66.0, 97.0)
SIZES = ((600, 800), (630, 810), (720, 960), (900, 1200), (1200, 1600))
# Light plain walls (sRGB): white, off-white, light grey, light blue, cream, blue-grey.
WALLS = ((246, 246, 244), (238, 236, 230), (214, 215, 216), (204, 222, 240),
         (241, 233, 214), (224, 230, 236))
# Classes, the reason each must get (None: accepted), and how many samples per count: good
# counts twice, as the false-refusal rate is measured on it.
CLASSES: dict[str, tuple[str | None, int]] = {
    "good": (None, 2),
    "no_face": ("photo_no_face", 1),
    "two_faces": ("photo_several_faces", 1),
    "too_far": ("photo_face_too_small", 1),
    "too_close": ("photo_face_too_large", 1),
    "off_centre": ("photo_face_off_centre", 1),
    "blurred": ("photo_blurred", 1),
    "dark": ("photo_too_dark", 1),
    "busy_background": ("photo_background_not_plain", 1),
    "screen": ("photo_of_a_screen", 1),
}


@dataclass
class Sample:
    cls: str
    image: Image.Image
    expected: str | None  # the reason code, None for a photo that must be accepted
    note: str = ""  # which variant, for reading a miss


def photos(count_per_class: int = 25, seed: int = 15) -> Iterator[Sample]:
    """`count_per_class` photos of each class (of `good`, twice as many), class by class."""
    for cls, (_, weight) in CLASSES.items():
        for i in range(count_per_class * weight):
            yield sample(cls, i, seed)


def sample(cls: str, i: int = 0, seed: int = 15) -> Sample:
    """Sample i of one class, as photos() yields it: its own random stream, so the same
    whatever else is drawn."""
    number = list(CLASSES).index(cls)
    rng = np.random.default_rng([seed, number, i])
    pixels, note = MAKERS[cls](rng, i)
    return Sample(cls, _upload(pixels, rng), CLASSES[cls][0], note)


# -- the sitter --------------------------------------------------------------------------


@cache
def _person() -> tuple[np.ndarray, np.ndarray]:
    """The astronaut's head and shoulders, float RGB 0-1 and a soft alpha, her suit carried
    down 400 rows so a small, far framing still reaches the bottom of the photo."""
    from skimage import data

    image = data.astronaut()
    small = cv2.resize(image, (256, 256), interpolation=cv2.INTER_AREA)
    ys, xs = np.mgrid[:256, :256] * 2

    def ellipse(cx: float, cy: float, ax: float, ay: float) -> np.ndarray:
        return ((xs - cx) / ax) ** 2 + ((ys - cy) / ay) ** 2 <= 1

    mask = np.full((256, 256), cv2.GC_PR_BGD, np.uint8)
    mask[ellipse(226, 98, 80, 95) | ellipse(200, 470, 175, 270)] = cv2.GC_PR_FGD
    mask[ellipse(226, 110, 50, 60) | ellipse(210, 225, 90, 70) | ellipse(190, 420, 120, 130)
         ] = cv2.GC_FGD
    mask[:, :20] = mask[:, 195:] = mask[:4, :] = cv2.GC_BGD  # the flag, the shuttle
    mask[170:, 150:] = cv2.GC_BGD  # the helmet
    cv2.setRNGSeed(0)
    cv2.grabCut(np.ascontiguousarray(small[:, :, ::-1]), mask, None, np.zeros((1, 65)),
                np.zeros((1, 65)), 4, cv2.GC_INIT_WITH_MASK)
    alpha = np.isin(mask, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.uint8) * 255
    alpha = cv2.morphologyEx(alpha, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    outside = alpha.copy()
    cv2.floodFill(outside, np.zeros((258, 258), np.uint8), (0, 0), 255)
    alpha |= ~outside  # holes inside the outline are the person too
    alpha = cv2.GaussianBlur(cv2.resize(alpha, (512, 512)), (0, 0), 1.5)
    rgb = cv2.copyMakeBorder(image, 0, 400, 0, 0, cv2.BORDER_REPLICATE)
    alpha = cv2.copyMakeBorder(alpha, 0, 400, 0, 0, cv2.BORDER_REPLICATE)
    return rgb.astype(np.float32) / 255, alpha.astype(np.float32) / 255


@cache
def _lfw_faces() -> np.ndarray:
    """scikit-image's 100 LFW faces (25 x 25 grey, cropped brow to chin)."""
    from skimage import data

    return data.lfw_subset()[:100].astype(np.float32)


def _place(canvas: np.ndarray, rgb: np.ndarray, alpha: np.ndarray, face: tuple[float, ...],
           box: float, cx: float, cy: float, tilt: float = 0.0, flip: bool = False) -> None:
    """Lay a cut-out on the canvas (in place) so that its face box (x, y, side) becomes
    `box` of the canvas height, centred at (cx, cy) as shares of the width and height."""
    height, width = canvas.shape[:2]
    fx, fy, side = face
    scale = box * height / side
    centre = (fx + side / 2, fy + side / 2)
    matrix = cv2.getRotationMatrix2D(centre, tilt, scale)
    matrix[:, 2] += (cx * width - centre[0], cy * height - centre[1])
    if flip:
        matrix[0] *= -1
        matrix[0, 2] += 2 * cx * width
    if scale < 1:  # shrinking: soften first, as a lens would
        sigma = 0.5 / scale
        rgb, alpha = (cv2.GaussianBlur(a, (0, 0), sigma) for a in (rgb, alpha))
    warp = dict(dsize=(width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    layer = cv2.warpAffine(rgb, matrix, **warp)
    mask = cv2.warpAffine(alpha, matrix, **warp)
    if scale > 1.2:  # enlarging: smooth away the source's pixel grid, which no lens makes
        layer, mask = (_blur(a, 0.45 * scale) for a in (layer, mask))
    mask = np.clip(mask, 0, 1)
    if canvas.ndim == 3:
        mask = mask[..., None]
    canvas *= 1 - mask
    canvas += np.clip(layer, 0, 1) * mask


def _sitter(canvas: np.ndarray, rng: np.random.Generator, box: float, cx: float, cy: float,
            shadow: bool = True) -> None:
    rgb, alpha = _person()
    tilt = float(rng.uniform(-4, 4))
    flip = bool(rng.random() < 0.5)
    if shadow and rng.random() < 0.5:  # a soft shadow on the wall behind, down and aside
        dark = np.zeros(canvas.shape[:2], np.float32)
        _place(dark, np.ones_like(alpha), alpha, SOURCE_FACE, box,
               cx + float(rng.uniform(-0.04, 0.04)), cy + 0.02, tilt, flip)
        dark = _blur(dark, canvas.shape[0] * 0.02)[..., None]
        canvas *= 1 - float(rng.uniform(0.08, 0.18)) * dark
    _place(canvas, rgb, alpha, SOURCE_FACE, box, cx, cy, tilt, flip)


def _blur(pixels: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian blur; a wide one done on a shrunk copy (the same within a few percent,
    and a hundred times faster on a 1200 x 1600 photo)."""
    if sigma <= 3:
        return cv2.GaussianBlur(pixels, (0, 0), sigma)
    height, width = pixels.shape[:2]
    factor = sigma / 1.5  # averaging `factor` pixels, then 1.5 of them: sigma in all
    small = cv2.resize(pixels, (max(1, round(width / factor)), max(1, round(height / factor))),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 1.5)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)


# -- walls and the camera ----------------------------------------------------------------


def _wall(rng: np.random.Generator, size: tuple[int, int],
          colour: tuple[int, int, int] | None = None) -> np.ndarray:
    """A plain wall as a room lights it: one colour, a gentle gradient, a vignette."""
    width, height = size
    base = np.array(colour or WALLS[rng.integers(len(WALLS))], np.float32) / 255
    ys, xs = np.mgrid[0:1:height * 1j, 0:1:width * 1j].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    gradient = 1 + rng.uniform(0, 0.08) * ((xs - 0.5) * np.cos(angle) + (ys - 0.5) * np.sin(angle))
    vignette = 1 - rng.uniform(0, 0.08) * ((xs - 0.5) ** 2 + (ys - 0.5) ** 2) * 2
    return np.clip(base * (gradient * vignette)[..., None], 0, 1)


def _camera(pixels: np.ndarray, rng: np.random.Generator, gain: float | None = None,
            noise: float | None = None) -> np.ndarray:
    """Exposure and white balance, a little lens softness, sensor noise."""
    gain = float(rng.uniform(0.9, 1.08)) if gain is None else gain
    balance = rng.uniform(0.96, 1.04, 3).astype(np.float32)
    out = pixels * gain * balance
    out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(0.3, 0.8)))
    sigma = float(rng.uniform(0.004, 0.012)) if noise is None else noise
    out = out + rng.normal(0, sigma, out.shape).astype(np.float32)
    return np.clip(out, 0, 1)


def _upload(pixels: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """Encoded as a phone would (JPEG, quality 60-85) and decoded again."""
    image = Image.fromarray((pixels * 255 + 0.5).astype(np.uint8))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=int(rng.integers(60, 86)))
    decoded = Image.open(io.BytesIO(out.getvalue()))
    decoded.load()
    return decoded


def _size(rng: np.random.Generator) -> tuple[int, int]:
    return SIZES[rng.integers(len(SIZES))]


def _portrait(rng: np.random.Generator, box: float | None = None, cx: float | None = None,
              cy: float | None = None, size: tuple[int, int] | None = None,
              wall: np.ndarray | None = None) -> np.ndarray:
    """A counter-acceptable framing unless told otherwise: face box 36-50 % of the height
    (a head of 58-80 %), centre within 5 % of the middle, the top of the hair 3 % or more
    below the top edge and the face's centre at most 57 % down."""
    size = size or _size(rng)
    canvas = _wall(rng, size) if wall is None else wall
    box = float(rng.uniform(0.36, 0.50)) if box is None else box
    if cy is None:  # the hair reaches 0.53 face boxes above the box
        cy = float(rng.uniform(min(0.57, 0.03 + 1.03 * box), 0.57))
    _sitter(canvas, rng, box, 0.5 + float(rng.uniform(-0.05, 0.05)) if cx is None else cx, cy)
    return canvas


# -- the classes -------------------------------------------------------------------------


def _good(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    return _camera(_portrait(rng), rng), "good"


def _no_face(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    from skimage import data

    size = _size(rng)
    variant = i % 4
    if variant == 0:  # the wall alone
        return _camera(_wall(rng, size), rng), "empty wall"
    if variant == 1:  # framed too low: shoulders only
        return _camera(_portrait(rng, box=0.45, cy=-0.45, size=size), rng), "head out of frame"
    picture = (data.chelsea, data.coffee, data.page, data.immunohistochemistry)[(i // 4) % 4]
    pixels = cv2.resize(picture(), size, interpolation=cv2.INTER_AREA).astype(np.float32)
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    if variant == 2:
        return _camera(pixels / 255, rng), f"a picture ({picture.__name__})"
    # the sitter seen from too far for any face to be found
    return _camera(_portrait(rng, box=0.05, size=size), rng), "far away"


def _two_faces(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    size = _size(rng)
    if i % 2 == 0:  # two people side by side
        box = float(rng.uniform(0.24, 0.32))
        canvas = _wall(rng, size)
        _sitter(canvas, rng, box, 0.27, float(rng.uniform(0.35, 0.45)), shadow=False)
        _sitter(canvas, rng, box * float(rng.uniform(0.85, 1.1)), 0.73,
                float(rng.uniform(0.35, 0.45)), shadow=False)
        return _camera(canvas, rng), "two people"
    # someone looking over the shoulder: a second, smaller face beside the first
    canvas = _portrait(rng, box=float(rng.uniform(0.36, 0.44)), cx=0.62, size=size)
    face = _lfw_faces()[rng.integers(100)]
    height, width = canvas.shape[:2]
    side = round(float(rng.uniform(0.2, 0.28)) * height)
    grey = cv2.resize(face, (side, side), interpolation=cv2.INTER_CUBIC)
    tone = np.array([1.0, 0.86, 0.74], np.float32)  # the grey face given a skin colour
    x, y = round(0.04 * width), round(float(rng.uniform(0.08, 0.3)) * height)
    patch = canvas[y:y + side, x:x + side]
    patch[:] = np.clip(grey[: patch.shape[0], : patch.shape[1], None] * tone, 0, 1)
    return _camera(canvas, rng), "second face beside"


def _too_far(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    box = float(rng.uniform(0.14, 0.26))
    return _camera(_portrait(rng, box=box, cy=float(rng.uniform(0.3, 0.45))), rng), \
        f"face {box:.2f} of the height"


def _too_close(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    box = float(rng.uniform(0.66, 0.74))
    return _camera(_portrait(rng, box=box, cx=0.5, cy=0.5), rng), \
        f"face {box:.2f} of the height"


def _off_centre(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    box = float(rng.uniform(0.36, 0.42))
    if i % 3 < 2:  # aside
        shift = float(rng.uniform(0.15, 0.22)) * (1 if i % 2 else -1)
        return _camera(_portrait(rng, box=box, cx=0.5 + shift), rng), f"aside {shift:+.2f}"
    level = float(rng.uniform(0.72, 0.76))  # far too low, the wall above the head
    return _camera(_portrait(rng, box=box, cy=level), rng), f"low {level:.2f}"


def _blurred(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    size = _size(rng)
    canvas = _portrait(rng, size=size)
    face = 0.46 * size[1]
    if i % 2 == 0:  # out of focus
        sigma = float(rng.uniform(0.035, 0.06)) * face
        return _camera(_blur(canvas, sigma), rng), f"focus {sigma:.0f}px"
    length = max(3, round(float(rng.uniform(0.08, 0.14)) * face))  # the hand moved
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2] = 1 / length
    kernel = cv2.warpAffine(kernel, cv2.getRotationMatrix2D(
        (length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1), (length, length))
    kernel /= kernel.sum()
    return _camera(cv2.filter2D(canvas, -1, kernel), rng), f"shake {length}px"


def _dark(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    canvas = _portrait(rng)
    if i % 2 == 0:  # an evening room: everything dim, the sensor's noise pushed up
        gain = float(rng.uniform(0.12, 0.25))
        return _camera(canvas, rng, gain=gain, noise=0.02), f"dim x{gain:.2f}"
    # against a bright window: the wall lit, the face in shadow
    height, width = canvas.shape[:2]
    bright = _wall(rng, (width, height), (250, 250, 250))
    rgb, alpha = _person()
    dim = float(rng.uniform(0.12, 0.22))
    _place(bright, rgb * dim, alpha, SOURCE_FACE, float(rng.uniform(0.4, 0.5)), 0.5,
           float(rng.uniform(0.38, 0.46)))
    return _camera(bright, rng, gain=1.0), f"backlit x{dim:.2f}"


def _busy_background(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    from skimage import data

    size = _size(rng)
    width, height = size
    variant = i % 6
    if variant < 4:  # a room, a garden, a brick or gravel wall behind
        picture = (data.coffee, data.brick, data.grass, data.gravel)[variant]
        pixels = picture()
        if pixels.ndim == 2:
            pixels = np.stack([pixels] * 3, axis=-1)
        wall = cv2.resize(pixels, size, interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255
        note = picture.__name__
        if (i // 6) % 2:  # a light one: refused for its pattern, not its darkness
            wall = 0.45 + 0.55 * wall
            note = f"light {note}"
    elif variant == 4:  # shelves: rows of coloured books
        wall = _wall(rng, size, (200, 190, 170))
        for top in range(0, height, height // 6):
            x = 0
            while x < width:
                spine = int(rng.integers(width // 40, width // 15))
                wall[top + 8:top + height // 6 - 4, x:x + spine] = rng.uniform(0.1, 0.9, 3)
                x += spine + 2
        note = "shelves"
    else:  # a plain wall, but a dark red one (the old school-photo colour)
        wall = _wall(rng, size, (170, 30, 35))
        note = "dark red wall"
    return _camera(_portrait(rng, size=size, wall=np.ascontiguousarray(wall)), rng), note


def _screen(rng: np.random.Generator, i: int) -> tuple[np.ndarray, str]:
    """A good photo shown on a screen and photographed: the screen's pixel grid (red, green
    and blue stripes with dark gaps) across it, seen a little askew, with the screen's
    gamma and the camera's softness. One in three has a grid finer than the upload's
    pixels (a phone far from a sharp screen): shrunk, it leaves aliased stripes; one in
    three is out of focus on the grid, which leaves only faint moiré (rarely told)."""
    fine = i % 3 >= 1
    soft = i % 3 == 2
    width, height = SIZES[rng.integers(2)]  # what a phone makes of it before upload
    render = 2.5 if fine else 1.5  # drawn larger, then shrunk to the upload's size
    big = (round(width * render), round(height * render))
    pixels = _portrait(rng, size=big)
    pitch = float(rng.uniform(1.2, 2.5) if fine else rng.uniform(3.0, 7.0)) * render
    ys, xs = np.mgrid[:big[1], :big[0]].astype(np.float32)
    angle = np.deg2rad(float(rng.uniform(-6, 6)))
    u = (xs * np.cos(angle) + ys * np.sin(angle)) / pitch
    v = (-xs * np.sin(angle) + ys * np.cos(angle)) / pitch
    gap = float(rng.uniform(0.15, 0.35))
    stripe = ((u % 1) * 3).astype(np.int8)  # which of red, green, blue lights this pixel
    lit = ((stripe[..., None] == np.arange(3, dtype=np.int8)) & (v % 1 > gap)[..., None])
    lit = cv2.GaussianBlur(lit.astype(np.float32) + 0.08, (0, 0),
                           pitch * (0.4 if soft else 0.12))
    lit /= lit.mean()  # the camera exposes for the screen's brightness
    pixels = np.clip(pixels ** float(rng.uniform(0.8, 1.25)) * lit, 0, 1)
    corners = np.float32([[0, 0], [big[0], 0], [big[0], big[1]], [0, big[1]]])
    askew = (corners + rng.uniform(-0.02, 0.02, (4, 2)) * big).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners, askew)
    pixels = cv2.warpPerspective(pixels, matrix, big, borderMode=cv2.BORDER_REFLECT)
    pixels = cv2.resize(pixels, (width, height), interpolation=cv2.INTER_AREA)
    kind = "soft" if soft else "fine" if fine else "sharp"
    return _camera(pixels, rng), f"{kind} grid, pitch {pitch / render:.1f}px"


MAKERS: dict[str, Callable[[np.random.Generator, int], tuple[np.ndarray, str]]] = {
    "good": _good, "no_face": _no_face, "two_faces": _two_faces, "too_far": _too_far,
    "too_close": _too_close, "off_centre": _off_centre, "blurred": _blurred, "dark": _dark,
    "busy_background": _busy_background, "screen": _screen,
}
