"""Each function's role in template.yaml against what the function really did while the
other integration tests ran (conftest.py records it): every AWS call it made is allowed,
every action granted is one it used, and it asked only for the settings sections it starts.
These tests run after the others, whose calls they judge."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from gerbang.config import Section

from local.template import load_template
from tests.integration.conftest import ROOT, Aws
from tests.support.iam import Grant, grants

pytestmark = pytest.mark.after_the_others

# Grants on paths the integration tests do not reach, (function, action) -> the path.
RARELY_USED = {
    ("SubmitFunction", "dynamodb:GetItem"):
        "Powertools reads an idempotency record only when a conditional put failed without "
        "returning it (it vanished in between); a repeated form's page lists the questions "
        "asked about the application meanwhile (consultations.for_application)",
}


@pytest.fixture(scope="module")
def roles(aws: Aws) -> dict[str, list[Grant]]:
    resources = load_template(ROOT / "template.yaml")["Resources"]
    return {logical: grants(resource, aws.names) for logical, resource in resources.items()
            if resource["Type"] == "AWS::Serverless::Function"}


def test_every_call_a_function_makes_is_granted(aws: Aws, roles: dict[str, list[Grant]]):
    refused = {function: sorted(f"{n.action} on {n.resource}" for n in aws.usage.needs[function]
                                if not any(grant.covers(n) for grant in roles[function]))
               for function in roles}
    assert not any(refused.values()), refused


@pytest.mark.whole_suite
def test_every_grant_is_used(aws: Aws, roles: dict[str, list[Grant]]):
    def used(function: str, grant: Grant) -> bool:
        return any(grant.covers(need) for need in aws.usage.needs[function])

    unused = {function: [str(g) for g in granted
                         if not used(function, g) and (function, g.action) not in RARELY_USED]
              for function, granted in roles.items()}
    assert not any(unused.values()), unused
    # An exception names a grant that exists and that the tests still do not reach.
    for (function, action), path in RARELY_USED.items():
        listed = [g for g in roles[function] if g.action == action]
        assert listed and not any(used(function, g) for g in listed), (function, action, path)


def test_each_function_asks_only_for_the_settings_it_starts(aws: Aws):
    for logical, function in aws.functions.items():
        module: Any = importlib.import_module(function.handler.rpartition(".")[0])
        started = {c for c in type(module.SETTINGS).__mro__ if issubclass(c, Section)}
        asked = aws.usage.sections[logical]
        assert asked <= started, (logical, sorted(s.__name__ for s in asked - started))


@pytest.mark.whole_suite
def test_the_recording_saw_every_function(aws: Aws):
    # Without it, the checks above would pass on a recording that saw nothing.
    assert set(aws.usage.needs) == set(aws.functions)
    assert set(aws.usage.sections) == set(aws.functions)
