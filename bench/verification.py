"""How long the verifier's judgement of one file takes (gerbang.verification.inspect: type,
full decode, re-encode or PDF walk), per type and size, on files generated here."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions"))

from gerbang.catalog import load_catalog  # noqa: E402
from gerbang.verification import inspect  # noqa: E402

from tests.support import corpus  # noqa: E402

CASES = [
    ("photo", "JPEG 600x800", lambda: corpus.jpeg(600, 800)),
    ("passport", "JPEG 2000x1500", lambda: corpus.jpeg(2000, 1500, quality=80)),
    ("passport", "PNG 1200x800", lambda: corpus.png(1200, 800)),
    ("passport", "PDF scan, 1 page A4", lambda: corpus.scanned_pdf(1)),
    ("proof_of_address", "PDF scan, 3 pages A4", lambda: corpus.scanned_pdf(3)),
    ("proof_of_address", "PDF text, 20 pages", lambda: corpus.pdf(20)),
    ("passport", "PNG bomb 100 MP (refused)", corpus.png_bomb),
]


def measure(runs: int = 5) -> list[dict[str, object]]:
    kinds = load_catalog().document_kinds
    rows = []
    inspect(kinds["photo"], corpus.jpeg())  # first use imports Pillow: not the file's cost
    inspect(kinds["passport"], corpus.pdf())  # and pypdf
    for kind, label, make in CASES:
        data = make()
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            verdict = inspect(kinds[kind], data)
            samples.append((time.perf_counter() - start) * 1000)
        rows.append({"file": label, "bytes": len(data), "outcome": verdict.reason or "accepted",
                     "median_ms": statistics.median(samples)})
    return rows
