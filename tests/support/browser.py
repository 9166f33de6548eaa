"""Headless Chromium for tests and benchmarks: Debian's browser (never a downloaded one),
started with the flags this closed network needs, and page helpers that draw camera-like
photos inside the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's hosts, which
# this machine refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 412, "height": 915}  # a common cheap Android phone, in CSS pixels


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


# Page helpers for tests/e2e/test_browser_compression.py and bench/compression.py (add
# them with page.add_init_script). gbNoisyJpeg draws a photo-like picture (a gradient, soft discs
# and per-pixel sensor noise, from a fixed seed) and encodes it as JPEG: at 4000 x 3000 and
# quality 0.92 it is about 5 MB, like a 12 MP phone camera's file.
PAGE_HELPERS = """
window.gbNoisyJpeg = (w, h, quality) => {
  const c = document.createElement('canvas'), x = c.getContext('2d');
  c.width = w; c.height = h;
  const g = x.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, '#c9d6e8'); g.addColorStop(0.5, '#8a6f5a'); g.addColorStop(1, '#2d3a4a');
  x.fillStyle = g; x.fillRect(0, 0, w, h);
  let s = 12345;
  for (let i = 0; i < 60; i++) {
    s = (s * 1103515245 + 12345) >>> 0; const cx = s % w;
    s = (s * 1103515245 + 12345) >>> 0; const cy = s % h;
    x.fillStyle = 'hsl(' + (s % 360) + ',45%,55%)';
    x.beginPath(); x.arc(cx, cy, 50 + s % 400, 0, 7); x.fill();
  }
  const d = x.getImageData(0, 0, w, h), p = d.data;
  for (let i = 0; i < p.length; i += 4) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const n = ((s & 255) - 128) * 24 / 128;
    p[i] += n; p[i + 1] += n; p[i + 2] += n;
  }
  x.putImageData(d, 0, 0);
  return new Promise(ok => c.toBlob(ok, 'image/jpeg', quality));
};
window.gbBase64 = blob => new Promise(ok => {
  const r = new FileReader();
  r.onload = () => ok(r.result.slice(r.result.indexOf(',') + 1));
  r.readAsDataURL(blob);
});
window.gbFile = (b64, name, type) =>
  new File([Uint8Array.from(atob(b64), c => c.charCodeAt(0))], name, {type});
"""

def photo_rules() -> dict[str, Any]:
    """The photo kind as the API hands it to the page (required_documents)."""
    catalog = json.loads((ROOT / "functions" / "gerbang" / "data" / "catalog.json").read_text())
    kind = catalog["document_kinds"]["photo"]
    return {"kind": "photo", "name": kind["names"]["en"], "accepted": kind["accepted"],
            **{k: kind[k] for k in ("max_bytes", "min_width", "min_height")}}


@contextmanager
def page_on(browser: Any, viewport: dict[str, int] = PHONE, timeout: int = 10_000,
            init_script: str | None = None, **context: Any) -> Iterator[Any]:
    """A fresh page (empty cache and storage) that fails the test on any script error."""
    opened_context = browser.new_context(viewport=viewport, device_scale_factor=1, **context)
    opened_context.set_default_timeout(timeout)
    if init_script:
        opened_context.add_init_script(init_script)
    errors: list[str] = []
    # Every page of the context, the ones a test opens later too.
    opened_context.on("page", lambda opened: opened.on(
        "pageerror", lambda error: errors.append(str(error))))
    try:
        yield opened_context.new_page()
    finally:
        opened_context.close()
    assert not errors, f"script errors on the page: {errors}"


def sign_in(page: Any, name: str, password: str) -> None:
    """Sign in on the officers' page, as an officer types it."""
    page.fill("#gb-off-username", name)
    page.fill("#gb-off-password", password)
    page.click("#gb-off-signin-form button[type=submit]")


# ------------------------------------------------------------------ the site and its forms


def site_paths() -> list[str]:
    """The address of every built page, both languages."""
    site = ROOT / "site"
    return sorted(("/" + str(p.parent.relative_to(site)) + "/").replace("/./", "/")
                  for p in site.rglob("index.html"))


def answers(**changes: str) -> dict[str, str]:
    today = date.today()
    return {
        "service": "visit-visa", "given_names": "Siti Aminah", "family_name": "Walker",
        "date_of_birth": "1988-04-12", "nationality": "GBR", "passport_number": "533401234",
        "passport_expiry": (today + timedelta(days=5 * 365)).isoformat(),  # ~5 years
        "arrival_date": (today + timedelta(days=30)).isoformat(),
        "email": "siti.walker@example.com", **changes,
    }


def fill_apply(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        selector = f"#gb-{name}"
        if name in ("service", "nationality"):
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.check("#gb-consent")
