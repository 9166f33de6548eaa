"""Applicant accounts: "send me a code", sign in with it, see what belongs to the account,
link a guest's application to it, open one without its access code, sign out. The sign-in
lives in cookies (gerbang/sessions.py). Nothing personal goes in a URL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.shared.cookies import Cookie
from gerbang import accounts, records, sessions, store
from gerbang.config import (
    ApplicantPoolSettings,
    DocumentsSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.errors import DomainError, InvalidInput, Unauthorized
from gerbang.http import (
    answers,
    error_response,
    header,
    html_response,
    json_response,
    make_app,
    read_request,
    redirect,
)
from gerbang.i18n import pick_language, site_path, t
from gerbang.models import (
    DeleteAccountInput,
    DraftInput,
    EmailInput,
    LinkInput,
    PasswordSignInInput,
    SetPasswordInput,
    SignInInput,
    prepare,
)
from gerbang.observability import logger, metrics
from gerbang.records import Draft
from gerbang.responses import (
    AccountDeleted,
    AccountView,
    CodeSent,
    DraftView,
    MyData,
    PasswordSet,
    SignedIn,
    SignedOut,
    StatusView,
)
from gerbang.views import account_view, status_view


class AccountSettings(TableSettings, ApplicantPoolSettings, SiteSettings, PaymentSettings,
                      DocumentsSettings):
    """The pool and the table; the site's origin (a post must come from it); an
    application's page is its status page, with its payment options and presigned upload
    forms."""


SETTINGS = start(AccountSettings)
# A refused plain form post shows its form again, answers kept.
app = make_app(form={"/api/account/code": "account", "/api/account/sign-in": "account_code",
                     "/api/account/password-sign-in": "account_password",
                     "/api/account/password": "account_set_password",
                     "/api/account/link": "account_link",
                     "/api/account/delete": "account_delete",
                     "/api/account/drafts/apply": "apply"})
prepare(EmailInput, SignInInput, LinkInput, DeleteAccountInput, DraftInput, PasswordSignInInput,
        SetPasswordInput, PasswordSet, CodeSent, SignedIn,
        SignedOut, AccountView, AccountDeleted, MyData, DraftView, StatusView,
        *records.MODELS, *records.ACCOUNT_MODELS)

_SIGNED_IN = (401,)
Lang = Annotated[str | None, Query(max_length=35, description="Answer in this language.")]


def _wants_page() -> bool:
    accept = header(app, "accept")
    return "text/html" in accept and "application/json" not in accept


def _lang(lang: str | None) -> str:
    return pick_language(lang, header(app, "accept-language"))


def _account_page_url(lang: str) -> str:
    return f"/api/account?lang={lang}"


def _with(response: Response, cookies: list[Cookie]) -> Response:
    response.cookies.extend(cookies)
    return response


@app.post("/api/account/code", summary="Send a sign-in code by email",
          description="A new address gets an account once the code is entered. The answer "
                      "is the same whether or not the address has an account.",
          responses=answers(200, CodeSent, "A code is on its way.", 503))
def send_code(wanted: Annotated[EmailInput, Body()]):
    request = read_request(app)
    sent = accounts.send_code(wanted.email, request.lang)
    answer = CodeSent(email=sent.email, flow=sent.flow, session=sent.session,
                      shared_device=wanted.shared_device)
    if request.is_form:
        from gerbang.account_pages import code_page

        return html_response(200, code_page(request.lang, answer))
    return json_response(200, answer)


@app.post("/api/account/sign-in", summary="Sign in with the emailed code",
          description="Sets the sign-in cookies (Secure, HttpOnly, SameSite=Lax).",
          responses=answers(200, SignedIn, "Signed in.", 503))
def sign_in(wanted: Annotated[SignInInput, Body()]):
    request = read_request(app)
    sessions.from_our_site(app)
    try:
        tokens = accounts.sign_in(wanted.email, wanted.code, wanted.flow, wanted.session,
                                  request.lang)
    except InvalidInput as refused:
        if not request.is_form:
            raise
        from gerbang.account_pages import code_page

        sent = CodeSent(email=accounts.canonical_email(wanted.email), flow=wanted.flow,
                        session=wanted.session, shared_device=wanted.shared_device)
        return html_response(refused.status, code_page(request.lang, sent, refused.fields))
    logger.info("applicant signed in", extra={"shared_device": wanted.shared_device})
    return _signed_in_answer(request, tokens, wanted.shared_device)


@app.post("/api/account/password-sign-in", summary="Sign in with a password",
          description="For an account that set one; sets the same cookies as a code does.",
          responses=answers(200, SignedIn, "Signed in.", 503))
def password_sign_in(wanted: Annotated[PasswordSignInInput, Body()]):
    request = read_request(app)
    sessions.from_our_site(app)
    tokens = accounts.sign_in_with_password(wanted.email, wanted.password, request.lang)
    logger.info("applicant signed in", extra={"shared_device": wanted.shared_device,
                                              "with": "password"})
    return _signed_in_answer(request, tokens, wanted.shared_device)


def _signed_in_answer(request: Any, tokens: accounts.Tokens, shared: bool) -> Response:
    cookies = sessions.started(tokens, shared)
    if request.is_form:
        return _with(redirect(_account_page_url(request.lang)), cookies)
    return _with(json_response(200, SignedIn(signed_in=True, shared_device=shared,
                                             expires_in=tokens.expires_in)), cookies)


@app.post("/api/account/password", summary="Add or change my password",
          description="Optional: the code by email always works. Changing one needs the "
                      "current password.",
          responses=answers(200, PasswordSet, "Set.", *_SIGNED_IN, 503))
def set_password(wanted: Annotated[SetPasswordInput, Body()]):
    request = read_request(app)
    sessions.from_our_site(app)
    sub, cookies = sessions.signed_in(app)
    accounts.set_password(sessions.access_token(app, cookies), wanted.new_password,
                          wanted.current_password)
    logger.info("applicant set a password")
    if request.is_form:
        return _with(_account_page(sub, request.lang,
                                   notice=t(request.lang, "page.account.password_set")), cookies)
    return _with(json_response(200, PasswordSet(password_set=True)), cookies)


def _overview(sub: str, lang: str) -> AccountView:
    profile = store.load_profile(sub)
    return account_view(profile.email if profile else "", store.links(sub), lang)


def _account_page(sub: str, lang: str, status: int = 200, **shown: Any) -> Response:
    """The account's page, whatever step led there (`shown`: what that step says)."""
    from gerbang.account_pages import account_page

    drafts = [_draft_view(d) for d in accounts.drafts(sub)]
    return html_response(status, account_page(lang, _overview(sub, lang),
                                              sessions.is_shared(app), drafts=drafts, **shown))


