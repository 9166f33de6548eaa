"""The local API Gateway's routing and the CloudFormation intrinsics the local stack
resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.test import Client

from local.functions import Route
from local.gateway import Gateway, _pattern
from local.intrinsics import ACCOUNT, REGION, STACK, Names, resolve
from local.template import load_template

ROOT = Path(__file__).resolve().parents[2]
ROUTES = [
    Route("POST", "/api/applications", "SubmitFunction"),
    Route("GET", "/api/applications/{reference}", "StatusFunction"),
    Route("POST", "/api/applications/lookup", "StatusFunction"),
    Route("POST", "/api/applications/{reference}/documents", "DocumentsFunction"),
    Route("POST", "/api/applications/{reference}/payments", "PaymentFunction"),
    Route("POST", "/api/payments/webhooks/{provider}", "PaymentFunction"),
]


class Recorder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.events: list[dict] = []

    def invoke(self, event: dict) -> dict:
        self.events.append(event)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"function": self.name, "resource": event["resource"],
                                    "params": event["pathParameters"]})}


@pytest.fixture
def client(tmp_path):
    functions = {name: Recorder(name) for name in {r.function for r in ROUTES}}
    return Client(Gateway(functions, list(reversed(ROUTES)), tmp_path))


def call(client, method: str, path: str) -> tuple[int, dict | None]:
    response = client.open(path, method=method, data=b"{}",
                           content_type="application/json")
    body = response.get_data(as_text=True)
    return response.status_code, (json.loads(body) if body.startswith("{") else None)


def test_pattern():
    assert _pattern("/api/applications/{reference}").match(
        "/api/applications/ABCD-EFGH").groupdict() == {"reference": "ABCD-EFGH"}
    assert not _pattern("/api/applications/{reference}").match("/api/applications/A/B")
    assert not _pattern("/api/applications/{reference}").match("/api/applications/")
    assert _pattern("/api/a.b").match("/api/a.b") and not _pattern("/api/a.b").match("/api/aXb")


def test_static_routes_come_before_parameter_routes(tmp_path):
    gateway = Gateway({}, list(reversed(ROUTES)), tmp_path)
    order = [route.path for route, _ in gateway.routes]
    assert order.index("/api/applications/lookup") < order.index(
        "/api/applications/{reference}")
    counts = [path.count("{") for path in order]
    assert counts == sorted(counts)


def test_lookup_post_matches_the_static_route(client):
    status, body = call(client, "POST", "/api/applications/lookup")
    assert status == 200
    assert body == {"function": "StatusFunction", "resource": "/api/applications/lookup",
                    "params": None}


def test_a_reference_get_matches_the_parameter_route(client):
    status, body = call(client, "GET", "/api/applications/ABCD-EFGH")
    assert status == 200
    assert body == {"function": "StatusFunction", "resource": "/api/applications/{reference}",
                    "params": {"reference": "ABCD-EFGH"}}


def test_nested_parameter_routes(client):
    _, body = call(client, "POST", "/api/applications/ABCD-EFGH/documents")
    assert body["function"] == "DocumentsFunction"
    assert body["params"] == {"reference": "ABCD-EFGH"}
    _, body = call(client, "POST", "/api/payments/webhooks/sandbox")
    assert body == {"function": "PaymentFunction", "resource": "/api/payments/webhooks/{provider}",
                    "params": {"provider": "sandbox"}}


def test_no_route_answers_the_templates_gateway_response(tmp_path):
    # Given the template's GatewayResponses, When no route or method matches,
    # Then the local gateway answers as API Gateway would, in our error shape
    responses = load_template(ROOT / "template.yaml")["Resources"]["Api"]["Properties"][
        "GatewayResponses"]
    functions = {name: Recorder(name) for name in {r.function for r in ROUTES}}
    client = Client(Gateway(functions, ROUTES, tmp_path, gateway_responses=responses))
    for method, path in (("DELETE", "/api/applications/ABCD-EFGH"), ("GET", "/api/nothing")):
        status, body = call(client, method, path)
        assert status == 404
        assert body["error"]["code"] == "not_found"
        assert "tidak ada" in body["error"]["message"]


def test_without_gateway_responses_it_is_api_gateways_default_403(client):
    assert call(client, "DELETE", "/api/applications/ABCD-EFGH")[0] == 403
    assert call(client, "GET", "/api/nothing-here")[0] == 403


def test_the_event_is_an_api_gateway_rest_proxy_event(tmp_path):
    recorder = Recorder("StatusFunction")
    client = Client(Gateway({"StatusFunction": recorder}, ROUTES[1:3], tmp_path))
    client.post("/api/applications/lookup?x=1", data="reference=A&access_code=B",
                content_type="application/x-www-form-urlencoded",
                headers={"Accept-Language": "id"})
    [event] = recorder.events
    assert event["httpMethod"] == "POST"
    assert event["path"] == "/api/applications/lookup"
    assert event["body"] == "reference=A&access_code=B" and event["isBase64Encoded"] is False
    assert event["queryStringParameters"] == {"x": "1"}
    assert event["headers"]["Accept-Language"] == "id"
    assert event["requestContext"]["stage"] == "prod"


# ------------------------------------------------------------------ intrinsics


@pytest.fixture
def names() -> Names:
    n = Names({"StageName": "prod", "Api": "abc123"})
    n.refs["DataTable"] = "gerbang-local-DataTable"
    n.attributes[("DocumentsBucket", "Arn")] = "arn:aws:s3:::gerbang-local-documents"
    n.attributes[("UploadsQueue", "Arn")] = "arn:aws:sqs:us-east-1:123456789012:uploads"
    n.attributes[("Fn", "FunctionMetadata.FunctionARN")] = "arn:fn"
    return n


def test_ref(names):
    assert resolve({"Ref": "DataTable"}, names) == "gerbang-local-DataTable"
    assert resolve({"Ref": "StageName"}, names) == "prod"
    assert resolve({"Ref": "AWS::Region"}, names) == REGION
    with pytest.raises(KeyError):
        resolve({"Ref": "Missing"}, names)


def test_sub_with_pseudo_parameters_and_attributes(names):
    assert resolve({"Fn::Sub": "${AWS::StackName}-documents-${AWS::AccountId}"}, names) == \
        f"{STACK}-documents-{ACCOUNT}"
    assert resolve({"Fn::Sub": "${DocumentsBucket.Arn}/uploads/*"}, names) == \
        "arn:aws:s3:::gerbang-local-documents/uploads/*"
    assert resolve({"Fn::Sub": "${Api}.execute-api.${AWS::Region}.amazonaws.com"}, names) == \
        f"abc123.execute-api.{REGION}.amazonaws.com"
    assert resolve({"Fn::Sub": "no variables"}, names) == "no variables"


def test_sub_with_its_own_variables(names):
    value = {"Fn::Sub": ["${Bucket}/${Key}-${AWS::Region}",
                         {"Bucket": {"Ref": "DataTable"}, "Key": "k"}]}
    assert resolve(value, names) == f"gerbang-local-DataTable/k-{REGION}"


def test_sub_escaped_literal(names):
    # CloudFormation: "${!Literal}" is written out as "${Literal}".
    assert resolve({"Fn::Sub": "a ${!Literal} b"}, names) == "a ${Literal} b"


def test_getatt_list_and_dotted_forms(names):
    assert resolve({"Fn::GetAtt": ["UploadsQueue", "Arn"]}, names) == \
        "arn:aws:sqs:us-east-1:123456789012:uploads"
    assert resolve({"Fn::GetAtt": "UploadsQueue.Arn"}, names) == \
        "arn:aws:sqs:us-east-1:123456789012:uploads"
    # Only the first dot separates the resource from a dotted attribute name.
    assert resolve({"Fn::GetAtt": "Fn.FunctionMetadata.FunctionARN"}, names) == "arn:fn"


def test_join_and_nesting(names):
    value = {"Env": {"TABLE": {"Ref": "DataTable"}},
             "List": [{"Fn::Join": ["/", [{"Ref": "StageName"}, "x", 1]]}, "plain", 3]}
    assert resolve(value, names) == {"Env": {"TABLE": "gerbang-local-DataTable"},
                                     "List": ["prod/x/1", "plain", 3]}


def test_a_dict_with_one_ordinary_key_is_left_alone(names):
    assert resolve({"Name": "x"}, names) == {"Name": "x"}
