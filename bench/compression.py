"""In-browser photo compression: a camera-sized noisy JPEG through the site's own
`prepareFile` (docs/assets/gerbang.js, exposed as `window.gerbangPrepareFile`) with the
photo kind's rules from the catalog, in headless Chromium from Debian. Nothing is
downloaded: the photos are drawn on a canvas in the page."""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.support.browser import PAGE_HELPERS, launch, photo_rules

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = (("12 MP JPEG 4000x3000", 4000, 3000, "IMG_20250114_101502.jpg"),
          ("8 MP JPEG 2448x3264 (portrait)", 2448, 3264, "IMG_20250114_101733.jpg"))

RUN = """async ([w, h, name, rules]) => {
  const file = new File([await gbNoisyJpeg(w, h, 0.92)], name, {type: 'image/jpeg'});
  const started = performance.now();
  const out = await window.gerbangPrepareFile(file, rules);
  const ms = performance.now() - started;
  const pic = await createImageBitmap(out);
  return {before: file.size, after: out.size, width: pic.width, height: pic.height, ms};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def measure() -> list[dict[str, Any]]:
    rules = photo_rules()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ROOT / "docs" / "assets" / "gerbang.js", Path(tmp) / "gerbang.js")
        (Path(tmp) / "index.html").write_text(
            '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>'
            '<script src="gerbang.js"></script></html>')
        handler = functools.partial(_Quiet, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page(viewport={"width": 412, "height": 915})
                page.add_init_script(PAGE_HELPERS)
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.wait_for_function("() => window.gerbangPrepareFile")
                for label, w, h, name in PHOTOS:
                    r = page.evaluate(RUN, [w, h, name, rules])
                    rows.append({
                        "input": label, "bytes_before": r["before"], "bytes_after": r["after"],
                        "saved_percent": round(100 * (1 - r["after"] / r["before"]), 1),
                        "width_after": r["width"], "height_after": r["height"],
                        "ms": round(r["ms"])})
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return rows
