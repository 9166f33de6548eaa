"""template.yaml: valid for CloudFormation, and shaped the way the design says.

cfn-lint 1.x no longer runs the SAM transform (it misses a bad !GetAtt, a !Ref typo, a bad
runtime, an event Type typo: ../shared/design/FACTS.md), so validation here is the same
pipeline `sam deploy` runs: aws-sam-translator turns the template into plain CloudFormation,
then cfn-lint lints that. No network, no AWS account: the managed-policy loader is a stub.
"""

from __future__ import annotations

import ast
import copy
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

from local.functions import handler_and_code
from local.template import TemplateError, load_template, loads_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
REGION = "us-east-1"

# cfn-lint warnings we accept, rule id -> why. Any other warning fails the test.
ALLOWED_WARNINGS: dict[str, str] = {}

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


# ------------------------------------------------------------------ translate + lint helper


class StubManagedPolicyLoader:
    """Stands in for samtranslator's ManagedPolicyLoader, which lists policies through IAM.

    The translator only asks it to resolve managed policies named in a function's Policies
    list; our functions name none, but answer a few common ones in case someone adds one.
    """

    def load(self) -> dict[str, str]:
        names = [
            "AWSLambdaBasicExecutionRole",
            "AWSLambdaSQSQueueExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "AmazonSESFullAccess",
        ]
        return {name: f"arn:aws:iam::aws:policy/{name}" for name in names}


@dataclass(frozen=True)
class Finding:
    level: str  # "E", "W", "I" from cfn-lint; "SAM" for a translation error
    rule: str
    path: tuple
    message: str

    def __str__(self) -> str:
        return f"{self.rule} {'/'.join(map(str, self.path))}: {self.message}"


def _package_code_uris(template: dict[str, Any]) -> None:
    """Do what `sam package` does to local CodeUri paths: point them at S3.

    The translator accepts only s3:// URIs (or {Bucket, Key}) for CodeUri.
    """
    sections = [template.get("Globals", {}).get("Function", {})]
    sections += [
        res.get("Properties", {})
        for res in template.get("Resources", {}).values()
        if res.get("Type") == "AWS::Serverless::Function"
    ]
    for props in sections:
        uri = props.get("CodeUri")
        if isinstance(uri, str) and not uri.startswith("s3://"):
            props["CodeUri"] = f"s3://gerbang-artifacts/{uri.strip('/')}.zip"
    # And what `sam build` does to a container-image function: build it, name the image.
    for res in template.get("Resources", {}).values():
        if res.get("Properties", {}).get("PackageType") == "Image":
            res["Properties"]["ImageUri"] = (
                f"123456789012.dkr.ecr.{REGION}.amazonaws.com/gerbang:{res['Metadata']['DockerTag']}")


def translate(template: dict[str, Any]) -> dict[str, Any]:
    """SAM -> CloudFormation. Needs AWS_DEFAULT_REGION. Raises InvalidDocumentException."""
    sam = copy.deepcopy(template)  # the translator mutates its input
    _package_code_uris(sam)
    return transform(sam, {}, StubManagedPolicyLoader())


def validate(template: dict[str, Any]) -> list[Finding]:
    """Translate, then lint. Translation errors come back as findings of level "SAM"."""
    try:
        cfn = translate(template)
    except InvalidDocumentException as exc:
        return [Finding("SAM", "SAM", (), cause.message) for cause in exc.causes]
    matches = lint(json.dumps(cfn), config=ManualArgs(regions=[REGION]))
    return [
        Finding(m.rule.id[0], m.rule.id, tuple(getattr(m, "path", ()) or ()), m.message)
        for m in matches
    ]


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level in ("E", "SAM")]


# ------------------------------------------------------------------ fixtures


@pytest.fixture(autouse=True, scope="module")
def aws_region():
    # The translator reads the region (for AWS::Region / AWS::Partition) from boto3.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_DEFAULT_REGION", REGION)
        mp.delenv("AWS_PROFILE", raising=False)
        yield


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template(TEMPLATE)


@pytest.fixture(scope="module")
def resources(template) -> dict[str, Any]:
    return template["Resources"]


