"""GET /api/openapi.json through the gateway: the committed document, cacheable."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.conftest import Aws

DOCUMENT = Path(__file__).resolve().parents[2] / "functions" / "openapi" / "openapi.json"


def test_the_document_is_served_as_committed(aws: Aws):
    answer = aws.client.get("/api/openapi.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    assert "max-age" in answer.headers["Cache-Control"]
    assert json.loads(answer.get_data()) == json.loads(DOCUMENT.read_text(encoding="utf-8"))
