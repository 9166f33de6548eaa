"""Offline, in a real browser against the running stack: the service worker keeps the pages
a reader opened and the pages of the service they started; an unknown page offline gets the
offline page in the reader's language; an application that could not leave the phone is
shown as waiting, survives closing the page, and is sent once when the connection returns,
with the same Idempotency-Key even when the first try reached the server, and any page
says it waits once back online; a page kept before a deploy keeps its old build's styles."""

from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from gerbang.i18n import t

from tests.support.browser import ROOT, answers, fill_apply, page_on

pytestmark = pytest.mark.browser

HEADER = "getComputedStyle(document.querySelector('.md-header')).backgroundColor"
INDIGO = "rgb(64, 81, 181)"  # Material's header, only there when its stylesheet is


# A kept page read back whole, as the worker will read it offline: its key listed is not
# enough (a CI run went offline right after and got the offline page). Retried in the page
# for up to 15 s: wait_for_function takes a promise as its answer, whatever it resolves to,
# and page.evaluate has no timeout of its own.
KEPT_WHOLE = """async u => {
  for (const end = Date.now() + 15000; Date.now() < end;) {
    const r = await (await caches.open('gerbang-pages')).match(u, {ignoreVary: true});
    if (r && (await r.text()).includes('</html>')) return true;
    await new Promise(ok => setTimeout(ok, 100));
  }
  return false;
}"""


def wait_until_kept(page: Any, url: str) -> None:
    """Until the worker has stored `url` whole and controls this page (it claims it on
    activation)."""
    assert page.evaluate(KEPT_WHOLE, url), f"{url} was not kept"
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
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active !== null)")


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
        assert page.evaluate(HEADER) == INDIGO

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


def test_an_application_made_offline_is_announced_on_any_page_once_online(stack: Any,
                                                                         browser: Any) -> None:
    with page_on(browser) as page:
        posted: list[str] = []
        page.context.on("request", lambda r: r.method == "POST" and "/api/" in r.url
                        and posted.append(r.headers.get("idempotency-key", "")))
        page.goto(f"{stack.url}/id/fees/")
        wait_until_kept(page, f"{stack.url}/id/fees/")
        page.goto(f"{stack.url}/id/apply/?service=visit-visa")
        wait_until_kept(page, f"{stack.url}/id/apply/")
        fill_apply(page, answers(given_names="Rina Wulandari"))
        page.context.set_offline(True)
        page.click("form[data-gb-form=apply] button[type=submit]")
        page.locator(".gb-summary").filter(
            has_text=t("id", "client.queued", time="")[:12]).wait_for()
        key = page.evaluate("JSON.parse(localStorage.getItem('gerbang:draft:apply')).key")

        # Another page, read offline: nothing to do yet, so nothing said.
        page.goto(f"{stack.url}/id/fees/")
        page.wait_for_load_state("networkidle")  # the page's script has had its say
        notice = page.locator(".gb-unsent")
        assert notice.count() == 0
        # Back online: the page says, in its language, that the application waits.
        page.context.set_offline(False)
        notice.wait_for()
        assert notice.locator(".admonition-title").inner_text() == t("id", "app.unsent")
        assert notice.get_attribute("role") == "status"
        assert page.evaluate("document.querySelector('article').firstElementChild"
                             ".classList.contains('gb-unsent')")
        page.goto(f"{stack.url}/services/visit-visa/")  # an English page says it in English
        assert notice.locator(".admonition-title").inner_text() == t("en", "app.unsent")
        page.goto(f"{stack.url}/id/fees/")
        link = notice.get_by_role("link", name=t("id", "app.unsent_send"))
        assert posted == []

        # Following it sends the application once, with the key it was kept with.
        link.click()
        page.wait_for_url(f"{stack.url}/id/confirmation/")
        page.locator("[data-gb-confirmation] [data-slot=reference]").wait_for()
        assert posted == [key]
        page.goto(f"{stack.url}/id/fees/")
        page.locator("h1").wait_for()
        page.wait_for_load_state("networkidle")
        assert notice.count() == 0


@pytest.fixture
def site_copy(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A copy of the built site on its own static server, to be redeployed by the test."""
    root = tmp_path / "site"
    shutil.copytree(ROOT / "site", root)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def redeploy(root: Path) -> tuple[str, str]:
    """What a rebuild with a changed Material stylesheet does: a new hashed name, every page
    naming it, and a worker with a new VERSION and SHELL. Returns the old and new names."""
    old = next((root / "assets" / "stylesheets").glob("main.*.min.css"))
    new = old.with_name("main.0d0d0d0d.min.css")
    old.rename(new)
    for path in [*root.rglob("*.html"), root / "sw.js"]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old.name, new.name), encoding="utf-8")
    sw = root / "sw.js"
    sw.write_text(re.sub(r"VERSION = '[0-9a-f]+'", "VERSION = 'redeployed00'",
                         sw.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    return old.name, new.name


def test_a_page_kept_before_a_deploy_stays_styled_offline(site_copy: tuple[str, Path],
                                                          browser: Any) -> None:
    url, root = site_copy
    with page_on(browser) as page:
        page.goto(f"{url}/services/visit-visa/")
        wait_until_kept(page, f"{url}/services/visit-visa/")
        old, new = redeploy(root)

        # The new worker installs and activates (it skips waiting) while the page is open: its
        # state is "activated" once its caches are sorted.
        page.evaluate("""navigator.serviceWorker.getRegistration().then(r => r.update().then(() => {
            const w = r.installing || r.waiting || r.active;
            return new Promise(ok => w.state === 'activated' ? ok()
              : w.addEventListener('statechange', () => w.state === 'activated' && ok())); }))""")
        shells = page.evaluate("caches.keys().then(k => k.filter(n => n.includes('shell')))")
        assert shells == ["gerbang-shell-redeployed00"]
        # Only the old stylesheet is kept aside: the other shell files are the new shell's.
        kept_aside = page.evaluate(
            "caches.open('gerbang-old').then(c => c.keys()).then(k => k.map(r => r.url))")
        assert kept_aside == [f"{url}/assets/stylesheets/{old}"]

        # Days later the browser's own cache has let the old stylesheet go (it is not the
        # worker's to keep); offline, the page kept before the deploy still names it: styled.
        page.context.new_cdp_session(page).send("Network.clearBrowserCache")
        page.context.set_offline(True)
        page.goto(f"{url}/services/visit-visa/")
        assert old in page.content() and new not in page.content()
        assert page.locator("h1").inner_text().startswith("Single-entry visit visa")
        assert page.evaluate(HEADER) == INDIGO
