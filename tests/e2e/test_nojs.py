"""With JavaScript off in a real browser: the menu opens and leads to a page, the language
menu switches to the same page in the other language, and the apply form posts and
answers with the application's page (the forms' HTTP side: tests/e2e/test_journey.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from gerbang.i18n import t

from tests.support.browser import answers, fill_apply, page_on

pytestmark = pytest.mark.browser


def test_menu_and_language_switch_without_script(stack: Any, browser: Any) -> None:
    with page_on(browser, java_script_enabled=False) as page:
        page.goto(f"{stack.url}/services/visit-visa/")
        assert page.locator("html").get_attribute("class") == "no-js"  # no script ran
        page.focus(".md-select .md-header__button")  # opens on focus, by CSS alone
        page.click(".md-select__link[hreflang=id]")
        page.wait_for_url(f"{stack.url}/id/services/visit-visa/")
        assert page.locator("html").get_attribute("lang") == "id"

        page.click("label.md-header__button[for=__drawer]")  # the menu, a CSS checkbox
        # It opens on the current page's section, Services: another service is one tap.
        link = page.locator(".md-nav--primary a.md-nav__link", has_text="Paspor")
        link.wait_for(state="visible")
        link.click()
        page.wait_for_url(f"{stack.url}/id/services/passport/")


def test_apply_without_script_answers_with_the_application(stack: Any, browser: Any) -> None:
    with page_on(browser, java_script_enabled=False) as page:
        page.goto(f"{stack.url}/id/apply/?service=visit-visa")
        # One mistake only the server sees (the browser checks the email's shape itself).
        past = (date.today() - timedelta(days=3)).isoformat()
        fill_apply(page, answers(arrival_date=past))
        page.click("form[data-gb-form=apply] button[type=submit]")
        # The form comes back with the answers kept and a summary linking to the field.
        summary = page.locator(".gb-summary")
        assert summary.inner_text().startswith(t("id", "error.validation_failed"))
        assert page.evaluate("document.activeElement.classList.contains('gb-summary')")
        summary.locator("a[href='#gb-arrival_date']").click()
        page.fill("#gb-arrival_date", (date.today() + timedelta(days=30)).isoformat())
        assert page.input_value("#gb-given_names") == "Siti Aminah"
        page.click("form[data-gb-form=apply] button[type=submit]")
        page.locator("h1", has_text=t("id", "page.received.title")).wait_for()
        assert re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", page.inner_text("main"))
