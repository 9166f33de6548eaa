"""Build the FAQ assistant's index, one file per language, from the site's Markdown pages:
the sections (heading, anchor, text) as MkDocs renders them, their BM25 scores computed by
bm25s, and the synonyms of functions/gerbang/assistant.yaml. The function ships the result
(functions/gerbang/data/assistant.<lang>.json); `make data` (and so `make site`) rebuilds
it, and tests/unit/test_assistant_index.py fails when the committed files are stale.

    python scripts/assistant_index.py      # write functions/gerbang/data/assistant.*.json
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions"))
sys.path.insert(0, str(ROOT))

from gerbang.i18n import LANGUAGES, site_path  # noqa: E402
from gerbang.retrieval import index_path, stem, stems, words  # noqa: E402

from site_hooks.catalog import MARKER, page_text, render_marker  # noqa: E402

DOCS = ROOT / "docs"
SOURCE = ROOT / "functions" / "gerbang" / "assistant.yaml"
# Pages that answer no applicant's question: staff and operator pages, the search page and
# the pages shown only after a form (their text makes sense only then).
LEFT_OUT = re.compile(r"^(officer|operators)/|^(search|confirmation|upload-received|"
                      r"payment-complete)\.md$")
HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[^\s])")
# BM25's usual parameters (Lucene's defaults): sections are short and even in length.
K1, B = 1.2, 0.75


def _markdown():
    """A Markdown renderer with exactly the site's extensions, so headings get the ids
    MkDocs gives them."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"])


def _body(path: Path) -> str:
    """The page without its front matter, as MkDocs reads it."""
    from mkdocs.utils.meta import get_data

    return get_data(path.read_text(encoding="utf-8"))[0]


def sections(lang: str, renderer) -> list[dict]:  # noqa: ANN001
    """Every section with text of every page of `lang`, in page order."""
    found = []
    folder = DOCS / lang
    for path in sorted(folder.rglob("*.md")):
        name = path.relative_to(folder).as_posix()
        if LEFT_OUT.search(name):
            continue
        source = MARKER.sub(lambda m: render_marker(m.group(1), m.group(2), lang, 0),
                            _body(path))
        html = renderer.reset().convert(source)
        page_url = site_path(lang, "" if name == "index.md" else name.removesuffix(".md"))
        marks = list(HEADING.finditer(html))
        page_title, parent = "", ""
        for i, mark in enumerate(marks):
            level, anchor, title = int(mark.group(1)), mark.group(2), page_text(mark.group(3))
            end = marks[i + 1].start() if i + 1 < len(marks) else len(html)
            text = page_text(html[mark.end():end])
            if level == 1:
                page_title = title
            elif level == 2:
                parent = title
            if not text:
                continue
            found.append({"page": page_title, "title": title, "url": f"{page_url}#{anchor}",
                          "context": parent if level == 3 else "", "text": text})
    return found


def _sentences(text: str, lang: str) -> list[list[str]]:
    return [[s, " ".join(sorted(set(stems(s, lang))))] for s in SENTENCE_END.split(text)
            if s.strip()]


def _maintained_stopwords(lang: str) -> set[str]:
    """A maintained stopword list where one fits: Sastrawi's for Indonesian (its ~800 words
    include the particles and function words people type: "lewat", "ingin", "sendiri")."""
    if lang == "id":
        from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

        return set(StopWordRemoverFactory().get_stop_words())
    return set()


def stopwords(lang: str, vocabulary: dict, found: list[dict]) -> set[str]:
    """Our own list, plus the maintained one without what we treat as content: a word of
    the synonym file or the topics, a word of a heading, or a word that stems to one of
    those (Sastrawi's list has "lama", "kapan", "bekerja": questions about us need them)."""
    content = {w for group in vocabulary["synonyms"] for member in group
               for w in words(member)} | set(vocabulary["topics"])
    content |= {w for s in found for w in words(" ".join([s["page"], s["title"]]))}
    content_stems = {stem(w, lang) for w in content}
    listed = set(vocabulary["stopwords"]) | {
        w for w in _maintained_stopwords(lang)
        if w not in content and stem(w, lang) not in content_stems}
    return {stem(w, lang) for w in listed} | listed


# What each field of a section holds. "body" is everything (the titles twice: a heading says
# what a section is about); "heading" is the section's own heading (and its parent's, for a
# subsection) alone, scored again so that a word in a heading outweighs the same word in a
# table cell: "Fee, time and documents" tables mention photos, backgrounds and sponsors in
# passing, and used to outrank "Photo rules" for a question about the photo's background.
FIELDS = {
    "body": lambda s: [s["page"], s["title"], s["title"], s["context"], s["text"]],
    "heading": lambda s: [s["title"], s["context"]],
}