@pytest.fixture(scope="module")
def findings(template) -> list[Finding]:
    return validate(template)


@pytest.fixture(scope="module")
def translated(template) -> dict[str, Any]:
    return translate(template)


def props(resources, logical_id: str) -> dict[str, Any]:
    return resources[logical_id]["Properties"]


# ------------------------------------------------------------------ the loader


def test_loader_turns_short_tags_into_long_form():
    data = loads_template(
        """
        AWSTemplateFormatVersion: 2010-09-09
        A: !Ref Thing
        B: !GetAtt Queue.Arn
        C: !GetAtt Fn.FunctionMetadata.FunctionARN
        D: !GetAtt [Queue, Arn]
        E: !Sub "${AWS::StackName}-x"
        F: !Sub ["${a}", {a: !Ref B}]
        G: !If [Cond, !Join ["", [a, b]], !Ref AWS::NoValue]
        H: !Equals [!Select [0, !Split [",", "a,b"]], a]
        I: !Condition Cond
        J: !Base64 text
        K: [yes, no, on, off, true, False]
        """
    )
    assert data["AWSTemplateFormatVersion"] == "2010-09-09"
    assert data["A"] == {"Ref": "Thing"}
    assert data["B"] == {"Fn::GetAtt": ["Queue", "Arn"]}
    assert data["C"] == {"Fn::GetAtt": ["Fn", "FunctionMetadata.FunctionARN"]}
    assert data["D"] == {"Fn::GetAtt": ["Queue", "Arn"]}
    assert data["E"] == {"Fn::Sub": "${AWS::StackName}-x"}
    assert data["F"] == {"Fn::Sub": ["${a}", {"a": {"Ref": "B"}}]}
    assert data["G"] == {
        "Fn::If": ["Cond", {"Fn::Join": ["", ["a", "b"]]}, {"Ref": "AWS::NoValue"}]
    }
    assert data["H"] == {"Fn::Equals": [{"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}, "a"]}
    assert data["I"] == {"Condition": "Cond"}
    assert data["J"] == {"Fn::Base64": "text"}
    assert data["K"] == ["yes", "no", "on", "off", True, False]


@pytest.mark.parametrize(
    "text",
    ["A: 1\nA: 2\n", "A: !GetAtt NoDot\n", "- just\n- a list\n", "A: [unclosed\n"],
)
def test_loader_rejects_what_cloudformation_rejects(text):
    with pytest.raises(TemplateError):
        loads_template(text)


# ------------------------------------------------------------------ the validator


def test_template_translates_and_lints_without_errors(findings):
    assert errors_of(findings) == [], "\n".join(map(str, errors_of(findings)))
    unexpected = [f for f in findings if f.level == "W" and f.rule not in ALLOWED_WARNINGS]
    assert unexpected == [], "\n".join(map(str, unexpected))


def test_validator_catches_a_bad_getatt_a_bad_ref_and_a_bad_runtime(template):
    broken = copy.deepcopy(template)
    res = broken["Resources"]
    res["VerifierFunction"]["Properties"]["Events"]["Uploads"]["Properties"]["Queue"] = {
        "Fn::GetAtt": ["UploadsQueue", "Arnx"]
    }
    res["SubmitFunction"]["Properties"]["Runtime"] = "python3.99"
    res["DocumentsBucketPolicy"]["Properties"]["Bucket"] = {"Ref": "DocumentsBuckett"}

    errors = errors_of(validate(broken))
    text = "\n".join(map(str, errors))

    # cfn-lint reports these on the translated resources.
    assert any("Arnx" in str(e) for e in errors), text
    assert any(
        e.path[:2] == ("Resources", "SubmitFunction") and "Runtime" in e.path for e in errors
    ), text
    assert any("DocumentsBuckett" in str(e) for e in errors), text
    # Nothing else in the otherwise good template is blamed.
    assert all(
        "Arnx" in str(e)
        or "DocumentsBuckett" in str(e)
        or e.path[:2] == ("Resources", "SubmitFunction")
        for e in errors
    ), text


def test_validator_catches_an_event_type_typo(template):
    broken = copy.deepcopy(template)
    broken["Resources"]["SubmitFunction"]["Properties"]["Events"]["Submit"]["Type"] = "Apii"

    errors = errors_of(validate(broken))

    assert any(e.level == "SAM" and "SubmitFunction" in e.message for e in errors), errors


# ------------------------------------------------------------------ shape: functions and routes

FUNCTIONS = {
    "SubmitFunction": "submit.app.handler",
    "StatusFunction": "status.app.handler",
    "DocumentsFunction": "documents.app.handler",
    "VerifierFunction": "documents.verifier.handler",
    "PaymentFunction": "payment.app.handler",
    "OfficerFunction": "officer.app.handler",
    "NotifierFunction": "notifier.app.handler",
    "AssistantFunction": "assistant.app.handler",
    "ConsultationsFunction": "consultations.app.handler",
    "OutboxFunction": "outbox.app.handler",
    "OpenApiFunction": "openapi.app.handler",
    "AccountFunction": "account.app.handler",
    "AccountMessagesFunction": "account.messages.handler",
}

ROUTES = {
    ("SubmitFunction", "Submit"): ("post", "/api/applications"),
    ("StatusFunction", "GetStatus"): ("get", "/api/applications/{reference}"),
    ("StatusFunction", "LookupStatus"): ("post", "/api/applications/lookup"),
    ("StatusFunction", "NewAccessCode"): ("post", "/api/applications/new-code"),
    ("DocumentsFunction", "RequestUpload"): ("post", "/api/applications/{reference}/documents"),
    ("PaymentFunction", "StartPayment"): ("post", "/api/applications/{reference}/payments"),
    ("PaymentFunction", "PaymentWebhook"): ("post", "/api/payments/webhooks/{provider}"),
    ("OfficerFunction", "Queue"): ("get", "/api/officer/applications"),
    ("OfficerFunction", "SignInConfig"): ("get", "/api/officer/config"),
    ("OfficerFunction", "Questions"): ("get", "/api/officer/consultations"),
    ("OfficerFunction", "Answer"): ("post", "/api/officer/consultations/{reference}/answer"),
    ("OfficerFunction", "Unanswered"): ("get", "/api/officer/assistant/unanswered"),
    ("OfficerFunction", "FraudSignals"): ("get", "/api/officer/fraud-signals"),
    ("AssistantFunction", "Ask"): ("post", "/api/assistant/ask"),
    ("AssistantFunction", "AskPage"): ("get", "/api/assistant/ask"),
    ("ConsultationsFunction", "Ask"): ("post", "/api/consultations"),
    ("ConsultationsFunction", "ReadAnswer"): ("get", "/api/consultations/{reference}"),
    ("ConsultationsFunction", "LookupAnswer"): ("post", "/api/consultations/lookup"),
    ("OpenApiFunction", "Document"): ("get", "/api/openapi.json"),
    ("DocumentsFunction", "Resubmit"): ("post", "/api/applications/{reference}/resubmit"),
    ("OfficerFunction", "Record"): ("get", "/api/officer/applications/{reference}"),
    ("OfficerFunction", "Decide"): ("post", "/api/officer/applications/{reference}/decision"),
    ("AccountFunction", "SendCode"): ("post", "/api/account/code"),
    ("AccountFunction", "SignIn"): ("post", "/api/account/sign-in"),
    ("AccountFunction", "PasswordSignIn"): ("post", "/api/account/password-sign-in"),
    ("AccountFunction", "SetPassword"): ("post", "/api/account/password"),
    ("AccountFunction", "Account"): ("get", "/api/account"),
    ("AccountFunction", "Link"): ("post", "/api/account/link"),
    ("AccountFunction", "Application"): ("get", "/api/account/applications/{reference}"),
    ("AccountFunction", "SignOut"): ("post", "/api/account/sign-out"),
    ("AccountFunction", "MyData"): ("get", "/api/account/data"),
    ("AccountFunction", "DeleteAccount"): ("post", "/api/account/delete"),
    ("AccountFunction", "GetDraft"): ("get", "/api/account/drafts/{form}"),
    ("AccountFunction", "PutDraft"): ("put", "/api/account/drafts/{form}"),
    ("AccountFunction", "PostDraft"): ("post", "/api/account/drafts/{form}"),
}


def test_parameters(template):
    params = template["Parameters"]
    assert params["StageName"]["Default"] == "prod"
    assert params["SiteUrl"]["Default"] == "https://example.invalid"
    assert params["PaymentProvider"]["AllowedValues"] == ["sandbox", "stripe", "midtrans"]
    assert params["PaymentProvider"]["Default"] == "sandbox"
    secret = params["PaymentSecretParameter"]
    assert secret["Default"] == "/gerbang/payment/sandbox-secret"
    # The IAM ARN is built as "parameter${PaymentSecretParameter}": a leading slash is a must.
    assert secret["AllowedPattern"].startswith("^/")


def test_globals(template):
    glob = template["Globals"]["Function"]
    # Every zip function on one runtime; the container image is built FROM the same one.
    assert "Runtime" not in glob
    for lid, res in template["Resources"].items():
        if res["Type"] == "AWS::Serverless::Function":
            props = res["Properties"]
            if props.get("PackageType") == "Image":
                dockerfile = ROOT / res["Metadata"]["DockerContext"] / res["Metadata"]["Dockerfile"]
                assert "FROM public.ecr.aws/lambda/python:3.12" in dockerfile.read_text(), lid
            else:
                assert props["Runtime"] == "python3.12", lid
    assert glob["Architectures"] == ["arm64"]
    assert glob["MemorySize"] == 512
    assert glob["Timeout"] == 10
    assert glob["Tracing"] == "Active"
    assert glob["CodeUri"] == "functions/"
    # Only what every function reads; each function's own variables are its settings'
    # (tests/unit/test_function_settings.py).
    assert glob["Environment"]["Variables"] == {
        "PYDANTIC_DISABLE_PLUGINS": "__all__",
        "POWERTOOLS_SERVICE_NAME": "gerbang",
        "POWERTOOLS_METRICS_NAMESPACE": "Gerbang",
        "LOG_LEVEL": "INFO",
    }


def test_functions_and_handlers(resources):
    declared = {
        lid: handler_and_code({**res["Properties"], "Metadata": res.get("Metadata", {}),
                               "CodeUri": "functions/"})
        for lid, res in resources.items()
        if res["Type"] == "AWS::Serverless::Function"
    }
    assert {lid: handler for lid, (handler, _) in declared.items()} == FUNCTIONS
    for lid in FUNCTIONS:
        # Everything ships the shared folder (Globals' CodeUri, or the image's context).
        assert "CodeUri" not in props(resources, lid)
        assert declared[lid][1] == "functions/"


def test_shared_package_is_in_the_code_folder(template):
    code = ROOT / template["Globals"]["Function"]["CodeUri"]
    assert (code / "gerbang" / "__init__.py").is_file()
    assert (code / "requirements.txt").is_file()


def _defines(tree: ast.Module, name: str) -> bool:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return True
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name:
            return True
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == name for a in node.names
        ):
            return True
    return False


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_handler_module_exists_and_defines_the_handler(template, function):
    code = ROOT / template["Globals"]["Function"]["CodeUri"]
    module, _, attribute = FUNCTIONS[function].rpartition(".")
    path = code / (module.replace(".", "/") + ".py")
    assert path.is_file(), f"{function}: {path.relative_to(ROOT)} is missing"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _defines(tree, attribute), f"{path.relative_to(ROOT)} defines no {attribute!r}"


def test_routes(resources):
    routes = {}
    for lid, res in resources.items():
        if res["Type"] != "AWS::Serverless::Function":
            continue
        for event_id, event in res["Properties"].get("Events", {}).items():
            if event["Type"] == "Api":
                ev = event["Properties"]
                assert ev["RestApiId"] == {"Ref": "Api"}, (lid, event_id)
                routes[(lid, event_id)] = (ev["Method"], ev["Path"])
    assert routes == ROUTES


def test_api_has_stage_throttling_and_tracing(resources):
    api = props(resources, "Api")
    assert api["StageName"] == {"Ref": "StageName"}
    assert api["TracingEnabled"] is True
    assert "Cors" not in api
    [setting] = api["MethodSettings"]
    assert setting["ResourcePath"] == "/*"
    assert setting["HttpMethod"] == "*"
    assert setting["ThrottlingBurstLimit"] == 50
    assert setting["ThrottlingRateLimit"] == 25


def test_translated_stage_keeps_the_throttling(translated):
    stages = [r for r in translated["Resources"].values() if r["Type"] == "AWS::ApiGateway::Stage"]
    assert len(stages) == 1, "one stage only (no stray 'Stage' stage)"
    assert stages[0]["Properties"]["MethodSettings"][0]["ThrottlingRateLimit"] == 25


def test_verifier_reads_the_queue_in_small_batches_with_partial_failures(resources):
    verifier = props(resources, "VerifierFunction")
    assert verifier["Timeout"] == 60
    uploads = verifier["Events"]["Uploads"]
    assert uploads["Type"] == "SQS"
    assert uploads["Properties"]["Queue"] == {"Fn::GetAtt": ["UploadsQueue", "Arn"]}
    assert uploads["Properties"]["BatchSize"] == 5
    assert uploads["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def _role_statements(translated, function: str) -> list[dict]:
    role = translated["Resources"][f"{function}Role"]["Properties"]
    return [s for p in role.get("Policies", []) for s in p["PolicyDocument"]["Statement"]]


def _actions(statement: dict) -> set[str]:
    action = statement["Action"]
    return {action} if isinstance(action, str) else set(action)


def test_permissions_are_scoped(translated):
    uploads_only = {"Fn::Sub": "${DocumentsBucket.Arn}/uploads/*"}
    for function in ("StatusFunction", "DocumentsFunction"):
        put = [s for s in _role_statements(translated, function) if "s3:PutObject" in _actions(s)]
        assert [s["Resource"] for s in put] == [uploads_only], function
    payment = _role_statements(translated, "PaymentFunction")
    [ssm] = [s for s in payment if "ssm:GetParameter" in _actions(s)]
    assert "parameter${PaymentSecretParameter}" in ssm["Resource"]["Fn::Sub"]
    # Nobody gets a wildcard action.
    for function in FUNCTIONS:
        for statement in _role_statements(translated, function):
            assert not any(a.endswith(":*") or a == "*" for a in _actions(statement)), function


def test_functions_grant_only_inline_statements(resources):
    # SAM's policy templates grant more than their names say (DynamoDBCrudPolicy: Scan and
    # BatchWriteItem; SQSSendMessagePolicy: sqs:SendMessage*). Each statement is held against
    # the calls the functions make in tests/integration/test_permissions.py.
    for function in FUNCTIONS:
        policies = props(resources, function).get("Policies", [])
        # One serves a file it ships, the other writes Cognito's emails: no AWS call at all.
        if function in ("OpenApiFunction", "AccountMessagesFunction"):
            assert policies == []
            continue
        assert policies and all(set(p) == {"Statement"} for p in policies), function


def test_outbox_sweeper_runs_on_a_schedule_with_only_what_it_needs(resources, translated):
    sweeper = resources["OutboxFunction"]["Properties"]
    [event] = sweeper["Events"].values()
    assert event == {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}}
    statements = _role_statements(translated, "OutboxFunction")
    actions = set().union(*(_actions(s) for s in statements))
    assert not any(a.startswith("ses:") for a in actions)  # it queues; the notifier sends
    assert "dynamodb:Scan" not in actions and "dynamodb:PutItem" not in actions
    [query] = [s for s in statements if "dynamodb:Query" in _actions(s)]
    assert query["Resource"] == {"Fn::Sub": "${DataTable.Arn}/index/outbox"}
    # The notifier may claim and release SENT# items, still without Scan or UpdateItem.
    notifier = set().union(*(_actions(s) for s in _role_statements(translated,
                                                                     "NotifierFunction")))
    assert {"dynamodb:PutItem", "dynamodb:DeleteItem"} <= notifier
    assert "dynamodb:UpdateItem" not in notifier


def test_a_claimed_email_outlives_the_notifier_that_claimed_it(resources):
    # A notifier still running must finish before its claim lapses, or a copy of the job
    # would send the email a second time while the first send is under way.
    from gerbang.store import CLAIM_SECONDS

    timeout = resources["NotifierFunction"]["Properties"]["Timeout"]
    assert 3 * timeout <= CLAIM_SECONDS


# ------------------------------------------------------------------ shape: data


def test_table(resources):
    table = resources["DataTable"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    p = table["Properties"]
    assert p["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    assert p["BillingMode"] == "PAY_PER_REQUEST"
    assert p["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert p["SSESpecification"]["SSEEnabled"] is True
    assert p["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    # The sweeper's sparse index: only outbox items carry `outbox`.
    [outbox] = [i for i in p["GlobalSecondaryIndexes"] if i["IndexName"] == "outbox"]
    assert outbox["KeySchema"] == [{"AttributeName": "outbox", "KeyType": "HASH"},
                                   {"AttributeName": "created_at", "KeyType": "RANGE"}]


def _assert_private_and_encrypted(bucket: dict) -> None:
    assert bucket["DeletionPolicy"] == bucket["UpdateReplacePolicy"] == "Retain"
    p = bucket["Properties"]
    assert p["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    [rule] = p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert p["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]


def _assert_tls_only(resources, policy_id: str, bucket_id: str) -> None:
    policy = props(resources, policy_id)
    assert policy["Bucket"] == {"Ref": bucket_id}
    denies = [
        s
        for s in policy["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny"
        and s["Principal"] == "*"
        and s["Action"] == "s3:*"
        and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    ]
    assert len(denies) == 1, policy_id
    assert denies[0]["Resource"] == [
        {"Fn::GetAtt": [bucket_id, "Arn"]},
        {"Fn::Sub": f"${{{bucket_id}.Arn}}/*"},
    ]


def test_documents_bucket(resources):
    bucket = resources["DocumentsBucket"]
    _assert_private_and_encrypted(bucket)
    p = bucket["Properties"]
    assert p["BucketName"] == {"Fn::Sub": "${AWS::StackName}-documents-${AWS::AccountId}"}
    assert p["VersioningConfiguration"] == {"Status": "Enabled"}

    rules = p["LifecycleConfiguration"]["Rules"]
    assert all(r["Status"] == "Enabled" for r in rules)
    assert any(r.get("NoncurrentVersionExpiration") == {"NoncurrentDays": 30} for r in rules)
    assert any(r.get("AbortIncompleteMultipartUpload") == {"DaysAfterInitiation": 1} for r in rules)
    assert any(r.get("Prefix") == "uploads/" and r.get("ExpirationInDays") == 365 for r in rules)

    [cors] = p["CorsConfiguration"]["CorsRules"]
    assert cors["AllowedOrigins"] == [{"Ref": "SiteUrl"}]
    assert {"POST", "PUT"} <= set(cors["AllowedMethods"])
    assert cors["AllowedHeaders"] == ["*"]
    assert cors["MaxAge"] == 3000

    [notification] = p["NotificationConfiguration"]["QueueConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert notification["Filter"] == {"S3Key": {"Rules": [{"Name": "prefix", "Value": "uploads/"}]}}
    assert notification["Queue"] == {"Fn::GetAtt": ["UploadsQueue", "Arn"]}
    # S3 tests it may send to the queue when the notification is created.
    assert bucket["DependsOn"] in ("UploadsQueuePolicy", ["UploadsQueuePolicy"])


def test_documents_bucket_is_tls_only(resources):
    _assert_tls_only(resources, "DocumentsBucketPolicy", "DocumentsBucket")


def test_queue_policy_names_the_documents_bucket(resources):
    bucket_name = props(resources, "DocumentsBucket")["BucketName"]["Fn::Sub"]
    [statement] = props(resources, "UploadsQueuePolicy")["PolicyDocument"]["Statement"]
    assert props(resources, "UploadsQueuePolicy")["Queues"] == [{"Ref": "UploadsQueue"}]
    assert statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    condition = statement["Condition"]
    [source_arn] = [v["aws:SourceArn"] for v in condition.values() if "aws:SourceArn" in v]
    assert source_arn == {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{bucket_name}"}
    assert condition["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}


def test_uploads_queue_has_a_dead_letter_queue(resources):
    queue = props(resources, "UploadsQueue")
    verifier_timeout = props(resources, "VerifierFunction")["Timeout"]
    assert queue["VisibilityTimeout"] == 6 * verifier_timeout
    assert queue["SqsManagedSseEnabled"] is True
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["UploadsDeadLetterQueue", "Arn"]},
        "maxReceiveCount": 5,
    }
    dlq = props(resources, "UploadsDeadLetterQueue")
    assert dlq["MessageRetentionPeriod"] == 1209600
    assert dlq["SqsManagedSseEnabled"] is True
    assert dlq["MessageRetentionPeriod"] > queue["MessageRetentionPeriod"]


# ------------------------------------------------------------------ shape: site and CDN


def test_site_bucket_is_private_and_read_only_by_the_distribution(resources):
    _assert_private_and_encrypted(resources["SiteBucket"])
    _assert_tls_only(resources, "SiteBucketPolicy", "SiteBucket")
    statements = props(resources, "SiteBucketPolicy")["PolicyDocument"]["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    source = allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert source.endswith(":distribution/${Distribution}")

    oac = props(resources, "SiteOriginAccessControl")["OriginAccessControlConfig"]
    assert oac["OriginAccessControlOriginType"] == "s3"
    assert oac["SigningBehavior"] == "always"
    assert oac["SigningProtocol"] == "sigv4"


def test_distribution_serves_the_site_and_routes_api_to_api_gateway(resources):
    config = props(resources, "Distribution")["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    assert config["HttpVersion"] == "http2and3"
    assert config["PriceClass"] == "PriceClass_100"
    origins = {o["Id"]: o for o in config["Origins"]}

    default = config["DefaultCacheBehavior"]
    site = origins[default["TargetOriginId"]]
    assert site["DomainName"] == {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]}
    assert site["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["Compress"] is True
    [association] = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert association["FunctionARN"] == {
        "Fn::GetAtt": ["IndexRewriteFunction", "FunctionMetadata.FunctionARN"]
    }

    [api] = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    api_origin = origins[api["TargetOriginId"]]
    assert api_origin["DomainName"] == {
        "Fn::Sub": "${Api}.execute-api.${AWS::Region}.amazonaws.com"
    }
    assert api_origin["OriginPath"] == {"Fn::Sub": "/${StageName}"}
    assert api_origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert set(api["AllowedMethods"]) == {
        "GET",
        "HEAD",
        "OPTIONS",
        "PUT",
        "PATCH",
        "POST",
        "DELETE",
    }
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
    assert api["ViewerProtocolPolicy"] == "redirect-to-https"
    assert api["Compress"] is True

    for behavior in (default, api):
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"}


def test_security_headers(resources):
    headers = props(resources, "SecurityHeadersPolicy")["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"
    ]
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"]["Override"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "same-origin"
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].split()[0] == "'self'"  # + hashes: tests/unit/test_csp.py
    assert "https://*.amazonaws.com" in directives["form-action"]
    assert "https://*.amazonaws.com" in directives["connect-src"]


def _run_index_function(code: str, uri: str, querystring: dict | None = None) -> dict:
    script = (
        code
        + "\nconst out = handler({request: {uri: process.argv[1], querystring: "
        + "JSON.parse(process.argv[2]), headers: {}}});\n"
        + "process.stdout.write(JSON.stringify(out));\n"
    )
    result = subprocess.run(
        ["node", "-e", script, uri, json.dumps(querystring or {})],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)


def test_index_function_serves_directory_urls(resources):
    function = props(resources, "IndexRewriteFunction")
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert function["AutoPublish"] is True
    code = function["FunctionCode"]

    assert _run_index_function(code, "/")["uri"] == "/index.html"
    assert _run_index_function(code, "/en/visit-visa/")["uri"] == "/en/visit-visa/index.html"
    assert _run_index_function(code, "/assets/app.css")["uri"] == "/assets/app.css"
    # Without the slash MkDocs' relative links break: redirect, keeping the query string.
    moved = _run_index_function(code, "/id/visa", {"ref": {"value": "GB-1"}})
    assert moved["statusCode"] == 301
    assert moved["headers"]["location"]["value"] == "/id/visa/?ref=GB-1"


# ------------------------------------------------------------------ outputs


def test_outputs(template):
    assert set(template["Outputs"]) == {
        "SiteUrl",
        "ApiUrl",
        "DocumentsBucketName",
        "SiteBucketName",
        "TableName",
        "UploadsQueueUrl",
        "DistributionId",
    }


def test_guardduty_scans_uploads_and_tags_them(resources):
    plan = props(resources, "UploadsMalwareProtection")
    assert plan["ProtectedResource"]["S3Bucket"] == {
        "BucketName": {"Ref": "DocumentsBucket"}, "ObjectPrefixes": ["uploads/"]}
    assert plan["Actions"]["Tagging"]["Status"] == "ENABLED"
    trust = props(resources, "MalwareProtectionRole")["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"]["Service"] == (
        "malware-protection-plan.guardduty.amazonaws.com")
    bucket = props(resources, "DocumentsBucket")
    assert bucket["NotificationConfiguration"]["EventBridgeConfiguration"] == {
        "EventBridgeEnabled": True}


# ------------------------------------------------------------------ shape: alarms


def _alarms(resources) -> dict[str, dict[str, Any]]:
    return {lid: r["Properties"] for lid, r in resources.items()
            if r["Type"] == "AWS::CloudWatch::Alarm"}


def test_every_dead_letter_queue_has_an_alarm(resources):
    # A message in a dead-letter queue is work that stopped: an upload never verified, an
    # email never sent. Someone must hear of it.
    watched = {a["Dimensions"][0]["Value"]["Fn::GetAtt"][0] for a in _alarms(resources).values()
               if a["Namespace"] == "AWS/SQS"}
    dead_letter = {lid for lid, r in resources.items() if r["Type"] == "AWS::SQS::Queue"
                   and any(q.get("Properties", {}).get("RedrivePolicy", {}).get(
                       "deadLetterTargetArn") == {"Fn::GetAtt": [lid, "Arn"]}
                       for q in resources.values())}
    assert dead_letter == {"UploadsDeadLetterQueue", "NotificationsDeadLetterQueue"}
    assert watched == dead_letter


def test_alarms_tell_the_operators_topic_and_watch_what_we_emit(template, resources):
    # Read, not imported: importing a handler starts its settings, once per process.
    [late_metric] = [ast.literal_eval(node.value) for node in ast.parse(
        (ROOT / "functions/outbox/app.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "LATE_METRIC"]
    alarms = _alarms(resources)
    for name, alarm in alarms.items():
        assert alarm["AlarmActions"] == [{"Ref": "OperatorAlarms"}], name
        assert alarm["TreatMissingData"] == "notBreaching", name  # quiet is healthy
        assert alarm["AlarmDescription"], name  # says what to do
    late = alarms["EmailsLateAlarm"]
    assert late["MetricName"] == late_metric
    environment = template["Globals"]["Function"]["Environment"]["Variables"]
    assert late["Namespace"] == environment["POWERTOOLS_METRICS_NAMESPACE"]
    assert late["Dimensions"] == [{"Name": "service",
                                   "Value": environment["POWERTOOLS_SERVICE_NAME"]}]
    # The API alarm names the API as the template names it.
    api = props(resources, "Api")
    dimensions = {d["Name"]: d["Value"] for d in alarms["ApiErrorsAlarm"]["Dimensions"]}
    assert dimensions == {"ApiName": api["Name"], "Stage": api["StageName"]}
    # The address is optional: without one, no subscription is made.
    assert resources["OperatorAlarmsEmail"]["Condition"] == "HasAlarmEmail"
