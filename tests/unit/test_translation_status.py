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


CATALOG = '''authority:
  name: {en: Sample Office, id: Kantor Contoh}  # the office
  email: help@x.example
kinds:
  passport:
    hint:
      en: A clear scan, please.
      id: Pindaian yang jelas.
      xx: "A CLEAR SCAN, PLEASE."  # machine_translated {fresh}
    names:
      en: Passport
      xx: "PASPORT"  # machine_translated 00000000
'''


def test_catalog_texts_one_line_or_block_and_their_states(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG.replace("{fresh}", translations.text_hash("A clear scan, please.")))
    texts = translations.catalog_texts(path.read_text().splitlines())
    assert [t.texts for t in texts] == [
        {"en": "Sample Office", "id": "Kantor Contoh"},
        {"en": "A clear scan, please.", "id": "Pindaian yang jelas.",
         "xx": "A CLEAR SCAN, PLEASE."},
        {"en": "Passport", "xx": "PASPORT"}]
    # A one-line text, as a block: its comment stays on the key's line.
    assert texts[0].block_lines() == ["  name:  # the office", "    en: Sample Office",
                                      "    id: Kantor Contoh"]
    assert [t.state("xx") for t in texts] == ["missing", "machine-drafted", "stale"]
    assert [t.state("id") for t in texts] == ["reviewed", "reviewed", "missing"]
    assert translations.catalog_states("xx", path) == {
        "reviewed": 0, "machine-drafted": 1, "stale": 1, "missing": 1}


def test_drafting_the_catalog_fills_missing_and_stale_texts_only(tmp_path):
    import yaml

    from tools.translate import Project, draft_catalog

    (tmp_path / "functions" / "gerbang").mkdir(parents=True)
    project = Project(tmp_path)
    project.catalog.write_text(CATALOG.replace("{fresh}",
                                               translations.text_hash("A clear scan, please.")))
    assert draft_catalog(project, "xx", str.upper) == 2
    data = yaml.safe_load(project.catalog.read_text())
    assert data["authority"] == {"name": {"en": "Sample Office", "id": "Kantor Contoh",
                                          "xx": "SAMPLE OFFICE"},
                                 "email": "help@x.example"}
    assert data["kinds"]["passport"]["names"]["xx"] == "PASSPORT"
    assert data["kinds"]["passport"]["hint"]["xx"] == "A CLEAR SCAN, PLEASE."
    assert "# the office" in project.catalog.read_text()
    assert draft_catalog(project, "xx", str.upper) == 0  # nothing left to draft