def bm25(lang: str, stop: set[str], found: list[dict], field: str = "body"):  # noqa: ANN201
    """bm25s's index of one field of the sections `found`."""
    import bm25s

    corpus = [[t for t in stems(" ".join(FIELDS[field](s)), lang) if t not in stop]
              for s in found]
    retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
    retriever.index(corpus, show_progress=False)
    return retriever


def _postings(retriever) -> dict[str, list[list]]:  # noqa: ANN001
    """bm25s's precomputed score of every word in every section that has it."""
    scores, vocab = retriever.scores, retriever.vocab_dict
    postings = {}
    for term, at in sorted(vocab.items()):
        if not term:
            continue  # bm25s's own empty token
        start, end = scores["indptr"][at], scores["indptr"][at + 1]
        postings[term] = [[int(d), round(float(v), 4)] for d, v in
                          zip(scores["indices"][start:end], scores["data"][start:end],
                              strict=True)]
    return postings


def _colloquial_lexicon(lang: str) -> dict[str, str]:
    """A maintained lexicon of everyday written forms, where one fits: for Indonesian, the
    Colloquial Indonesian Lexicon (Salsabila et al., "Kamus Alay", ~4,300 entries: "brp"
    berapa, "gmn" bagaimana, "pake" pakai, "ilang" hilang, "temen" teman), as indoNLP ships
    it. Build time only: the function gets the few entries that matter to our pages."""
    if lang == "id":
        from indoNLP.preprocessing.slang_data import SLANG_DATA

        return SLANG_DATA
    return {}


def colloquial(lang: str, surface: dict[str, str], known: set[str],
               stop: set[str]) -> dict[str, str]:
    """The lexicon's entries whose written form is not a word of our pages, and whose
    standard form is made of words the index knows or ignores: what a question typed as
    people text can be read as. The rest could never change an answer."""
    useful = {}
    for informal, standard in _colloquial_lexicon(lang).items():
        parts = words(standard)
        if (informal in surface or not parts or words(informal) != [informal]
                or informal == standard):
            continue
        # A standard form that is a stopword matters too: "brp" (berapa) or "blm" (belum)
        # left as typed would count as a word our pages never use, and sink the answer.
        if all(stem(w, lang) in known or w in stop or stem(w, lang) in stop for w in parts):
            useful[informal] = " ".join(parts)
    return dict(sorted(useful.items()))


def build(lang: str, vocabulary: dict, renderer) -> dict:  # noqa: ANN001
    found = sections(lang, renderer)
    stop = stopwords(lang, vocabulary, found)
    postings = _postings(bm25(lang, stop, found))
    synonyms = []
    for group in vocabulary["synonyms"]:
        members = []
        for member in group:
            terms = stems(member, lang)
            if terms and terms not in members:
                members.append(terms)
        synonyms.append(members)
    counts = Counter(w for s in found for w in words(" ".join([s["title"], s["text"]])))
    counts.update(w for group in vocabulary["synonyms"] for m in group for w in words(m))
    surface = {w: stem(w, lang) for w, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))
               if w not in stop and len(w) > 2}
    known = set(postings) | {t for g in synonyms for m in g for t in m} | {
        stem(w, lang) for w in vocabulary["topics"]}
    return {
        "language": lang,
        "sections": [{"page": s["page"], "title": s["title"], "url": s["url"],
                      "sentences": _sentences(s["text"], lang)} for s in found],
        "postings": postings,
        "heading_postings": _postings(bm25(lang, stop, found, "heading")),
        "stopwords": sorted(stop),
        "synonyms": synonyms,
        "known": sorted(known - stop),
        "surface": surface,
        "colloquial": colloquial(lang, surface, known - stop, stop),
    }


def vocabularies() -> dict:
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def compiled() -> dict[Path, str]:
    """Every index file and the text it must hold."""
    vocabulary = vocabularies()
    renderer = _markdown()
    # A language added by `make translate` has no synonyms or stopwords until someone writes
    # them in assistant.yaml: its index still works, on the pages' own words.
    empty = {"synonyms": [], "stopwords": [], "topics": []}
    return {index_path(lang): json.dumps(build(lang, vocabulary.get(lang) or empty, renderer),
                                         ensure_ascii=False, separators=(",", ":")) + "\n"
            for lang in LANGUAGES}


def main() -> int:
    for path, text in compiled().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
