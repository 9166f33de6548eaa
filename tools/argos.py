"""Argos Translate, offline: install a model the operator downloaded, and translate with it.

Argos reads its settings once, when it is first imported, and some defaults reach for the
network (the package index; the sentence splitter downloads a model on first use). So
`configure()` sets every `ARGOS_*` and XDG variable before the import, packages live in the
project's `.argos/` folder, and sentences are split here (`_Sentences`), never by a
downloaded model. Nothing in this module opens a connection.

The English->Indonesian model is `translate-en_id` in the Argos package index; the README
says how to fetch it on a connected machine and install it here with
`make translate LANG=id MODEL=path/to/translate-en_id.argosmodel`.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HOME = ROOT / ".argos"
# The pins live in pyproject.toml's translate extra (torch and argostranslate in one command).
INSTALL_COMMAND = "pip install -e '.[dev,translate]'"


class ModelError(Exception):
    """A model is missing, unreadable or not for the pair asked; the message says what to do."""


def configure(home: Path = DEFAULT_HOME) -> None:
    """Point Argos at `home` and away from the network. Must run before the first import."""
    if "argostranslate" in sys.modules:
        current = os.environ.get("ARGOS_PACKAGES_DIR")
        if current != str(home / "packages"):
            raise RuntimeError("argostranslate was imported before configure(): its settings "
                               "are read once, at import")
        return
    home.mkdir(parents=True, exist_ok=True)
    os.environ.update({
        "ARGOS_PACKAGES_DIR": str(home / "packages"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        # Sentences are split by _Sentences below; MINISBD only keeps Argos off its
        # default path, which would try to fetch a splitter model.
        "ARGOS_CHUNK_TYPE": "MINISBD",
        "ARGOS_DEVICE_TYPE": "cpu",
        # Never used (nothing here lists remote packages), but if something did, it would fail
        # at once instead of hanging on a closed network.
        "ARGOS_PACKAGE_INDEX": (home / "no-remote-index").as_uri() + "/",
    })
    os.environ.setdefault("ARGOS_BEAM_SIZE", "4")


def _argos():
    try:
        import argostranslate.package
        import argostranslate.translate
    except ImportError as error:
        raise ModelError(f"argostranslate is not installed: run `{INSTALL_COMMAND}` (in one "
                         "command: torch alone pulls a multi-GB GPU build)") from error
    return argostranslate


def describe(path: Path) -> dict:
    """The metadata of an .argosmodel file, checked: a zip with one top-level folder holding
    metadata.json, a model/ and a tokenizer."""
    if not path.is_file():
        raise ModelError(f"no model file at {path}")
    try:
        with zipfile.ZipFile(path) as bundle:
            names = bundle.namelist()
            tops = {name.split("/", 1)[0] for name in names}
            if len(tops) != 1:
                raise ModelError(f"{path.name}: an .argosmodel holds one folder, found {tops}")
            top = tops.pop()
            if f"{top}/metadata.json" not in names or not any(
                    n.startswith(f"{top}/model/") for n in names):
                raise ModelError(f"{path.name}: no metadata.json or model/ inside")
            metadata = json.loads(bundle.read(f"{top}/metadata.json"))
    except zipfile.BadZipFile as error:
        raise ModelError(f"{path.name} is not an .argosmodel (not a zip file)") from error
    if not {"from_code", "to_code"} <= set(metadata):
        raise ModelError(f"{path.name}: metadata.json names no language pair")
    return metadata


def install(path: Path) -> tuple[str, str]:
    """Install a downloaded .argosmodel; returns its (from, to) pair."""
    metadata = describe(path)
    _argos().package.install_from_path(path)
    installed.cache_clear()
    return metadata["from_code"], metadata["to_code"]


@cache
def installed() -> list[tuple[str, str]]:
    """The language pairs of the installed packages."""
    return sorted((p.from_code, p.to_code)
                  for p in _argos().package.get_installed_packages())


class _Sentences:
    """Splits a piece of prose at sentence ends, without a model: the pieces that reach it
    are already cut at Markdown structure, so a full stop, ! or ? then a space is enough."""

    END = re.compile(r"(?<=[.!?])\s+(?=\S)")

    def split_sentences(self, text: str) -> list[str]:
        return [s for s in self.END.split(text) if s.strip()]


def _own_sentences(translation) -> None:  # noqa: ANN001 (an Argos ITranslation)
    if hasattr(translation, "sentencizer"):
        translation.sentencizer = _Sentences()
    # A cache wraps the package's translation; a pivot chains two.
    for part in ("underlying", "t1", "t2"):
        if hasattr(translation, part):
            _own_sentences(getattr(translation, part))


def translator(from_code: str, to_code: str) -> Callable[[str], str]:
    """A function that translates one piece of text from `from_code` to `to_code`."""
    if (from_code, to_code) not in installed():
        have = ", ".join(f"{a}->{b}" for a, b in installed()) or "none"
        raise ModelError(
            f"no {from_code}->{to_code} translation model is installed (installed: {have}). "
            f"Download translate-{from_code}_{to_code} on a connected machine (see README, "
            f"'Translations') and install it with MODEL=path/to/file.argosmodel")
    translate = _argos().translate
    languages = {lang.code: lang for lang in translate.get_installed_languages()}
    translation = languages[from_code].get_translation(languages[to_code])
    _own_sentences(translation)

    @cache
    def run(text: str) -> str:
        return translation.translate(text)

    return run
