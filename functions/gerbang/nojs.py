"""What a plain form post (no script) gets back about an application: its status page with
ready-to-use upload forms (presigned, returning to the site in the applicant's language)
and the pay form."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from gerbang import pages
from gerbang.documents import presign, uploads_open
from gerbang.http import html_response
from gerbang.status import DOCUMENTS_VERIFIED, MORE_INFO, SUBMITTED
from gerbang.store import Record
from gerbang.views import status_view


def status_page(record: Record, lang: str, access_code: str, *, just_submitted: bool = False,
                status: int = 200, after: str = "") -> Response:
    """The page; `access_code` goes into its forms (empty for a signed-in applicant's own
    application: the sign-in cookie goes with them instead). `after` ends its main part."""
    view = status_view(record, lang).model_dump()
    reference = view["reference"]
    uploads = []
    if uploads_open(record):
        uploads = [
            {**doc, "post": presign(reference, view["service"]["id"], doc["kind"],
                                    redirect_lang=lang)}
            for doc in view["documents"]
            if doc["replaceable"]
        ]
    can_pay = view["payment"]["state"] != "paid" and view["status"] in (SUBMITTED,
                                                                       DOCUMENTS_VERIFIED)
    html = pages.status_page(view, lang, access_code, uploads, can_pay,
                             received_code=access_code if just_submitted else None,
                             can_resubmit=view["status"] == MORE_INFO)
    return html_response(status, html.replace("</main>", after + "</main>", 1))
