"""Small phones: 360 x 640 CSS pixels, the smallest common Android screen. Screenshots of
the pages an applicant meets first (saved in screenshots/, out of git, to look at), and no
page in either language wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import page_on, site_paths

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
SMALL = {"width": 360, "height": 640}
PAGES = {"home": "", "guidance": "services/visit-visa/", "apply": "apply/",
         "status": "status/"}
WIDTH = "document.documentElement.scrollWidth"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_screenshots_of_the_first_pages_at_360_by_640(stack: Any, browser: Any,
                                                      lang: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    with page_on(browser, viewport=SMALL) as page:
        for name, path in PAGES.items():
            page.goto(f"{stack.url}/{'' if lang == 'en' else lang + '/'}{path}")
            assert page.evaluate(WIDTH) <= SMALL["width"], name
            shot = SHOTS / f"{lang}-{name}.png"
            shot.unlink(missing_ok=True)
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 5_000  # a page was drawn, not a blank screen


def test_no_page_is_wider_than_a_360_pixel_screen(stack: Any, browser: Any) -> None:
    wide = {}
    with page_on(browser, viewport=SMALL) as page:
        for path in site_paths():
            page.goto(stack.url + path)
            if (width := page.evaluate(WIDTH)) > SMALL["width"]:
                wide[path] = width
    assert not wide, wide
