"""Sends the queued emails through SES. A record that fails (SES throttled, a network
error) goes back to the queue on its own and, after the queue's maxReceiveCount, to the
dead-letter queue: the applicant's step was stored long before.

A job can be queued twice (by its step and by the outbox sweeper, when its email was not
sent within minutes): a job id is claimed in the table before SES, so a second copy sends
nothing. A failed send gives the claim back; a claim whose notifier died lapses
(store.CLAIM_SECONDS). A sent job is marked sent and leaves the outbox here."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from gerbang.config import MailSettings, SiteSettings, TableSettings, start
from gerbang.notifications import is_consultation, render, send_email
from gerbang.observability import logger, metrics
from gerbang.records import EmailJob
from gerbang.store import (
    claim_email,
    email_sent,
    load_consultation,
    load_record,
    release_email,
)


class NotifierSettings(TableSettings, MailSettings, SiteSettings):
    """Reads whom to tell, claims and marks the job, sends from MAIL_FROM with a link to
    the site."""


SETTINGS = start(NotifierSettings)
processor = BatchProcessor(event_type=EventType.SQS)


def _recipient(email: EmailJob) -> tuple[str, str | None, str | None] | None:
    """Who the email is for: the record's language, its address and, for a question, the
    officer's answer. None when the record is gone."""
    if is_consultation(email.params):
        question = load_consultation(email.reference)
        if question is None:
            return None
        return question.language, question.email, question.answer or ""
    found = load_record(email.reference)
    if found is None:
        return None
    return found.application.language, found.application.applicant.email, None


def send(record: Any) -> None:
    email = EmailJob.model_validate_json(record.body)
    recipient = _recipient(email)
    if recipient is None or not recipient[1]:
        email_sent(email)  # nothing to tell, ever: the job is done
        return
    lang, address, answer = recipient
    subject, text, html = render(lang, email.reference, email.event, email.params, answer)
    about = {"reference": email.reference, "event": email.event}
    if not claim_email(email.job):
        # Sent (its job left the outbox then), or another copy is sending it now: if that
        # one fails, the job is still in the outbox and the sweeper queues it again.
        logger.info("email sent or being sent", extra=about)
        return
    try:
        send_email(address, subject, text, html)
    except Exception:
        release_email(email.job)
        raise
    email_sent(email)
    logger.info("email sent", extra=about)


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=send, processor=processor,
                                    context=context)
