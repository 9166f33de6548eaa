"""Secrets come from SSM Parameter Store at run time (SecureString), through Powertools'
SSMProvider on our own client, cached for five minutes so a rotated secret is picked up
without a deploy. Never from code or the template; never logged."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from gerbang.aws import ssm

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.parameters import SSMProvider

MAX_AGE_SECONDS = 300


class SecretUnavailable(Exception):
    """The parameter cannot be read now: missing, access denied, KMS refused, SSM down.
    The message names the parameter and the cause, never a value."""


@cache
def provider() -> SSMProvider:
    # Imported here: Powertools' parameters package loads every provider it has (AppConfig,
    # DynamoDB, Secrets Manager), and the status, documents and officer functions import
    # this module without ever reading a secret. Our client keeps its short timeouts and
    # retries, and the endpoint AWS_ENDPOINT_URL gave it (moto, locally).
    from aws_lambda_powertools.utilities.parameters import SSMProvider

    return SSMProvider(boto3_client=ssm())


def get_secret(name: str) -> str:
    from aws_lambda_powertools.utilities.parameters import GetParameterError

    try:
        return str(provider().get(name, decrypt=True, max_age=MAX_AGE_SECONDS))
    except GetParameterError as error:  # Powertools wraps every failure of the read in it
        raise SecretUnavailable(f"{name}: {error}") from error
