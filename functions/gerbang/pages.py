"""Small pages the functions answer to plain form posts (no script): the same words as the
site, in the applicant's language, readable on any phone, a few KB with no other request."""

from __future__ import annotations

from html import escape
from typing import Any

from gerbang.errors import FieldError
from gerbang.forms import render_form
from gerbang.i18n import site_path, t

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;"
    "color:#1a1a1a}header{border-bottom:1px solid #ccc;margin-bottom:1rem}"
    "h1{font-size:1.5rem}.gb-code{font:bold 1.3rem monospace;letter-spacing:.05em;"
    "background:#f3f3f3;padding:.3rem .5rem;display:inline-block;word-break:break-all}"
    ".gb-note{border-left:4px solid #b35c00;padding:.5rem;background:#fff6e5}"
    ".gb-error,.gb-summary{color:#b00020}.gb-field{margin:0 0 1rem}.gb-field label,"
    ".gb-field>span{display:block;font-weight:600}.gb-hint{margin:0;color:#555;font-size:.9rem}"
    "input,select,button{font:inherit;max-width:100%}input[type=text],input[type=email],"
    "input[type=date],select{width:100%;padding:.4rem;box-sizing:border-box}"
    "button{padding:.5rem 1rem;background:#1a4f8b;color:#fff;border:0;border-radius:4px}"
    "table{border-collapse:collapse}td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;"
    "text-align:left}.gb-choice{display:block;font-weight:400}.gb-js-only{display:none}"
    "footer{margin-top:2rem;color:#555;font-size:.9rem}"
)


def page(lang: str, title: str, body: str) -> str:
    home = site_path(lang)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)} · Gerbang</title><style>{_STYLE}</style></head><body>"
        f'<header><p><a href="{home}">Gerbang</a></p></header><main><h1>{escape(title)}</h1>'
        f'{body}</main><footer><p><a href="{home}">{escape(t(lang, "page.back_to_site"))}</a>'
        f'</p><p>{escape(t(lang, "sample_notice"))}</p></footer></body></html>'
    )


def message_page(lang: str, code: str, params: dict[str, Any]) -> str:
    message = escape(t(lang, f"error.{code}", **params))
    return page(lang, t(lang, "page.error.title"), f"<p>{message}</p>")


def form_page(lang: str, form: str, values: dict[str, Any], errors: list[FieldError],
              summary: str | None = None) -> str:
    """The form again, with everything typed kept, each error beside its field and
    `summary` above it. A refused application says that nothing was saved."""
    intro = (f'<p class="gb-note">{escape(t(lang, "page.error.intro"))}</p>'
             if form == "apply" else "")
    return page(lang, t(lang, "page.error.title"),
                intro + render_form(form, lang, values, errors, summary))


def _upload_forms(uploads: list[dict[str, Any]], lang: str) -> str:
    if not uploads:
        return ""
    parts = [f"<p>{escape(t(lang, 'page.status.upload_intro'))}</p>"]
    for upload in uploads:
        hidden = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                         for k, v in upload["post"]["fields"].items())
        # S3 reads fields in order and requires the file to come last.
        parts.append(
            f'<form action="{escape(upload["post"]["url"])}" method="post" '
            f'enctype="multipart/form-data" class="gb-field">{hidden}'
            f'<label for="f-{upload["kind"]}">{escape(upload["name"])}</label>'
            f'<p class="gb-hint">{escape(upload["hint"])}</p>'
            f'<input id="f-{upload["kind"]}" type="file" name="file" required '
            'accept="application/pdf,image/jpeg,image/png"> '
            f'<button type="submit">{escape(t(lang, "button.upload"))}</button></form>')
    return "".join(parts)


def _pay_form(view: dict[str, Any], access_code: str, lang: str) -> str:
    options = view["payment_options"]
    choices = "".join(
        f'<label class="gb-choice"><input type="radio" name="method" value="{o["method"]}"'
        f'{" checked" if i == 0 else ""}> {escape(o["label"])}: <strong>'
        f'{escape(o["display"])}</strong></label>' for i, o in enumerate(options))
    window = options[0]["window_hours"] if options else 24
    return (
        f'<form action="/api/applications/{escape(view["reference"])}/payments" method="post">'
        f'<input type="hidden" name="access_code" value="{escape(access_code)}">'
        f'<input type="hidden" name="language" value="{lang}">'
        f'<p>{escape(t(lang, "page.pay.whole", hours=window))}</p>'
        f'<fieldset class="gb-field"><legend>{escape(t(lang, "label.method"))}</legend>'
        f'{choices}</fieldset><button type="submit">{escape(t(lang, "button.pay"))}</button>'
        "</form>")


def _receipt(view: dict[str, Any], lang: str) -> str:
    r = view["receipt"]
    rows = [("page.reference", r["reference"]), ("page.receipt.amount", r["display"]),
            ("page.receipt.method", r["method_label"]),
            ("page.receipt.paid_at", (r["paid_at"] or "")[:16].replace("T", " ") + " UTC"),
            ("page.receipt.payment_id", r["payment_id"])]
    cells = "".join(f"<tr><th>{escape(t(lang, k))}</th><td>{escape(v)}</td></tr>"
                    for k, v in rows)
    return f'<h3>{escape(t(lang, "page.receipt.title"))}</h3><table>{cells}</table>'



