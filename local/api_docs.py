"""Swagger UI over the API's OpenAPI document, for developers on the local stack only: the
deployed stack has no such route (template.yaml declares none). Powertools ships the Swagger
UI bundle, so the page needs nothing from the internet."""

from __future__ import annotations

from pathlib import Path

from aws_lambda_powertools.event_handler.openapi import swagger_ui
from aws_lambda_powertools.event_handler.openapi.swagger_ui.html import generate_swagger_html
from werkzeug.wrappers import Request, Response

DOCUMENT = Path(__file__).resolve().parents[1] / "functions" / "openapi" / "openapi.json"
PATH = "/_dev/api"


def api_docs(_: Request) -> Response:
    bundle = Path(swagger_ui.__file__).parent
    html = generate_swagger_html(
        spec=DOCUMENT.read_text(encoding="utf-8"),
        swagger_js=(bundle / "swagger-ui-bundle.min.js").read_text(encoding="utf-8"),
        swagger_css=(bundle / "swagger-ui.min.css").read_text(encoding="utf-8"),
        swagger_base_url="", oauth2_config=None)
    return Response(html, content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store"})
