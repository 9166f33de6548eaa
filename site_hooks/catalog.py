"""MkDocs hook: fill the pages' markers from the service catalog and the shared forms, in
the page's language, so a fee or a document rule is written once (catalog.yaml).

    <!-- gerbang:fees -->            fee and processing-time table of every service
    <!-- gerbang:service ID -->      facts box of one service
    <!-- gerbang:documents -->       document kinds with their file rules
    <!-- gerbang:payment-methods --> ways to pay, surcharge, time to pay
    <!-- gerbang:receipt -->         the receipt, filled in by the script after paying
    <!-- gerbang:form NAME -->       apply, status, upload, pay, confirmation
"""

from __future__ import annotations

import re
import sys
from html import escape, unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functions"))

from gerbang.catalog import Service, load_catalog  # noqa: E402
from gerbang.forms import FORMS, render_form  # noqa: E402
from gerbang.i18n import LANGUAGES, format_money, t  # noqa: E402
from gerbang.verification import human_size  # noqa: E402
from gerbang.views import processing_time  # noqa: E402

MARKER = re.compile(r"<!--\s*gerbang:([\w-]+)(?:\s+([\w-]+))?\s*-->")
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def page_language(src_uri: str) -> str:
    first = src_uri.split("/", 1)[0]
    return first if first in LANGUAGES else "en"


def staff_page(src_uri: str) -> bool:
    """The officers' pages: no applicant reads them, searches them or asks about them."""
    return "officer/" in src_uri


def _fee(service: Service, lang: str) -> str:
    return format_money(service.fee.amount, service.fee.currency, lang)


