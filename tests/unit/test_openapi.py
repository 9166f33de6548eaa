"""The OpenAPI document is the code's: generated from the functions' routes by
scripts/openapi.py, committed, served by the OpenApi function. These tests fail when the
committed copy and the code disagree, and when a route of the template, the README or the
contract is missing from it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from local.template import load_template

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "functions" / "openapi" / "openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


def _operations(document: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in document["paths"].items()
            for method in item if method in METHODS}


def test_the_committed_document_is_what_the_code_declares():
    # moto in a subprocess: the generator imports every function with its environment
    done = subprocess.run([sys.executable, "scripts/openapi.py", "--check"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_route_of_the_template_is_documented_and_nothing_else(document):
    template = load_template(ROOT / "template.yaml")
    routes = {(event["Properties"]["Method"].lower(), event["Properties"]["Path"])
              for resource in template["Resources"].values()
              if resource["Type"] == "AWS::Serverless::Function"
              for event in resource["Properties"].get("Events", {}).values()
              if event["Type"] == "Api"}
    assert routes == _operations(document)


def test_every_route_the_readme_names_is_documented(document):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {(m.lower(), p) for m, p in re.findall(r"`(GET|POST) (/api/[^`\s\[?]+)", readme)}
    assert len(named) >= 10
    assert named <= _operations(document)


def test_every_operation_documents_its_answers_and_refusals(document):
    for method, path in _operations(document):
        operation = document["paths"][path][method]
        responses = operation["responses"]
        assert operation.get("summary"), (method, path)
        assert any(code.startswith("2") for code in responses), (method, path)
        if path == "/api/openapi.json":
            continue
        for code in ("400", "404", "415", "422", "429"):
            assert code in responses, (method, path, code)
        json_refusal = responses["404"]["content"]["application/json"]["schema"]
        assert json_refusal == {"$ref": "#/components/schemas/ErrorBody"}


def test_officer_routes_need_the_officer_token_and_say_so(document):
    for method, path in _operations(document):
        operation = document["paths"][path][method]
        if path.startswith("/api/officer/") and path != "/api/officer/config":
            assert operation.get("security") == [{"officer": []}], (method, path)
            assert {"401", "403"} <= set(operation["responses"]), (method, path)
        else:
            assert "security" not in operation, (method, path)
    assert document["components"]["securitySchemes"]["officer"]["scheme"] == "bearer"


def test_bodies_are_the_input_models(document):
    bodies = {path: document["paths"][path]["post"].get("requestBody")
              for method, path in _operations(document) if method == "post"}
    schema = {path: body["content"]["application/json"]["schema"]
              for path, body in bodies.items() if body}
    assert schema["/api/applications"] == {"$ref": "#/components/schemas/ApplicationInput"}
    assert schema["/api/consultations"] == {"$ref": "#/components/schemas/ConsultationInput"}
    assert bodies["/api/applications"]["required"] is True
    # The provider's own body is verified by its signature, not by a schema of ours.
    assert bodies["/api/payments/webhooks/{provider}"] is None
    application = document["components"]["schemas"]["ApplicationInput"]
    assert {"service", "given_names", "date_of_birth", "nationality", "email"} <= set(
        application["required"])
