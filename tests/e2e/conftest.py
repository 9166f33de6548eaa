"""End-to-end tests run the product exactly as `make dev` does: `python -m local` in its
own process on a free port, talked to over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RunningStack:
    url: str
    aws_endpoint: str
    process: subprocess.Popen
    officer: tuple[str, str]  # the development officer make dev prints


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def stack() -> Iterator[RunningStack]:
    assert (ROOT / "site" / "index.html").is_file(), "build the site first: make site"
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "local"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = endpoint = officer = None
    deadline = time.monotonic() + 60
    lines: list[str] = []
    assert process.stdout is not None
    while time.monotonic() < deadline and None in (url, endpoint, officer):
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if match := re.search(r"running at (http://\S+?)/\s", line):
            url = match.group(1)
        if match := re.search(r"local AWS \(moto\): (http://\S+)", line):
            endpoint = match.group(1)
        if match := re.search(r"development officer: (\S+) / (\S+)", line):
            officer = (match.group(1), match.group(2))
    if url is None or endpoint is None or officer is None:
        process.kill()
        pytest.fail("the local stack did not start:\n" + "".join(lines[-40:]))
    # Keep draining its output so a chatty log never blocks the server on a full pipe.
    import threading

    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    yield RunningStack(url, endpoint, process, officer)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test. `make test` installs Debian's
    chromium; without it this fails, it is not skipped."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