def fees_table(lang: str, depth: int) -> str:
    up = "../" * depth
    rows = "".join(
        f'<tr><td><a href="{up}services/{s.id}/">{escape(s.names(lang))}</a></td>'
        f"<td>{escape(_fee(s, lang))}</td><td>{escape(processing_time(s, lang))}</td></tr>"
        for s in load_catalog().services)
    return (f'<table class="gb-table"><thead><tr><th>{t(lang, "table.service")}</th>'
            f'<th>{t(lang, "table.fee")}</th><th>{t(lang, "table.processing")}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _service(service_id: str) -> Service:
    service = load_catalog().service(service_id)
    if service is None:
        raise ValueError(f"a gerbang marker names unknown service {service_id!r}")
    return service


def service_box(service_id: str, lang: str, depth: int) -> str:
    catalog = load_catalog()
    service = _service(service_id)
    docs = "".join(f"<li>{escape(d.names(lang))}: {escape(d.hint(lang))}</li>"
                   for d in catalog.required_documents(service))
    up = "../" * depth
    return (
        f'<div class="gb-facts"><dl><dt>{t(lang, "table.fee")}</dt>'
        f"<dd>{escape(_fee(service, lang))}</dd><dt>{t(lang, 'table.processing')}</dt>"
        f"<dd>{escape(processing_time(service, lang))}</dd>"
        f'<dt>{t(lang, "table.documents_needed")}</dt><dd><ul>{docs}</ul></dd></dl>'
        f'<p><a class="md-button md-button--primary" href="{up}apply/?service={service.id}">'
        f'{t(lang, "table.apply")}</a></p></div>')


def documents_table(lang: str) -> str:
    rows = "".join(
        f"<tr><td>{escape(d.names(lang))}</td>"
        f"<td>{', '.join(TYPE_NAMES.get(a, a) for a in d.accepted)}</td>"
        f"<td>{human_size(d.max_bytes)}</td><td>{d.min_width} × {d.min_height}</td></tr>"
        for d in load_catalog().document_kinds.values())
    return (f'<table class="gb-table"><thead><tr><th>{t(lang, "table.document")}</th>'
            f'<th>{t(lang, "table.types")}</th><th>{t(lang, "table.max_size")}</th>'
            f'<th>{t(lang, "table.min_pixels")}</th></tr></thead><tbody>{rows}</tbody></table>')


def payment_methods_table(lang: str) -> str:
    payments = load_catalog().payments
    def surcharge(percent: float) -> str:
        return t(lang, "table.no_surcharge") if not percent else f"{percent:g}%"

    rows = "".join(
        f"<tr><td>{escape(t(lang, f'method.{m.method}'))}</td>"
        f"<td>{escape(surcharge(m.surcharge_percent))}</td>"
        f"<td>{escape(t(lang, 'table.hours', hours=payments.window_hours))}</td></tr>"
        for m in payments.methods.values())
    return (f'<table class="gb-table"><thead><tr><th>{t(lang, "table.method")}</th>'
            f'<th>{t(lang, "table.surcharge")}</th><th>{t(lang, "table.time_to_pay")}</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


def receipt_panel(lang: str) -> str:
    # Filled by the script from the status of the application kept in this tab.
    labels = {k: t(lang, f"page.receipt.{k}") for k in ("amount", "method", "paid_at",
                                                         "payment_id")}
    cells = "".join(f'<tr><th>{escape(v)}</th><td data-slot="{k}"></td></tr>'
                    for k, v in labels.items())
    return (f'<div class="gb-receipt" data-gb-receipt hidden><h2>'
            f'{escape(t(lang, "page.receipt.title"))}</h2><table><tr><th>'
            f'{escape(t(lang, "page.reference"))}</th><td data-slot="reference"></td></tr>'
            f"{cells}</table></div>")


def search_box(lang: str) -> str:
    # Without the script the words stay in the box and a note says what works instead.
    return (f'<form class="gb-form gb-search" role="search" method="get" data-gb-search>'
            f'<div class="gb-field"><label for="gb-q">{escape(t(lang, "search.label"))}</label>'
            f'<input id="gb-q" name="q" type="search" required maxlength="100" '
            'autocomplete="off"></div>'
            f'<button type="submit">{escape(t(lang, "search.button"))}</button>'
            f'<p class="gb-nojs-only">{escape(t(lang, "search.nojs"))}</p>'
            f'<div class="gb-result" data-none="{escape(t(lang, "search.none"))}" '
            f'aria-live="polite" hidden></div></form>')


def confirmation_panel(lang: str) -> str:
    # Filled by the script from what the apply form kept in this tab (sessionStorage).
    return (f'<div class="gb-confirmation" data-gb-confirmation hidden>'
            f'<p>{escape(t(lang, "confirmation.intro"))}</p>'
            f'<p>{escape(t(lang, "page.reference"))}:<br><strong class="gb-code" '
            f'data-slot="reference"></strong></p><p>{escape(t(lang, "page.access_code"))}:<br>'
            f'<strong class="gb-code" data-slot="access_code"></strong></p></div>'
            f'<p class="gb-confirmation-missing" data-gb-confirmation-missing>'
            f'{escape(t(lang, "confirmation.missing"))}</p>')


def render_marker(kind: str, arg: str | None, lang: str, depth: int) -> str:
    if kind == "fees":
        return fees_table(lang, depth)
    if kind == "service" and arg:
        return service_box(arg, lang, depth)
    if kind == "fee" and arg:  # inline, in a sentence: the amount the catalog says
        return escape(_fee(_service(arg), lang))
    if kind == "documents":
        return documents_table(lang)
    if kind == "payment-methods":
        return payment_methods_table(lang)
    if kind == "receipt":
        return receipt_panel(lang)
    if kind == "form" and arg == "confirmation":
        return confirmation_panel(lang)
    if kind == "form" and arg == "search":
        return search_box(lang)
    if kind == "form" and arg in FORMS:
        return render_form(arg, lang)
    raise ValueError(f"unknown marker gerbang:{kind} {arg or ''}")


def check_site_languages(config) -> None:  # noqa: ANN001 (MkDocs config)
    """The site is built in exactly the languages that have messages: a language with pages
    but no messages (or the reverse) would show applicants English errors and emails."""
    plugin = (config.get("plugins") or {}).get("i18n") if hasattr(config, "get") else None
    if plugin is None:
        return
    site = {entry.locale for entry in plugin.config.languages}
    if site != set(LANGUAGES):
        raise ValueError(
            f"mkdocs.yml builds {sorted(site)} but messages exist for {sorted(LANGUAGES)}: "
            f"missing in mkdocs.yml {sorted(set(LANGUAGES) - site)}, without messages "
            f"{sorted(site - set(LANGUAGES))} (make translate LANG=xx drafts both)")


def on_files(files, config):  # noqa: ANN001, ANN201 (MkDocs API)
    """Every English page must exist in every language: a missing one fails the build
    (`make translate LANG=xx` drafts it; a person reviews it)."""
    check_site_languages(config)
    names = {f.src_uri for f in files if f.src_uri.endswith(".md")}
    english = {n.split("/", 1)[1] for n in names if n.startswith("en/")}
    for lang in LANGUAGES:
        missing = sorted(p for p in english if f"{lang}/{p}" not in names)
        if missing:
            raise ValueError(f"pages missing in {lang}: {missing}")
    return files


def machine_banner(lang: str, page_url: str) -> str:
    """Shown on a draft until a person reviews it, with a link to the English original."""
    english = page_url.split("/", 1)[1] if lang != "en" else page_url
    up = "../" * page_url.count("/")
    return (f'!!! warning "{t(lang, "translation.machine.title")}"\n'
            f'    {t(lang, "translation.machine.body")} '
            f'[{t(lang, "translation.machine.link")}]({up}{english})\n\n')


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ANN001 (MkDocs API)
    lang = page_language(page.file.src_uri)
    if page.meta.get("machine_translated"):
        markdown = machine_banner(lang, page.file.url) + markdown
    # Relative links from this page's directory URL back to the language's root.
    url = page.file.url
    depth = url.count("/") - (1 if lang != "en" else 0)
    filled = MARKER.sub(lambda m: render_marker(m.group(1), m.group(2), lang, depth), markdown)
    leftover = re.search(r"<!--\s*gerbang:[^>]*-->", filled)
    if leftover:  # a misspelt marker must fail the build, not vanish into a comment
        raise ValueError(f"{page.file.src_uri}: malformed marker {leftover.group(0)}")
    return filled


ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([\w-]+)">')


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (MkDocs API)
    """Alternates as search engines want them: absolute (when the site's address is known:
    `make deploy` sets SITE_URL) and with an x-default, the English page."""
    from urllib.parse import urljoin

    base = config.get("site_url")
    page_url = urljoin(base, page.url) if base else None
    found = ALTERNATE.findall(output)
    if not found:
        return output
    links = []
    for href, lang in found:
        target = urljoin(page_url, href) if page_url else href
        links.append(f'<link rel="alternate" href="{target}" hreflang="{lang}">')
    default = next((links[i] for i, (_, lang) in enumerate(found) if lang == "en"), None)
    if default:
        links.append(default.replace('hreflang="en"', 'hreflang="x-default"'))
    first = output.index(f'<link rel="alternate" href="{found[0][0]}"')
    kept = ALTERNATE.sub("", output)
    return kept[:first] + "\n".join(links) + kept[first:]


# ---------------------------------------------------------------- search, one index a language
# Material's search (lunr) mixes both languages in one index, has no Indonesian and weighs
# ~16 KB on every page. Instead each language gets its own small index, fetched only by
# its search page; the search page's script stems words (gerbang.js, `stem`).
_INDEX: dict[str, list[dict[str, str]]] = {}
_TAGS = re.compile(r"<[^>]+>")


_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(t[hd])\b[^>]*>(.*?)</\1>", re.S)
# The end of a list item, a table row or a definition: a sentence ends there. A private-use
# character: Python counts \x1c-\x1f as whitespace, and whitespace is collapsed first.
_END = "\ue000"


def _row(match: re.Match) -> str:
    """A table row as a sentence: "Fee: IDR 500,000, 24 hours." (a header row as a list)."""
    cells = _CELL.findall(match.group(1))
    texts = [text for _, text in cells]
    if len(texts) < 2 or all(kind == "th" for kind, _ in cells):
        return f" {', '.join(texts)}{_END} "
    return f" {texts[0]}: {', '.join(texts[1:])}{_END} "


def page_text(html: str) -> str:
    """A page's words as sentences, for the search index and the assistant's extracts: the
    cells of a table and the items of a list read as sentences, not one run-on line."""
    html = re.sub(r"<(script|style|form)\b.*?</\1>", " ", html, flags=re.S)
    html = _ROW.sub(_row, html)
    html = re.sub(r"</dt>", ": ", html)
    html = re.sub(r"</(li|dd)>", _END, html)
    text = re.sub(r"\s+", " ", unescape(_TAGS.sub(" ", html)))
    # An item already ending in punctuation keeps it; any other gets a full stop (one, where
    # a list ends its definition: "</li></ul></dd>").
    text = re.sub(r"([.!?:;,])?(?:\s*" + _END + ")+", lambda m: m.group(1) or ".", text)
    return re.sub(r"\s+([.,;:!?)])", r"\1", text).strip()  # "the fees page ." (a link's end)


def on_page_content(html: str, page, config, files) -> str:  # noqa: ANN001 (MkDocs API)
    lang = page_language(page.file.src_uri)
    if staff_page(page.file.src_uri) or page.file.src_uri.endswith("search.md"):
        return html
    _INDEX.setdefault(lang, []).append(
        {"title": page.title or "", "url": page.url, "text": page_text(html)[:6000]})
    return html


def on_post_build(config) -> None:  # noqa: ANN001 (MkDocs API)
    import json

    site = Path(config["site_dir"])
    for lang, pages in _INDEX.items():
        folder = site if lang == "en" else site / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search-index.json").write_text(
            json.dumps(pages, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _INDEX.clear()
    clean_sitemap(site, bool(config.get("site_url")))


# Pages a search engine must not list: the officers' sign-in, and the pages a form leads to.
UNLISTED = re.compile(r"(^|/)(officer|confirmation|upload-received|payment-complete)/$")
_SITEMAP_URL = re.compile(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)


def clean_sitemap(site: Path, has_address: bool) -> None:
    """The theme's sitemap, without the unlisted pages. Without the site's public address
    (SITE_URL, set by `make deploy`) its links would read "Noneapply/": no sitemap then."""
    import gzip

    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    if not has_address:
        sitemap.unlink()
        (site / "sitemap.xml.gz").unlink(missing_ok=True)
        return
    text = _SITEMAP_URL.sub(
        lambda m: "" if UNLISTED.search(m.group(1)) else m.group(0),
        sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
