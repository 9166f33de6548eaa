"""A guidance page on a slow link (400 kbit/s, 400 ms round trip): first contentful paint
in headless Chromium, first visit and repeat visit, beside the same page in a
mkdocs-material site with default settings (built by bench/pages.py). Median of 3.

Two ways to make the link slow, both reported:
- "DevTools": Chromium's own throttling (CDP Network.emulateNetworkConditions) on the page.
  It does not reach a service worker's own fetches (measured here: a repeat visit through
  the worker painted in 80 ms with a 400 ms round trip set), so it is shown for the first
  visit only.
- "link": the server answers each request one round trip after it arrives and sends every
  body through one shared 400 kbit/s pipe, in 1,460-byte packets. It slows every request
  alike, the worker's included. Connection set-up is not modelled (the same for both)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from playwright.sync_api import sync_playwright

from bench.pages import PAGE, served, sites
from tests.support.browser import launch, page_on

RTT = 0.4  # seconds
RATE = 400_000 / 8  # bytes a second
TIMEOUT = 60_000  # ms: a throttled page takes seconds
PACKET = 1460
RUNS = 3
FCP = """new Promise(ok => new PerformanceObserver(list => {
  const e = list.getEntriesByName('first-contentful-paint')[0];
  if (e) ok(e.startTime);
}).observe({type: 'paint', buffered: true}))"""


class Link:
    """WSGI middleware: the slow link, shared by every request in flight."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.lock, self.free_at = app, threading.Lock(), 0.0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterator[bytes]:
        time.sleep(RTT)  # the request goes up and the first byte comes down
        response = self.app(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            getattr(response, "close", lambda: None)()
        for start in range(0, len(body), PACKET):
            packet = body[start:start + PACKET]
            with self.lock:  # the next free slot on the one pipe
                self.free_at = max(time.monotonic(), self.free_at) + len(packet) / RATE
                wait = self.free_at - time.monotonic()
            time.sleep(max(wait, 0))
            yield packet


def _paint(page: Any, url: str) -> float:
    page.goto(url, wait_until="load")
    return float(page.evaluate(FCP))


def _devtools_first(browser: Any, url: str) -> float:
    with page_on(browser, timeout=TIMEOUT) as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT * 1000, "downloadThroughput": RATE,
            "uploadThroughput": RATE})
        return _paint(page, url)


def _link_visits(browser: Any, url: str) -> tuple[float, float]:
    with page_on(browser, timeout=TIMEOUT) as page:
        first = _paint(page, url)
        page.wait_for_load_state("networkidle")
        time.sleep(3)  # the service worker, if any, installs and keeps what it keeps
        return first, _paint(page, url)


def measure() -> list[dict[str, object]]:
    rows = []
    with sites() as pairs, sync_playwright() as p:
        browser = launch(p)
        for name, site in pairs:
            with served(site) as (_, base):
                devtools = [_devtools_first(browser, base + PAGE) for _ in range(RUNS)]
            with served(site, Link) as (_, base):
                link = [_link_visits(browser, base + PAGE) for _ in range(RUNS)]
            rows.append({"site": name, "devtools_first_ms": statistics.median(devtools),
                         "link_first_ms": statistics.median(f for f, _ in link),
                         "link_repeat_ms": statistics.median(r for _, r in link)})
        browser.close()
    return rows
