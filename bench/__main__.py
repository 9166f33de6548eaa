"""Print the benchmark tables. Targets (issue 2): first visit <= 60 KB compressed in <= 8
requests with 0 to other origins; handler cold import <= 1.5 x the boto3 floor; warm submit
median <= 50 ms through the local gateway. Issue 8: first visit <= 45 KB, repeat visit
<= 6 KB (tests/unit/test_page_weight.py holds the budgets on the built files), first
contentful paint on a 400 kbit/s, 400 ms link beside mkdocs-material defaults."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence

# The functions' INFO logs (one line per e-mail sent) would bury the tables; set before the
# handlers' loggers exist, since Powertools reads the level once.
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from bench import (
    assistant,
    compression,
    contract,
    imports,
    latency,
    package_size,
    pages,
    photos,
    slow,
    startup,
    verification,
)


def table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """One Markdown table; numbers right-aligned."""
    rows = list(rows)
    print(f"## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if rows and not isinstance(v, str) else "---"
                         for v in (rows[0] if rows else header)) + "|")
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")
    print()


def main() -> int:
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    table("Ready to use, once installed (median of 3)", ["command", "seconds to the URL"],
          [(r["what"], round(r["seconds"], 1)) for r in startup.measure()])
    table("Cold import (fastest of 11 fresh interpreters each, alternating with the floor)",
          ["handler", "clients", "floor: boto3 + clients (ms)", "handler + clients (ms)",
           "ratio"],
          [(r["handler"], r["clients"], round(r["floor_ms"]), round(r["handler_ms"]),
            round(r["ratio"], 2)) for r in imports.measure()])
    table("The API fuzzed against its OpenAPI document (schemathesis, local stack)",
          ["cases a route", "cases", "operations", "on real records", "answers 5xx",
           "routes failing a check", "seconds"],
          [(r["cases_per_route"], r["cases"], r["operations"], r["on_real_records"],
            r["answers_5xx"], r["routes_failing_a_check"], round(r["seconds"]))
           for r in contract.measure()])
    table("Warm latency through the local gateway (median of 30)", ["route", "median (ms)"],
          [(r["route"], round(r["median_ms"], 1)) for r in latency.measure()])
    table("Document verification, one file (median of 5)",
          ["file", "bytes", "outcome", "median (ms)"],
          [(r["file"], r["bytes"], r["outcome"], round(r["median_ms"], 1))
           for r in verification.measure()])
    table("What each kind of function installs on Lambda (arm64, Python 3.12; MB unpacked)",
          ["package", "wheels", "installed (MB)", "largest (MB)", "fits a 250 MB zip"],
          [(r["package"], r["wheels"], round(r["installed_mb"]), r["largest"],
            "yes" if r["fits_a_zip"] else "no: container image")
           for r in package_size.measure()])
    for seed in photos.SEEDS:
        table(f"Portrait checks on generated photos (seed {seed}, one core)", photos.HEADER,
              [photos.row(r) for r in photos.measure(seed=seed)])
    table("Photo made smaller in the browser before upload (headless Chromium)",
          ["camera photo", "bytes before", "bytes after", "saved", "pixels after", "ms"],
          [(r["input"], r["bytes_before"], r["bytes_after"], f'{r["saved_percent"]}%',
            f'{r["width_after"]}x{r["height_after"]}', round(r["ms"]))
           for r in compression.measure()])
    for title, path in assistant.SETS:
        table(f"FAQ assistant on {title}, warm", assistant.HEADER,
              [assistant.row(r) for r in assistant.measure(path)])
    table("First and repeat visit to /services/visit-visa/ (headless Chromium; body bytes "
          "the server sent, gzip, service worker included)",
          ["site", "requests", "bytes on the wire", "other origins", "404s",
           "repeat: requests", "repeat: bytes"],
          [(r["site"], r["requests"], r["bytes"], r["other_origins"], r["not_found"],
            r["repeat_requests"], r["repeat_bytes"]) for r in pages.measure()])
    table("First contentful paint of /services/visit-visa/ at 400 kbit/s and 400 ms round "
          "trip (median of 3)",
          ["site", "first visit, DevTools (ms)", "first visit, link (ms)",
           "repeat visit, link (ms)"],
          [(r["site"], round(r["devtools_first_ms"]), round(r["link_first_ms"]),
            round(r["link_repeat_ms"])) for r in slow.measure()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