def status_page(view: dict[str, Any], lang: str, access_code: str,
                uploads: list[dict[str, Any]], can_pay: bool,
                received_code: str | None = None, can_resubmit: bool = False) -> str:
    """The application as the applicant sees it without script: just submitted (with the
    one-time access code) or looked up. Upload and pay forms are ready to use."""
    body = []
    if received_code:
        body.append(
            f'<p class="gb-note">{escape(t(lang, "page.received.keep"))}</p>'
            f'<p>{escape(t(lang, "page.reference"))}:<br><span class="gb-code">'
            f'{escape(view["reference"])}</span></p><p>{escape(t(lang, "page.access_code"))}:'
            f'<br><span class="gb-code">{escape(received_code)}</span></p>')
    else:
        body.append(f'<p>{escape(t(lang, "page.reference"))}: <strong>'
                    f'{escape(view["reference"])}</strong></p>')
    body.append(
        f'<p>{escape(view["service"]["name"])}</p>'
        f'<h2>{escape(t(lang, "page.status.current"))}</h2>'
        f'<p><strong>{escape(view["status_label"])}</strong></p>'
        f'<h2>{escape(t(lang, "page.status.next"))}</h2><p>{escape(view["next_step"])}</p>'
        f'<h2>{escape(t(lang, "page.status.documents"))}</h2><table>')
    for doc in view["documents"]:
        reason = f'<br>{escape(doc["reason_message"])}' if doc["reason_message"] else ""
        reason += "".join(f"<br>{escape(note)}" for note in doc.get("notes", []))
        if doc.get("scan_label"):
            reason += f'<br><small>{escape(doc["scan_label"])}</small>'

        body.append(f'<tr><td>{escape(doc["name"])}</td><td>{escape(doc["state_label"])}'
                    f"{reason}</td></tr>")
    body.append("</table>" + _upload_forms(uploads, lang))
    body.append(f'<h2>{escape(t(lang, "page.status.payment"))}</h2>'
                f'<p>{escape(view["fee"]["display"])} · '
                f'{escape(view["payment"]["state_label"])}</p>')
    if can_resubmit:
        body.append(
            f'<form action="/api/applications/{escape(view["reference"])}/resubmit" '
            f'method="post"><input type="hidden" name="access_code" value="{escape(access_code)}">'
            f'<input type="hidden" name="language" value="{lang}">'
            f'<p>{escape(t(lang, "page.resubmit.intro"))}</p>'
            f'<button type="submit">{escape(t(lang, "button.resubmit"))}</button></form>')
    if view.get("receipt"):
        body.append(_receipt(view, lang))
    if can_pay:
        body.append(_pay_form(view, access_code, lang))
    for question in view.get("questions", []):
        answer = question["answer"] or t(lang, "page.question.none")
        body.append(f'<h3>{escape(t(lang, "page.question.title"))} {escape(question["reference"])}'
                    f'</h3><blockquote>{escape(question["question"])}</blockquote>'
                    f'<p>{escape(answer)}</p>')
    body.append(f'<h2>{escape(t(lang, "page.status.history"))}</h2><ul>')
    body.extend(f'<li>{escape(h["at"][:16].replace("T", " "))} UTC: {escape(h["label"])}</li>'
                for h in view["history"])
    body.append("</ul>")
    title = t(lang, "page.received.title" if received_code else "page.status.title")
    return page(lang, title, "".join(body))


def consultation_page(view: dict[str, Any], lang: str, received_code: str | None = None
                      ) -> str:
    """A question and, once given, its answer; just after asking, with the one-time code."""
    body = []
    if received_code:
        body.append(
            f'<p class="gb-note">{escape(t(lang, "page.question.keep"))}</p>'
            f'<p>{escape(t(lang, "page.reference"))}:<br><span class="gb-code">'
            f'{escape(view["reference"])}</span></p><p>{escape(t(lang, "page.access_code"))}:'
            f'<br><span class="gb-code">{escape(received_code)}</span></p>')
    body.append(f'<p><strong>{escape(view["topic_label"])}</strong> · '
                f'{escape(view["status_label"])}</p><blockquote>{escape(view["question"])}'
                f'</blockquote><h2>{escape(t(lang, "page.question.answer"))}</h2>')
    answer = view.get("answer")
    body.append(f"<p>{escape(answer)}</p>" if answer
                else f'<p>{escape(t(lang, "page.question.none"))}</p>')
    title = "page.question.received" if received_code else "page.question.title"
    return page(lang, t(lang, title), "".join(body))


def assistant_page(lang: str, question: str, result: dict[str, Any] | None,
                   error: str = "") -> str:
    """The assistant's answer without script: the sections that answer the question, or
    "I don't know" and the form to an officer with the question already in it."""
    from gerbang.forms import assistant_form

    body = [assistant_form(lang, question, error)]
    if result and result["confident"]:
        items = "".join(
            f'<li><a href="{escape(a["url"])}">{escape(a["page"])} · {escape(a["title"])}</a>'
            f'<p>{escape(a["extract"])}</p></li>' for a in result["answers"])
        body.append(f'<p>{escape(result["message"])}</p><ol>{items}</ol>'
                    f'<p><a href="{escape(result["consultation"]["url"])}">'
                    f'{escape(t(lang, "assistant.not_found_yet"))}</a></p>')
    elif result:
        body.append(f'<p class="gb-note">{escape(result["message"])}</p>'
                    f'<h2>{escape(t(lang, "assistant.ask_officer"))}</h2>'
                    + render_form("ask", lang, {"question": question, "topic": "other"}))
    return page(lang, t(lang, "assistant.title"), "".join(body))
