"""MkDocs hook: drop the indentation Material's templates leave at the start of every line.
It is a tenth of a page's compressed HTML (600 of 6,500 bytes on the FAQ), which is most of
what a repeat visit downloads. Text inside <pre> and <textarea> keeps its spaces."""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n\s+")  # indentation and blank lines
# Markup Material writes for features this site does not load (no search plugin, no
# announcement bar, no generator line): dead bytes on every page.
_UNUSED = re.compile(
    r'<meta name="generator"[^>]*>\n?'
    r'|<input class="md-toggle" data-md-toggle="search"[^>]*>\n?'
    r'|<div data-md-component="announce">\s*</div>\n?')


def minify(html: str) -> str:
    parts = _KEEP.split(_UNUSED.sub("", html))
    # split() with two groups yields: text, whole kept block, its tag name, text, ...
    return "".join(part if i % 3 else _INDENT.sub("\n", part)
                   for i, part in enumerate(parts) if i % 3 != 2)


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001, ARG001 (MkDocs API)
    return minify(output)
