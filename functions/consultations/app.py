"""Questions to an officer: ask one, and read the answer with the reference and code."""

from __future__ import annotations

from typing import Any

from gerbang import consultations
from gerbang.config import TableSettings, start
from gerbang.http import access_code, header, html_response, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AccessInput, ConsultationInput, parse, prepare
from gerbang.observability import logger, metrics


class ConsultationsSettings(TableSettings):
    """Stores and reads questions; their answers' emails are the officer function's."""


SETTINGS = start(ConsultationsSettings)
app = make_app(form="ask")
prepare(ConsultationInput, AccessInput)


@app.post("/api/consultations")
def ask():
    request = read_request(app)
    wanted = parse(ConsultationInput, request.data)
    asked = consultations.ask(wanted.topic, wanted.question, wanted.email, wanted.language,
                              wanted.application_reference)
    if request.is_form:
        from gerbang import pages  # pages without script only

        item = consultations.open_consultation(asked["reference"], asked["access_code"])
        return html_response(201, pages.consultation_page(
            consultations.view(item, request.lang), request.lang, asked["access_code"]))
    return json_response(201, asked)


@app.get("/api/consultations/<reference>")
def read(reference: str):
    item = consultations.open_consultation(reference, header(app, "x-access-code"))
    lang = pick_language(app.current_event.get_query_string_value("lang"),
                         header(app, "accept-language") or item["language"])
    return json_response(200, consultations.view(item, lang))


@app.post("/api/consultations/lookup")
def lookup():
    request = read_request(app)
    wanted = parse(AccessInput, request.data)
    item = consultations.open_consultation(wanted.reference, wanted.access_code
                                           or access_code(app, request))
    view = consultations.view(item, request.lang)
    if request.is_form:
        from gerbang import pages

        return html_response(200, pages.consultation_page(view, request.lang))
    return json_response(200, view)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
