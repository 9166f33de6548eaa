"""An applicant's account in headless Chromium on the running local stack, at 360 px, with
script and without: register with the emailed code (read from the local outbox), apply
while signed in, see it in the account, link a guest's application, open my data and
download it, delete the account. The cookies are checked as the browser keeps them, and
every account page is run through axe."""

from __future__ import annotations

import json
import random
import re
import string
import uuid
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import requests
from gerbang.i18n import t

from tests.e2e.test_accessibility import violations
from tests.support.browser import answers, fill_apply, page_on

pytestmark = pytest.mark.browser
SIGN_UP_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def _code(stack: Any, address: str) -> str:
    """The latest code mailed to `address`, read where a developer reads it: /_outbox/."""
    page = requests.get(f"{stack.url}/_outbox/", timeout=10).text
    for article in page.split("<article>")[1:]:  # newest first
        if address in article:
            body = re.sub(r"<[^>]+>", " ", unescape(unescape(article)))
            if found := SIGN_UP_CODE.search(body.split("To:", 1)[1]):
                return found.group(1)
    raise AssertionError(f"no code mailed to {address}")


SMALL_PHONE = {"width": 360, "height": 740}


def _accessible(page: Any, script: bool = True) -> None:
    """axe finds nothing. axe is a script: a page without script is the same page, checked
    in the run with it."""
    if script:
        assert violations(page) == []


def _sign_up(stack: Any, page: Any, address: str, lang: str, script: bool = True) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    page.goto(f"{stack.url}{prefix}/account/")
    page.fill("#gb-email", address)
    page.click("form[data-gb-form=account] button[type=submit]")
    page.locator("h1", has_text=t(lang, "page.account.code_title")).wait_for()
    _accessible(page, script)
    page.fill("#gb-code", _code(stack, address))
    page.click("form[data-gb-form=account_code] button[type=submit]")
    page.locator("h1", has_text=t(lang, "page.account.title")).wait_for()


@pytest.mark.parametrize("script", [True, False], ids=["script", "no script"])
def test_register_apply_see_download_and_delete(stack: Any, browser: Any, script: bool):
    address, lang = f"akun-{uuid.uuid4().hex[:8]}@example.com", "id"
    with page_on(browser, SMALL_PHONE, java_script_enabled=script,
                 accept_downloads=True) as page:
        _sign_up(stack, page, address, lang, script)
        assert t(lang, "page.account.signed_in_as", email=address) in page.inner_text("main")
        _accessible(page, script)
        page.screenshot(path=f"/tmp/gerbang-account-{'script' if script else 'nojs'}.png",
                        full_page=True)  # to look at as a person would
        # The sign-in is kept as it should be: not readable by script, never over plain
        # http elsewhere, not sent with another site's form
        cookies = {c["name"]: c for c in page.context.cookies()}
        for name in ("gerbang_access", "gerbang_refresh"):
            assert cookies[name]["httpOnly"] and cookies[name]["secure"], name
            assert cookies[name]["sameSite"] == "Lax", name
        assert page.evaluate("document.cookie") == ""

        # Apply while signed in: the application is in the account at once
        page.goto(f"{stack.url}/{lang}/apply/?service=visit-visa")
        # A name of its own: the same answers posted twice are one application
        fill_apply(page, answers(given_names="Ani " + "".join(
            random.choices(string.ascii_lowercase, k=6)).capitalize()))
        page.click("form[data-gb-form=apply] button[type=submit]")
        if script:  # the confirmation page, filled in by the script
            page.wait_for_url(f"{stack.url}/{lang}/confirmation/")
            slot = page.locator("[data-gb-confirmation] [data-slot=reference]")
            slot.wait_for(state="visible")
            reference = slot.inner_text().strip()
        else:  # the function's own page
            page.locator("h1", has_text=t(lang, "page.received.title")).wait_for()
            reference = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", page.inner_text("main")).group(0)
        page.goto(f"{stack.url}/api/account?lang={lang}")
        assert reference in page.inner_text("main")
        assert t(lang, "status.submitted") in page.inner_text("main")

        # Opened from the account without its code
        page.click(f"a:has-text('{reference}')")
        page.locator("h1", has_text=t(lang, "page.status.title")).wait_for()
        assert t(lang, "status.submitted") in page.inner_text("main")
        _accessible(page, script)

        # My data: a readable page, and the whole of it as a file
        page.goto(f"{stack.url}/api/account?lang={lang}")
        page.click(f"a:has-text('{t(lang, 'button.my_data')}')")
        page.locator("h1", has_text=t(lang, "page.account.data_title")).wait_for()
        assert reference in page.inner_text("main") and address in page.inner_text("main")
        _accessible(page, script)
        with page.expect_download() as downloaded:
            page.click(f"a:has-text('{t(lang, 'button.download')}')")
        data = json.loads(Path(downloaded.value.path()).read_text(encoding="utf-8"))
        assert [a["application"]["reference"] for a in data["applications"]] == [reference]

        # Delete: refused until the box is ticked, then done, and the sign-in is gone
        page.goto(f"{stack.url}/api/account?lang={lang}")
        page.check("#gb-confirm")
        page.click("form[data-gb-form=account_delete] button[type=submit]")
        page.locator("h1", has_text=t(lang, "page.account.deleted_title")).wait_for()
        _accessible(page, script)
        assert not {c["name"] for c in page.context.cookies()} & {"gerbang_access",
                                                                   "gerbang_refresh"}
        page.goto(f"{stack.url}/api/account?lang={lang}")
        page.wait_for_url(f"{stack.url}/{lang}/account/")  # signed out: the sign-in page


def test_a_wrong_code_is_said_beside_the_field_and_the_page_fits_a_phone(stack: Any,
                                                                         browser: Any):
    address = f"akun-{uuid.uuid4().hex[:8]}@example.com"
    with page_on(browser, SMALL_PHONE) as page:
        page.goto(f"{stack.url}/account/")
        page.fill("#gb-email", address)
        page.click("form[data-gb-form=account] button[type=submit]")
        page.fill("#gb-code", "000000")
        page.click("form[data-gb-form=account_code] button[type=submit]")
        error = page.locator("#gb-code-error")
        error.wait_for()
        assert error.inner_text() == t("en", "field.code_wrong")
        assert violations(page) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, width  # nothing wider than the phone
        page.fill("#gb-code", _code(stack, address))
        page.click("form[data-gb-form=account_code] button[type=submit]")
        page.locator("h1", has_text=t("en", "page.account.title")).wait_for()
