"""An application's status for whoever holds its reference and access code. The code
travels in the X-Access-Code header or a POST body, never in a URL."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from gerbang import records
from gerbang.applications import open_record, send_new_access_code
from gerbang.config import (
    DocumentsSettings,
    MailSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.http import (
    answers,
    header,
    html_response,
    json_response,
    make_app,
    read_request,
)
from gerbang.i18n import pick_language, t
from gerbang.models import AccessInput, NewCodeInput, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import NewCodeRequested, StatusView
from gerbang.views import status_view


class StatusSettings(TableSettings, DocumentsSettings, SiteSettings, PaymentSettings,
                     MailSettings):
    """Reads the record; a status lists the provider's payment methods, and the page for a
    form without script carries upload forms that return to the site. A lost access code
    is replaced and the new one emailed from MAIL_FROM."""


SETTINGS = start(StatusSettings)
app = make_app(form={"/api/applications/lookup": "status",
                     "/api/applications/new-code": "new_code"})
prepare(AccessInput, NewCodeInput, NewCodeRequested, StatusView, *records.MODELS)
Reference = Annotated[str, Path(max_length=40, description="The application's reference.")]
AccessCode = Annotated[str, Header(alias="X-Access-Code", max_length=64,
                                   description="The access code shown when it was made.")]


@app.get("/api/applications/<reference>", summary="An application's status and history",
         responses=answers(200, StatusView, "The status, timeline, documents and payment."))
def get_status(reference: Reference, code: AccessCode = "",
               lang: Annotated[str | None, Query(
                   max_length=35, description="Answer in this language (`en`, `id`, ...); "
                   "unknown ones fall back.")] = None):
    record = open_record(reference, code)
    accept = header(app, "accept-language")
    # Without an explicit choice, answer in the language the application was made in.
    lang = (pick_language(lang, accept) if lang or accept
            else record.application.language)
    return json_response(200, status_view(record, lang))


@app.post("/api/applications/lookup", summary="Look an application up by reference and code",
          description="The status form's post: the code in the body, never in the URL.",
          responses=answers(200, StatusView, "The status, timeline, documents and payment."))
def lookup(access: Annotated[AccessInput, Body()]):
    request = read_request(app)
    record = open_record(access.reference, access.access_code)
    if request.is_form:
        from gerbang.nojs import status_page  # pages without script only

        return status_page(record, request.lang, access.access_code)
    return json_response(200, status_view(record, request.lang))


@app.post("/api/applications/new-code", summary="A lost access code: send a new one",
          description="Emails a new access code to the address on the application, which "
                      "replaces the old code. The answer is the same whether or not the "
                      "reference exists.",
          responses=answers(202, NewCodeRequested, "If it exists, a new code is on its way."))
def new_code(wanted: Annotated[NewCodeInput, Body()]):
    request = read_request(app)
    send_new_access_code(wanted.reference)
    message = t(request.lang, "page.new_code.sent")
    if request.is_form:
        from gerbang.pages import page

        return html_response(202, page(request.lang, t(request.lang, "page.new_code.title"),
                                       f"<p>{escape(message)}</p>"))
    return json_response(202, NewCodeRequested(message=message))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
