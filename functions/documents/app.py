"""POST /api/applications/{reference}/documents: a presigned POST for one document."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path
from gerbang import records
from gerbang.accounts_link import open_application
from gerbang.applications import resubmit
from gerbang.config import (
    ApplicantPoolSettings,
    DocumentsSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.documents import request_upload
from gerbang.http import access_code, answers, json_response, make_app, read_request
from gerbang.models import CodeInput, UploadRequest, prepare
from gerbang.observability import logger, metrics
from gerbang.responses import StatusView, UploadForm
from gerbang.views import status_view


class DocumentsAppSettings(TableSettings, DocumentsSettings, SiteSettings, PaymentSettings,
                           ApplicantPoolSettings):
    """Presigns uploads; a resubmission answers with the status (payment methods included),
    whose page without script has upload forms that return to the site. A signed-in
    applicant's own application needs no access code."""


SETTINGS = start(DocumentsAppSettings)
app = make_app()
prepare(UploadRequest, UploadForm, StatusView, *records.MODELS)
Reference = Annotated[str, Path(max_length=40, description="The application's reference.")]
AccessCode = Annotated[str, Header(alias="X-Access-Code", max_length=64,
                                   description="The access code (a form sends it in the body).")]


@app.post("/api/applications/<reference>/documents", summary="Ask to upload one document",
          responses=answers(201, UploadForm, "A presigned POST, valid a few minutes.", 409))
def upload(reference: Reference, wanted: Annotated[UploadRequest, Body()],
           code: AccessCode = ""):
    request = read_request(app)
    record = open_application(app, reference, code or access_code(app, request))
    post = request_upload(record, wanted.kind, wanted.content_type, wanted.size_bytes,
                          wanted.file_name)
    return json_response(201, UploadForm.model_validate(post))


@app.post("/api/applications/<reference>/resubmit",
          summary="Send the application back to the officer",
          description="After more information was asked for and every document is in.",
          responses=answers(200, StatusView, "Back in the officer's queue.", 409))
def send_back(reference: Reference,
              _form: Annotated[CodeInput | None, Body()] = None, code: AccessCode = ""):
    request = read_request(app)
    code = code or access_code(app, request)
    resubmit(open_application(app, reference, code))
    record = open_application(app, reference, code)
    if request.is_form:
        from gerbang.nojs import status_page

        return status_page(record, request.lang, code)
    return json_response(200, status_view(record, request.lang))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
