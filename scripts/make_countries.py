"""Regenerate functions/gerbang/data/countries.json from pycountry (ISO 3166-1 with its
translations). Run by hand when ISO 3166 changes: `pip install pycountry` then
`python scripts/make_countries.py`. The functions ship the small JSON, not pycountry."""

import gettext
import json
from pathlib import Path

import pycountry

out = Path(__file__).resolve().parents[1] / "functions/gerbang/data/countries.json"
indonesian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])
countries = {
    c.alpha_3: {"en": getattr(c, "common_name", c.name), "id": indonesian.gettext(c.name)}
    for c in pycountry.countries
}
out.write_text(json.dumps(dict(sorted(countries.items())), ensure_ascii=False, indent=0) + "\n")
print(f"{len(countries)} countries -> {out}")
