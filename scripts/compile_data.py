"""Compile the YAML that people edit (the catalog, the messages) into the JSON the functions
load: no YAML parser in a Lambda cold start, and the catalog checked before it ships.
`make` runs this whenever a source is newer; tests/unit/test_compiled_data.py fails when the
committed JSON and the YAML disagree.

    python scripts/compile_data.py          # write functions/gerbang/data/*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "functions" / "gerbang"
sys.path.insert(0, str(ROOT / "functions"))

from gerbang.catalog import CATALOG_PATH, CATALOG_SOURCE, Catalog  # noqa: E402
from gerbang.i18n import MESSAGES_SOURCE  # noqa: E402


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
    for source in sorted(MESSAGES_SOURCE.glob("*.yaml")):
        out[PACKAGE / "data" / f"messages.{source.stem}.json"] = _json(_yaml(source))
    return out


def orphans() -> list[Path]:
    """Compiled messages whose source was removed: the language is gone."""
    wanted = set(compiled())
    return [p for p in (PACKAGE / "data").glob("messages.*.json") if p not in wanted]


def main() -> int:
    for path, text in compiled().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in orphans():
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
