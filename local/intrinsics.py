"""Resolve the CloudFormation intrinsic functions the template uses (Ref, Fn::Sub,
Fn::GetAtt, Fn::Join) against the local stack's names."""

from __future__ import annotations

import re
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
STACK = "gerbang-local"
PSEUDO = {"AWS::AccountId": ACCOUNT, "AWS::Region": REGION, "AWS::StackName": STACK,
          "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}


def function_arn(logical: str) -> str:
    """The local ARN of a template function: what !GetAtt <Function>.Arn answers (a user
    pool's trigger names its function by it)."""
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{STACK}-{logical}"


class Names:
    """What Ref and GetAtt answer for each logical id, filled in as resources are made."""

    def __init__(self, parameters: dict[str, str]) -> None:
        self.refs: dict[str, str] = {**PSEUDO, **parameters}
        self.attributes: dict[tuple[str, str], str] = {}


class _Placeholders(dict):
    def __missing__(self, key: Any) -> str:
        return "placeholder-" + "-".join(key if isinstance(key, tuple) else [key]).lower()


def placeholders(parameters: dict[str, str]) -> Names:
    """Names for reading the template when no stack was made (the cold-import bench, the
    settings tests): parameters keep their values, every resource answers a placeholder."""
    names = Names(parameters)
    names.refs = _Placeholders(names.refs)
    names.attributes = _Placeholders()
    return names


def resolve(value: Any, names: Names) -> Any:
    if isinstance(value, list):
        return [resolve(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Ref":
            return names.refs[arg]
        if fn == "Fn::GetAtt":
            logical, attribute = arg if isinstance(arg, list) else arg.split(".", 1)
            return names.attributes[(logical, attribute)]
        if fn == "Fn::Sub":
            text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], resolve(arg[1], names))
            resolved = re.sub(r"\$\{([^}!]+)\}", lambda m: _sub_one(m.group(1), extra, names),
                              text)
            return resolved.replace("${!", "${")  # ${!Literal} stands for ${Literal}
        if fn == "Fn::Join":
            separator, items = arg
            return separator.join(str(i) for i in resolve(items, names))
    return {k: resolve(v, names) for k, v in value.items()}


def _sub_one(name: str, extra: dict[str, Any], names: Names) -> str:
    if name in extra:
        return str(extra[name])
    if "." in name and not name.startswith("AWS::"):
        logical, attribute = name.split(".", 1)
        return names.attributes[(logical, attribute)]
    return names.refs[name]
