"""The files the offline hook writes into the built site (site_hooks/offline.py), and the
minifier (site_hooks/minify.py): the same sources give the same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from gerbang.i18n import t
from PIL import Image

from site_hooks.minify import minify
from site_hooks.offline import draw_icon, manifest, unsent

SITE = Path(__file__).resolve().parents[2] / "site"


def test_the_service_worker_names_its_version_and_an_existing_shell():
    head = (SITE / "sw.js").read_text().splitlines()[0]
    found = re.fullmatch(r"const VERSION = '([0-9a-f]{12})', SHELL = (\[.*\]);", head)
    assert found, head
    shell = json.loads(found.group(2))
    assert {"assets/gerbang.css", "assets/gerbang.js"} <= set(shell)
    assert all((SITE / name).is_file() for name in shell)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_one_manifest_a_language_with_icons_of_the_sizes_it_says(lang):
    path = SITE / ("" if lang == "en" else lang) / "manifest.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == manifest(lang)
    assert written["name"] == t(lang, "app.name") and written["lang"] == lang
    assert written["icons"]
    for icon in written["icons"]:
        with Image.open(path.parent / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_unsent_notice_is_in_its_own_file_of_the_language_not_in_pages(lang):
    folder = SITE / ("" if lang == "en" else lang)
    written = json.loads((folder / "unsent.json").read_text(encoding="utf-8"))
    assert written == unsent(lang) == {"text": t(lang, "app.unsent"),
                                       "send": t(lang, "app.unsent_send")}
    # Fetched only while an application waits: no page's HTML pays for it.
    assert written["text"] not in (folder / "faq" / "index.html").read_text(encoding="utf-8")


def test_icons_are_drawn_the_same_every_time(tmp_path):
    draw_icon(192, tmp_path / "a.png")
    draw_icon(192, tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    with Image.open(tmp_path / "a.png") as image:  # white arch on indigo, centred
        assert image.getpixel((0, 0)) == (64, 81, 181)
        assert image.getpixel((96, 60)) == (255, 255, 255)


def test_minify_drops_indentation_but_not_in_code_or_text_areas():
    html = "<div>\n    <p>a</p>\n\n  <pre><code>x\n    y</code></pre>\n <textarea>\n  t</textarea>"
    assert minify(html) == ("<div>\n<p>a</p>\n<pre><code>x\n    y</code></pre>\n"
                            "<textarea>\n  t</textarea>")
