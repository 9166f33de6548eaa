"""The FAQ assistant: sections of our own pages that answer a question, in its language,
or "I don't know" and the question handed to an officer."""

from __future__ import annotations

from typing import Any

from gerbang import assistant
from gerbang.config import TableSettings, start
from gerbang.errors import InvalidInput
from gerbang.http import Request, html_response, json_response, make_app, read_query, read_request
from gerbang.i18n import field_message
from gerbang.models import AssistantInput, parse, prepare
from gerbang.observability import logger, metrics


class AssistantSettings(TableSettings):
    """Answers from the pages it ships with; only counts unanswered questions."""


SETTINGS = start(AssistantSettings)
app = make_app()
prepare(AssistantInput)


@app.post("/api/assistant/ask")
def ask():
    return _answer(read_request(app))


@app.get("/api/assistant/ask")
def ask_page():
    # The widget's form without script is a GET: Back from an answer's page comes back here.
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
    return json_response(200, result)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
