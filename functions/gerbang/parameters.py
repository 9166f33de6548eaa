"""Secrets come from SSM Parameter Store at run time (SecureString), cached for five
minutes so a rotated secret is picked up without a deploy. Never from code or the template;
never logged."""

from __future__ import annotations

import time

from gerbang.aws import ssm

_TTL_SECONDS = 300
_cache: dict[str, tuple[float, str]] = {}


def get_secret(name: str) -> str:
    cached = _cache.get(name)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    value = ssm().get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
    _cache[name] = (time.monotonic() + _TTL_SECONDS, value)
    return value