@app.get("/api/account", summary="What belongs to the signed-in applicant",
         description="Applications and questions with their status and next step; a page "
                     "for a browser that asks for HTML.",
         responses=answers(200, AccountView, "The account.", *_SIGNED_IN, 503))
def account(lang: Lang = None):
    chosen = _lang(lang)
    try:
        sub, cookies = sessions.signed_in(app)
    except Unauthorized:
        if _wants_page():  # signed out (or never in): the sign-in page, in the language
            return _with(redirect(site_path(chosen, "account")), sessions.ended())
        raise
    if _wants_page():
        return _with(_account_page(sub, chosen), cookies)
    return _with(json_response(200, _overview(sub, chosen)), cookies)


@app.post("/api/account/link", summary="Link a guest's application or question",
          description="Its reference and access code, once; from then on the account opens "
                      "it without the code.",
          responses=answers(200, AccountView, "The account, with it.", *_SIGNED_IN, 503))
def link(wanted: Annotated[LinkInput, Body()]):
    request = read_request(app)
    sessions.from_our_site(app)
    sub, cookies = sessions.signed_in(app)
    try:
        made = accounts.link_record(sub, wanted.reference, wanted.access_code)
    except DomainError as refused:
        if not request.is_form:
            raise
        return _with(_account_page(
            sub, request.lang, refused.status, link_values=request.data,
            link_errors=getattr(refused, "fields", None),
            link_summary=t(request.lang, f"error.{refused.code}", **refused.params)), cookies)
    logger.info("record linked to an account", extra={"kind": made.kind})
    if request.is_form:
        return _with(_account_page(sub, request.lang, linked=made.reference), cookies)
    return _with(json_response(200, _overview(sub, request.lang)), cookies)


@app.get("/api/account/applications/<reference>", summary="One of the account's applications",
         description="Its status, as the status page shows it, without its access code.",
         responses=answers(200, StatusView, "The application.", *_SIGNED_IN, 503))
def application(reference: Annotated[str, Path(max_length=40)], lang: Lang = None):
    chosen = _lang(lang)
    sub, cookies = sessions.signed_in(app)
    record = accounts.owned_record(sub, reference)
    if _wants_page():  # upload, pay and resubmit from here: the cookie goes with the forms
        from gerbang.account_pages import back_to_account
        from gerbang.nojs import status_page

        return _with(status_page(record, chosen, "", after=back_to_account(chosen)), cookies)
    return _with(json_response(200, status_view(record, chosen)), cookies)


@app.post("/api/account/sign-out", summary="Sign out",
          description="Ends the kept sign-in and clears the cookies.",
          responses=answers(200, SignedOut, "Signed out.", 503))
