"""The account's pages without script: the code form after "send me a code", the account
itself (what belongs to it, linking a guest's application, signing out) and one of its
applications. Same look as the other small pages (gerbang.pages)."""

from __future__ import annotations

from html import escape
from typing import Any

from gerbang.errors import FieldError
from gerbang.forms import render_form
from gerbang.i18n import format_date, site_path, t
from gerbang.pages import page
from gerbang.responses import AccountView, CodeSent, DraftView


def code_page(lang: str, sent: CodeSent, errors: list[FieldError] | None = None,
              summary: str | None = None) -> str:
    """Where the code from the email goes; a new code can be asked from here."""
    values = {"email": sent.email, "flow": sent.flow, "session": sent.session,
              "shared_device": "on" if sent.shared_device else ""}
    again = (f'<form action="/api/account/code" method="post">'
             f'<input type="hidden" name="language" value="{lang}">'
             f'<input type="hidden" name="email" value="{escape(sent.email)}">'
             + ('<input type="hidden" name="shared_device" value="on">'
                if sent.shared_device else "")
             + f'<p>{escape(t(lang, "page.account.no_code"))}</p>'
             f'<button type="submit">{escape(t(lang, "button.send_again"))}</button></form>')
    body = (f'<p>{escape(t(lang, "page.account.code_sent", email=sent.email))}</p>'
            + render_form("account_code", lang, values, errors, summary) + again)
    return page(lang, t(lang, "page.account.code_title"), body)


def _application_rows(view: AccountView, lang: str) -> str:
    if not view.applications:
        return f'<p>{escape(t(lang, "page.account.no_applications"))}</p>'
    rows = "".join(
        f'<li><a href="/api/account/applications/{escape(a.reference)}?lang={lang}">'
        f'{escape(a.reference)}</a> · {escape(a.service.name)}<br><strong>'
        f'{escape(a.status_label)}</strong><br>{escape(a.next_step)}</li>'
        for a in view.applications)
    return f"<ul>{rows}</ul>"


def _question_rows(view: AccountView, lang: str) -> str:
    if not view.consultations:
        return f'<p>{escape(t(lang, "page.account.no_questions"))}</p>'
    rows = "".join(
        f'<li>{escape(c.reference)} · {escape(c.topic_label)}: <strong>'
        f'{escape(c.status_label)}</strong></li>' for c in view.consultations)
    return f"<ul>{rows}</ul>"


def account_page(lang: str, view: AccountView, shared_device: bool,
                 link_values: dict[str, Any] | None = None,
                 link_errors: list[FieldError] | None = None,
                 link_summary: str | None = None, linked: str | None = None,
                 drafts: list[DraftView] | None = None, notice: str | None = None) -> str:
    notes = []
    if notice:
        notes.append(f'<p class="gb-note" role="status">{escape(notice)}</p>')
    if linked:
        notes.append(f'<p class="gb-note" role="status">'
                     f'{escape(t(lang, "page.account.linked", reference=linked))}</p>')
    if shared_device:
        notes.append(f'<p class="gb-note">{escape(t(lang, "page.account.shared"))}</p>')
    body = (
        "".join(notes)
        + f'<p>{escape(t(lang, "page.account.signed_in_as", email=view.email))}</p>'
        f'<h2>{escape(t(lang, "page.account.applications"))}</h2>'
        + _application_rows(view, lang)
        + _draft_rows(drafts or [], lang)
        + f'<p><a href="{site_path(lang, "apply")}">{escape(t(lang, "page.account.apply"))}'
        f'</a></p><h2>{escape(t(lang, "page.account.questions"))}</h2>'
        + _question_rows(view, lang)
        + f'<h2>{escape(t(lang, "page.account.link_title"))}</h2>'
        f'<p>{escape(t(lang, "page.account.link_intro"))}</p>'
        + render_form("account_link", lang, link_values, link_errors, link_summary)
        + f'<h2>{escape(t(lang, "page.account.data_title"))}</h2>'
        f'<p><a href="/api/account/data?lang={lang}">{escape(t(lang, "button.my_data"))}</a>'
        f' · <a href="/api/account/data?lang={lang}&amp;download=1" download>'
        f'{escape(t(lang, "button.download"))}</a></p>'
        + f'<h2>{escape(t(lang, "page.account.password_title"))}</h2>'
        f'<p>{escape(t(lang, "page.account.password_intro"))}</p>'
        + render_form("account_set_password", lang)
        + delete_form(lang)
        + f'<h2>{escape(t(lang, "page.account.sign_out_title"))}</h2>'
        f'<form action="/api/account/sign-out" method="post">'
        f'<input type="hidden" name="language" value="{lang}">'
        f'<button type="submit">{escape(t(lang, "button.sign_out"))}</button></form>')
    return page(lang, t(lang, "page.account.title"), body)


