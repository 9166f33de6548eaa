"""Print the benchmark table. Targets (issue 2): first visit <= 60 KB compressed in <= 8
requests with 0 to other origins; handler cold import <= 1.5 x the boto3 floor; warm submit
median <= 50 ms through the local gateway."""

from __future__ import annotations

import os
import sys

from bench import imports, latency, pages, startup


def main() -> int:
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    print("## Ready to use, once installed (median of 3)\n")
    print("| command | seconds to the printed URL |")
    print("|---|---:|")
    for r in startup.measure():
        print(f"| {r['what']} | {r['seconds']:.1f} |")
    print("\n## Cold import (fastest of 11 fresh interpreters each, alternating with the floor)\n")
    print("| handler | clients | floor: boto3 + clients (ms) | handler + clients (ms) | ratio |")
    print("|---|---|---:|---:|---:|")
    for r in imports.measure():
        print(f"| {r['handler']} | {r['clients']} | {r['floor_ms']:.0f} | {r['handler_ms']:.0f}"
              f" | {r['ratio']:.2f} |")
    print("\n## Warm latency through the local gateway (median of 30)\n")
    print("| route | median (ms) |")
    print("|---|---:|")
    for r in latency.measure():
        print(f"| {r['route']} | {r['median_ms']:.1f} |")
    print("\n## First visit to /services/visit-visa/ (headless Chromium, empty cache)\n")
    print("| site | requests | bytes on the wire | other origins | 404s |")
    print("|---|---:|---:|---:|---:|")
    for r in pages.measure():
        print(f"| {r['site']} | {r['requests']} | {r['bytes']:,} | {r['other_origins']} |"
              f" {r['not_found']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