def sign_out():
    request = read_request(app)
    accounts.sign_out(sessions.cookies(app).get(sessions.REFRESH))
    if request.is_form:
        return _with(redirect(site_path(request.lang, "account")), sessions.ended())
    return _with(json_response(200, SignedOut(signed_in=False)), sessions.ended())


@app.get("/api/account/data", summary="Everything we hold about me",
         description="As stored (access codes' hashes left out): a page for a browser, "
                     "JSON otherwise or with `download=1`, as a file.",
         responses=answers(200, MyData, "All of it.", *_SIGNED_IN, 503))
def my_data(lang: Lang = None,
            download: Annotated[bool, Query(description="Answer a JSON file to save.")] = False):
    from gerbang.account_pages import data_page, kept

    chosen = _lang(lang)
    sub, cookies = sessions.signed_in(app)
    data = accounts.my_data(sub)
    if _wants_page() and not download:
        return _with(html_response(200, data_page(chosen, data)), cookies)
    answer = json_response(200, MyData(**data, kept=kept(chosen)))
    if download:
        answer.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return _with(answer, cookies)


@app.post("/api/account/delete", summary="Delete my account",
          description="The sign-in, the account and its drafts; applications and questions "
                      "stay for the retention the privacy page names.",
          responses=answers(200, AccountDeleted, "Deleted.", *_SIGNED_IN, 503))
def delete(wanted: Annotated[DeleteAccountInput, Body()]):
    from gerbang.account_pages import deleted_page, kept

    request = read_request(app)
    sessions.from_our_site(app)
    sub, _ = sessions.signed_in(app)
    accounts.delete_account(sub, sessions.cookies(app).get(sessions.REFRESH))
    if request.is_form:
        return _with(html_response(200, deleted_page(request.lang)), sessions.ended())
    return _with(json_response(200, AccountDeleted(deleted=True, kept=kept(request.lang))),
                 sessions.ended())


def _draft_view(found: Draft) -> DraftView:
    until = datetime.fromtimestamp(found.expiration, UTC).date().isoformat()
    return DraftView(form=found.form, values=found.values, saved_at=found.saved_at,
                     kept_until=until)


FormName = Annotated[str, Path(max_length=20, description="The form (`apply`).")]


@app.get("/api/account/drafts/<form>", summary="A form's unsent answers",
         description="Saved as they were typed, on any device; a browser asking for HTML "
                     "gets the form filled in.",
         responses=answers(200, DraftView, "The draft.", *_SIGNED_IN, 503))
def get_draft(form: FormName, lang: Lang = None):
    chosen = _lang(lang)
    sub, cookies = sessions.signed_in(app)
    found = _draft_view(accounts.draft(sub, form))
    if _wants_page():
        from gerbang.account_pages import draft_page

        return _with(html_response(200, draft_page(chosen, found)), cookies)
    return _with(json_response(200, found), cookies)


@app.put("/api/account/drafts/<form>", summary="Save a form's answers so far",
         description="What the script sends as the applicant types (kept 60 days).",
         responses=answers(200, DraftView, "Saved.", *_SIGNED_IN, 503))
def put_draft(form: FormName, wanted: Annotated[DraftInput, Body()]):
    read_request(app)
    sessions.from_our_site(app)
    sub, cookies = sessions.signed_in(app)
    return _with(json_response(200, _draft_view(accounts.save_draft(sub, form,
                                                                     wanted.values))), cookies)


@app.post("/api/account/drafts/<form>", summary="Save and continue later (a plain form)",
          description="The form's own fields, as its \"save and continue later\" button "
                      "posts them; answered with a page.",
          responses=answers(200, DraftView, "Saved.", *_SIGNED_IN, 503))
def post_draft(form: FormName, wanted: Annotated[dict[str, str], Body()]):
    request = read_request(app)
    sessions.from_our_site(app)
    try:
        sub, cookies = sessions.signed_in(app)
    except Unauthorized:
        if not request.is_form:
            raise
        # A guest pressed it: the form again, every answer kept, and why nothing was saved.
        from gerbang.pages import form_page

        html = form_page(request.lang, form if form in accounts.DRAFT_FORMS else "apply",
                         request.data, [], t(request.lang, "error.sign_in_to_save"))
        return html_response(401, html)
    found = _draft_view(accounts.save_draft(sub, form, wanted))
    if request.is_form:
        from gerbang.account_pages import draft_page

        return _with(html_response(200, draft_page(request.lang, found, just_saved=True)),
                     cookies)
    return _with(json_response(200, found), cookies)


@app.exception_handler(Unauthorized)
def _signed_out(error: Unauthorized) -> Response:
    # A spent sign-in also clears its cookies, so the browser stops sending them.
    return _with(error_response(app, error), sessions.ended())


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
