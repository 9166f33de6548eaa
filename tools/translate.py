"""Draft a language from English with a machine-translation model, for a person to review.

    make translate LANG=id                      # draft what is missing or stale in Indonesian
    make translate LANG=ms MODEL=en_ms.argosmodel NAME="Bahasa Melayu"   # a new language

Drafted, never overwritten once reviewed:
- pages: docs/<lang>/<page>.md for every English page that is missing there, or was drafted
  from an older English page (stale). A draft carries `machine_translated: true` and the
  `source_hash` of its English page in front matter; the site shows a banner on it, in the
  reader's language, until a reviewer deletes those two lines. Reviewed pages are skipped.
- messages: functions/gerbang/messages/<lang>.yaml, key by key. A drafted line ends in
  `# machine_translated <hash of the English text>`; a reviewer deletes the marker.
- the catalog: each text of functions/gerbang/catalog.yaml gets a `<lang>:` entry, marked the
  same way; country names come from the ISO 3166 translations (pycountry) when they exist.
- mkdocs.yml: a new language gets its entry in the i18n plugin, with its menu translated.

Markdown structure never reaches the model (tools/markdown_translation.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from scripts.make_countries import iso_names
from tools import argos, translations
from tools.markdown_translation import Translate, translate_markdown, translate_text

SOURCE = translations.SOURCE
Project = translations.Project
MARKER = translations.MARKER
text_hash = translations.text_hash
_CODE = re.compile(r"^[a-z]{2}$")


# --- pages --------------------------------------------------------------------------------

def draft_pages(project: Project, lang: str, translate: Translate) -> dict[str, list[str]]:
    done: dict[str, list[str]] = {"drafted": [], "kept": []}
    for page in translations.pages(project.docs):
        state = translations.state(lang, page, project.docs)
        if state not in ("missing", "stale"):
            done["kept"].append(f"{page} ({state})")
            continue
        source = project.docs / SOURCE / page
        text = translate_markdown(source.read_text(encoding="utf-8"), translate)
        target = project.docs / lang / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_mark_front_matter(text, translations.source_hash(source)),
                          encoding="utf-8")
        done["drafted"].append(f"{page} ({state})")
    return done


def _mark_front_matter(text: str, source_hash: str) -> str:
    marks = f"{MARKER}: true\nsource_hash: {source_hash}\n"
    if text.startswith("---\n"):
        return "---\n" + marks + text[4:]
    return "---\n" + marks + "---\n\n" + text


# --- messages -----------------------------------------------------------------------------

_MESSAGE_LINE = re.compile(r"^([\w.-]+):")


def _yaml_line(key: str, value: str, source: str) -> str:
    return (f"{key}: {json.dumps(value, ensure_ascii=False)}  "
            f"# {MARKER} {text_hash(source)}")


def draft_messages(project: Project, lang: str, translate: Translate, name: str) -> int:
    english = yaml.safe_load((project.messages / f"{SOURCE}.yaml").read_text(encoding="utf-8"))
    path = project.messages / f"{lang}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else [
        f"# Every string the functions show an applicant, in {name}. Drafted from en.yaml by",
        "# `make translate`: a line ending in `# machine_translated <hash>` is a machine draft;",
        "# delete that marker once a person has checked the line.",
        "",
    ]
    where = {m.group(1): i for i, line in enumerate(lines) if (m := _MESSAGE_LINE.match(line))}
    count = 0
    for key, value in english.items():
        if key in where:
            mark = translations.DRAFTED_LINE.match(lines[where[key]])
            if not mark or mark.group(2) == text_hash(value):
                continue  # reviewed, or drafted from this very English text
            lines[where[key]] = _yaml_line(key, translate_text(value, translate), value)
        else:
            lines.append(_yaml_line(key, translate_text(value, translate), value))
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yaml.safe_load(path.read_text(encoding="utf-8"))  # a draft must stay valid YAML
    return count


# --- the catalog --------------------------------------------------------------------------

def draft_catalog(project: Project, lang: str, translate: Translate) -> int:
    """Give every text of the catalog a `<lang>:` line, keeping its layout and comments: a
    missing one is drafted, a draft whose English changed since is drafted again, a line
    without the marker (reviewed) is left alone. A one-line `{en: …, id: …}` text becomes
    a block, so that each language's line can carry its own marker."""
    lines = project.catalog.read_text(encoding="utf-8").splitlines()
    count = 0
    for site in reversed(translations.catalog_texts(lines)):
        state = site.state(lang)
        if state in ("reviewed", "machine-drafted"):
            continue
        english = site.texts[SOURCE]
        draft = (f"{site.indent}{lang}: "
                 f"{json.dumps(translate_text(english, translate), ensure_ascii=False)}"
                 f"  # {MARKER} {text_hash(english)}")
        block = site.block_lines()
        if state == "stale":
            block[site.languages().index(lang) + 1] = draft
        else:
            block.append(draft)
        lines[site.start:site.end] = block
        count += 1
    project.catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yaml.safe_load(project.catalog.read_text(encoding="utf-8"))
    return count


