"""Compile the YAML that people edit (the catalog, the messages) into the JSON the functions
load: no YAML parser in a Lambda cold start, and the catalog checked before it ships.
`make` runs this whenever a source is newer; tests/unit/test_compiled_data.py fails when the
committed JSON and the YAML disagree.

    python scripts/compile_data.py          # write functions/gerbang/data/*.json
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "functions" / "gerbang"
sys.path.insert(0, str(ROOT / "functions"))

from gerbang.catalog import CATALOG_PATH, CATALOG_SOURCE, Catalog  # noqa: E402
from gerbang.i18n import DEFAULT_LANGUAGE, MESSAGES_SOURCE  # noqa: E402


def _yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compiled() -> dict[Path, str]:
    """Every generated file and the text it must hold."""
    catalog = _yaml(CATALOG_SOURCE)
    Catalog.from_dict(catalog)  # refuse to ship a broken catalog
    out = {CATALOG_PATH: _json(catalog)}
    # One compiled file per messages/<lang>.yaml: the languages are the files that exist.
    tables = {source.stem: _yaml(source) for source in sorted(MESSAGES_SOURCE.glob("*.yaml"))}
    check_messages(tables)
    for lang, table in tables.items():
        out[PACKAGE / "data" / f"messages.{lang}.json"] = _json(table)
    return out


def placeholders(text: str) -> set[str]:
    """The {names} a message is formatted with, as str.format reads them ("{n:,}" is n)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_messages(tables: dict[str, dict[str, str]]) -> None:
    """Refuse to build when a language lacks a message English has (or has one English
    lacks), or a message's {placeholders} differ: an applicant would meet English, or a
    broken sentence."""
    english = tables[DEFAULT_LANGUAGE]
    problems = []
    for lang, table in tables.items():
        table = table or {}
        missing, extra = sorted(set(english) - set(table)), sorted(set(table) - set(english))
        if missing:
            problems.append(f"messages/{lang}.yaml lacks {missing} (make translate LANG={lang})")
        if extra:
            problems.append(f"messages/{lang}.yaml has {extra}, which English does not")
        for key in sorted(set(english) & set(table)):
            if placeholders(table[key]) != placeholders(english[key]):
                problems.append(f"messages/{lang}.yaml {key}: placeholders differ from English")
    if problems:
        raise ValueError("; ".join(problems))


def orphans(wanted: set[Path]) -> list[Path]:
    """Compiled messages whose source was removed: the language is gone."""
    return [p for p in (PACKAGE / "data").glob("messages.*.json") if p not in wanted]


def main() -> int:
    files = compiled()
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in orphans(set(files)):
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
