"""The email outbox and the sent marks: a step's email job is written in the step's own
transaction (`outbox_put`), waits in the outbox until the notifier has sent it, and is
claimed before SES so that a job queued twice sends one email."""

from __future__ import annotations

from itertools import islice
from typing import Any

from gerbang import clock
from gerbang.records import EmailJob
from gerbang.store.table import Write, delete, put, query, transact, update, write

SENT_DAYS_KEPT = 30  # longer than a message can live on the queue or its dead-letter queue
# How long a claim holds a job's email: three times the notifier's timeout (template.yaml;
# tests/unit/test_template.py holds them together), so a notifier still running always
# finishes first, and a claim left by one that died lapses before the sweeper's next copy.
CLAIM_SECONDS = 90


def _outbox_key(job: EmailJob) -> dict[str, str]:
    return {"pk": f"{job.record}#{job.reference}", "sk": f"OUTBOX#{job.event}#{job.job}"}


def outbox_put(job: EmailJob | None,
               refused: Exception | bool | None = None) -> list[Write]:
    """The transaction item that stores an email's job beside its step (none if no email);
    `refused` is what its step means when the job's key is taken."""
    if job is None:
        return []
    return [put({**_outbox_key(job), **job.stored(), "outbox": "pending"},
                "attribute_not_exists(pk)", refused=refused)]


def pending_emails(before: str, limit: int = 100) -> list[EmailJob]:
    """Jobs in the outbox created before `before`, oldest first (the sparse index)."""
    return [EmailJob.from_item(i) for i in islice(query(
        IndexName="outbox", KeyConditionExpression="outbox = :pending AND created_at < :before",
        ExpressionAttributeValues={":pending": "pending", ":before": before},
        ScanIndexForward=True, Limit=limit), limit)]


def _sent_key(job_id: str) -> dict[str, str]:
    return {"pk": f"SENT#{job_id}", "sk": "SENT"}


def _sent_item(job_id: str, state: str, **more: Any) -> dict[str, Any]:
    """A job's mark: "sending" (claimed, `until` a time) or "sent"; it expires on its own."""
    expiration = int(clock.now().timestamp()) + SENT_DAYS_KEPT * 86400
    return {**_sent_key(job_id), "state": state, "expiration": expiration, **more}


def email_sent(job: EmailJob) -> None:
    """The notifier sent the job's email (or found no one to send it to): the job is marked
    sent, so no copy of it sends again, and leaves the outbox, both at once."""
    transact(put(_sent_item(job.job, "sent")), delete(_outbox_key(job)))


def email_requeued(job: EmailJob, at: str) -> None:
    """The sweeper queued the job again: it waits another while before the next try. Only
    if it is still there (the notifier may have sent it meanwhile): never a half item."""
    write(update(_outbox_key(job), "SET created_at = :at", "attribute_exists(pk)",
                 values={":at": at}, refused=False))


def claim_email(job_id: str) -> bool:
    """Take the email of `job_id` for sending, unless it was sent or another copy of the job
    holds it. A claim lapses after CLAIM_SECONDS: a notifier that died between its claim and
    SES's answer loses the email to the next copy, not to no one. (One that died after SES
    accepted it and before email_sent means a second email: late and twice, never lost.)"""
    at = int(clock.now().timestamp())
    return write(put(_sent_item(job_id, "sending", until=at + CLAIM_SECONDS),
                     "attribute_not_exists(pk) OR (#state = :sending AND #until < :now)",
                     names={"#state": "state", "#until": "until"},
                     values={":sending": "sending", ":now": at}, refused=False))


def release_email(job_id: str) -> None:
    """The send failed after the claim: let the queue's retry send it."""
    write(delete(_sent_key(job_id)))
