"""boto3 clients, made once per cold start. `AWS_ENDPOINT_URL` (set by the local stack and
the tests) sends them to moto; nothing else here knows about local runs."""

from __future__ import annotations

from functools import cache

import boto3
from botocore.config import Config

_RETRIES = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2,
                  read_timeout=5)


@cache
def dynamodb():
    return boto3.client("dynamodb", config=_RETRIES)


@cache
def s3():
    # Presigned POSTs must be SigV4: the legacy signature is refused by newer regions.
    return boto3.client("s3", config=_RETRIES.merge(Config(signature_version="s3v4")))


@cache
def ssm():
    return boto3.client("ssm", config=_RETRIES)


@cache
def sqs():
    return boto3.client("sqs", config=_RETRIES)


@cache
def ses():
    return boto3.client("ses", config=_RETRIES)


@cache
def cognito():
    return boto3.client("cognito-idp", config=_RETRIES)
