"""Offline, in a real browser against the running stack: the service worker keeps the pages
a reader opened and the pages of the service they started; an unknown page offline gets the
offline page in the reader's language; an application that could not leave the phone is
shown as waiting, survives closing the page, and is sent once when the connection returns,
with the same Idempotency-Key even when the first try reached the server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from gerbang.i18n import t

from tests.e2e.test_browser import answers, fill_apply
from tests.support.browser import page_on

pytestmark = pytest.mark.browser

KEPT = "caches.open('gerbang-pages').then(c => c.keys()).then(k => k.map(r => r.url))"


def wait_until_kept(page: Any, url: str) -> None:
    """Until the worker has stored `url` and controls this page (it claims it on activation)."""
    page.wait_for_function(f"u => {KEPT}.then(urls => urls.includes(u))", arg=url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_the_site_installs_as_an_app_in_the_readers_language(stack: Any, browser: Any) -> None:
    with page_on(browser) as page:
        page.goto(f"{stack.url}/id/services/passport/")
        manifest_url = page.evaluate("document.querySelector('link[rel=manifest]').href")
        assert manifest_url == f"{stack.url}/id/manifest.json"
        manifest = page.evaluate("u => fetch(u).then(r => r.json())", manifest_url)
        assert manifest["lang"] == "id" and manifest["name"] == t("id", "app.name")
        assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
        for icon in manifest["icons"]:  # every icon is there, with the size it claims
            size = page.evaluate(
                """src => new Promise(ok => { const i = new Image();
                   i.onload = () => ok(i.naturalWidth + 'x' + i.naturalHeight); i.src = src; })""",
                f"{stack.url}/id/{icon['src']}")
            assert size == icon["sizes"]
        page.wait_for_function("navigator.serviceWorker.controller !== null"
                               " || navigator.serviceWorker.ready.then(r => !!r.active)")


def test_pages_read_before_stay_readable_offline(stack: Any, browser: Any) -> None:
    with page_on(browser) as page:
        page.goto(f"{stack.url}/id/services/visit-visa/")
        # The first page is kept too, though it loaded before the worker existed.
        wait_until_kept(page, f"{stack.url}/id/services/visit-visa/")
        wait_until_kept(page, f"{stack.url}/id/offline/")
        page.goto(f"{stack.url}/id/fees/")
        wait_until_kept(page, f"{stack.url}/id/fees/")

        page.context.set_offline(True)
        page.goto(f"{stack.url}/id/services/visit-visa/")
        assert page.locator("h1").inner_text().startswith("Visa kunjungan")
        # The stylesheet came from the worker's cache: the page is styled, not bare.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header'))"
                             ".backgroundColor") == "rgb(64, 81, 181)"

        # A page never opened: the offline page, in Indonesian, listing what can be read.
        page.goto(f"{stack.url}/id/services/passport/")
        assert page.locator("h1").inner_text().startswith("Anda sedang luring")
        assert page.url == f"{stack.url}/id/services/passport/"  # "Try again" reloads it
        saved = page.locator("[data-gb-saved] a")
        saved.first.wait_for()
        hrefs = saved.evaluate_all("links => links.map(a => a.href)")
        assert f"{stack.url}/id/fees/" in hrefs
        assert all(h.startswith(f"{stack.url}/id/") for h in hrefs)
        assert "Biaya dan pembayaran" in saved.all_inner_texts()

        page.context.set_offline(False)
        page.click("[data-gb-retry]")
        page.locator("h1", has_text="Paspor").wait_for()


def test_starting_an_application_keeps_that_services_pages(stack: Any, browser: Any) -> None:
    with page_on(browser) as page:
        page.goto(f"{stack.url}/apply/?service=limited-stay-permit")
        page.select_option("#gb-service", "passport")  # the reader changes their mind
        for path in ("services/passport/", "apply/", "status/", "upload/", "pay/",
                     "confirmation/"):
            wait_until_kept(page, f"{stack.url}/{path}")
        page.context.set_offline(True)
        page.goto(f"{stack.url}/services/passport/")
        assert page.locator("h1").inner_text().startswith("Ordinary passport")


def test_an_application_made_offline_is_sent_once_on_the_next_visit(stack: Any,
                                                                   browser: Any) -> None:
    with page_on(browser) as page:
        context = page.context
        page.goto(f"{stack.url}/id/apply/?service=visit-visa")
        wait_until_kept(page, f"{stack.url}/id/apply/")
        fill_apply(page, answers(given_names="Dewi Lestari"))

        # The first try reaches the server, but its answer is lost on the way back.
        first: dict[str, Any] = {}

        def lose_the_answer(route: Any) -> None:
            response = route.fetch()
            first.update(json.loads(response.text()), key=route.request.headers[
                "idempotency-key"])
            route.abort("internetdisconnected")

        page.route("**/api/applications", lose_the_answer)
        page.click("form[data-gb-form=apply] button[type=submit]")
        summary = page.locator(".gb-summary")
        summary.filter(has_text=t("id", "client.queued", time="")[:12]).wait_for()
        assert first["reference"]
        page.unroute("**/api/applications")

        # The phone is offline and the page closed; opened again, it says what waits.
        page.close()
        context.set_offline(True)
        page = context.new_page()
        page.goto(f"{stack.url}/id/apply/")
        page.locator(".gb-summary").filter(
            has_text=t("id", "client.queued", time="")[:12]).wait_for()
        assert page.input_value("#gb-given_names") == "Dewi Lestari"
        page.close()

        # Back online, the next visit sends it, with the same key: the same application.
        context.set_offline(False)
        page = context.new_page()
        sent: list[str] = []
        page.on("request", lambda r: r.method == "POST" and sent.append(
            r.headers.get("idempotency-key", "")))
        page.goto(f"{stack.url}/id/apply/")
        page.wait_for_url(f"{stack.url}/id/confirmation/")
        reference = page.locator("[data-gb-confirmation] [data-slot=reference]")
        reference.wait_for()
        assert reference.inner_text() == first["reference"]
        assert sent == [first["key"]]
        assert page.evaluate("localStorage.getItem('gerbang:draft:apply')") is None
