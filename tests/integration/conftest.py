"""Integration tests: the real handlers, through the local gateway's event builder, against
moto in-process with every table, bucket and queue built from template.yaml. A change to
the template's resources changes what these tests run against."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from gerbang import config as gerbang_config
from moto import mock_aws
from werkzeug.test import Client

from local import cognito
from local.functions import Function, apply_environment, load_functions, triggers
from local.gateway import Gateway
from local.intrinsics import Names
from local.poller import QueuePoller
from local.resources import create_all, create_payment_secret, parameters
from local.template import load_template
from tests.support.api import application
from tests.support.usage import Usage

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://visa.example.test"
HERE = Path(__file__).resolve().parent
_deselected: list[pytest.Item] = []


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected.extend(i for i in items if i.path.parent == HERE)


@pytest.hookimpl(trylast=True)  # after -k, -m and --deselect have chosen
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests marked after_the_others judge what the others made the functions do: they
    run last. One marked whole_suite (every grant is used) needs every integration test, so
    a run of a few leaves it out rather than fail it."""
    items.sort(key=lambda item: item.get_closest_marker("after_the_others") is not None)
    chosen = {item.path for item in items if item.path.parent == HERE}
    if chosen != set(HERE.glob("test_*.py")) or _deselected:
        partial = [item for item in items if item.get_closest_marker("whole_suite")]
        if partial:
            config.hook.pytest_deselected(items=partial)
            items[:] = [item for item in items if item not in partial]


@dataclass
class Aws:
    client: Client
    names: Names
    secret: str
    functions: dict[str, Function]
    poller: QueuePoller
    mail_poller: QueuePoller
    usage: Usage

    @property
    def table(self) -> str:
        return self.names.refs["DataTable"]

    @property
    def bucket(self) -> str:
        return self.names.refs["DocumentsBucket"]

    def items(self) -> list[dict[str, Any]]:
        return boto3.client("dynamodb").scan(TableName=self.table)["Items"]

    def submit(self, key: str, language: str = "en", **changes: Any) -> Any:
        return self.client.post("/api/applications", json=application(language=language,
                                                                      **changes),
                                headers={"Idempotency-Key": key, "Accept-Language": language})

    def upload(self, reference: str, kind: str, body: bytes, content_type: str,
               declared_size: int | None = None) -> str:
        """Put an object where a presigned POST would, and let S3 notify the queue."""
        key = f"uploads/{reference}/{kind}/{os.urandom(8).hex()}"
        meta = {"declared-size": str(declared_size if declared_size is not None else len(body))}
        boto3.client("s3").put_object(Bucket=self.bucket, Key=key, Body=body,
                                      ContentType=content_type, Metadata=meta)
        return key

    def send_mail(self) -> list[dict[str, Any]]:
        """Run the notifier on the queued emails; answer every email sent so far."""
        while self.mail_poller.poll_once():
            pass
        from moto.ses.models import ses_backends

        sent = ses_backends["123456789012"]["us-east-1"].sent_messages
        return [{"to": m.destinations["ToAddresses"], "subject": m.subject, "text": m.body}
                for m in sent]

    def verify_pending(self) -> int:
        """Run the verifier on whatever the queue holds, as Lambda's SQS poller would."""
        handled = 0
        while count := self.poller.poll_once():
            handled += count
        return handled


@pytest.fixture(scope="session")
def aws() -> Iterator[Aws]:
    os.environ.pop("AWS_ENDPOINT_URL", None)
    usage = Usage()
    with mock_aws(), pytest.MonkeyPatch.context() as patch:
        # moto gives boto3 a new default session: watched before the functions make their
        # clients from it.
        boto3.setup_default_session()
        usage.watch_calls(boto3.DEFAULT_SESSION)
        assert not gerbang_config._started, "a function's settings started before the stack"
        patch.setattr(gerbang_config, "_started", usage.watching(gerbang_config._started))
        template = load_template(ROOT / "template.yaml")
        names = Names(parameters(template, {"SiteUrl": SITE}))
        create_all(template, names, None)
        secret = create_payment_secret(names.refs["PaymentSecretParameter"], None)
        functions, routes, queues = load_functions(template, names, ROOT)
        cognito.install(triggers(functions))
        apply_environment(functions)
        os.environ["MALWARE_SCAN"] = "off"
        for function in functions.values():
            function.entry()  # imported now, as local/stack.py does: their settings started
        pollers = {function: QueuePoller(names.refs[queue], names.attributes[(queue, "Arn")],
                                         functions[function], None)
                   for queue, function in queues}
        api = next(r for r in template["Resources"].values()
                   if r["Type"] == "AWS::Serverless::Api")
        gateway = Gateway(functions, routes, ROOT / "site",
                          gateway_responses=api["Properties"].get("GatewayResponses"))
        env = Aws(Client(gateway), names, secret, functions, pollers["VerifierFunction"],
                  pollers["NotifierFunction"], usage)
        env.verify_pending()  # drain S3's test event
        yield env


@pytest.fixture
def submitted(aws: Aws) -> dict[str, Any]:
    """A fresh visit-visa application: its answer (reference, access_code, ...)."""
    response = aws.submit(os.urandom(8).hex())
    assert response.status_code == 201, response.get_data(as_text=True)
    return json.loads(response.get_data())


PASSWORD = "Officer-Passw0rd-1"


def officer_token(aws: Aws, name: str, officer: bool) -> str:
    """An access token for a new user of the officers' pool (in the group or not)."""
    pool = aws.names.refs["OfficerUserPool"]
    idp = boto3.client("cognito-idp")
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                          TemporaryPassword=PASSWORD)
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD,
                                Permanent=True)
    if officer:
        idp.admin_add_user_to_group(UserPoolId=pool, Username=name, GroupName="officers")
    return idp.initiate_auth(ClientId=aws.names.refs["OfficerUserPoolClient"],
                             AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD}
                             )["AuthenticationResult"]["AccessToken"]


@pytest.fixture(scope="session")
def officer(aws: Aws) -> str:
    return officer_token(aws, "ana.officer", officer=True)


@pytest.fixture(scope="session")
def clerk(aws: Aws) -> str:
    return officer_token(aws, "budi.clerk", officer=False)
