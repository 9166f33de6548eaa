"""The portrait checks (gerbang.photo_checks) on the generated photos of
tools/synthetic_photos.py, per class: how often the outcome is the expected one (accepted
for `good`, that class's own reason for the others), the false refusals of good photos,
the faulty photos let through, and the time of check_photo + face_hash for one photo on
one core (the decode not included: the verifier has decoded it already). Targets (issue
15): false refusal of a good photo <= 2 %, <= 1.5 s a photo.

The thresholds were set on seed 15; SEEDS[1] is a second draw of the same generator, for
a look at how far the rates move. Both are one sitter (scikit-image's astronaut) on made
walls: the figures say the checks do what they mean to on such photos, not how they fare
on real applicants. `python -m bench.photos` prints both tables and every miss."""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions"))

from gerbang.catalog import load_catalog  # noqa: E402
from gerbang.photo_checks import PhotoRules, check_photo, face_hash  # noqa: E402

from tools.synthetic_photos import CLASSES, photos  # noqa: E402

SEEDS = (15, 16)
HEADER = ["class", "photos", "expected", "as expected", "false refusals / let through",
          "other reasons", "median (ms)", "p95 (ms)"]


def measure(count_per_class: int = 25, seed: int = SEEDS[0]) -> list[dict[str, Any]]:
    import cv2

    cv2.setNumThreads(1)
    rules = PhotoRules.from_catalog(load_catalog().document_kinds["photo"].portrait)
    results: dict[str, dict[str, Any]] = {
        cls: {"class": cls, "expected": expected, "outcomes": Counter(), "ms": [],
              "misses": []} for cls, (expected, _) in CLASSES.items()}
    warm = True
    for photo in photos(count_per_class, seed):
        if warm:  # the first call imports OpenCV and loads the cascades: not a photo's cost
            check_photo(photo.image, rules)
            warm = False
        start = time.perf_counter()
        check = check_photo(photo.image, rules)
        if check.face:
            face_hash(photo.image, check.face)
        elapsed = (time.perf_counter() - start) * 1000
        result = results[photo.cls]
        result["outcomes"][check.reason] += 1
        result["ms"].append(elapsed)
        if check.reason != photo.expected:
            result["misses"].append((photo.note, f"{photo.image.width}x{photo.image.height}",
                                     check.reason or "accepted"))
    rows = []
    for result in results.values():
        outcomes, samples = result["outcomes"], sum(result["outcomes"].values())
        expected = result["expected"]
        wrong = samples - outcomes[expected]
        # For good photos, every refusal is false; for the others, an acceptance lets one
        # through, and another reason is still a refusal (with a less helpful message).
        let_through = wrong if expected is None else outcomes[None]
        times = sorted(result.pop("ms"))
        rows.append({**result, "samples": samples, "correct": outcomes[expected] / samples,
                     "false": let_through / samples,
                     "other": (wrong - let_through) / samples,
                     "median_ms": statistics.median(times),
                     "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]})
    return rows


def row(result: dict[str, Any]) -> tuple:
    """One line of `make bench`'s table."""
    return (result["class"], result["samples"], result["expected"] or "accepted",
            f"{result['correct']:.0%}", f"{result['false']:.0%}", f"{result['other']:.0%}",
            round(result["median_ms"]), round(result["p95_ms"]))


def main() -> int:
    """`python -m bench.photos`: the table for each seed, with the misses under it."""
    from bench.__main__ import table

    for seed in SEEDS:
        results = measure(seed=seed)
        table(f"Portrait checks on generated photos (seed {seed}, one core)", HEADER,
              [row(r) for r in results])
        for result in results:
            for note, size, got in result["misses"]:
                print(f"- {result['class']}: {note} ({size}) -> {got}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
