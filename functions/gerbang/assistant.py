"""The FAQ assistant: up to three sections of our own pages that answer a question, in the
question's language, or a plain "I don't know" and the question handed to an officer.

It never writes an answer itself: every answer is a section of a page, its link and a
sentence taken from it. Unanswered questions are counted by day, language and known word,
never kept: see `record_unanswered`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from gerbang.clock import now
from gerbang.i18n import LANGUAGES, site_path, t
from gerbang.retrieval import Concept, Index, load_index

# Confident when the best section scores at least MIN_SCORE (BM25) AND holds words for at
# least MIN_COVERAGE of what the question asks about (rare words weigh more). Set on the
# evaluation set (bench/assistant_questions.yaml): below them off-topic questions start
# getting answers; above them real questions start getting "I don't know".
MIN_SCORE = 0.5
MIN_COVERAGE = 0.6
# The best sections by BM25 among which the first three that pass both are the answers: a
# section that speaks of everything asked beats a slightly higher one that misses a part.
CANDIDATES = 10
# A second or third answer is shown only if it is nearly as good as the first.
RUNNER_UP = 0.6
MAX_KEYWORDS = 5


def consultation_url(question: str, lang: str) -> str:
    """The ask-an-officer form with the question filled in (the page's script reads it)."""
    return f"{site_path(lang, 'ask')}?question={quote(question[:2000])}#question"


def answer(question: str, lang: str) -> tuple[dict[str, Any], list[Concept], Index]:
    index = load_index(lang)
    concepts, hits = index.search(question, limit=CANDIDATES)
    good = [h for h in hits if h.score >= MIN_SCORE and h.coverage >= MIN_COVERAGE]
    confident = bool(good)
    answers = [
        {"page": index.sections[h.section]["page"], "title": index.sections[h.section]["title"],
         "url": index.sections[h.section]["url"], "extract": index.extract(h.section, concepts)}
        for h in good[:3] if h.score >= RUNNER_UP * good[0].score]
    result = {
        "language": lang,
        "question": question,
        "confident": confident,
        "message": t(lang, "assistant.found" if confident else "assistant.unknown"),
        "answers": answers,
        "consultation": {"url": consultation_url(question, lang),
                         "label": t(lang, "assistant.ask_officer")},
    }
    return result, concepts, index


def keywords(concepts: list[Concept], index: Index) -> list[str]:
    """What an unanswered question was about, in words an operator can act on: only known
    words (of our pages, the synonym file and its list of topics), so names, passport
    numbers and addresses are never stored; digits never reach here at all."""
    found = sorted({term for c in concepts for term in c.own if term in index.known})
    return found[:MAX_KEYWORDS]


def ask(question: str, lang: str) -> dict[str, Any]:
    result, concepts, index = answer(question, lang)
    if not result["confident"]:
        record_unanswered(lang, keywords(concepts, index))
    return result


def record_unanswered(lang: str, words: list[str]) -> None:
    from gerbang import store
    from gerbang.observability import metrics

    # A CloudWatch metric for alarms and graphs; the table for the officers' list of words.
    metrics.add_metric(name="AssistantUnanswered", unit="Count", value=1)
    store.count_unanswered(lang, now().date().isoformat(), words)


def unanswered(days: int) -> dict[str, Any]:
    """Per language, unanswered questions over the last `days` days and the known words
    they contained, most frequent first."""
    from gerbang import store

    today = now().date()
    dates = [(today - timedelta(days=i)).isoformat() for i in range(days)]
    report = {}
    for lang in LANGUAGES:
        totals, words = 0, {}
        for date in dates:
            counts = store.unanswered_counts(lang, date)
            totals += counts.pop("", 0)
            for word, count in counts.items():
                words[word] = words.get(word, 0) + count
        report[lang] = {"unanswered": totals, "words": [
            {"word": w, "count": c} for w, c in sorted(words.items(), key=lambda p: (-p[1], p[0]))]}
    return {"days": days, "since": dates[-1], "languages": report}
