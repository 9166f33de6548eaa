"""POST /api/applications/{reference}/documents: a presigned POST for one document."""

from __future__ import annotations

from typing import Any

from gerbang.applications import open_record, resubmit
from gerbang.config import (
    DocumentsSettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    start,
)
from gerbang.documents import request_upload
from gerbang.http import access_code, json_response, make_app, read_request
from gerbang.models import UploadRequest, parse, prepare
from gerbang.observability import logger, metrics
from gerbang.views import status_view


class DocumentsAppSettings(TableSettings, DocumentsSettings, SiteSettings, PaymentSettings):
    """Presigns uploads; a resubmission answers with the status (payment methods included),
    whose page without script has upload forms that return to the site."""


SETTINGS = start(DocumentsAppSettings)
app = make_app()
prepare(UploadRequest)


@app.post("/api/applications/<reference>/documents")
def upload(reference: str):
    request = read_request(app)
    record = open_record(reference, access_code(app, request))
    wanted = parse(UploadRequest, request.data)
    post = request_upload(record, wanted.kind, wanted.content_type, wanted.size_bytes,
                          wanted.file_name)
    return json_response(201, post)


@app.post("/api/applications/<reference>/resubmit")
def send_back(reference: str):
    """After more information was asked for: back to the officer's queue."""
    request = read_request(app)
    code = access_code(app, request)
    resubmit(reference, code)
    record = open_record(reference, code)
    if request.is_form:
        from gerbang.nojs import status_page

        return status_page(record, request.lang, code)
    return json_response(200, status_view(record, request.lang))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
