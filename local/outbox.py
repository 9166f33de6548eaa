"""The local outbox: every email the notifier sent through the local SES (moto), newest
first, at /_outbox/. Nothing is delivered anywhere; this page is where to read it."""

from __future__ import annotations

from html import escape

from werkzeug.wrappers import Request, Response

from local.intrinsics import ACCOUNT, REGION


def outbox(_: Request) -> Response:
    from moto.ses.models import ses_backends

    sent = list(reversed(ses_backends[ACCOUNT][REGION].sent_messages))
    def to(message) -> str:  # noqa: ANN001 (moto's Message)
        return ", ".join(sum(message.destinations.values(), []))

    items = "".join(
        f"<article><h2>{escape(m.subject)}</h2><p>To: {escape(to(m))}"
        f"</p><iframe sandbox srcdoc=\"{escape(m.body)}\" title=\"{escape(m.subject)}\">"
        "</iframe></article>" for m in sent)
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width,initial-scale=1"><title>Local outbox</title><style>'
            "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem}"
            "article{border-bottom:1px solid #ccc;margin-bottom:1rem}iframe{width:100%;"
            "height:16rem;border:1px solid #ddd}</style></head><body><h1>Local outbox</h1>"
            f"<p>{len(sent)} emails sent by this run (nothing leaves this machine).</p>"
            f"{items}</body></html>")
    # Private (emails): never kept by the browser or the service worker.
    return Response(html, content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store"})
