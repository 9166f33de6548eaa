"""MkDocs hook: the FAQ assistant's question box at the end of every page, in the page's
language. Closed, it is a <details> summary and a plain GET form (a few hundred bytes, no
request); gerbang.js fetches the widget's script (assets/assistant.js) only when a reader
opens it. Officers' pages do without it."""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT)]

from gerbang.forms import assistant_form  # noqa: E402
from gerbang.i18n import t  # noqa: E402

from site_hooks.catalog import page_language, staff_page  # noqa: E402


def widget(lang: str) -> str:
    return (f'<details class="gb-assistant" data-gb-widget><summary>'
            f'{escape(t(lang, "assistant.open"))}</summary>{assistant_form(lang)}</details>')


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (MkDocs API)
    if staff_page(page.file.src_uri) or "</article>" not in output:
        return output
    at = output.rindex("</article>")
    return output[:at] + widget(page_language(page.file.src_uri)) + output[at:]
