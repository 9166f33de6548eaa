"""Where each language's pages stand against the English source:

    reviewed         a person wrote or checked it (no machine_translated marker)
    machine-drafted  drafted by a machine from the current English (machine_translated: true
                     and source_hash equal to the English page's hash)
    stale            drafted from an older English page (the hash differs): draft again
    missing          no page yet

`make translate-status` prints the table; the drafting command (`make translate`, which
needs argostranslate) writes `machine_translated: true` and `source_hash` into each draft's
front matter and never touches a reviewed page.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "en"


class Project:
    """The files a language lives in; tests point it at a copy of the project."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.docs = root / "docs"
        self.messages = root / "functions" / "gerbang" / "messages"
        self.catalog = root / "functions" / "gerbang" / "catalog.yaml"
        self.countries = root / "functions" / "gerbang" / "data" / "countries.json"
        self.mkdocs = root / "mkdocs.yml"
        self.theme_languages = root / "overrides" / "partials" / "languages"


DOCS = Project().docs


MESSAGES = Project().messages
CATALOG = Project().catalog
MARKER = "machine_translated"
# A drafted message line ends in this, with the hash of the English text it came from.
DRAFTED_LINE = re.compile(rf"^([\w.-]+):.*#\s*{MARKER}\s+([0-9a-f]+)\s*$")


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


_FLOW_TEXT = re.compile(r"\{en:[^{}]*\}")
_FLOW_ENTRY = re.compile(r'([a-z]{2}):\s*("(?:[^"\\]|\\.)*"|[^,}]+?)\s*(?=,|\}$)')
_BLOCK_KEY = re.compile(r"^(\s*)([\w-]+):\s*(#.*)?$")


class CatalogText:
    """One text of catalog.yaml in every language it has: either one line
    (`name: {en: …, id: …}`) or a block (`hint:` then one `<lang>: …` line each)."""

    def __init__(self, start: int, end: int, key_line: str, indent: str,
                 entries: dict[str, str]) -> None:
        self.start, self.end = start, end  # the lines it occupies: [start, end)
        self.key_line, self.indent = key_line, indent
        self.entries = entries  # language -> its whole line, as a block line
        self.texts = {lang: yaml.safe_load(line.strip())[lang] for lang, line in
                      entries.items()}

    def languages(self) -> list[str]:
        return list(self.entries)

    def block_lines(self) -> list[str]:
        return [self.key_line, *self.entries.values()]

    def state(self, lang: str) -> str:
        if lang not in self.entries:
            return "missing"
        mark = re.search(rf"#\s*{MARKER}\s+([0-9a-f]+)\s*$", self.entries[lang])
        if not mark:
            return "reviewed"
        return "machine-drafted" if mark.group(1) == text_hash(self.texts[SOURCE]) else "stale"


def catalog_texts(lines: list[str]) -> list[CatalogText]:
    """Every translated text of the catalog's lines, in order."""
    found = []
    for at, line in enumerate(lines):
        flow = _FLOW_TEXT.search(line)
        if flow:
            key_indent = line[:len(line) - len(line.lstrip())]
            indent = key_indent + "  "
            entries = {m.group(1): f"{indent}{m.group(1)}: {m.group(2)}"
                       for m in _FLOW_ENTRY.finditer(flow.group(0))}
            key_line = (line[:flow.start()].rstrip() + line[flow.end():]).rstrip()
            found.append(CatalogText(at, at + 1, key_line, indent, entries))
            continue
        key = _BLOCK_KEY.match(line)
        first = lines[at + 1] if at + 1 < len(lines) else ""
        if not key or not re.match(r"^\s+en:\s", first):
            continue
        indent = first[:len(first) - len(first.lstrip())]
        end = at + 1
        entries = {}
        while end < len(lines) and re.match(rf"^{indent}([a-z]{{2}}):\s", lines[end]):
            entries[lines[end][len(indent):len(indent) + 2]] = lines[end]
            end += 1
        found.append(CatalogText(at, end, line, indent, entries))
    return found


def catalog_states(lang: str, catalog: Path = CATALOG) -> dict[str, int]:
    counts = dict.fromkeys(("reviewed", "machine-drafted", "stale", "missing"), 0)
    for text in catalog_texts(catalog.read_text(encoding="utf-8").splitlines()):
        counts[text.state(lang)] += 1
    return counts


def message_states(lang: str, messages: Path = MESSAGES) -> dict[str, int]:
    """How many of a language's messages are reviewed, machine-drafted, stale or missing."""
    english = yaml.safe_load((messages / f"{SOURCE}.yaml").read_text(encoding="utf-8"))
    path = messages / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    own = yaml.safe_load(text) or {}
    drafted = {m.group(1): m.group(2) for line in text.splitlines()
               if (m := DRAFTED_LINE.match(line))}
    counts = dict.fromkeys(("reviewed", "machine-drafted", "stale", "missing"), 0)
    for key, value in english.items():
        if key not in own:
            counts["missing"] += 1
        elif key not in drafted:
            counts["reviewed"] += 1
        else:
            counts["machine-drafted" if drafted[key] == text_hash(value) else "stale"] += 1
    return counts


def front_matter(path: Path) -> dict:
    """A page's front matter, as MkDocs reads it (the `page.meta` the site's hooks see)."""
    from mkdocs.utils.meta import get_data

    return get_data(path.read_text(encoding="utf-8"))[1]


def state(lang: str, page: Path, docs: Path | None = None) -> str:
    docs = docs or DOCS
    target = docs / lang / page
    if not target.is_file():
        return "missing"
    meta = front_matter(target)
    if not meta.get("machine_translated"):
        return "reviewed"
    if meta.get("source_hash") != source_hash(docs / SOURCE / page):
        return "stale"
    return "machine-drafted"


def pages(docs: Path | None = None) -> list[Path]:
    source = (docs or DOCS) / SOURCE
    return sorted(p.relative_to(source) for p in source.rglob("*.md"))


def languages() -> list[str]:
    """Every language the site is built in, even one with no page yet."""
    from gerbang.i18n import LANGUAGES

    return [lang for lang in LANGUAGES if lang != SOURCE]


def report() -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for lang in languages():
        groups: dict[str, list[str]] = {k: [] for k in
                                        ("reviewed", "machine-drafted", "stale", "missing")}
        for page in pages():
            groups[state(lang, page)].append(str(page))
        out[lang] = groups
    return out


def main() -> int:
    for lang, groups in report().items():
        counts = ", ".join(f"{len(v)} {k}" for k, v in groups.items())
        print(f"{lang}: {counts}")
        messages = ", ".join(f"{n} {k}" for k, n in message_states(lang).items())
        print(f"  messages: {messages}")
        texts = ", ".join(f"{n} {k}" for k, n in catalog_states(lang).items())
        print(f"  catalog texts: {texts}")
        for kind in ("stale", "missing", "machine-drafted"):
            for page in groups[kind]:
                print(f"  {kind:16} {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
