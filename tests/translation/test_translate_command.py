"""`make translate` end to end, on a copy of the project, with a real Argos package built by
the tests (tests/support/tiny_argos.py: a model that upper-cases its input) going through the
real `install_from_path` and `translate()`, in a process whose network is cut off.

The copy then gets a third language, "xx", and the site is built with it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.tiny_argos import build_package
from tests.unit.test_translation_parity import shape

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("docs", "functions/gerbang", "mkdocs.yml", "overrides", "site_hooks", "tools",
          "scripts", "tests/__init__.py", "tests/support")
IGNORED = shutil.ignore_patterns("__pycache__", "site", ".argos")


def run(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{project}{os.pathsep}{project / 'functions'}",
           "NO_MKDOCS_2_WARNING": "1",
           # One beam and one thread: the tiny model is exact either way, and CI is shared.
           "ARGOS_BEAM_SIZE": "1", "ARGOS_INTRA_THREADS": "1"}
    result = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True,
                            timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
    return result


def translate(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(project, sys.executable, "-m", "tests.support.offline", "tools.translate", *args,
               check=check)


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    return build_package(tmp_path_factory.mktemp("model"), "en", "xx", upper=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory, model) -> Path:
    """A copy of the project with a reviewed page, a fresh draft and a stale draft already
    in "xx", then `make translate LANG=xx MODEL=...` run once."""
    root = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source, target = ROOT / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    from tools.translations import source_hash

    docs = root / "docs"
    (docs / "xx").mkdir()
    (docs / "xx" / "privacy.md").write_text(
        (docs / "id" / "privacy.md").read_text(encoding="utf-8"), encoding="utf-8")
    fresh = source_hash(docs / "en" / "faq.md")
    (docs / "xx" / "faq.md").write_text(
        f"---\nmachine_translated: true\nsource_hash: {fresh}\n---\n\n# Kept draft {{ #faq }}\n")
    (docs / "xx" / "fees.md").write_text(
        "---\nmachine_translated: true\nsource_hash: 0000000000000000\n---\n\n# Old\n")
    result = translate(root, "xx", "--model", str(model), "--name", "Tiny")
    root.joinpath("translate.log").write_text(result.stdout + result.stderr)
    return root


def test_the_model_is_installed_from_its_file_and_drafts_what_was_missing(project):
    log = (project / "translate.log").read_text()
    assert "installed the en->xx model" in log
    assert "how-it-works.md (missing)" in log and "fees.md (stale)" in log
    page = (project / "docs/xx/how-it-works.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["machine_translated"] is True
    from tools.translations import source_hash
    assert meta["source_hash"] == source_hash(project / "docs/en/how-it-works.md")
    # The real model ran: exact upper-cased prose, untouched structure.
    assert "# HOW IT WORKS { #how-it-works }" in page
    assert "OPEN THE [APPLICATION FORM](apply.md) AND CHOOSE YOUR SERVICE." in page
    english = (project / "docs/en/how-it-works.md").read_text(encoding="utf-8")
    assert shape(page) == shape(english)


def test_every_drafted_page_keeps_the_english_structure(project):
    for english in (project / "docs/en").rglob("*.md"):
        page = english.relative_to(project / "docs/en")
        drafted = (project / "docs/xx" / page).read_text(encoding="utf-8")
        if page.name not in ("privacy.md", "faq.md"):
            assert shape(drafted) == shape(english.read_text(encoding="utf-8")), page


def test_a_reviewed_page_and_a_fresh_draft_are_never_overwritten(project):
    assert ((project / "docs/xx/privacy.md").read_text(encoding="utf-8")
            == (ROOT / "docs/id/privacy.md").read_text(encoding="utf-8"))
    assert "# Kept draft { #faq }" in (project / "docs/xx/faq.md").read_text(encoding="utf-8")
    assert "# FEES AND PAYMENT { #fees }" in (project / "docs/xx/fees.md").read_text(
        encoding="utf-8")


def test_messages_are_drafted_key_by_key_with_placeholders_intact(project):
    english = yaml.safe_load((ROOT / "functions/gerbang/messages/en.yaml").read_text())
    drafted_text = (project / "functions/gerbang/messages/xx.yaml").read_text(encoding="utf-8")
    drafted = yaml.safe_load(drafted_text)
    assert set(drafted) == set(english)
    placeholder = re.compile(r"\{\w+\}")
    for key, text in english.items():
        assert placeholder.findall(drafted[key]) == placeholder.findall(text), key
    assert drafted["error.file_too_large"] == "THE FILE IS LARGER THAN {max} ALLOWED FOR THIS " \
                                              "DOCUMENT."
    marked = re.findall(r"  # machine_translated [0-9a-f]{8}$", drafted_text, re.M)
    assert len(marked) == len(english)


def test_a_second_run_changes_nothing_and_a_reviewed_message_stays(project):
    messages = project / "functions/gerbang/messages/xx.yaml"
    lines = messages.read_text(encoding="utf-8").splitlines()
    lines = [re.sub(r'^error\.not_found: .*$', 'error.not_found: "Reviewed by a person."', line)
             for line in lines]
    messages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".argos" not in
              p.parts and p.name != "translate.log"}
    result = translate(project, "xx")
    assert "drafted: 0" in result.stdout and "messages drafted: 0" in result.stdout
    after = {p: p.read_bytes() for p in before}
    assert after == before
    assert yaml.safe_load(messages.read_text())["error.not_found"] == "Reviewed by a person."


def test_the_catalog_and_countries_get_the_language(project):
    catalog = yaml.safe_load((project / "functions/gerbang/catalog.yaml").read_text())
    assert catalog["authority"]["name"]["xx"] == "SAMPLE IMMIGRATION OFFICE"
    assert catalog["document_kinds"]["passport"]["hint"]["xx"].startswith("A CLEAR SCAN")
    countries = json.loads((project / "functions/gerbang/data/countries.json").read_text())
    assert countries["IDN"]["xx"] == "INDONESIA"


def test_a_missing_language_pair_is_named_and_nothing_is_written(project):
    result = translate(project, "zz", check=False)
    assert result.returncode == 2
    assert "no en->zz translation model is installed (installed: en->xx)" in result.stderr
    assert not (project / "docs/zz").exists()
    assert not (project / "functions/gerbang/messages/zz.yaml").exists()


def test_a_file_that_is_not_a_model_is_refused_clearly(project, tmp_path):
    bad = tmp_path / "notes.argosmodel"
    bad.write_text("not a zip")
    result = translate(project, "xx", "--model", str(bad), check=False)
    assert result.returncode == 2 and "not an .argosmodel" in result.stderr


def test_the_offline_runner_really_cuts_the_network(project):
    probe = project / "probe.py"
    probe.write_text("import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/')\n")
    result = run(project, sys.executable, "-m", "tests.support.offline", "probe", check=False)
    assert result.returncode != 0 and "NetworkBlocked" in result.stderr


def test_the_site_builds_in_three_languages(project):
    run(project, sys.executable, "scripts/compile_data.py")
    run(project, sys.executable, "scripts/assistant_index.py")
    run(project, sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet")
    page = (project / "site/xx/fees/index.html").read_text(encoding="utf-8")
    assert '<html lang="xx"' in page
    assert "TRANSLATED BY MACHINE" in page  # the banner, in the reader's language
    assert "FEES AND PAYMENT" in page and "VISIT VISA" in page  # catalog table in xx
    assert 'hreflang="xx"' in (project / "site/fees/index.html").read_text(encoding="utf-8")
    apply = (project / "site/xx/apply/index.html").read_text(encoding="utf-8")
    assert "INDONESIA" in apply  # the nationality list has the language's names
    assert "ASK A QUESTION" in page  # the assistant's box, in the language
    status = run(project, sys.executable, "-m", "tools.translations").stdout
    pages = len(list((project / "docs/en").rglob("*.md")))
    assert re.search(rf"^xx: 1 reviewed, {pages - 1} machine-drafted, 0 stale, 0 missing",
                     status, re.M)


def test_the_build_names_a_language_missing_from_mkdocs(project, tmp_path):
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    without = re.sub(r"\n        - locale: xx\n(?:          .*\n|            .*\n)*", "\n", config)
    assert "locale: xx" not in without
    (project / "mkdocs-without-xx.yml").write_text(without, encoding="utf-8")
    result = run(project, sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                 "-f", "mkdocs-without-xx.yml", "-d", str(tmp_path / "site"), check=False)
    assert result.returncode != 0 and "missing in mkdocs.yml ['xx']" in result.stderr


def test_an_edited_english_catalog_text_is_drafted_again_and_a_reviewed_one_kept(project):
    catalog = project / "functions/gerbang/catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace("en: Sample Immigration Office", "en: Example Immigration Office")
    # A person reviewed the passport's name: the marker is gone.
    text = re.sub(r'(xx: "PASSPORT BIO-DATA PAGE")  # machine_translated \w+', r"\1", text)
    catalog.write_text(text, encoding="utf-8")
    status = run(project, sys.executable, "-m", "tools.translations").stdout
    assert re.search(r"^  catalog texts: 1 reviewed, \d+ machine-drafted, 1 stale", status, re.M)
    result = translate(project, "xx")
    assert "catalog texts drafted: 1" in result.stdout
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    assert data["authority"]["name"]["xx"] == "EXAMPLE IMMIGRATION OFFICE"
    assert data["document_kinds"]["passport"]["names"]["xx"] == "PASSPORT BIO-DATA PAGE"


def test_country_names_are_iso_3166s_own_translations(tmp_path: Path) -> None:
    """A language ISO 3166's translators cover takes their names, looked up by the official
    English name ("Bolivia, Plurinational State of"), not the everyday one ("Bolivia"):
    Indonesian drafted from nothing is exactly the committed list, with no model call."""
    from tools.translate import Project, draft_countries

    committed = json.loads((ROOT / "functions/gerbang/data/countries.json").read_text())
    project = Project(tmp_path)
    project.countries.parent.mkdir(parents=True)
    project.countries.write_text(json.dumps(
        {code: {"en": entry["en"]} for code, entry in committed.items()}), encoding="utf-8")

    def no_model(text: str) -> str:
        raise AssertionError(f"the model was asked for {text!r}")

    assert draft_countries(project, "id", no_model) == "ISO 3166 translations"
    drafted = json.loads(project.countries.read_text(encoding="utf-8"))
    assert {c: e["id"] for c, e in drafted.items()} == {c: e["id"] for c, e in committed.items()}
    assert drafted["BOL"]["id"] != "Bolivia"
