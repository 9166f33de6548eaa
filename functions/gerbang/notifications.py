"""Emails to applicants at each step, in their language, through a transactional outbox.

A step that owes an email stores the email's job (`job()`) in the step's own DynamoDB
transaction (gerbang.store): both or neither. After the transaction `notify()` puts the job on
the queue; the notifier takes it out of the outbox once the email is sent. If the queue is
unreachable, or the function dies in between, or the email is still not sent a few minutes
later, the sweeper (functions/outbox) queues the job again. A job may so reach the queue
twice: the notifier sends one email per job id. (The request does not delete the job
itself: a DynamoDB delete there added ~15 ms to every submit through the local stack.)
The notifier function sends through SES and a failed send comes back from the queue, so a
mail problem never undoes or blocks a step.

An email carries the reference, a link and what the step needs said (a reason, an amount),
never the applicant's name, passport number or access code; a job holds no more than that
(reference, event, params), as the queued message does."""

from __future__ import annotations

import uuid
from datetime import timedelta
from html import escape
from typing import Any

from gerbang import store
from gerbang.aws import sqs
from gerbang.catalog import load_catalog
from gerbang.clock import now, timestamp
from gerbang.config import NotifySettings, SiteSettings, settings
from gerbang.i18n import format_money, site_path, t
from gerbang.observability import logger
from gerbang.records import EmailJob

EVENTS = ("received", "document_rejected", "payment_received", "more_info_requested",
          "approved", "rejected")
# A job this old is still in the outbox only if notify() could not queue it: a step's own
# notify() takes well under a second, so the sweeper never races a healthy one.
SWEEP_AFTER = timedelta(minutes=2)


def is_consultation(params: dict[str, Any]) -> bool:
    """Whether the email is about a question (a CONSULT# record), not an application."""
    return params.get("kind") == "consultation"


def job(reference: str, event: str, **params: Any) -> EmailJob:
    """The email a step owes, to store with the step (gerbang.store) and then `notify()`."""
    return EmailJob(job=uuid.uuid4().hex, reference=reference, event=event, params=params,
                    created_at=timestamp(),
                    record="CONSULT" if is_consultation(params) else "APP")


def _queue(email: EmailJob) -> None:
    # The whole job travels: the notifier takes it out of the outbox by its key.
    sqs().send_message(QueueUrl=settings(NotifySettings).notify_queue_url,
                       MessageBody=email.model_dump_json())


def notify(email: EmailJob) -> None:
    """Queue a job its step stored. A failure is logged and left to the sweeper: the job
    is still in the outbox, and the step stands."""
    try:
        _queue(email)
    except Exception:  # noqa: BLE001 - the step is done; the outbox keeps its email
        logger.exception("could not queue a notification; the outbox keeps it",
                         extra={"reference": email.reference, "event": email.event})


def sweep(limit: int = 100) -> int:
    """Queue the jobs left in the outbox for longer than SWEEP_AFTER, oldest first; answer
    how many. A failure stops the sweep (the queue is likely down): the next run goes on."""
    waiting = store.pending_emails(timestamp(now() - SWEEP_AFTER), limit)
    for email in waiting:
        _queue(email)
        store.email_requeued(email, timestamp(now()))  # not again for SWEEP_AFTER
        logger.info("queued a notification from the outbox",
                    extra={"reference": email.reference, "event": email.event})
    return len(waiting)


def render(lang: str, reference: str, event: str, params: dict[str, Any],
           answer: str | None = None) -> tuple[str, str, str]:
    """Subject, plain text and simple HTML of one email, in the applicant's language
    (`answer`: an officer's answer to the question the email is about)."""
    values: dict[str, Any] = {"reference": reference, "reason": "", **params}
    # Words are chosen here, in the applicant's language, from the codes the step gave.
    if "reason_code" in params:
        values["reason"] = t(lang, f"reason.{params['reason_code']}",
                             **(params.get("reason_params") or {}))
    if "kind" in params and params["kind"] != "consultation":
        values["document"] = load_catalog().document_kinds[params["kind"]].names(lang)
    if answer is not None:  # a question: the answer is what the email is for
        values["answer"] = answer
    if "amount" in params:
        values["amount"] = format_money(int(params["amount"]), params["currency"], lang)
    link = settings(SiteSettings).site_url + site_path(lang, "status")
    subject = t(lang, f"email.{event}.subject", **values)
    body = t(lang, f"email.{event}.body", **values).strip()
    footer = t(lang, "email.footer", reference=reference, link=link,
               authority=load_catalog().authority.name(lang))
    text = f"{body}\n\n--\n{footer}\n"
    paragraphs = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>"
                         for p in body.split("\n\n"))
    html = (f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif;'
            f'max-width:36rem">{paragraphs}<hr><p style="color:#555">'
            f'{escape(footer).replace(chr(10), "<br>")}</p>'
            f'<p><a href="{escape(link)}">{escape(link)}</a></p></body></html>')
    return subject, text, html


def send_email(address: str, subject: str, text: str, html: str) -> None:
    """One email through SES, from the office's address, as text and HTML."""
    from gerbang.aws import ses
    from gerbang.config import MailSettings

    ses().send_email(
        Source=settings(MailSettings).mail_from, Destination={"ToAddresses": [address]},
        Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": text, "Charset": "UTF-8"},
                          "Html": {"Data": html, "Charset": "UTF-8"}}})


def send_now(lang: str, reference: str, address: str, event: str, params: dict[str, Any]
             ) -> None:
    """Send one email at once, not through the outbox: for an email that carries a secret
    (a new access code), which must never be stored. A failure goes up to the caller."""
    send_email(address, *render(lang, reference, event, params))
