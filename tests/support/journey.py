"""The applicant's steps over HTTP against the running stack, for tests that need an
application at a given stage."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import boto3
import requests

from tests.support import files, likeness
from tests.support.api import application

# A photo the counter's checks pass (a face, plain wall); the other kinds are only read
# for their type and pixels, or (the passport) read and noted, never refused.
BODIES = {"passport": (files.pdf(), "application/pdf"),
          "photo": (likeness.portrait(), "image/jpeg"),
          "return_ticket": (files.pdf(), "application/pdf"),
          "sponsor_letter": (files.pdf(), "application/pdf"),
          "proof_of_address": (files.pdf(), "application/pdf"),
          "national_id": (files.png(800, 500), "image/png")}


def wait_for(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("condition not met in time")


def upload_every_document(api: requests.Session, status_url: str,
                          required: list[dict[str, Any]]) -> None:
    """Upload a valid sample of each required document straight to S3 with its presigned
    POST, as the upload page does."""
    for doc in required:
        body, content_type = BODIES[doc["kind"]]
        post = api.post(status_url + "/documents", json={
            "kind": doc["kind"], "content_type": content_type, "size_bytes": len(body)},
            timeout=10).json()
        uploaded = requests.post(post["url"], data=post["fields"],
                                 files={"file": ("scan", body, content_type)}, timeout=10)
        assert uploaded.status_code == 201, uploaded.text


def in_review(stack: Any, **answers: Any) -> dict[str, Any]:
    """Apply, upload every document and pay in the sandbox: an application in the
    officers' queue. Answers the submit answer (reference, access_code, ...)."""
    api = requests.Session()
    app = api.post(stack.url + "/api/applications", json=application(**answers),
                   headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10).json()
    api.headers["X-Access-Code"] = app["access_code"]
    status_url = f"{stack.url}/api/applications/{app['reference']}"
    upload_every_document(api, status_url, app["required_documents"])
    wait_for(lambda: api.get(status_url, timeout=10).json()["status"] == "documents_verified")
    checkout = api.post(status_url + "/payments", json={"method": "card"}, timeout=10).json()
    session = re.search(r'name="session" value="([^"]+)"',
                        requests.get(checkout["checkout_url"], timeout=10).text).group(1)
    requests.post(stack.url + "/sandbox/checkout", data={"session": session,
                                                         "outcome": "succeeded"}, timeout=10)
    wait_for(lambda: api.get(status_url, timeout=10).json()["status"] == "in_review")
    return app


def other_officer(stack: Any) -> requests.Session:
    """The development officer `make dev` printed, signed in to the local Cognito as
    another desk would (the API only; the browser tests sign in through the page)."""
    idp = boto3.client("cognito-idp", endpoint_url=stack.aws_endpoint, region_name="us-east-1",
                       aws_access_key_id="local", aws_secret_access_key="local")
    pool = idp.list_user_pools(MaxResults=10)["UserPools"][0]["Id"]
    client = idp.list_user_pool_clients(UserPoolId=pool)["UserPoolClients"][0]["ClientId"]
    name, password = stack.officer
    token = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": name, "PASSWORD": password})["AuthenticationResult"]["AccessToken"]
    officer = requests.Session()
    officer.headers["Authorization"] = f"Bearer {token}"
    return officer