def draft_countries(project: Project, lang: str, translate: Translate) -> str:
    """Country names: the ISO 3166 translations people made (pycountry), else a draft."""
    names = json.loads(project.countries.read_text(encoding="utf-8"))
    if all(lang in entry for entry in names.values()):
        return "kept"
    try:
        iso = iso_names(lang) or {}
    except ImportError:  # pycountry is in the translate extra; without it, drafts
        iso = {}
    for code, entry in names.items():
        if lang not in entry:
            entry[lang] = iso[code] if code in iso else translate(entry[SOURCE])
    project.countries.write_text(json.dumps(names, ensure_ascii=False, indent=0) + "\n",
                                 encoding="utf-8")
    return "ISO 3166 translations" if iso else "machine drafts"


# --- mkdocs.yml ---------------------------------------------------------------------------

class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its texts, ignoring its `!ENV` tags."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _nav_titles(nav: list) -> list[str]:
    titles: list[str] = []
    for item in nav:
        if isinstance(item, dict):
            for title, target in item.items():
                titles.append(title)
                if isinstance(target, list):
                    titles += _nav_titles(target)
    return titles


def add_site_language(project: Project, lang: str, name: str, translate: Translate) -> bool:
    """Give the language its entry in the i18n plugin of mkdocs.yml; False if it has one."""
    text = project.mkdocs.read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 (a SafeLoader subclass)
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    if any(entry["locale"] == lang for entry in plugin["languages"]):
        return False
    entry = [
        f"        - locale: {lang}",
        f"          name: {json.dumps(name, ensure_ascii=False)}",
        "          build: true",
        f"          # {MARKER} {lang}: the texts below are machine drafts; review them",
        "          copyright: " + json.dumps(translate_text(config["copyright"], translate),
                                             ensure_ascii=False),
        "          site_description: " + json.dumps(
            translate_text(config["site_description"], translate), ensure_ascii=False),
        "          nav_translations:",
    ]
    entry += [f"            {json.dumps(title)}: "
              + json.dumps(translate_text(title, translate), ensure_ascii=False)
              for title in dict.fromkeys(_nav_titles(config["nav"]))]
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "languages:")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" " * 8)):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    lines[end:end] = entry
    project.mkdocs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True


# --- the theme's own words ----------------------------------------------------------------

_THEME_STRING = re.compile(r'^(\s*"([\w.]+)": )"(.*)"(,?)$')


def draft_theme_language(project: Project, lang: str, translate: Translate) -> str:
    """Material's few words of its own ("Skip to content", "Back to top", the language menu's
    label): it ships them for ~60 languages; for another, a draft in overrides/."""
    import material

    shipped = Path(material.__file__).parent / "templates" / "partials" / "languages"
    target = project.theme_languages / f"{lang}.html"
    if (shipped / f"{lang}.html").exists() or target.exists():
        return "kept"
    out = ["{#- machine_translated: drafted by `make translate` from Material's en.html; review",
           "    the texts, then delete this line. -#}"]
    english = (shipped / "en.html").read_text(encoding="utf-8")
    english = re.sub(r"\A\{#-.*?-#\}\n", "", english, flags=re.S)  # "generated, do not edit"
    for line in english.splitlines():
        match = _THEME_STRING.match(line)
        if match and match.group(2) == "language":
            line = f'{match.group(1)}"{lang}"{match.group(4)}'
        elif match and match.group(2) != "direction":
            text = translate_text(match.group(3), translate).replace('"', "'")
            line = f'{match.group(1)}"{text}"{match.group(4)}'
        out.append(line)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return "drafted"


# --- the command --------------------------------------------------------------------------

def draft_language(project: Project, lang: str, translate: Translate, name: str) -> dict:
    return {
        "site": "added to mkdocs.yml" if add_site_language(project, lang, name, translate)
        else "already in mkdocs.yml",
        "messages drafted": draft_messages(project, lang, translate, name),
        "catalog texts drafted": draft_catalog(project, lang, translate),
        "country names": draft_countries(project, lang, translate),
        "theme words": draft_theme_language(project, lang, translate),
        **draft_pages(project, lang, translate),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make translate", description=__doc__.split("\n")[0])
    parser.add_argument("lang", help="the language to draft, a two-letter code (id, ms, ...)")
    parser.add_argument("--model", type=Path, help="install this .argosmodel first")
    parser.add_argument("--name", help="the language's own name, for the menu (new languages)")
    args = parser.parse_args(argv)
    if not _CODE.match(args.lang) or args.lang == SOURCE:
        parser.error(f"LANG must be a two-letter code other than {SOURCE}, got {args.lang!r}")
    argos.configure()
    try:
        if args.model:
            pair = argos.install(args.model)
            print(f"installed the {pair[0]}->{pair[1]} model from {args.model}")
        translate = argos.translator(SOURCE, args.lang)
    except argos.ModelError as error:
        print(f"make translate: {error}", file=sys.stderr)
        return 2
    report = draft_language(Project(), args.lang, translate, args.name or args.lang)
    for what, value in report.items():
        if isinstance(value, list):
            print(f"{what}: {len(value)}")
            for page in value if what == "drafted" else ():
                print(f"  {page}")
        else:
            print(f"{what}: {value}")
    print("Next: `make data`, `make site`, then review the drafts (`make translate-status`).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
