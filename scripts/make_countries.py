"""Regenerate functions/gerbang/data/countries.json from pycountry (ISO 3166-1 with its
translations). Run by hand when ISO 3166 changes: `pip install pycountry` then
`python scripts/make_countries.py`. The functions ship the small JSON, not pycountry.
`make translate` takes a new language's names from here too (`iso_names`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "functions/gerbang/data/countries.json"


def iso_names(lang: str) -> dict[str, str] | None:
    """alpha-3 code -> the country's name in `lang` as ISO 3166's translators wrote it (the
    catalogue is keyed by the official English name), or None without a catalogue."""
    import gettext

    import pycountry

    if lang == "en":
        return {c.alpha_3: getattr(c, "common_name", c.name) for c in pycountry.countries}
    try:
        table = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return None
    return {c.alpha_3: table.gettext(c.name) for c in pycountry.countries}


def main() -> int:
    english, indonesian = iso_names("en"), iso_names("id")
    assert english and indonesian
    countries = {code: {"en": name, "id": indonesian[code]} for code, name in english.items()}
    OUT.write_text(json.dumps(dict(sorted(countries.items())), ensure_ascii=False, indent=0)
                   + "\n")
    print(f"{len(countries)} countries -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
