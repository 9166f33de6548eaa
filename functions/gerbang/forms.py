"""The forms applicants fill in, defined once and rendered in two places: into the site's
pages at build time (site_hooks/catalog.py) and by the functions when a plain form post
needs the form again with the answers kept and the errors shown beside the fields."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from html import escape
from typing import Any

from gerbang.catalog import countries, load_catalog
from gerbang.errors import FieldError
from gerbang.i18n import field_message, messages, t
from gerbang.models import TOPICS


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text, email, date, select, checkbox, radio, file, hidden
    required: bool = True
    # What the browser may fill in; "off" for answers it cannot know. Checkboxes, radios
    # and files take no autocomplete (HTML), so they get none.
    autocomplete: str = "off"
    hint: bool = False
    js_only: bool = False  # needs the script (file inputs before presigning)
    extra: str = ""  # further attributes
    # The id the page knows it by (gb-<id>), when two forms of one page share a field name.
    ident: str = ""

    @property
    def dom_id(self) -> str:
        return f"gb-{self.ident or self.name}"


@dataclass(frozen=True)
class Form:
    name: str
    action: str
    button: str
    fields: tuple[Field, ...]
    # Where "save and continue later" posts the answers (an account keeps them), if anywhere.
    later: str | None = None


_ACCESS = (
    Field("reference", hint=True,
          extra='autocapitalize="characters" spellcheck="false" maxlength="20"'),
    Field("access_code", hint=True,
          extra='autocapitalize="characters" spellcheck="false" maxlength="40"'),
)

FORMS = {
    "apply": Form("apply", "/api/applications", "button.apply", (
        Field("service", "select"),
        Field("given_names", autocomplete="given-name", hint=True, extra='maxlength="80"'),
        Field("family_name", required=False, autocomplete="family-name", extra='maxlength="80"'),
        Field("date_of_birth", "date", autocomplete="bday"),
        Field("nationality", "select", autocomplete="country"),
        Field("passport_number", required=False,
              extra='autocapitalize="characters" spellcheck="false" maxlength="9"'),
        Field("passport_expiry", "date", required=False),
        Field("arrival_date", "date", required=False, hint=True),
        Field("email", "email", autocomplete="email", hint=True, extra='maxlength="254"'),
        Field("consent", "checkbox"),
    ), later="/api/account/drafts/apply"),
    "status": Form("status", "/api/applications/lookup", "button.status", _ACCESS),
    # Without the script these two post the reference and code to the status page, which
    # carries ready-made upload and pay forms; with it they call the API directly.
    "upload": Form("upload", "/api/applications/lookup", "button.upload", (
        *_ACCESS, Field("kind", "select"), Field("file", "file", js_only=True))),
    "pay": Form("pay", "/api/applications/lookup", "button.pay", (
        *_ACCESS, Field("method", "radio"))),
    # Questions to an officer. The script leaves these to plain posts: the answer is a page.
    "ask": Form("ask", "/api/consultations", "button.ask", (
        Field("topic", "select"),
        Field("question", "textarea", hint=True, extra='maxlength="2000" rows="6"'),
        Field("email", "email", autocomplete="email", extra='maxlength="254"'),
        Field("application_reference", required=False, hint=True,
              extra='autocapitalize="characters" spellcheck="false" maxlength="20"'),
        Field("consent", "checkbox"),
    )),
    "question": Form("question", "/api/consultations/lookup", "button.status", _ACCESS),
    # Accounts (functions/account/): plain posts, the answer is a page and a cookie.
    "account": Form("account", "/api/account/code", "button.send_code", (
        Field("email", "email", autocomplete="email", extra='maxlength="254"'),
        Field("shared_device", "checkbox", required=False, hint=True),
    )),
    "account_code": Form("account_code", "/api/account/sign-in", "button.sign_in", (
        Field("code", hint=True, autocomplete="one-time-code",
              extra='inputmode="numeric" maxlength="20" spellcheck="false"'),
        Field("email", "hidden"), Field("flow", "hidden"), Field("session", "hidden"),
        Field("shared_device", "hidden", required=False),
    )),
    "account_link": Form("account_link", "/api/account/link", "button.link", _ACCESS),
    # The second way in, for those who set a password.
    "account_password": Form("account_password", "/api/account/password-sign-in",
                             "button.sign_in", (
        # Beside the code form on /account/: ids of their own.
        Field("email", "email", autocomplete="username", extra='maxlength="254"',
              ident="pw-email"),
        Field("password", "password", autocomplete="current-password",
              extra='maxlength="256"'),
        Field("shared_device", "checkbox", required=False, hint=True, ident="pw-shared_device"),
    )),
    "account_set_password": Form("account_set_password", "/api/account/password",
                                 "button.set_password", (
        Field("new_password", "password", hint=True, autocomplete="new-password",
              extra='minlength="10" maxlength="256"'),
        Field("current_password", "password", required=False, hint=True,
              autocomplete="current-password", extra='maxlength="256"'),
    )),
    "account_delete": Form("account_delete", "/api/account/delete", "button.delete_account",
                           (Field("confirm", "checkbox"),)),
    # A lost access code: a new one to the email on the application.
    "new_code": Form("new_code", "/api/applications/new-code", "button.new_code", (_ACCESS[0],)),
}

NO_AUTOCOMPLETE = ("checkbox", "radio", "file")


def _summary(form: Form, lang: str, summary: str | None, by_field: dict[str, str]) -> str:
    """Above the form: what is wrong, with a link to each field in error, focused when the
    page opens (the script focuses its own, see showErrors in gerbang.js)."""
    if not summary:
        return '<div class="gb-summary" role="alert" hidden></div>'
    links = "".join(
        f'<li><a href="#{f.dom_id}">{escape(t(lang, f"label.{f.name}").rstrip(".:"))}: '
        f"{escape(by_field[f.name])}</a></li>" for f in form.fields
        if f.name in by_field and f.kind != "hidden")
    return (f'<div class="gb-summary" role="alert" tabindex="-1" autofocus>{escape(summary)}'
            + (f"<ul>{links}</ul>" if links else "") + "</div>")


def _collation(text: str) -> str:
    # Åland next to Aland, not after Zimbabwe: compare without accents, ignoring case.
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def _options(field: Field, lang: str) -> list[tuple[str, str]]:
    catalog = load_catalog()
    if field.name == "service":
        return [(s.id, s.names(lang)) for s in catalog.services]
    if field.name == "nationality":
        names = countries()
        return [("", t(lang, "label.nationality.choose"))] + sorted(
            ((code, names[code][lang]) for code in names), key=lambda pair: _collation(pair[1]))
    if field.name == "kind":
        return [(k.kind, k.names(lang)) for k in catalog.document_kinds.values()]
    if field.name == "method":
        return [(m, t(lang, f"method.{m}")) for m in catalog.payments.methods]
    if field.name == "topic":
        return [(topic, t(lang, f"topic.{topic}")) for topic in TOPICS]
    return []


def _control(field: Field, lang: str, value: str, described: str) -> str:
    base = f'id="{field.dom_id}" name="{field.name}"'
    # A hidden script-only field must not be required: the browser would refuse to post
    # the form without script. The script marks it required itself.
    if field.required and not field.js_only:
        base += " required"
    if field.kind not in NO_AUTOCOMPLETE:
        base += f' autocomplete="{field.autocomplete}"'
    if field.extra:
        base += " " + field.extra
    base += f' aria-describedby="{described}"'
    if field.kind == "select":
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if v == value else ""}>{escape(label)}'
            "</option>" for v, label in _options(field, lang))
        return f"<select {base}>{options}</select>"
    if field.kind == "textarea":
        return f"<textarea {base}>{escape(value)}</textarea>"
    if field.kind == "checkbox":
        checked = " checked" if value in ("on", "true", "True", "1") else ""
        return f'<input type="checkbox" {base} value="on"{checked}>'
    if field.kind == "radio":
        # The first choice carries the id the error summary links to.
        first = f' id="{field.dom_id}"'
        return "".join(
            f'<label class="gb-choice"><input type="radio"{"" if i else first}'
            f' name="{field.name}" value="{v}"'
            f'{" checked" if v == value or (not value and i == 0) else ""}> {escape(label)}</label>'
            for i, (v, label) in enumerate(_options(field, lang)))
    if field.kind == "password":  # never sent back to the page, even with an error
        return f'<input type="password" {base}>'
    return f'<input type="{field.kind}" {base} value="{escape(value)}">'


def render_form(name: str, lang: str, values: dict[str, Any] | None = None,
                errors: list[FieldError] | None = None, summary: str | None = None) -> str:
    """The form, with `values` filled in, each of `errors` beside its field and `summary`
    (or, with errors, the general "some answers need fixing") above."""
    form = FORMS[name]
    if summary is None and errors:
        summary = t(lang, "error.validation_failed")
    values = values or {}
    by_field = {e.field: field_message(lang, e.field, e.code, e.params) for e in errors or []}
    client = {k.removeprefix("client."): v for k, v in messages(lang).items()
              if k.startswith("client.")}
    parts = [
        f'<form class="gb-form" data-gb-form="{name}" action="{form.action}" method="post" '
        f"data-messages='{escape(json.dumps(client, ensure_ascii=False))}'>",
        f'<input type="hidden" name="language" value="{lang}">',
        _summary(form, lang, summary, by_field),
    ]
    for field in form.fields:
        if field.kind == "hidden":  # carried back as it came: nothing to read or fix
            parts.append(f'<input type="hidden" name="{field.name}" '
                         f'value="{escape(str(values.get(field.name) or ""))}">')
            continue
        hint_id, error_id = f"{field.dom_id}-hint", f"{field.dom_id}-error"
        error = by_field.get(field.name, "")
        # A group of radios is a fieldset named by its legend, so each choice is read with it.
        box, label_tag = (("fieldset", "legend") if field.kind == "radio"
                          else ("div", f'label for="{field.dom_id}"'))
        classes = "gb-field" + (" gb-js-only" if field.js_only else "")
        classes += " gb-invalid" if error else ""
        control = _control(field, lang, str(values.get(field.name) or ""),
                           f"{hint_id} {error_id}" if field.hint else error_id)
        label = escape(t(lang, f"label.{field.name}"))
        hint = (f'<p class="gb-hint" id="{hint_id}">{escape(t(lang, f"label.{field.name}.hint"))}'
                "</p>" if field.hint else "")
        err = (f'<p class="gb-error" id="{error_id}"' + ("" if error else " hidden")
               + f">{escape(error)}</p>")
        if field.kind == "checkbox":
            parts.append(f'<div class="{classes}" data-field="{field.name}">'
                         f'<label class="gb-choice">{control} {label}</label>{err}</div>')
        else:
            parts.append(f'<{box} class="{classes}" data-field="{field.name}"><{label_tag}>'
                         f'{label}</{label_tag.split()[0]}>{hint}{control}{err}</{box}>')
    parts.append(f'<button type="submit">{escape(t(lang, form.button))}</button>')
    if form.later:  # a plain post of the answers so far, checked by nobody: formnovalidate
        parts.append(f' <button type="submit" class="gb-secondary" formaction="{form.later}" '
                     f'formnovalidate>{escape(t(lang, "button.save_later"))}</button>')
    parts.append('<div class="gb-result" aria-live="polite" hidden></div></form>')
    return "".join(parts)


def assistant_form(lang: str, question: str = "", error: str = "") -> str:
    """The assistant's question box: a plain GET form to its results page; the widget's
    script (assistant.js) answers in place instead when it runs. It is on every page, so
    every byte counts: the script adds the answer box and its own words."""
    invalid = ' aria-invalid="true" aria-errormessage="gb-assistant-error"' if error else ""
    said = f'<p class="gb-error" id="gb-assistant-error">{escape(error)}</p>' if error else ""
    return (
        f'<form class="gb-form gb-ask" action="/api/assistant/ask" data-gb-assistant>'
        f'<input type="hidden" name="language" value="{lang}"><div class="gb-field">'
        f'<label for="gb-assistant-q">{escape(t(lang, "assistant.label"))}</label>'
        f'<p class="gb-hint" id="gb-assistant-hint">{escape(t(lang, "assistant.hint"))}</p>'
        f'<input id="gb-assistant-q" name="question" type="search" required minlength="3" '
        f'maxlength="300" autocomplete="off" aria-describedby="gb-assistant-hint" '
        f'value="{escape(question)}"{invalid}>{said}</div>'
        f'<button type="submit">{escape(t(lang, "assistant.button"))}</button></form>')
