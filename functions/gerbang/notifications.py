"""Emails to applicants at each step, in their language. A step first happens (stored),
then a message is queued here; the notifier function sends it through SES and a failed
send comes back from the queue, so a mail problem never undoes or blocks a step.

An email carries the reference, a link and what the step needs said (a reason, an amount),
never the applicant's name, passport number or access code."""

from __future__ import annotations

import json
import os
from html import escape
from typing import Any

from gerbang.aws import sqs
from gerbang.catalog import load_catalog
from gerbang.config import settings
from gerbang.i18n import format_money, site_path, t
from gerbang.observability import logger

EVENTS = ("received", "document_rejected", "payment_received", "more_info_requested",
          "approved", "rejected")


def notify(reference: str, event: str, **params: Any) -> None:
    """Queue the email for `event`. Called after the step is stored; if even the queue is
    unreachable the step stands, and the failure is logged for the operator."""
    try:
        sqs().send_message(QueueUrl=os.environ["NOTIFY_QUEUE_URL"], MessageBody=json.dumps(
            {"reference": reference, "event": event, "params": params}))
    except Exception:  # noqa: BLE001 - the step is done; a lost email must not undo it
        logger.exception("could not queue a notification",
                         extra={"reference": reference, "event": event})


def render(application: dict[str, Any], event: str, params: dict[str, Any]
           ) -> tuple[str, str, str]:
    """Subject, plain text and simple HTML of one email, in the applicant's language."""
    lang = application.get("language", "en")
    reference = application["reference"]
    values: dict[str, Any] = {"reference": reference, "reason": "", **params}
    # Words are chosen here, in the applicant's language, from the codes the step gave.
    if "reason_code" in params:
        values["reason"] = t(lang, f"reason.{params['reason_code']}",
                             **(params.get("reason_params") or {}))
    if "kind" in params and params["kind"] != "consultation":
        values["document"] = load_catalog().document_kinds[params["kind"]].names(lang)
    if "answer" in application:  # a question: the answer is what the email is for
        values["answer"] = application["answer"]
    if "amount" in params:
        values["amount"] = format_money(int(params["amount"]), params["currency"], lang)
    link = settings().site_url + site_path(lang, "status")
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
