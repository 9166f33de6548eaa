"""The FAQ assistant on its evaluation set (assistant_questions.yaml), per language: how
often the right section is first (hit@1) or among the three answers (hit@3), how often an
off-topic question gets "I don't know" (correct abstention), and how long one answer takes
in the function's process once warm (p50, p95). Targets (issue 7): hit@3 >= 90% and
correct abstention >= 90% in every language.

The evaluation set has been tuned on, including the two sets first written as held-out
questions: the second (hit@3 60% in both languages) guided the heading field of the index,
"need"/"perlu" as words, the typo corrector leaving affixed stopwords alone and a few
everyday synonyms (README "FAQ assistant"), so its figures flatter real traffic. The held-out
file is for a blind set written by someone who never saw the assistant; while it is empty its
rows show "-" (nothing to divide by). `python -m bench.assistant` prints both tables and the
misses."""

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
HEADER = ["language", "questions", "hit@1", "hit@3", "off-topic", "correct abstentions",
          "p50 (ms)", "p95 (ms)"]


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
        "hit1": _share(hit1, answerable), "hit3": _share(hit3, answerable),
        "abstention": _share(abstained, off_topic),
        "p50_ms": statistics.median(timings) if timings else None,
        "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        if timings else None,
        "misses": misses,
    }


def _share(count: int, out_of: int) -> float | None:
    """None, not a division by zero, for a set with no such questions (the held-out file
    is empty while a new blind set is being written)."""
    return count / out_of if out_of else None


def row(result: dict[str, Any]) -> tuple:
    """One line of `make bench`'s table; "-" where the set has no such questions."""
    def share(value: float | None) -> str:
        return "-" if value is None else f"{value:.0%}"

    def ms(value: float | None) -> str | float:
        return "-" if value is None else round(value, 2)

    return (result["language"], result["answerable"], share(result["hit1"]),
            share(result["hit3"]), result["off_topic"], share(result["abstention"]),
            ms(result["p50_ms"]), ms(result["p95_ms"]))


def measure(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    return [evaluate(lang, items) for lang, items in questions(path).items()]


# The two sets `make bench` reports, with their titles.
SETS = (("its evaluation set (bench/assistant_questions.yaml)", QUESTIONS),
        ("held-out questions, written blind (bench/assistant_heldout.yaml)", HELD_OUT))


def main() -> int:
    """`python -m bench.assistant`: the two assistant tables of `make bench` alone, with the
    misses of each set listed under them (for working on retrieval)."""
    from bench.__main__ import table

    for title, path in SETS:
        results = measure(path)
        table(f"FAQ assistant on {title}, warm", HEADER, [row(r) for r in results])
        for result in results:
            for miss in result["misses"]:
                print(f"- {result['language']}: {miss[1]}: {miss[0]!r} -> {miss[2]}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
