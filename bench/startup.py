"""How long `make dev` takes to be ready on an installed machine: from the command to the
printed URL (site rebuild included), and the local stack alone (`python -m local`)."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ready_seconds(command: list[str]) -> float:
    env = {**os.environ, "PORT": str(_free_port()), "PYTHONPATH": str(ROOT),
           "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "is running at" in line:
                return time.perf_counter() - start
        raise RuntimeError(f"{command} ended before it was ready")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def measure(runs: int = 3) -> list[dict[str, object]]:
    return [
        {"what": "make dev (site rebuilt, stack started)",
         "seconds": statistics.median(_ready_seconds(["make", "--no-print-directory", "dev"])
                                      for _ in range(runs))},
        {"what": "python -m local (stack only)",
         "seconds": statistics.median(_ready_seconds([sys.executable, "-m", "local"])
                                      for _ in range(runs))},
    ]
