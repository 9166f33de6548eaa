"""An application's status for whoever holds its reference and access code. The code
travels in the X-Access-Code header or a POST body, never in a URL."""

from __future__ import annotations

from typing import Any

from gerbang.applications import open_record
from gerbang.config import (
    DocumentsSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.http import header, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AccessInput, parse, prepare
from gerbang.observability import logger, metrics
from gerbang.views import status_view


class StatusSettings(TableSettings, DocumentsSettings, SiteSettings, PaymentSettings):
    """Reads the record; a status lists the provider's payment methods, and the page for a
    form without script carries upload forms that return to the site."""


SETTINGS = start(StatusSettings)
app = make_app(form="status")
prepare(AccessInput)


@app.get("/api/applications/<reference>")
def get_status(reference: str):
    record = open_record(reference, header(app, "x-access-code"))
    asked = app.current_event.get_query_string_value("lang")
    accept = header(app, "accept-language")
    # Without an explicit choice, answer in the language the application was made in.
    lang = (pick_language(asked, accept) if asked or accept
            else record.application.get("language", "en"))
    return json_response(200, status_view(record, lang))


@app.post("/api/applications/lookup")
def lookup():
    request = read_request(app)
    access = parse(AccessInput, request.data)
    record = open_record(access.reference, access.access_code)
    if request.is_form:
        from gerbang.nojs import status_page  # pages without script only

        return status_page(record, request.lang, access.access_code)
    return json_response(200, status_view(record, request.lang))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
