"""`python -m local`: run Gerbang on this machine until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import os
import signal
import sys
import time

from local.stack import LocalStack


def _interrupt(*_: object) -> None:
    # Setting an Event from a signal handler can deadlock when a second signal lands while
    # the first handler holds the Event's lock; raising into the main thread cannot.
    raise KeyboardInterrupt


def main() -> int:
    for each in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a background start ignores it
        signal.signal(each, _interrupt)
    started = time.perf_counter()
    stack: LocalStack | None = None
    try:
        stack = LocalStack(port=int(os.environ.get("PORT", "8000"))).start()
        ready = time.perf_counter() - started
        print(f"\nGerbang is running at {stack.url}/  (Bahasa Indonesia: {stack.url}/id/)",
              f"\n  local AWS (moto): {stack.aws_endpoint}",
              f"\n  development officer: {stack.officer[0]} / {stack.officer[1]}",
              f"\n  emails sent: {stack.url}/_outbox/",
              f"\n  the API (Swagger UI): {stack.url}/_dev/api  (document: /api/openapi.json)",
              f"\n  ready in {ready:.1f} s. Press Ctrl-C to stop.\n", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        for each in (signal.SIGINT, signal.SIGTERM):  # shutting down: no second interrupt
            signal.signal(each, signal.SIG_IGN)
        if stack is not None:
            stack.stop()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
