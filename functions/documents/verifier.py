"""The document verifier, fed by SQS with S3 upload notifications. A record that fails is
reported back alone; SQS retries it and, after the queue's maxReceiveCount, moves it to the
dead-letter queue. Checking the same upload twice records the same outcome."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from gerbang.applications import advance
from gerbang.documents import keys_from_event, verify_upload
from gerbang.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.SQS)


def verify_message(record: Any) -> None:
    notification = json.loads(record.body)
    for key, uploaded_at in keys_from_event(notification):  # s3:TestEvent has none
        outcome = verify_upload(key, uploaded_at)
        logger.info("document checked", extra={"key": key, "outcome": outcome})
        if outcome != "ignored":
            advance(key.split("/")[1], by="verifier")


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=verify_message,
                                    processor=processor, context=context)
