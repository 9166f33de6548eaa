"""Secrets come from SSM Parameter Store at run time (SecureString), through Powertools'
parameters utility: cached five minutes, so a rotated secret is picked up without a deploy.
Never from code or the template; never logged. A parameter that is missing or cannot be
read or decrypted (an operator's mistake, a KMS key policy) is a 503 that says to try later,
and the step that needed it writes nothing."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools.utilities.parameters import SSMProvider
from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError

from gerbang.aws import ssm
from gerbang.errors import Unavailable
from gerbang.observability import logger

_MAX_AGE_SECONDS = 300


@cache
def _provider() -> SSMProvider:
    return SSMProvider(boto3_client=ssm())  # our client: its retries, timeouts, endpoint


def get_secret(name: str) -> str:
    try:
        value = _provider().get(name, max_age=_MAX_AGE_SECONDS, decrypt=True)
    except GetParameterError as error:
        # The parameter's name is not secret; its value never reaches here.
        logger.error("secret parameter unreadable", extra={"parameter": name,
                                                            "why": type(error.__cause__ or
                                                                        error).__name__})
        raise Unavailable("payment_unavailable") from None
    return str(value)
