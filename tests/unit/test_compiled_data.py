"""The JSON the functions load is exactly what the YAML people edit compiles to."""

from __future__ import annotations

from scripts.compile_data import compiled


def test_compiled_json_matches_the_yaml_sources():
    stale = [str(path.name) for path, text in compiled().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run `make data` (python scripts/compile_data.py): {stale} are stale"


def test_no_compiled_messages_outlive_their_language():
    from scripts.compile_data import orphans

    assert not orphans(), "run `make data`: these languages have no messages/<lang>.yaml"
