"""MkDocs hook: the installable, offline-readable site. After the build it writes

    sw.js                      the service worker (site_hooks/sw.js with its version and shell)
    manifest.json, xx/manifest.json   one web app manifest a language
    unsent.json, xx/unsent.json       the notice of an application waiting on the phone
    assets/icons/icon-*.png    the app's icons, drawn here (no binary in the repository)

Everything is derived from the built files, so the same sources give the same bytes."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functions"))

from gerbang.i18n import DEFAULT_LANGUAGE, LANGUAGES, t  # noqa: E402

SOURCE = Path(__file__).with_name("sw.js")
THEME = "#4051b5"  # Material's indigo, the header colour
ICON_SIZES = (192, 512)
_ASSET = re.compile(r'<(?:link rel="stylesheet"|script) (?:href|src)="(?:\.\./)*([^"]+)"')


def shell(site: Path) -> list[str]:
    """The stylesheets and scripts the home page loads: every page loads the same ones."""
    return sorted(set(_ASSET.findall((site / "index.html").read_text(encoding="utf-8"))))


def draw_icon(size: int, path: Path) -> None:
    """The favicon's arch ("gerbang", a gateway), white on indigo, inside the middle 80% so
    that a round or squircle mask (purpose "maskable") never cuts it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (size, size), THEME)
    draw = ImageDraw.Draw(image)
    unit = size / 20  # the arch spans 10 x 11 units in the middle
    left, right, top, bottom = 5 * unit, 15 * unit, 4.5 * unit, 15.5 * unit
    bar = 3 * unit
    draw.ellipse((left, top, right, top + 10 * unit), fill="white")
    draw.rectangle((left, top + 5 * unit, right, bottom), fill="white")
    draw.ellipse((left + bar, top + bar, right - bar, top + 10 * unit - bar), fill=THEME)
    draw.rectangle((left + bar, top + 5 * unit, right - bar, bottom), fill=THEME)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)


def manifest(lang: str) -> dict[str, object]:
    up = "" if lang == "en" else "../"
    return {
        "name": t(lang, "app.name"), "short_name": t(lang, "app.short_name"),
        "description": t(lang, "app.description"), "lang": lang,
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#ffffff", "theme_color": THEME,
        "icons": [{"src": f"{up}assets/icons/icon-{size}.png", "sizes": f"{size}x{size}",
                   "type": "image/png", "purpose": purpose}
                  for size in ICON_SIZES for purpose in ("any", "maskable")],
    }


def unsent(lang: str) -> dict[str, str]:
    """What any page says, online, while an application made offline waits on the phone.
    Its own file, fetched by gerbang.js only then: no page's HTML carries it."""
    return {"text": t(lang, "app.unsent"), "send": t(lang, "app.unsent_send")}


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def on_post_build(config) -> None:  # noqa: ANN001 (MkDocs API)
    # mkdocs-static-i18n builds each other language again into the same folder, with this
    # hook: the files below cover every language, so the default language's build writes them.
    if config["theme"]["language"] != DEFAULT_LANGUAGE:
        return
    site = Path(config["site_dir"])
    for size in ICON_SIZES:
        draw_icon(size, site / "assets" / "icons" / f"icon-{size}.png")
    for lang in LANGUAGES:
        folder = site if lang == "en" else site / lang
        folder.mkdir(parents=True, exist_ok=True)
        write_json(folder / "manifest.json", manifest(lang))
        write_json(folder / "unsent.json", unsent(lang))
    files = shell(site)
    source = SOURCE.read_text(encoding="utf-8")
    digest = hashlib.sha256(source.encode())
    for name in files:  # a changed stylesheet or script is a new version, re-fetched
        digest.update((site / name).read_bytes())
    head = f"const VERSION = {digest.hexdigest()[:12]!r}, SHELL = {json.dumps(files)};\n"
    (site / "sw.js").write_text(head + source, encoding="utf-8")
