"""The officers' API: the queue, the whole record, and decisions. Every route needs a
Cognito access token of the group "officers"."""

from __future__ import annotations

from typing import Any

from gerbang import consultations, store
from gerbang.applications import decide
from gerbang.aws import s3
from gerbang.config import (
    DocumentsSettings,
    NotifySettings,
    OfficerPoolSettings,
    TableSettings,
    start,
)
from gerbang.errors import FieldError, InvalidInput, NotFound
from gerbang.http import header, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AnswerInput, DecisionInput, parse, prepare
from gerbang.observability import logger, metrics
from gerbang.officers import Officer, officer_from
from gerbang.status import IN_REVIEW, STATUSES
from gerbang.views import officer_view, queue_row


class OfficerSettings(TableSettings, DocumentsSettings, OfficerPoolSettings, NotifySettings):
    """Checks officers' tokens against their pool, links to the clean copies of documents,
    and queues the email of a decision or an answer."""


SETTINGS = start(OfficerSettings)
app = make_app()
prepare(DecisionInput, AnswerInput)
LINK_SECONDS = 300  # a link to a passport scan lives five minutes


def _officer() -> Officer:
    return officer_from(header(app, "authorization"))


def _lang() -> str:
    return pick_language(app.current_event.get_query_string_value("lang"),
                         header(app, "accept-language"))


def _link(key: str) -> str:
    return s3().generate_presigned_url("get_object", ExpiresIn=LINK_SECONDS, Params={
        "Bucket": SETTINGS.documents_bucket, "Key": key})


@app.get("/api/officer/config")
def sign_in_config():
    """What the officers' sign-in page needs to talk to Cognito: nothing secret."""
    return json_response(200, {"client_id": SETTINGS.client_id,
                               "cognito_url": SETTINGS.cognito_url})


@app.get("/api/officer/applications")
def list_queue():
    _officer()
    status = app.current_event.get_query_string_value("status") or IN_REVIEW
    if status not in STATUSES:
        raise InvalidInput([FieldError("status", "invalid_choice")])
    service = app.current_event.get_query_string_value("service")
    rows = [queue_row(i, _lang()) for i in store.queue(status, service)]
    return json_response(200, {"status": status, "applications": rows})


@app.get("/api/officer/applications/<reference>")
def show(reference: str):
    _officer()
    record = store.load_record(reference)
    if record is None:
        raise NotFound("application_not_found")
    return json_response(200, officer_view(record, _lang(), _link))


@app.post("/api/officer/applications/<reference>/decision")
def decision(reference: str):
    officer = _officer()
    request = read_request(app)
    wanted = parse(DecisionInput, request.data)
    decide(reference, wanted.decision, wanted.reason, wanted.expected_version,
           by=f"officer:{officer.username}")
    logger.info("decision", extra={"reference": reference, "decision": wanted.decision,
                                   "officer": officer.username})
    record = store.load_record(reference)
    assert record is not None
    return json_response(200, officer_view(record, request.lang, _link))


@app.get("/api/officer/consultations")
def list_questions():
    _officer()
    status = app.current_event.get_query_string_value("status") or "open"
    if status not in ("open", "answered"):
        raise InvalidInput([FieldError("status", "invalid_choice")])
    items = store.queue(f"consultation:{status}")
    return json_response(200, {"status": status,
                               "consultations": [consultations.officer_view(i) for i in items]})


@app.post("/api/officer/consultations/<reference>/answer")
def answer_question(reference: str):
    officer = _officer()
    wanted = parse(AnswerInput, read_request(app).data)
    item = consultations.answer(reference, wanted.answer, wanted.expected_version,
                                by=f"officer:{officer.username}")
    return json_response(200, consultations.officer_view(item))


@app.get("/api/officer/assistant/unanswered")
def unanswered_questions():
    """What the FAQ assistant could not answer lately, per language: counts and the known
    words those questions held (never the questions): content the pages are missing."""
    _officer()
    days = app.current_event.get_query_string_value("days") or "30"
    if not days.isdigit() or not 1 <= int(days) <= 90:
        raise InvalidInput([FieldError("days", "invalid_number")])
    from gerbang.assistant import unanswered

    return json_response(200, unanswered(int(days)))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
