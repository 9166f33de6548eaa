"""The API against its own OpenAPI document: schemathesis generates requests for every
route of the committed document (valid and invalid bodies, parameters and headers) and
sends them to the running local stack, signed in as an officer. Every answer must be a
non-5xx that the document describes: its status code, its content type and its schema.
(The stack serves that very document: test_openapi.py checks it equals the code's.)

Random references only ever meet a 404, so half the cases of a route with a reference are
pointed at a real application (or question) with its access code: those go deep, to
uploads, payments, decisions and answers on a live record."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
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

from tests.support.api import application
from tests.support.journey import other_officer

DOCUMENT = Path(__file__).resolve().parents[2] / "functions" / "openapi" / "openapi.json"
# Cases per route: bounded so the whole run stays within a minute on two cores
# (`make bench` runs more: FUZZ_CASES).
CASES = int(os.environ.get("FUZZ_CASES", "30"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# What the run sent and got, for its summary line (bench/contract.py reads it).
SEEN: Counter[str] = Counter()

schema = schemathesis.openapi.from_path(DOCUMENT)


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    print(f"\nschemathesis: {SEEN['cases']} cases, {SEEN['operations']} operations, "
          f"{SEEN['real']} on real records, {SEEN['5xx']} answers 5xx")


@pytest.fixture(scope="session")
def officer_session(stack: Any) -> requests.Session:
    return other_officer(stack)


@pytest.fixture(scope="session")
def real(stack: Any) -> dict[str, tuple[str, str]]:
    """A live application and a live question: (reference, access code) of each."""
    made = requests.post(f"{stack.url}/api/applications", json=application(), timeout=10,
                         headers={"Idempotency-Key": uuid.uuid4().hex}).json()
    asked = requests.post(f"{stack.url}/api/consultations", timeout=10, json={
        "topic": "visa", "question": "How long does a visit visa take?",
        "email": "siti@example.com", "consent": True}).json()
    return {"application": (made["reference"], made["access_code"]),
            "consultation": (asked["reference"], asked["access_code"])}


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


def _point_at_real(case: Any, real: dict[str, tuple[str, str]]) -> bool:
    reference = (case.path_parameters or {}).get("reference")
    if reference is None or len(reference) % 2:  # about half, the same half every run
        return False
    kind = "consultation" if "/consultations/" in case.path else "application"
    case.path_parameters["reference"], code = real[kind]
    case.headers = {**(case.headers or {}), "X-Access-Code": code}
    return True


@schema.parametrize()
@settings(max_examples=CASES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_no_5xx(case: Any, stack: Any, real: Any,
                                               officer_session: requests.Session) -> None:
    if not SEEN[case.operation.label]:
        SEEN["operations"] += 1
    SEEN[case.operation.label] += 1
    SEEN["cases"] += 1
    SEEN["real"] += _point_at_real(case, real)
    response = case.call(base_url=stack.url, session=officer_session)
    SEEN["5xx"] += response.status_code >= 500
    case.validate_response(response, checks=CHECKS)
