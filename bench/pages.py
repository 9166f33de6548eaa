"""Weight of a guidance page, as a phone's browser loads it: headless Chromium counts the
requests the page makes (and any to another origin or answered 404); the server counts the
requests and body bytes it sent (gzip, as CloudFront serves it), which includes what the
service worker fetches for itself after the page has loaded. Beside it, the same page in an
mkdocs-material site with default settings, built in this run.

- first visit: empty cache, until the page and its service worker are done;
- repeat visit: the same page again in the same browser (the reader comes back): the HTML
  is asked for again, the rest comes from the caches or is revalidated (304, no body)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from local.gateway import Gateway
from tests.support.browser import launch, page_on

ROOT = Path(__file__).resolve().parents[1]
PAGE = "services/visit-visa/"
SITES = ("Gerbang", "mkdocs-material defaults")
SETTLE = 1.5  # seconds of quiet after load: the service worker installs and fetches


def build_default_material_site(workdir: Path) -> Path:
    """mkdocs-material with nothing changed: the same English page, default theme."""
    docs = workdir / "docs" / "services"
    docs.mkdir(parents=True)
    (workdir / "docs" / "index.md").write_text("# Home\n")
    shutil.copy(ROOT / "docs" / "en" / "services" / "visit-visa.md", docs / "visit-visa.md")
    (workdir / "mkdocs.yml").write_text("site_name: Gerbang\ntheme:\n  name: material\n")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=workdir,
                   check=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return workdir / "site"


class Counter:
    """WSGI middleware: the requests answered and the body bytes sent since `reset`."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.lock = app, threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.requests, self.bytes = 0, 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterator[bytes]:
        with self.lock:
            self.requests += 1
        response = self.app(environ, start_response)
        try:
            for chunk in response:
                with self.lock:
                    self.bytes += len(chunk)
                yield chunk
        finally:
            getattr(response, "close", lambda: None)()


@contextmanager
def served(site: Path, wrap: Callable[[Any], Any] = lambda app: app
           ) -> Iterator[tuple[Counter, str]]:
    """The site on a free port as the local gateway serves it (gzip, ETags), counted."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    counter = Counter(wrap(Gateway({}, [], site)))
    server = make_server("127.0.0.1", 0, counter, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield counter, f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@contextmanager
def sites() -> Iterator[list[tuple[str, Path]]]:
    with tempfile.TemporaryDirectory() as tmp:
        yield list(zip(SITES, (ROOT / "site", build_default_material_site(Path(tmp))),
                       strict=True))


def visit(page: Any, url: str) -> dict[str, int]:
    """What the browser saw of one load: requests, other origins, 404s."""
    seen: list[tuple[str, int]] = []
    on_response = lambda r: seen.append((r.url, r.status))  # noqa: E731
    on_failed = lambda r: seen.append((r.url, 0))  # noqa: E731
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.goto(url, wait_until="networkidle")
    time.sleep(SETTLE)
    page.remove_listener("response", on_response)
    page.remove_listener("requestfailed", on_failed)
    origin = urlparse(url).netloc
    other = [u for u, _ in seen if urlparse(u).scheme.startswith("http")
             and urlparse(u).netloc != origin]
    return {"other_origins": len(other), "not_found": sum(1 for _, s in seen if s == 404)}


def measure() -> list[dict[str, object]]:
    rows = []
    with sites() as pairs, sync_playwright() as p:
        browser = launch(p)
        for name, site in pairs:
            with served(site) as (counter, base), page_on(browser, timeout=60_000) as page:
                first = visit(page, base + PAGE)
                # Requests to another origin never reach our server: counted from the browser.
                row = {"site": name, "requests": counter.requests + first["other_origins"],
                       "bytes": counter.bytes, **first}
                counter.reset()
                repeat = visit(page, base + PAGE)
                row.update(repeat_requests=counter.requests, repeat_bytes=counter.bytes,
                           other_origins=row["other_origins"] + repeat["other_origins"],
                           not_found=row["not_found"] + repeat["not_found"])
                rows.append(row)
        browser.close()
    return rows
