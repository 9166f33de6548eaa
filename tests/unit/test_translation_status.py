"""Which pages of each language are reviewed, machine-drafted, stale or missing; the build
refuses a missing page, and a draft shows a banner in the reader's language."""

from __future__ import annotations

import pytest

from tools import translations


@pytest.fixture
def docs(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "id").mkdir()
    for name in ("a.md", "b.md", "c.md", "d.md"):
        (tmp_path / "en" / name).write_text(f"# {name}\n")
    monkeypatch.setattr(translations, "DOCS", tmp_path)
    return tmp_path


def test_each_state(docs):
    fresh = translations.source_hash(docs / "en" / "b.md")
    (docs / "id" / "a.md").write_text("# a\n")  # reviewed: no marker
    (docs / "id" / "b.md").write_text(
        f"---\nmachine_translated: true\nsource_hash: {fresh}\n---\n# b\n")
    (docs / "id" / "c.md").write_text(
        "---\nmachine_translated: true\nsource_hash: 0000000000000000\n---\n# c\n")
    assert translations.report() == {"id": {
        "reviewed": ["a.md"], "machine-drafted": ["b.md"], "stale": ["c.md"],
        "missing": ["d.md"]}}


def test_an_edited_english_page_makes_its_draft_stale(docs):
    (docs / "id" / "a.md").write_text(
        "---\nmachine_translated: true\nsource_hash: "
        f"{translations.source_hash(docs / 'en' / 'a.md')}\n---\n# a\n")
    assert translations.state("id", translations.Path("a.md")) == "machine-drafted"
    (docs / "en" / "a.md").write_text("# a, edited\n")
    assert translations.state("id", translations.Path("a.md")) == "stale"


class _File:
    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri


def test_the_build_refuses_a_missing_page():
    from site_hooks.catalog import on_files

    files = [_File("en/faq.md"), _File("id/faq.md"), _File("en/fees.md")]
    with pytest.raises(ValueError, match="fees.md"):
        on_files(files, {})
    assert on_files(files[:2], {}) == files[:2]


def test_a_draft_says_so_in_the_readers_language_and_links_the_original():
    from site_hooks.catalog import machine_banner

    banner = machine_banner("id", "id/faq/")
    assert "Diterjemahkan oleh mesin" in banner and "(../../faq/)" in banner


def test_message_states_count_reviewed_drafted_stale_and_missing(tmp_path):
    (tmp_path / "en.yaml").write_text('a: "One"\nb: "Two"\nc: "Three"\nd: "Four"\n')
    (tmp_path / "xx.yaml").write_text(
        'a: "Satu"\n'
        f'b: "DUA"  # machine_translated {translations.text_hash("Two")}\n'
        'c: "TIGA"  # machine_translated 00000000\n')
    assert translations.message_states("xx", tmp_path) == {
        "reviewed": 1, "machine-drafted": 1, "stale": 1, "missing": 1}