def back_to_account(lang: str) -> str:
    return (f'<p><a href="/api/account?lang={lang}">{escape(t(lang, "page.account.back"))}'
            "</a></p>")


def kept(lang: str) -> str:
    """What outlives a deleted account, and for how long (the catalog's retention)."""
    from gerbang.catalog import load_catalog

    r = load_catalog().retention
    return t(lang, "page.account.kept", years=r.decided_application_years,
             document_days=r.documents_after_decision_days, payment_years=r.payment_years,
             unfinished_days=r.unfinished_application_days, draft_days=r.draft_days)


def delete_form(lang: str, errors: list[FieldError] | None = None) -> str:
    return (f'<h2>{escape(t(lang, "page.account.delete_title"))}</h2>'
            f'<p>{escape(t(lang, "page.account.delete_intro"))}</p><p>{escape(kept(lang))}</p>'
            + render_form("account_delete", lang, {}, errors))


def _table(values: dict[str, Any]) -> str:
    """A stored record as a readable table: nested parts as nested tables."""
    rows = []
    for key, value in values.items():
        if isinstance(value, dict):
            shown = _table(value)
        elif isinstance(value, list):
            shown = "".join(_table(v) if isinstance(v, dict) else escape(str(v)) + "<br>"
                            for v in value)
        else:
            shown = escape(str(value))
        rows.append(f"<tr><th>{escape(key.replace('_', ' '))}</th><td>{shown}</td></tr>")
    return f"<table>{''.join(rows)}</table>"


def data_page(lang: str, data: dict[str, Any]) -> str:
    body = [f'<p>{escape(t(lang, "page.account.data_intro"))}</p>',
            f'<p><a href="/api/account/data?lang={lang}&amp;download=1" download>'
            f'{escape(t(lang, "button.download"))}</a></p>',
            f'<h2>{escape(t(lang, "page.account.data_account"))}</h2>', _table(data["account"]),
            f'<h2>{escape(t(lang, "page.account.applications"))}</h2>']
    body += [f'<h3>{escape(a["application"]["reference"])}</h3>{_table(a)}'
             for a in data["applications"]]
    body.append(f'<h2>{escape(t(lang, "page.account.questions"))}</h2>')
    body += [f'<h3>{escape(c["reference"])}</h3>{_table(c)}' for c in data["consultations"]]
    body.append(f'<p>{escape(kept(lang))}</p>{back_to_account(lang)}')
    return page(lang, t(lang, "page.account.data_title"), "".join(body))


def deleted_page(lang: str) -> str:
    return page(lang, t(lang, "page.account.deleted_title"),
                f'<p>{escape(t(lang, "page.account.deleted"))}</p><p>{escape(kept(lang))}</p>')


def _day(lang: str, iso: str) -> str:
    from datetime import date

    day = date.fromisoformat(iso[:10])
    return format_date(day, lang)


def _draft_rows(drafts: list[DraftView], lang: str) -> str:
    rows = "".join(
        f'<li>{escape(_saved(lang, "page.account.draft", d))} '
        f'<a href="/api/account/drafts/{escape(d.form)}?lang={lang}">'
        f'{escape(t(lang, "page.account.continue"))}</a></li>' for d in drafts)
    return f"<ul>{rows}</ul>" if rows else ""


def _saved(lang: str, key: str, draft: DraftView) -> str:
    return t(lang, key, saved=_day(lang, draft.saved_at), until=_day(lang, draft.kept_until))


def draft_page(lang: str, draft: DraftView, just_saved: bool = False) -> str:
    """The form again with the answers kept for the account: send it, or save it again."""
    note = f'<p class="gb-note" role="status">{escape(_saved(lang, "page.draft.saved", draft))}</p>'
    back = back_to_account(lang)
    body = note + (back if just_saved else "") + render_form(draft.form, lang, draft.values)
    return page(lang, t(lang, "page.draft.title"), body + back)
