"""`python -m local`: run Gerbang on this machine until Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

from local.stack import LocalStack


def main() -> int:
    started = time.perf_counter()
    port = int(os.environ.get("PORT", "8000"))
    stack = LocalStack(port=port).start()
    ready = time.perf_counter() - started
    print(f"\nGerbang is running at {stack.url}/  (Bahasa Indonesia: {stack.url}/id/)",
          f"\n  local AWS (moto): {stack.aws_endpoint}",
          f"\n  ready in {ready:.1f} s. Press Ctrl-C to stop.\n", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    stack.stop()
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
