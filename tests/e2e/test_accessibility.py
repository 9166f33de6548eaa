"""Accessibility in headless Chromium: axe-core (npm, tests/package.json) finds no WCAG 2.0,
2.1 or 2.2 A/AA violation on any built page in either language, on the pages the functions
answer to a form posted without script, on a form showing the script's errors, or in the
officers' signed-in views; the
apply journey works with the keyboard alone, with a visible focus at every step."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.browser import answers, page_on, site_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


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


# The focused element draws an outline or a ring (Material draws some with box-shadow).
# "native": the focus is inside the element's own browser-drawn parts (a date field's
# calendar button), which the browser draws and we cannot style.
FOCUS_SHOWN = """() => { const e = document.activeElement, native = !e.matches(':focus');
  const look = () => { const s = getComputedStyle(e);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
      ? [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ') : '';
    return outline + '|' + s.boxShadow; };
  // Shown: the element looks different focused than not (a shadow always there is no sign).
  const focused = look();
  if (!native) { e.blur(); }
  const resting = native ? focused : look();
  if (!native) { e.focus(); }
  return {id: e.id || e.name || e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30),
          native, shown: focused !== resting}; }"""


def test_the_apply_journey_by_keyboard_alone_with_a_visible_focus(stack: Any,
                                                                 browser: Any) -> None:
    steps: list[dict[str, Any]] = []
    with page_on(browser, locale="en-US") as page:
        page.goto(f"{stack.url}/apply/?service=visit-visa")

        def tab(to: str, most: int = 40) -> None:
            """Tab forward until the field `to` has the focus, noting each stop."""
            for _ in range(most):
                page.keyboard.press("Tab")
                steps.append(page.evaluate(FOCUS_SHOWN))
                if steps[-1]["id"] == to:
                    return
            raise AssertionError(f"Tab never reached {to}: {steps[-5:]}")

        tab("gb-service")  # through the skip link, the header and the menu
        assert page.input_value("#gb-service") == "visit-visa"
        typed = {"gb-given_names": "Siti Aminah", "gb-family_name": "Walker",
                 "gb-date_of_birth": "04121988", "gb-nationality": "United Kingdom",
                 "gb-passport_number": "533401234", "gb-passport_expiry": "01012031",
                 "gb-arrival_date": (date.today() + timedelta(days=30)).strftime("%m%d%Y"),
                 "gb-email": "siti.walker@example.com"}
        for field, keys in typed.items():
            tab(field, most=2)  # the next stop, or after a date field's calendar button
            page.keyboard.type(keys)
        tab("gb-consent", most=2)
        page.keyboard.press("Space")
        assert page.is_checked("#gb-consent")
        assert page.input_value("#gb-date_of_birth") == "1988-04-12"
        assert page.input_value("#gb-nationality") == "GBR"
        page.keyboard.press("Tab")
        steps.append(page.evaluate(FOCUS_SHOWN))
        page.keyboard.press("Enter")
        page.wait_for_url(f"{stack.url}/confirmation/")
        page.locator("[data-gb-confirmation] [data-slot=reference]").wait_for()
    hidden = [s["id"] for s in steps if not s["shown"] and not s["native"]]
    assert not hidden, f"no visible focus on {hidden}"
    assert {s["id"] for s in steps if s["native"]} <= {"gb-date_of_birth", "gb-passport_expiry",
                                                      "gb-arrival_date"}
    assert len(steps) > 12


def test_the_officers_signed_in_views(stack: Any, browser: Any) -> None:
    """The queue, a record with its decision form, and that form showing an error: what an
    officer works in all day, in both languages."""
    from playwright.sync_api import expect

    from tests.support.browser import sign_in
    from tests.support.journey import in_review

    reference = in_review(stack)["reference"]
    found = {}
    for lang in ("", "id/"):
        with page_on(browser, viewport={"width": 1280, "height": 900}) as page:
            page.goto(f"{stack.url}/{lang}officer/")
            sign_in(page, *stack.officer)
            expect(page.locator("#gb-off-queue")).to_be_visible()
            expect(page.locator("#gb-off-rows tbody tr", has_text=reference)).to_be_visible()
            found[f"{lang}queue"] = violations(page)
            page.locator("#gb-off-rows tbody tr", has_text=reference).get_by_role(
                "link", name=reference).click()
            expect(page.locator("#gb-off-record h2")).to_contain_text(reference)
            found[f"{lang}record"] = violations(page)
            page.check("#gb-off-decide input[value=request_info]")
            page.click("#gb-off-decide [type=submit]")  # no reason: an error beside it
            expect(page.locator("[data-field=reason] .gb-error")).to_be_visible()
            found[f"{lang}record with an error"] = violations(page)
    assert not any(found.values()), found
