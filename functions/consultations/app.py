"""Questions to an officer: ask one, and read the answer with the reference and code."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from gerbang import consultations, records
from gerbang.accounts_link import link_to_account
from gerbang.config import ApplicantPoolSettings, TableSettings, start
from gerbang.http import answers, header, html_response, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AccessInput, ConsultationInput, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import Consultation, ConsultationAsked


class ConsultationsSettings(TableSettings, ApplicantPoolSettings):
    """Stores and reads questions; their answers' emails are the officer function's. A
    question asked while signed in belongs to the account."""


SETTINGS = start(ConsultationsSettings)
app = make_app(form="ask")
prepare(ConsultationInput, AccessInput, Consultation, ConsultationAsked,
        *records.MODELS)


@app.post("/api/consultations", summary="Ask an officer a question",
          responses=answers(201, ConsultationAsked, "The question is stored."))
def ask(wanted: Annotated[ConsultationInput, Body()]):
    request = read_request(app)
    asked = consultations.ask(wanted.topic, wanted.question, wanted.email, wanted.language,
                              wanted.application_reference)
    link_to_account(app, "consultation", asked.reference)
    if request.is_form:
        from gerbang import pages  # pages without script only

        item = consultations.open_consultation(asked.reference, asked.access_code)
        return html_response(201, pages.consultation_page(
            consultations.view(item, request.lang).model_dump(), request.lang,
            asked.access_code))
    return json_response(201, asked)


@app.get("/api/consultations/<reference>", summary="A question and its answer",
         responses=answers(200, Consultation, "The question, and the answer once given."))
def read(reference: Annotated[str, Path(max_length=40)],
         code: Annotated[str, Header(alias="X-Access-Code", max_length=64)] = "",
         lang: Annotated[str | None, Query(max_length=35)] = None):
    item = consultations.open_consultation(reference, code)
    lang = pick_language(lang, header(app, "accept-language") or item.language)
    return json_response(200, consultations.view(item, lang))


@app.post("/api/consultations/lookup", summary="Look a question up by reference and code",
          responses=answers(200, Consultation, "The question, and the answer once given."))
def lookup(wanted: Annotated[AccessInput, Body()]):
    request = read_request(app)
    item = consultations.open_consultation(wanted.reference, wanted.access_code)
    view = consultations.view(item, request.lang)
    if request.is_form:
        from gerbang import pages

        return html_response(200, pages.consultation_page(view.model_dump(), request.lang))
    return json_response(200, view)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
