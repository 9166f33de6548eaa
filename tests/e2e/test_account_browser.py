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
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import requests
from gerbang.i18n import t

from tests.e2e.test_accessibility import violations
from tests.support.browser import answers, fill_apply, page_on

pytestmark = pytest.mark.browser
# Six digits to confirm a new address, eight to sign in (Cognito's lengths).
CODE = re.compile(r"(?<!\d)(\d{8}|\d{6})(?!\d)")


def _code(stack: Any, address: str) -> str:
    """The latest code mailed to `address`, read where a developer reads it: /_outbox/,
    in the email's own text (the address itself may hold digits)."""
    page = requests.get(f"{stack.url}/_outbox/", timeout=10).text
    for article in page.split("<article>")[1:]:  # newest first
        to, _, rest = article.partition("</p>")
        if address in to:
            body = re.sub(r"<[^>]+>", " ", unescape(unescape(rest)))
            if found := CODE.search(body):
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
        # The one cookie a script may read says "signed in" and nothing more
        assert page.evaluate("document.cookie") == "gerbang_account=1"

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


def _kept(page: Any, field: str, tries: int = 40) -> str | None:
    """The account's draft's `field`, once it has arrived (the script sends it a couple of
    seconds after the last keystroke; a loaded machine takes longer)."""
    read = f"""async () => ((await (await fetch('/api/account/drafts/apply')).json())
        .values || {{}}).{field}"""
    for _ in range(tries):
        if found := page.evaluate(read):
            return found
        page.wait_for_timeout(250)
    return None


def _sign_in(stack: Any, page: Any, address: str) -> None:
    """An address that has an account: the same two steps, with an 8-digit code."""
    page.goto(f"{stack.url}/account/")
    page.fill("#gb-email", address)
    page.click("form[data-gb-form=account] button[type=submit]")
    page.locator("h1", has_text=t("en", "page.account.code_title")).wait_for()
    page.fill("#gb-code", _code(stack, address))
    page.click("form[data-gb-form=account_code] button[type=submit]")
    page.locator("h1", has_text=t("en", "page.account.title")).wait_for(timeout=30_000)


@contextmanager
def _applying_signed_in(stack: Any, browser: Any) -> Iterator[tuple[Any, str]]:
    """A phone with a new account, on the apply form: (the page, the account's address)."""
    address = f"akun-{uuid.uuid4().hex[:8]}@example.com"
    with page_on(browser, SMALL_PHONE) as phone:
        _sign_up(stack, phone, address, "en")
        phone.goto(f"{stack.url}/apply/?service=visit-visa")
        yield phone, address


def test_a_half_filled_application_moves_from_the_phone_to_the_laptop(stack: Any,
                                                                      browser: Any):
    """The whole journey on two devices: register -> sign in -> a draft on the phone ->
    resumed on the laptop -> sent -> its status -> everything downloaded -> deleted."""
    with _applying_signed_in(stack, browser) as (phone, address):
        phone.fill("#gb-given_names", "Siti Aminah")
        phone.fill("#gb-passport_number", "B7654321")
        # Kept on the account a couple of seconds after the last keystroke
        assert _kept(phone, "passport_number") == "B7654321"
    with page_on(browser) as laptop:  # another device: nothing in its storage
        _sign_in(stack, laptop, address)
        laptop.goto(f"{stack.url}/apply/?service=visit-visa")
        laptop.locator(".gb-summary", has_text=t("en", "client.restored_account")).wait_for()
        assert laptop.input_value("#gb-given_names") == "Siti Aminah"
        assert laptop.input_value("#gb-passport_number") == "B7654321"
        assert violations(laptop) == []
        # Finished and sent from the laptop: the draft has done its work
        fill_apply(laptop, answers(given_names="Siti Aminah", passport_number="B7654321"))
        laptop.click("form[data-gb-form=apply] button[type=submit]")
        laptop.wait_for_url(f"{stack.url}/confirmation/")
        reference = laptop.locator("[data-gb-confirmation] [data-slot=reference]")
        reference.wait_for(state="visible")
        reference = reference.inner_text().strip()
        gone = laptop.evaluate("async () => (await fetch('/api/account/drafts/apply')).status")
        assert gone == 404
        # Its status in the account, everything downloaded, then the account deleted
        laptop.goto(f"{stack.url}/api/account?lang=en")
        laptop.click(f"a:has-text('{reference}')")
        laptop.locator("h1", has_text=t("en", "page.status.title")).wait_for()
        assert t("en", "status.submitted") in laptop.inner_text("main")
        data = laptop.evaluate("async () => await (await fetch('/api/account/data')).json()")
        assert [a["application"]["reference"] for a in data["applications"]] == [reference]
        laptop.goto(f"{stack.url}/api/account?lang=en")
        laptop.check("#gb-confirm")
        laptop.click("form[data-gb-form=account_delete] button[type=submit]")
        laptop.locator("h1", has_text=t("en", "page.account.deleted_title")).wait_for()


def test_a_page_closed_at_once_still_leaves_its_draft_on_the_account(stack: Any,
                                                                     browser: Any):
    with _applying_signed_in(stack, browser) as (phone, _):
        phone.fill("#gb-given_names", "Quick Closer")
        # Left before the timer: the page's last act (pagehide) sends it there and then, as
        # a keepalive request the browser finishes after the page is gone
        sent_at_once = phone.evaluate("""() => {
            const f = document.querySelector('form[data-gb-form=apply]'), waiting = !!f.gbFlush;
            dispatchEvent(new PageTransitionEvent('pagehide'));
            return waiting && f.gbFlush === 0; }""")
        assert sent_at_once
        assert _kept(phone, "given_names") == "Quick Closer"
