"""The FAQ assistant: sections of our own pages that answer a question, in its language,
or "I don't know" and the question handed to an officer."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from gerbang import assistant
from gerbang.config import TableSettings, start
from gerbang.errors import InvalidInput
from gerbang.http import (
    Request,
    answers,
    html_response,
    json_response,
    make_app,
    read_query,
    read_request,
    refusals,
)
from gerbang.i18n import field_message
from gerbang.models import AssistantInput, parse, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import AssistantAnswer


class AssistantSettings(TableSettings):
    """Answers from the pages it ships with; only counts unanswered questions."""


SETTINGS = start(AssistantSettings)
app = make_app()
prepare(AssistantInput, AssistantAnswer)
_PAGE = {"text/html": {"schema": {"type": "string"}}}


@app.post("/api/assistant/ask", summary="Ask the FAQ assistant",
          description="Answers only from our own pages, in the asked language, or says it "
                      "does not know and offers the question to an officer.",
          responses=answers(200, AssistantAnswer, "Sections that answer, or none."))
def ask(_question: Annotated[AssistantInput, Body()]):
    return _answer(read_request(app))


@app.get("/api/assistant/ask", summary="The assistant's answer as a page (no script)",
         description="The widget's form without script; answered with an HTML page.",
         responses={**refusals(),
                    200: {"description": "A page with the answer.", "content": _PAGE},
                    422: {"description": "The form again, saying what to fix (a query "
                                         "the form never sends, e.g. a field twice, gets "
                                         "the error body).",
                          "content": {**_PAGE, **refusals()[422]["content"]}}})
def ask_page(
    # Checked by the page itself, which shows the form again with what to fix.
    question: Annotated[str | None, Query()] = None,
    language: Annotated[str | None, Query()] = None,
):
    # Back from an answer's page comes back here: a GET, not a post.
    return _answer(read_query(app))


def _answer(request: Request):
    try:
        wanted = parse(AssistantInput, request.data)
    except InvalidInput as error:
        if not request.is_form:
            raise
        from gerbang import pages  # pages without script only

        first = error.fields[0]
        message = field_message(request.lang, first.field, first.code, first.params)
        return html_response(error.status, pages.assistant_page(
            request.lang, str(request.data.get("question", "")), None, message))
    result = assistant.ask(wanted.question, request.lang)
    if request.is_form:
        from gerbang import pages

        return html_response(200, pages.assistant_page(request.lang, wanted.question, result))
    return json_response(200, AssistantAnswer.model_validate(result))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
