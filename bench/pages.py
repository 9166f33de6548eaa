"""First-visit weight of a guidance page, as a phone's browser loads it: headless Chromium
with an empty cache counts every request and the bytes that crossed the wire (gzip, as
CloudFront serves it). Beside it, the same page in an mkdocs-material site with default
settings, built in this run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from local.gateway import Gateway
from tests.support.browser import launch

ROOT = Path(__file__).resolve().parents[1]
PAGE = "services/visit-visa/"


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


def _serve(site: Path):
    server = make_server("127.0.0.1", 0, Gateway({}, [], site), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def first_visit(url: str) -> dict[str, object]:
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 412, "height": 915})
        requests = []
        page.on("requestfinished", lambda r: requests.append(r))
        failed = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(url, wait_until="networkidle")
        origin = urlparse(url).netloc
        local = [r for r in requests if urlparse(r.url).netloc == origin]
        wire = sum(r.sizes()["responseBodySize"] for r in local)
        other = [u for u in [r.url for r in requests] + failed
                 if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != origin]
        status_404 = [r.url for r in local if r.response() and r.response().status == 404]
        browser.close()
    return {"requests": len(local) + len(other), "bytes": wire, "other_origins": len(other),
            "not_found": len(status_404)}


def measure() -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        default_site = build_default_material_site(Path(tmp))
        for name, site in (("Gerbang", ROOT / "site"), ("mkdocs-material defaults",
                                                           default_site)):
            server, base = _serve(site)
            try:
                rows.append({"site": name, **first_visit(base + PAGE)})
            finally:
                server.shutdown()
    return rows
