"""The FAQ assistant on its evaluation set (assistant_questions.yaml), per language: how
often the right section is first (hit@1) or among the three answers (hit@3), how often an
off-topic question gets "I don't know" (correct abstention), and how long one answer takes
in the function's process once warm (p50, p95). Targets (issue 7): hit@3 >= 90% and
correct abstention >= 90% in every language."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import yaml

QUESTIONS = Path(__file__).with_name("assistant_questions.yaml")
# Written after the thresholds were set and never tuned on: the honest estimate.
HELD_OUT = Path(__file__).with_name("assistant_heldout.yaml")
TARGET_HIT3 = 0.9
TARGET_ABSTAIN = 0.9


def questions(path: Path = QUESTIONS) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(lang: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """Quality (deterministic) and timing of `items`; misses are listed for reading."""
    from gerbang.assistant import answer

    answer("warm up", lang)  # the index and the stemmer load once per cold start
    hit1 = hit3 = answerable = abstained = off_topic = 0
    timings, misses = [], []
    for item in items:
        start = time.perf_counter()
        result, _, _ = answer(item["q"], lang)
        timings.append((time.perf_counter() - start) * 1000)
        urls = [a["url"] for a in result["answers"]]
        if item["expect"] == "none":
            off_topic += 1
            abstained += not result["confident"]
            if result["confident"]:
                misses.append((item["q"], "answered", urls[:1]))
            continue
        answerable += 1
        hit1 += bool(urls) and urls[0] in item["expect"]
        found = any(u in item["expect"] for u in urls[:3])
        hit3 += found
        if not found:
            misses.append((item["q"], "missed", urls))
    timings.sort()
    return {
        "language": lang, "answerable": answerable, "off_topic": off_topic,
        "hit1": hit1 / answerable, "hit3": hit3 / answerable,
        "abstention": abstained / off_topic,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "misses": misses,
    }


def measure(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    return [evaluate(lang, items) for lang, items in questions(path).items()]
