"""Each function's settings (gerbang/config.py) against its environment in template.yaml:
the template gives a function exactly the variables its settings read (beside the few in
Globals that every function reads), and a function missing one does not start, naming it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gerbang import config
from gerbang.config import (
    NotifySettings,
    PaymentSettings,
    SiteSettings,
    TableSettings,
    settings,
    start,
    variables,
)

from local.template import load_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template(ROOT / "template.yaml")


@pytest.fixture(scope="module")
def started() -> dict[str, dict[str, Any]]:
    """What each function did when started without its variables, then with the template's
    (tests/support/function_settings.py): in a fresh interpreter with nothing but fake
    credentials, since settings are read once per process."""
    env = {"PATH": os.environ["PATH"], "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "POWERTOOLS_METRICS_DISABLED": "true"}
    done = subprocess.run([sys.executable, "-m", "tests.support.function_settings"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_each_function_gets_exactly_the_variables_its_settings_read(template, started):
    shared = template["Globals"]["Function"]["Environment"]["Variables"]
    functions = {logical: resource for logical, resource in template["Resources"].items()
                 if resource["Type"] == "AWS::Serverless::Function"}
    assert set(started) == set(functions)
    for logical, resource in functions.items():
        own = resource["Properties"].get("Environment", {}).get("Variables", {})
        assert not set(own) & set(shared), logical  # one place for each
        assert set(own) == set(started[logical]["variables"]), logical


def test_a_function_missing_a_variable_does_not_start_and_names_it(started):
    for logical, run in started.items():
        assert run["refused"] or not run["variables"], logical  # nothing to miss: starts
        for name in run["variables"]:
            assert f"{name} is not set" in run["refused"], logical


# ------------------------------------------------------------------ the mechanism


@pytest.fixture
def fresh(monkeypatch):
    """No section started yet, and none left behind for the tests that follow."""
    monkeypatch.setattr(config, "_started", {})
    for name in ("TABLE_NAME", "NOTIFY_QUEUE_URL", "SITE_URL", "PAYMENT_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


class Example(TableSettings, NotifySettings, SiteSettings):
    """A function's settings, made of three sections."""


def test_starting_reads_every_section_and_shares_them(fresh):
    fresh.setenv("TABLE_NAME", "applications")
    fresh.setenv("NOTIFY_QUEUE_URL", "https://sqs.example/queue")
    fresh.setenv("SITE_URL", "https://visa.example/")
    loaded = start(Example)
    assert (loaded.table_name, loaded.notify_queue_url) == ("applications",
                                                            "https://sqs.example/queue")
    assert loaded.site_url == "https://visa.example"  # links append their own paths
    assert settings(TableSettings) is loaded and settings(SiteSettings) is loaded
    assert variables(Example) == ["TABLE_NAME", "NOTIFY_QUEUE_URL", "SITE_URL"]


def test_read_once_at_start(fresh):
    fresh.setenv("TABLE_NAME", "applications")
    fresh.setenv("NOTIFY_QUEUE_URL", "q")
    fresh.setenv("SITE_URL", "https://visa.example")
    start(Example)
    fresh.setenv("TABLE_NAME", "changed later")
    assert settings(TableSettings).table_name == "applications"


def test_every_missing_or_empty_variable_is_named_at_once(fresh):
    fresh.setenv("NOTIFY_QUEUE_URL", "")
    fresh.setenv("SITE_URL", "https://visa.example")
    with pytest.raises(RuntimeError) as refused:
        start(Example)
    assert str(refused.value) == ("Example cannot start: TABLE_NAME is not set; "
                                  "NOTIFY_QUEUE_URL is not set")
    with pytest.raises(RuntimeError):  # nothing half-started
        settings(SiteSettings)


def test_a_value_outside_the_choices_is_refused_with_them(fresh):
    class Paying(PaymentSettings):
        pass

    fresh.setenv("PAYMENT_PROVIDER", "paypal")
    with pytest.raises(RuntimeError, match="PAYMENT_PROVIDER is 'paypal', not one of "
                                           "sandbox, stripe, midtrans"):
        start(Paying)
    fresh.setenv("PAYMENT_PROVIDER", "stripe")
    assert start(Paying).payment_provider == "stripe"


def test_a_section_the_function_did_not_start_is_an_error_not_a_quiet_read(fresh):
    fresh.setenv("PAYMENT_PROVIDER", "sandbox")  # in the environment, yet not started
    with pytest.raises(RuntimeError, match="PaymentSettings is not in this function's"):
        settings(PaymentSettings)

