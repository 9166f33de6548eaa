"""Read a CloudFormation / SAM template written in YAML into plain Python data.

`load_template(path)` returns the template as dicts and lists with every short-form intrinsic
function (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) turned into its long, JSON form (`{"Ref": "X"}`,
`{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::Sub": ...}`): the form aws-sam-translator and cfn-lint take,
and the form the local stack walks to find routes, tables, buckets and queues.

Pure: standard library and PyYAML only, no project imports, no AWS calls.

The loader also follows CloudFormation rather than YAML 1.1 where the two differ in ways that
bite templates: `2010-09-09` stays a string (not a date), only true/false are booleans (not
yes/no/on/off), and a key written twice in one mapping is an error instead of the last one
silently winning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["TemplateError", "load_template", "loads_template"]

# Short tags whose long form is not simply "Fn::<Name>".
_SPECIAL = {"Ref": "Ref", "Condition": "Condition"}


class TemplateError(ValueError):
    """The template is not valid YAML for CloudFormation (bad tag, duplicate key, ...)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader with CloudFormation's scalar rules and short-form intrinsic tags."""


# Start from SafeLoader's implicit resolvers, minus timestamps and YAML 1.1's yes/no/on/off.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise TemplateError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


def _construct_intrinsic(loader: _Loader, tag_suffix: str, node: yaml.Node) -> dict:
    name = tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = _construct_mapping(loader, node, deep=True)

    if name == "GetAtt" and isinstance(value, str):
        # `!GetAtt Resource.Attribute` -> ["Resource", "Attribute"]. Split at the first dot
        # only: attributes may contain dots (`FunctionMetadata.FunctionARN`).
        resource, sep, attribute = value.partition(".")
        if not sep or not resource or not attribute:
            raise TemplateError(
                f"!GetAtt {value!r} at line {node.start_mark.line + 1}: expected Resource.Attribute"
            )
        value = [resource, attribute]
    return {_SPECIAL.get(name, f"Fn::{name}"): value}


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_multi_constructor("!", _construct_intrinsic)


def loads_template(text: str) -> dict[str, Any]:
    """Parse template text (YAML or JSON) into long-form Python data."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.YAMLError as exc:
        raise TemplateError(str(exc)) from exc
    if not isinstance(data, dict):
        raise TemplateError("a template must be a mapping at the top level")
    return data


def load_template(path: str | Path) -> dict[str, Any]:
    """Read the template at `path` into long-form Python data (see the module docstring)."""
    return loads_template(Path(path).read_text(encoding="utf-8"))
