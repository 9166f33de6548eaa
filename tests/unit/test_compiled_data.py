"""The JSON the functions load is exactly what the YAML people edit compiles to."""

from __future__ import annotations

import pytest

from scripts.compile_data import compiled


def test_compiled_json_matches_the_yaml_sources():
    stale = [str(path.name) for path, text in compiled().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"run `make data` (python scripts/compile_data.py): {stale} are stale"


def test_no_compiled_messages_outlive_their_language():
    from scripts.compile_data import orphans

    gone = orphans(set(compiled()))
    assert not gone, f"run `make data`: {gone} have no messages/<lang>.yaml"


def test_the_build_refuses_a_language_that_lacks_a_message():
    from scripts.compile_data import check_messages

    english = {"error.not_found": "Not found.", "error.file_too_large": "Over {max}."}
    check_messages({"en": english, "id": {"error.not_found": "Tidak ada.",
                                          "error.file_too_large": "Lebih dari {max}."}})
    with pytest.raises(ValueError, match=r"messages/id.yaml lacks \['error.file_too_large'\]"):
        check_messages({"en": english, "id": {"error.not_found": "Tidak ada."}})
    with pytest.raises(ValueError, match="error.file_too_large: placeholders differ"):
        check_messages({"en": english, "id": {"error.not_found": "Tidak ada.",
                                              "error.file_too_large": "Lebih dari {maks}."}})
    with pytest.raises(ValueError, match=r"has \['error.extra'\], which English does not"):
        check_messages({"en": english, "id": {"error.not_found": "Tidak ada.",
                                              "error.file_too_large": "Lebih dari {max}.",
                                              "error.extra": "Lagi."}})
    # A format spec is still the same placeholder.
    check_messages({"en": {"n": "{n:,} files"}, "id": {"n": "{n} berkas"}})
