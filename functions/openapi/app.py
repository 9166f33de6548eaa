"""GET /api/openapi.json: the API's OpenAPI document. It is generated from the functions'
code by scripts/openapi.py and shipped here; a test fails when the two disagree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import Response
from gerbang.config import Section, start
from gerbang.http import make_app
from gerbang.observability import logger


class OpenApiSettings(Section):
    """Reads nothing from the environment: the document ships with the function."""


SETTINGS = start(OpenApiSettings)
app = make_app()
# Read once per cold start: a few tens of KB, the same for every request.
_DOCUMENT = (Path(__file__).parent / "openapi.json").read_text(encoding="utf-8")


@app.get("/api/openapi.json", summary="This document",
         responses={200: {"description": "The OpenAPI 3.1 document of this API.",
                          "content": {"application/json": {"schema": {"type": "object"}}}}})
def document():
    # Cacheable: it changes only with a deploy, and CloudFront may keep it a while.
    return Response(status_code=200, content_type="application/json", body=_DOCUMENT,
                    headers={"Cache-Control": "public, max-age=300"})


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
