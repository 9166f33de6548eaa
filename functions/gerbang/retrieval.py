"""Finding the sections of our pages that answer a question, in one language.

Chosen, and why (README "FAQ assistant"):
- BM25 from bm25s (0.3.16), at build time only: scripts/assistant_index.py lets bm25s index
  the sections and writes its precomputed per-word, per-section scores into
  data/assistant.<lang>.json. bm25s scores "eagerly": a query's score for a section is the
  sum of those numbers for the query's words, which is all `Index.score` does here. So the
  function gets BM25 without numpy (~100 ms of cold start) or scipy; a unit test checks that
  our sums equal bm25s's own `get_scores`. A section's heading is a second field, indexed
  and scored by bm25s on its own and added to the body's score (a simplified BM25F): a word
  in a heading says more than the same word in a table cell.
- Indonesian words are stemmed by PySastrawi (a dictionary-based stemmer for meN-, ber-,
  di-, ter-, pe-, -kan, -an, -i, particles and possessives: "memperpanjang" and
  "perpanjangan" both become "panjang", and "berapa", a root word, stays "berapa"); English
  by snowballstemmer's Porter2. Both are pure Python and import in ~20 ms.
- Small typos are forgiven with rapidfuzz (C++, no numpy): a word we do not know is
  replaced by the nearest word of our pages within one edit (two for long words),
  transpositions counting as one.
- Synonyms and everyday variants ("how much" finds fees, "KITAS" meets "izin tinggal") come
  from a small hand-written file, assistant.yaml, compiled into the same index; Indonesian
  as people text it ("brp", "blm", "pake") from the Colloquial Indonesian Lexicon, of which
  the index keeps the entries that can change an answer.

The tokenizer below runs both when the index is built and when a question comes, so the
two always agree.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
# A synonym counts for less than the word the applicant typed.
SYNONYM_WEIGHT = 0.6
# A word of the question found in a section's heading adds this share of the heading
# field's own BM25 score to the section's (a simplified BM25F: two fields scored apart by
# bm25s, their scores added with weights). Set on the evaluation set.
HEADING_WEIGHT = 1.0
_WORD = re.compile(r"[^\W\d_]+")
_EMAIL = re.compile(r"\S+@\S+")


def normalize(text: str) -> str:
    # NFKC folds full-width letters and ligatures; e-mail addresses never carry a topic.
    return _EMAIL.sub(" ", unicodedata.normalize("NFKC", text)).casefold()


def words(text: str) -> list[str]:
    """Letters only: digits (passport numbers, dates, amounts) never reach the index, the
    counts of unanswered questions or a stemmer."""
    return [w for w in _WORD.findall(normalize(text)) if len(w) > 1]


@cache
def _stemmer(lang: str) -> Any:
    """The stemmer of a language, or None: a language added later is matched on whole
    words until someone adds its stemmer here."""
    if lang == "id":
        from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

        return StemmerFactory().create_stemmer()
    if lang == "en":
        import snowballstemmer

        return snowballstemmer.stemmer("english")
    return None


@lru_cache(maxsize=20000)
def stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    if stemmer is None:
        return word
    if lang == "id":
        return stemmer.stem(word) or word
    return stemmer.stemWord(word)


def stems(text: str, lang: str) -> list[str]:
    return [stem(w, lang) for w in words(text)]


@dataclass
class Concept:
    """One thing the question asks about: the applicant's own word(s), and what the
    synonym file says means the same (each alternative is one word or a phrase)."""

    own: tuple[str, ...]
    alternatives: list[tuple[str, ...]] = field(default_factory=list)

    def terms(self) -> set[str]:
        return set(self.own).union(*self.alternatives)


@dataclass
class Hit:
    section: int
    score: float
    coverage: float


class Index:
    """One language's sections and their BM25 scores, as scripts/assistant_index.py wrote
    them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.lang: str = data["language"]
        self.sections: list[dict[str, Any]] = data["sections"]
        self.postings: dict[str, dict[int, float]] = {
            term: dict(pairs) for term, pairs in data["postings"].items()}
        self.heading_postings: dict[str, dict[int, float]] = {
            term: dict(pairs) for term, pairs in data["heading_postings"].items()}
        self.stopwords = frozenset(data["stopwords"])
        self.synonyms: list[list[tuple[str, ...]]] = [
            [tuple(m) for m in group] for group in data["synonyms"]]
        self.known = frozenset(data["known"])
        # Words of our pages (and of the synonym file), most frequent first: the nearest
        # one corrects a typo, and ties go to the commoner word.
        self.surface: dict[str, str] = data["surface"]
        # Everyday written forms read as their standard words ("brp" berapa, "pake"
        # pakai), from a maintained lexicon (scripts/assistant_index.py), before typos.
        self.colloquial: dict[str, str] = data["colloquial"]
        self._choices = list(self.surface)
        count = len(self.sections)
        self.idf = {term: math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5))
                    for term, docs in self.postings.items()}
        self.max_idf = max(self.idf.values(), default=1.0)

    # ------------------------------------------------------------------ the question
    def correct(self, word: str) -> str:
        """`word` itself if we know it (or it is too short to guess), else the nearest
        word of our pages within one edit (two from 8 letters on). Shorter words are
        left alone: "bali" is not a typo of "kali"."""
        root = stem(word, self.lang)
        # An affixed stopword ("mendapat": dapat) is a word we know, not a typo of a rarer
        # one ("mencatat").
        if (len(word) < 5 or word in self.stopwords or root in self.known
                or root in self.stopwords):
            return word
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < 8 else 2
        found = process.extractOne(word, self._choices, scorer=OSA.distance,
                                   score_cutoff=limit)
        return found[0] if found else word

    def concepts(self, question: str) -> list[Concept]:
        """What the question asks about: phrases of the synonym file first (longest first),
        then every remaining word that is not a stopword."""
        typed = [part for w in words(question)
                 for part in self.colloquial.get(w, w).split()]
        terms = [self.surface.get(w) or stem(w, self.lang) for w in map(self.correct, typed)]
        taken = [False] * len(terms)
        found: list[Concept] = []
        phrases = sorted(((m, g) for g in self.synonyms for m in g if len(m) > 1),
                         key=lambda pair: -len(pair[0]))
        for member, group in phrases:
            size = len(member)
            for at in range(len(terms) - size + 1):
                if tuple(terms[at:at + size]) == member and not any(taken[at:at + size]):
                    taken[at:at + size] = [True] * size
                    own = tuple(t for t in member if t not in self.stopwords)
                    found.append(Concept(own, [m for m in group if m != member]))
        for at, term in enumerate(terms):
            if taken[at] or term in self.stopwords:
                continue
            alternatives = [m for g in self.synonyms if (term,) in g for m in g
                            if m != (term,)]
            found.append(Concept((term,), alternatives))
        return found

    # ------------------------------------------------------------------ scoring
    def score(self, terms: tuple[str, ...], field: str = "body") -> dict[int, float]:
        """BM25 of every section for these words in one field (the whole section, or its
        heading): bm25s's precomputed scores, added up."""
        postings = self.postings if field == "body" else self.heading_postings
        total: dict[int, float] = {}
        for term in terms:
            for doc, value in postings.get(term, {}).items():
                total[doc] = total.get(doc, 0.0) + value
        return total

    def _fields_score(self, terms: tuple[str, ...]) -> dict[int, float]:
        total = self.score(terms)
        for doc, value in self.score(terms, "heading").items():
            total[doc] = total.get(doc, 0.0) + HEADING_WEIGHT * value
        return total

    def _concept_scores(self, concept: Concept) -> dict[int, float]:
        # The applicant's own words, or the best synonym at a lower weight.
        best = self._fields_score(concept.own) if concept.own else {}
        for alternative in concept.alternatives:
            for doc, value in self._fields_score(alternative).items():
                if value * SYNONYM_WEIGHT > best.get(doc, 0.0):
                    best[doc] = value * SYNONYM_WEIGHT
        return best

    def _weight(self, concept: Concept) -> float:
        """How much a concept matters when judging whether a section answers the question:
        rare words matter more; a word our pages never use matters as much as the rarest
        one (the question is probably about something we do not cover)."""
        known = [self.idf[t] for t in concept.own if t in self.idf]
        if known:
            return max(known)
        via = [self.idf[t] for m in concept.alternatives for t in m if t in self.idf]
        return sum(via) / len(via) if via else self.max_idf

    def search(self, question: str, limit: int = 3) -> tuple[list[Concept], list[Hit]]:
        concepts = self.concepts(question)
        per_concept = [self._concept_scores(c) for c in concepts]
        weights = [self._weight(c) for c in concepts]
        total: dict[int, float] = {}
        for scores in per_concept:
            for doc, value in scores.items():
                total[doc] = total.get(doc, 0.0) + value
        ranked = sorted(total.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]
        weight_sum = sum(weights) or 1.0
        hits = [Hit(doc, value, sum(w for w, s in zip(weights, per_concept, strict=True)
                                    if doc in s) / weight_sum)
                for doc, value in ranked]
        return concepts, hits

    def extract(self, section: int, concepts: list[Concept], size: int = 240) -> str:
        """The sentence of the section that holds most of the question's words (the first
        one if none does), with the next ones while they fit in `size` characters."""
        sentences = self.sections[section]["sentences"]
        wanted = set().union(*(c.terms() for c in concepts)) if concepts else set()
        best = max(range(len(sentences)),
                   key=lambda i: (len(wanted & set(sentences[i][1].split())), -i))
        text = sentences[best][0]
        for following, _ in sentences[best + 1:]:
            if len(text) + len(following) + 1 > size:
                break
            text += " " + following
        return text if len(text) <= size else text[:size - 1].rsplit(" ", 1)[0] + "…"


def index_path(lang: str) -> Path:
    return DATA / f"assistant.{lang}.json"


@cache
def load_index(lang: str) -> Index:
    return Index(json.loads(index_path(lang).read_text(encoding="utf-8")))
