"""The officers' API: the queue, the whole record, and decisions. Every route needs a
Cognito access token of the group "officers"."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from gerbang import consultations, records, store
from gerbang.applications import decide
from gerbang.aws import s3
from gerbang.config import (
    DocumentsSettings,
    NotifySettings,
    OfficerPoolSettings,
    TableSettings,
    start,
)
from gerbang.errors import NotFound
from gerbang.http import answers, header, json_response, make_app, read_request
from gerbang.i18n import pick_language
from gerbang.models import AnswerInput, DecisionInput, prepare
from gerbang.observability import logger, metrics
from gerbang.officers import Officer, officer_from
from gerbang.records import ConsultationStatus
from gerbang.responses import (
    ConsultationQueue,
    OfficerConsultation,
    OfficerRecord,
    Queue,
    SignalCounts,
    SignInConfig,
    Unanswered,
)
from gerbang.status import IN_REVIEW, Status
from gerbang.views import officer_view, queue_row


class OfficerSettings(TableSettings, DocumentsSettings, OfficerPoolSettings, NotifySettings):
    """Checks officers' tokens against their pool, links to the clean copies of documents,
    and queues the email of a decision or an answer."""


SETTINGS = start(OfficerSettings)


def _signed_in_first() -> None:
    if app.current_event.path != "/api/officer/config":  # the sign-in page's, public
        _officer()


app = make_app(guard=_signed_in_first)
prepare(DecisionInput, AnswerInput, OfficerRecord, Queue, ConsultationQueue, Unanswered,
        SignalCounts, *records.MODELS)
Reference = Annotated[str, Path(max_length=40)]
Lang = Annotated[str | None, Query(max_length=35, description="Labels in this language.")]
# Every officer route needs a Cognito access token of the group "officers" (the scheme is
# declared in scripts/openapi.py: its model module costs ~90 ms of a cold start).
_SIGNED_IN = (401, 403, 503)  # 503: the pool's keys cannot be fetched
_OFFICER = [{"officer": []}]
LINK_SECONDS = 300  # a link to a passport scan lives five minutes


def _officer() -> Officer:
    return officer_from(header(app, "authorization"))


def _lang() -> str:
    return pick_language(app.current_event.get_query_string_value("lang"),
                         header(app, "accept-language"))


def _link(key: str) -> str:
    return s3().generate_presigned_url("get_object", ExpiresIn=LINK_SECONDS, Params={
        "Bucket": SETTINGS.documents_bucket, "Key": key})


@app.get("/api/officer/config", summary="What the officers' sign-in page needs",
         responses=answers(200, SignInConfig, "The user pool's public settings."))
def sign_in_config():
    """What the officers' sign-in page needs to talk to Cognito: nothing secret."""
    return json_response(200, SignInConfig(client_id=SETTINGS.client_id,
                                            cognito_url=SETTINGS.cognito_url))


@app.get("/api/officer/applications", security=_OFFICER,
         summary="The queue: one status, oldest first",
         responses=answers(200, Queue, "Up to 50 applications.", *_SIGNED_IN))
def list_queue(status: Annotated[Status, Query()] = IN_REVIEW,
               service: Annotated[str | None, Query(max_length=40)] = None, lang: Lang = None):
    _officer()
    rows = [queue_row(i, _lang()) for i in store.queue(status, service)]
    return json_response(200, Queue(status=status, applications=rows))


@app.get("/api/officer/applications/<reference>", security=_OFFICER,
         summary="The whole record",
         responses=answers(200, OfficerRecord, "Answers, documents, payments, audit trail.",
                           *_SIGNED_IN))
def show(reference: Reference, lang: Lang = None):
    _officer()
    record = store.load_record(reference)
    if record is None:
        raise NotFound("application_not_found")
    return json_response(200, officer_view(record, _lang(), _link))


@app.post("/api/officer/applications/<reference>/decision", security=_OFFICER,
         summary="Decide",
          description="On the version the officer saw: someone acting first gives 409.",
          responses=answers(200, OfficerRecord, "The record after the decision.",
                            *_SIGNED_IN, 409))
def decision(reference: Reference, wanted: Annotated[DecisionInput, Body()]):
    officer = _officer()
    request = read_request(app)
    decide(reference, wanted.decision, wanted.reason, wanted.expected_version,
           by=f"officer:{officer.username}")
    logger.info("decision", extra={"reference": reference, "decision": wanted.decision,
                                   "officer": officer.username})
    record = store.load_record(reference)
    assert record is not None
    return json_response(200, officer_view(record, request.lang, _link))


@app.get("/api/officer/consultations", security=_OFFICER,
         summary="Questions to officers, oldest first",
         responses=answers(200, ConsultationQueue, "Up to 50 questions.", *_SIGNED_IN))
def list_questions(status: Annotated[Literal["open", "answered"], Query()] = "open"):
    _officer()
    items = store.consultation_queue(ConsultationStatus(status))
    return json_response(200, ConsultationQueue(
        status=status, consultations=[consultations.officer_view(i) for i in items]))


@app.post("/api/officer/consultations/<reference>/answer", security=_OFFICER,
         summary="Answer a question",
          responses=answers(200, OfficerConsultation, "The answered question.",
                            *_SIGNED_IN, 409))
def answer_question(reference: Reference, wanted: Annotated[AnswerInput, Body()]):
    officer = _officer()
    read_request(app)
    item = consultations.answer(reference, wanted.answer, wanted.expected_version,
                                by=f"officer:{officer.username}")
    return json_response(200, consultations.officer_view(item))


@app.get("/api/officer/assistant/unanswered", security=_OFFICER,
         summary="What the FAQ assistant could not answer lately",
         description="Per language: counts and the known words those questions held (never "
                     "the questions): content the pages are missing.",
         responses=answers(200, Unanswered, "Counts per language and word.", *_SIGNED_IN))
def unanswered_questions(days: Annotated[int, Query(ge=1, le=90)] = 30):
    _officer()
    from gerbang.assistant import unanswered

    return json_response(200, Unanswered.model_validate(unanswered(days)))


@app.get("/api/officer/fraud-signals", security=_OFFICER,
         summary="Fraud signals raised per day",
         description="Per day and reason (the same file, a passport number given as "
                     "someone else, another applicant's face, a zone that does not add up); "
                     "each application shows its own with the other references.",
         responses=answers(200, SignalCounts, "Days with signals, newest first.",
                           *_SIGNED_IN))
def fraud_signals(days: Annotated[int, Query(ge=1, le=90)] = 30):
    _officer()
    from gerbang.fraud import daily_counts

    return json_response(200, SignalCounts.model_validate(daily_counts(days)))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
