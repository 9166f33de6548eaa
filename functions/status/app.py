"""An application's status for whoever holds its reference and access code. The code
travels in the X-Access-Code header or a POST body, never in a URL."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from gerbang import records
from gerbang.applications import open_record
from gerbang.config import (
    DocumentsSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.http import answers, header, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AccessInput, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import StatusView
from gerbang.views import status_view


class StatusSettings(TableSettings, DocumentsSettings, SiteSettings, PaymentSettings):
    """Reads the record; a status lists the provider's payment methods, and the page for a
    form without script carries upload forms that return to the site."""


SETTINGS = start(StatusSettings)
app = make_app(form="status")
prepare(AccessInput, StatusView, *records.MODELS)
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


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
