"""The API against its own OpenAPI document: schemathesis generates requests for every
route of the committed document (valid and invalid bodies, parameters and headers) and
sends them to the running local stack, signed in as an officer. Every answer must be a
non-5xx that the document describes: its status code, its content type and its schema.
(The stack serves that very document: test_openapi.py checks it equals the code's.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.journey import other_officer

DOCUMENT = Path(__file__).resolve().parents[2] / "functions" / "openapi" / "openapi.json"
# Cases per route: bounded so the whole run stays around a minute on two cores.
CASES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

schema = schemathesis.openapi.from_path(DOCUMENT)


@pytest.fixture(scope="session")
def officer_session(stack: Any) -> requests.Session:
    return other_officer(stack)


def test_the_stack_serves_the_committed_document(stack: Any) -> None:
    served = requests.get(f"{stack.url}/api/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == schemathesis.openapi.from_path(DOCUMENT).raw_schema


def test_swagger_ui_is_on_the_local_stack_and_needs_no_internet(stack: Any) -> None:
    page = requests.get(f"{stack.url}/_dev/api", timeout=10)
    assert page.status_code == 200
    assert "SwaggerUIBundle(" in page.text and '"Gerbang API"' in page.text
    # The bundle is inline: nothing is fetched from another origin.
    assert "<script src=" not in page.text and "<link rel='stylesheet'" not in page.text


@schema.parametrize()
@settings(max_examples=CASES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_no_5xx(case: Any, stack: Any,
                                               officer_session: requests.Session) -> None:
    case.call_and_validate(base_url=stack.url, session=officer_session, checks=CHECKS)
