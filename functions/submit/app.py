"""POST /api/applications: a new application, stored once however often it is sent."""

from __future__ import annotations

import hashlib
import json
import re
from contextvars import ContextVar
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.serialization.base import (
    BaseIdempotencySerializer,
)
from gerbang import applications, records, store
from gerbang.accounts_link import link_to_account
from gerbang.application_input import ApplicationInput
from gerbang.aws import dynamodb
from gerbang.config import (
    ApplicantPoolSettings,
    DocumentsSettings,
    NotifySettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.errors import Busy, Conflict, DomainError
from gerbang.http import answers, error_response, json_response, make_app, read_request
from gerbang.models import prepare
from gerbang.observability import logger, metrics
from gerbang.responses import Received
from gerbang.views import received_view


class SubmitSettings(TableSettings, NotifySettings, DocumentsSettings, SiteSettings,
                     PaymentSettings, ApplicantPoolSettings):
    """Stores the application (and its idempotency record) and queues its email; a form
    without script gets its status page: upload forms that return to the site, and the
    provider's payment methods. An applicant signed in gets it in the account."""


SETTINGS = start(SubmitSettings)
app = make_app(form="apply", recheck=applications.check_answers)
prepare(ApplicationInput, Received, *records.MODELS)
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,128}$")


class _WithoutAccessCode(BaseIdempotencySerializer):
    """The saved answer must not hold the access code: we keep only its hash."""

    def to_dict(self, data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k != "access_code"}

    def from_dict(self, data: dict[str, Any]) -> dict[str, Any]:
        return data


def _reissue(response: dict[str, Any], _record: Any) -> dict[str, Any]:
    # A repeat of a stored submission: its first answer may never have arrived, and its
    # code cannot be recovered from the hash, so the repeat carries a new one.
    return {**response, "access_code": applications.reissue_access_code(response["reference"])}


_persistence = DynamoDBPersistenceLayer(
    table_name=SETTINGS.table_name, key_attr="pk", sort_key_attr="sk",
    static_pk_value="IDEMPOTENCY#submit", boto3_client=dynamodb())
_config = IdempotencyConfig(event_key_jmespath="key", payload_validation_jmespath="payload",
                            raise_on_no_idempotency_key=True, expires_after_seconds=24 * 3600,
                            response_hook=_reissue)


# The application this request stored, if it did (see _stored_anyway).
_stored: ContextVar[dict[str, Any] | None] = ContextVar("stored", default=None)


@idempotent_function(data_keyword_argument="request", persistence_store=_persistence,
                     config=_config, output_serializer=_WithoutAccessCode())
def submit_once(request: dict[str, Any]) -> dict[str, Any]:
    stored = applications.submit(applications.check_answers(request["payload"]))
    _stored.set(stored)
    return stored


def _stored_anyway(error: IdempotencyPersistenceLayerError) -> dict[str, Any]:
    """Powertools could not read or write the key's record, which it reports as this one
    error (a 500 unless handled). Before the application was stored, nothing of it was
    written: a throttled table is Busy (429), as for our own writes. After (the record not
    marked done), the application stands: the applicant gets it, with the access code only
    this answer shows, rather than a "try again" that would store a second one. (The key's
    record stays in progress: a repeat hears 409 until it lapses with the invocation's
    time, and one after that would store a second application; an applicant who has
    their answer has no reason to send it again.)"""
    stored = _stored.get()
    if stored is not None:
        logger.warning("idempotency record not saved; the application is stored",
                       extra={"reference": stored["reference"]})
        return stored
    if store.throttled(error.__cause__):
        raise Busy() from error
    raise error


@app.exception_handler(IdempotencyValidationError)
def _key_reused(_: Exception):
    return error_response(app, Conflict("idempotency_key_reused"), "apply")


@app.exception_handler(IdempotencyAlreadyInProgressError)
def _in_progress(_: Exception):
    return error_response(app, Conflict("request_in_progress"), "apply")


@app.post("/api/applications", summary="Submit an application",
          description="Stored once per Idempotency-Key however often it is sent. A plain "
                      "form post (no script) needs no key and is answered with a page.",
          responses=answers(201, Received, "The application is stored.", 409))
def submit(
    application: Annotated[ApplicationInput, Body()],
    idempotency_key: Annotated[str | None, Header(
        alias="Idempotency-Key", description="8-128 letters, digits, `-` or `_`; the same "
        "key with the same answers is the same application.")] = None,
):
    request = read_request(app)
    if request.is_form:
        # A page without script cannot send a key; the same answers sent twice (a double
        # tap, a resent form) are the same application.
        canonical = json.dumps(request.data, sort_keys=True, ensure_ascii=False).encode()
        key = "form-" + hashlib.sha256(canonical).hexdigest()
    else:
        key = idempotency_key or ""
        if not _KEY.match(key):
            raise DomainError("idempotency_key_required")
    # The raw answers, not `application`: the rules are checked with them inside (all
    # broken rules at once), and the key's payload is what the applicant sent.
    _stored.set(None)
    try:
        result = submit_once(request={"key": key, "payload": request.data})
    except IdempotencyPersistenceLayerError as error:
        result = _stored_anyway(error)
    metrics.add_metric(name="ApplicationsSubmitted", unit=MetricUnit.Count, value=1)
    link_to_account(app, "application", result["reference"])
    if request.is_form:
        from gerbang.nojs import status_page  # pages without script only

        record = store.load_record(result["reference"])
        assert record is not None
        return status_page(record, request.lang, result["access_code"], just_submitted=True,
                           status=201)
    return json_response(201, received_view(result, request.lang))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    _config.register_lambda_context(context)
    return app.resolve(event, context)
