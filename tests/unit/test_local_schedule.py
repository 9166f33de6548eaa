"""The local stack runs the template's Schedule events on timers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from local.functions import Function
from local.schedule import Timer, rate_seconds, schedules
from local.template import load_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("expression", "seconds"), [
    ("rate(5 minutes)", 300), ("rate(1 minute)", 60), ("rate(2 hours)", 7200),
    ("rate(1 day)", 86400)])
def test_rate_expressions(expression, seconds):
    assert rate_seconds(expression) == seconds


@pytest.mark.parametrize("expression", [
    "cron(0 12 * * ? *)", "rate(1 minutes)", "rate(5 minute)", "rate(0 minutes)",
    "rate(5 seconds)"])
def test_what_eventbridge_or_the_local_stack_refuses(expression):
    with pytest.raises(ValueError):
        rate_seconds(expression)


def test_the_sweeper_is_scheduled_from_the_template():
    assert schedules(load_template(ROOT / "template.yaml")) == [("OutboxFunction", 300)]


def test_a_timer_invokes_with_a_scheduled_event_and_survives_a_failed_run(tmp_path):
    (tmp_path / "tick.py").write_text(
        "events = []\n"
        "def handler(event, context):\n"
        "    events.append(event)\n"
        "    if len(events) == 1:\n"
        "        raise RuntimeError('first run fails')\n")
    function = Function("TickFunction", "tick.handler", 3, tmp_path, {})
    timer = Timer(function, 0.01)
    timer.start()
    try:
        deadline = time.monotonic() + 5
        while len(function.entry().__globals__["events"]) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        timer.stop()
    events = function.entry().__globals__["events"]
    assert len(events) >= 2  # the failed first run did not stop the timer
    assert events[0]["detail-type"] == "Scheduled Event" and events[0]["source"] == "aws.events"
