"""The API fuzzed against its own OpenAPI document, with more cases than `make test` runs:
tests/e2e/test_contract_fuzz.py in a fresh pytest (its own local stack), timed, and the
figures its summary line prints: cases, operations, cases on real records, 5xx answers,
and whether every answer matched the document."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = "tests/e2e/test_contract_fuzz.py"


def measure(cases: int = 100) -> list[dict[str, object]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", TEST],
        cwd=ROOT, env={**os.environ, "FUZZ_CASES": str(cases), "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    found = re.search(r"schemathesis: (\d+) cases, (\d+) operations, (\d+) on real records, "
                      r"(\d+) answers 5xx", done.stdout)
    if found is None:
        raise RuntimeError("the fuzz run printed no summary:\n" + done.stdout[-3000:])
    total, operations, real, errors = map(int, found.groups())
    failed = re.search(r"(\d+) failed", done.stdout)
    return [{"cases_per_route": cases, "cases": total, "operations": operations,
             "on_real_records": real, "answers_5xx": errors,
             "routes_failing_a_check": int(failed.group(1)) if failed else 0,
             "seconds": seconds}]
