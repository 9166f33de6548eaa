"""Budgets for a reader on a slow, paid link, over the built site (`make test` builds it
first). Sizes of built files are deterministic, so these are tests, not benchmarks; the
figures measured in a browser are in `make bench` (bench/pages.py, bench/slow.py).

How a visit is counted, in gzip bytes (level 6, as the local gateway serves; CloudFront's
gzip or brotli does at least as well), bodies only:
- first visit: the page's HTML, every stylesheet and script it references, its language's
  manifest, and what the service worker fetches after the page has loaded (sw.js and the
  offline page of the page's language);
- repeat visit (the page read again, or another page after one): the HTML in full, as if it
  had changed, since it is fetched network-first; the stylesheets and the script come from
  the service worker's cache, and sw.js is revalidated (a 304, no body).
The HTML alone must fit the first round trip: 14 KB (TCP's initial window of 10 packets)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[2] / "site"
KB = 1024
FIRST_VISIT, HTML, REPEAT_VISIT = 45 * KB, 14 * KB, 6 * KB
_REFERENCE = re.compile(r'<(?:link rel="(?:stylesheet|manifest)"|script) (?:href|src)="([^"]+)"')


ASSISTANT_BOX = re.compile(r"<form [^>]*data-gb-assistant.*?</form>", re.S)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def pages() -> list[Path]:
    assert (SITE / "index.html").is_file(), "build the site first: make site"
    return sorted(SITE.rglob("index.html"))


def guidance_pages() -> list[Path]:
    """Pages that explain, in both languages: no form but the assistant's question box (on
    every page), not the officers' pages."""
    return [p for p in pages()
            if "<form" not in ASSISTANT_BOX.sub("", p.read_text(encoding="utf-8"))
            and "officer" not in p.parts]


def referenced(page: Path) -> list[Path]:
    """The files of this site a page makes the browser fetch (no other origin is allowed:
    tests/e2e/test_browser.py)."""
    files = []
    for href in _REFERENCE.findall(page.read_text(encoding="utf-8")):
        target = (page.parent / href.split("?")[0]).resolve()
        assert target.is_file(), f"{page} references missing {href}"
        files.append(target)
    return files


def offline_page(page: Path) -> Path:
    relative = page.relative_to(SITE).parts
    lang = relative[0] if relative[0] == "id" else ""
    return SITE / lang / "offline" / "index.html"


def first_visit(page: Path) -> dict[str, int]:
    parts = {str(f.relative_to(SITE)): gz(f) for f in referenced(page)}
    parts[str(page.relative_to(SITE))] = gz(page)
    parts["sw.js"] = gz(SITE / "sw.js")
    parts[str(offline_page(page).relative_to(SITE))] = gz(offline_page(page))
    return parts


def test_the_budgets_cover_guidance_pages_in_both_languages():
    names = {str(p.relative_to(SITE)) for p in guidance_pages()}
    assert {"index.html", "services/visit-visa/index.html", "faq/index.html",
            "id/index.html", "id/services/visit-visa/index.html", "id/faq/index.html"} <= names
    assert not {"apply/index.html", "officer/index.html"} & names


@pytest.mark.parametrize("page", guidance_pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_first_visit_to_a_guidance_page_fits_the_budget(page: Path):
    parts = first_visit(page)
    assert sum(parts.values()) <= FIRST_VISIT, parts
    # The manifest, the stylesheets and the script are all counted: none was missed.
    assert any(name.endswith("manifest.json") for name in parts)
    assert any(name.endswith(".js") and "assets" in name for name in parts)


@pytest.mark.parametrize("page", guidance_pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_repeat_visit_to_a_guidance_page_is_its_html(page: Path):
    assert gz(page) <= REPEAT_VISIT


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(SITE)))
def test_every_page_html_fits_one_round_trip(page: Path):
    assert gz(page) <= HTML


def test_the_service_worker_keeps_every_file_a_page_references():
    # What the repeat-visit count assumes: no stylesheet or script is fetched again.
    shell = re.search(r"SHELL = (\[.*?\]);", (SITE / "sw.js").read_text()).group(1)
    for page in (SITE / "index.html", SITE / "id" / "faq" / "index.html"):
        assets = [t for t in referenced(page) if t.suffix in (".css", ".js")]
        assert assets, page
        for target in assets:
            assert f'"{target.relative_to(SITE)}"' in shell, target
