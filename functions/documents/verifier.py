"""The document verifier, fed by SQS with S3 upload notifications. A record that fails is
reported back alone; SQS retries it and, after the queue's maxReceiveCount, moves it to the
dead-letter queue. Checking the same upload twice records the same outcome. A file the
malware scan has not tagged yet comes back sooner than the queue's visibility timeout, with
a back-off (30 s, 1, 2, 4 min): long enough for GuardDuty, short for a waiting applicant."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from gerbang.applications import advance
from gerbang.aws import sqs
from gerbang.config import (
    DocumentsSettings,
    NotifySettings,
    ScanSettings,
    TableSettings,
    start,
)
from gerbang.documents import ScanPending, keys_from_event, verify_upload
from gerbang.observability import logger, metrics


class VerifierSettings(TableSettings, DocumentsSettings, ScanSettings, NotifySettings):
    """Reads the upload and its scan tag, keeps a clean copy, records the outcome and
    queues the email of a refused document."""


SETTINGS = start(VerifierSettings)
processor = BatchProcessor(event_type=EventType.SQS)
SCAN_RETRY_SECONDS = 30


def verify_message(record: Any) -> None:
    notification = json.loads(record.body)
    for key, uploaded_at in keys_from_event(notification):  # s3:TestEvent has none
        try:
            outcome = verify_upload(key, uploaded_at)
        except ScanPending as pending:
            _retry_later(record)
            logger.info("waiting for the malware scan", extra={"key": key, "tag": str(pending)})
            raise
        logger.info("document checked", extra={"key": key, "outcome": outcome})
        if outcome != "ignored":
            advance(key.split("/")[1], by="verifier")


def _retry_later(record: Any) -> None:
    tries = int(record.attributes.approximate_receive_count or 1)
    queue = record.event_source_arn.rsplit(":", 1)[1]
    sqs().change_message_visibility(
        QueueUrl=sqs().get_queue_url(QueueName=queue)["QueueUrl"],
        ReceiptHandle=record.receipt_handle,
        VisibilityTimeout=min(SCAN_RETRY_SECONDS * 2 ** (tries - 1), 900))


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=verify_message,
                                    processor=processor, context=context)
