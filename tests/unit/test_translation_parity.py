"""Every page exists in every language and keeps the English page's structure: the same
headings at the same levels with the same anchors, the same links, code blocks, forms and
catalog markers. A translation changes words, never the shape readers and links rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gerbang.i18n import LANGUAGES

DOCS = Path(__file__).resolve().parents[2] / "docs"
SOURCE = "en"
PAGES = sorted(p.relative_to(DOCS / SOURCE) for p in (DOCS / SOURCE).rglob("*.md"))
TRANSLATIONS = [lang for lang in LANGUAGES if lang != SOURCE]

HEADING = re.compile(r"^(#{1,6}) .*?\{ *#([\w-]+) *\}\s*$", re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~)", re.M)
MARKER = re.compile(r"<!--\s*gerbang:[^>]*-->")
HTML_ID = re.compile(r'\bid="([^"]+)"')


def _body(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter is per language


# A link into the API names the page's own language (`?lang=id`): that part may differ.
LANG_QUERY = re.compile(r"([?&]lang=)[a-z]{2}\b")


def shape(text: str) -> dict[str, list]:
    body = _body(text)
    return {
        "headings": HEADING.findall(body),
        "links": sorted(LANG_QUERY.sub(r"\1", link) for link in LINK.findall(body)
                        if not link.startswith("mailto:")),
        "code blocks": [len(FENCE.findall(body))],
        "markers": MARKER.findall(body),
        "html ids": sorted(HTML_ID.findall(body)),
    }


def test_there_are_pages_to_compare():
    assert len(PAGES) >= 20


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_page_exists_in_every_language(lang):
    missing = [str(p) for p in PAGES if not (DOCS / lang / p).is_file()]
    extra = sorted(str(p.relative_to(DOCS / lang)) for p in (DOCS / lang).rglob("*.md")
                   if p.relative_to(DOCS / lang) not in PAGES)
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has pages English does not: {extra}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_translation_keeps_the_structure(lang, page):
    english = shape((DOCS / SOURCE / page).read_text(encoding="utf-8"))
    translated = shape((DOCS / lang / page).read_text(encoding="utf-8"))
    for part, expected in english.items():
        assert translated[part] == expected, f"{lang}/{page}: {part} differ"


def test_every_heading_has_an_explicit_anchor():
    # Anchors derived from words would change with each translation and break links.
    for page in PAGES:
        body = _body((DOCS / SOURCE / page).read_text(encoding="utf-8"))
        bare = [h for h in re.findall(r"^#{1,6} .*$", body, re.M) if "{ #" not in h
                and "{#" not in h]
        assert not bare, f"{page}: headings without an anchor: {bare}"
