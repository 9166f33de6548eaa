"""Translate a Markdown page without letting the model touch what must not change.

A translation model rewrites whatever it is given: it would "translate" a URL, drop a `{ #id }`,
reorder `**`, mangle `<!-- gerbang:form apply -->`. So the page is cut into prose and
structure, and only the prose reaches `translate`:

- front matter: only the values of `title` and `description`; keys and other values stay;
- fenced code blocks, HTML lines, link reference definitions, table separator rows: verbatim;
- headings, list items, quotes, admonitions, table cells: the marker stays, the text is
  translated, and `{ #anchor }` / `{ .class }` attribute lists stay;
- inside any text: inline code, link and image targets, HTML tags and entities, URLs, e-mail
  addresses, `{placeholders}` and emphasis markers are cut out; the prose between them (and a
  link's own text) is translated piece by piece.

Each call of `translate` gets one plain-text piece with no leading or trailing space; the
spaces around it are put back here (Argos drops a leading space).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Translate = Callable[[str], str]

FRONT_MATTER_TEXT_KEYS = ("title", "description")

# Spans that never reach the model, tried in this order at each position.
_LINK = re.compile(r"(!?\[)((?:[^\[\]]|\[[^\]]*\])*)(\]\([^)]*\)|\]\[[^\]]*\])")
_PROTECTED = re.compile("|".join((
    r"`+[^`]*`+",                             # inline code
    r"<!--.*?-->",                            # HTML comments (catalog markers)
    r"</?[A-Za-z][^>]*>",                     # HTML tags
    r"&[#\w]+;",                              # HTML entities
    r"\{ *[#.:][^}]*\}",                      # attribute lists: { #id } { .class }
    r"\{[A-Za-z_][\w.]*\}",                   # message placeholders: {reference}
    r"https?://[^\s)>\]]+",                   # bare URLs
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",          # e-mail addresses
    r"\*\*|__|\*|(?<!\w)_|_(?!\w)",           # emphasis markers
)))
_LETTER = re.compile(r"[^\W\d_]")

_HEADING = re.compile(r"^(#{1,6}[ \t]+)(.*?)([ \t]*\{ *#[^}]*\})?[ \t]*$")
_ADMONITION = re.compile(r'^((?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]+")(.*)("[ \t]*)$')
_BLOCK_PREFIX = re.compile(r"^((?:>[ \t]?)+|[-*+][ \t]+|\d+[.)][ \t]+|:[ \t]+)")
_TABLE_SEPARATOR = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = re.compile(r"^\[[^\]]+\]:[ \t]*\S+")
_ABBREVIATION = re.compile(r"^(\*\[[^\]]+\]:[ \t]*)(.*)$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def translate_text(text: str, translate: Translate) -> str:
    """One line of inline Markdown: protected spans kept, prose pieces translated."""
    out: list[str] = []
    position = 0
    while position < len(text):
        link = _LINK.match(text, position)
        if link:
            out += [link.group(1), translate_text(link.group(2), translate), link.group(3)]
            position = link.end()
            continue
        protected = _PROTECTED.match(text, position)
        if protected and protected.end() > position:
            out.append(protected.group(0))
            position = protected.end()
            continue
        end = _next_stop(text, position)
        out.append(_translate_piece(text[position:end], translate))
        position = end
    return "".join(out)


def _next_stop(text: str, start: int) -> int:
    """Where the prose that starts at `start` ends: at the next link or protected span."""
    stops = [m.start() for m in (_LINK.search(text, start + 1),
                                 _PROTECTED.search(text, start + 1)) if m]
    return min(stops, default=len(text))


def _translate_piece(piece: str, translate: Translate) -> str:
    core = piece.strip()
    if not _LETTER.search(core):
        return piece  # numbers, punctuation, spaces: nothing to translate
    lead = piece[:len(piece) - len(piece.lstrip())]
    trail = piece[len(piece.rstrip()):]
    return lead + translate(core).strip() + trail


def translate_markdown(text: str, translate: Translate) -> str:
    """A whole page: front matter, then block by block (see the module docstring)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    if lines and lines[0] == "---" and "---" in lines[1:]:
        end = lines.index("---", 1)
        out.append("---")
        out += [_front_matter_line(line, translate) for line in lines[1:end]]
        out.append("---")
        index = end + 1
    fence: str | None = None
    for line in lines[index:]:
        opening = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        out.append(_translate_line(line, translate))
    return "\n".join(out)


def _front_matter_line(line: str, translate: Translate) -> str:
    key, colon, value = line.partition(":")
    if not colon or key.strip() not in FRONT_MATTER_TEXT_KEYS or not value.strip():
        return line
    raw = value.strip()
    quoted = raw[:1] in "\"'" and raw[-1:] == raw[:1]
    text = raw[1:-1] if quoted else raw
    translated = _translate_piece(text, translate).replace('"', "'")
    return f'{key}: "{translated}"'


def _translate_line(line: str, translate: Translate) -> str:
    body = line.lstrip(" \t")
    indent = line[:len(line) - len(body)]
    if not body or body.startswith("<") or _REFERENCE.match(body):
        return line
    if _TABLE_SEPARATOR.match(body) and "-" in body:
        return line
    if body.startswith("|"):
        return indent + _table_row(body, translate)
    heading = _HEADING.match(body)
    if heading:
        return (indent + heading.group(1) + translate_text(heading.group(2), translate)
                + (heading.group(3) or ""))
    admonition = _ADMONITION.match(body)
    if admonition:
        return (indent + admonition.group(1) + translate_text(admonition.group(2), translate)
                + admonition.group(3))
    if body.startswith(("!!!", "???")):
        return line  # an admonition without a title: its marker only
    abbreviation = _ABBREVIATION.match(body)
    if abbreviation:
        return indent + abbreviation.group(1) + translate_text(abbreviation.group(2), translate)
    prefix = _BLOCK_PREFIX.match(body)
    if prefix:
        return indent + prefix.group(1) + _translate_line(body[prefix.end():], translate)
    return indent + translate_text(body, translate)


def _table_row(row: str, translate: Translate) -> str:
    cells = re.split(r"(?<!\\)\|", row)
    return "|".join(translate_text(cell, translate) for cell in cells)
