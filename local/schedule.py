"""SAM `Schedule` events, locally: a timer thread per scheduled function that invokes it
with an EventBridge-shaped "Scheduled Event" at the template's rate. Only rate(...)
expressions: a cron(...) one stops the start rather than silently never running."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from local.background import Background
from local.functions import Function
from local.intrinsics import ACCOUNT, REGION

_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def rate_seconds(expression: str) -> int:
    """rate(5 minutes) -> 300, as EventBridge reads it (a value of 1 takes the singular)."""
    match = re.fullmatch(r"rate\((\d+) (minutes?|hours?|days?)\)", expression.strip())
    if not match or int(match[1]) < 1 or (int(match[1]) == 1) != (not match[2].endswith("s")):
        raise ValueError(f"the local stack runs only rate(...) schedules, not {expression!r}")
    return int(match[1]) * _UNITS[match[2]]


def schedules(template: dict[str, Any]) -> list[tuple[str, int]]:
    """(function logical id, period in seconds) of each Schedule event in the template."""
    found = []
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] == "Schedule":
                found.append((logical, rate_seconds(event["Properties"]["Schedule"])))
    return found


class Timer(Background):
    def __init__(self, function: Function, period: float) -> None:
        super().__init__(f"schedule-{function.logical_id}")
        self.function, self.period = function, period

    def _run(self) -> None:
        while not self._stop.wait(self.period):  # the first run after one period, as AWS
            try:
                self.fire()
            except Exception as error:  # one failed run: the next comes at its time
                print(f"[schedule] {self.function.logical_id}: {error!r}", flush=True)

    def fire(self) -> Any:
        return self.function.invoke({
            "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event",
            "source": "aws.events", "account": ACCOUNT, "region": REGION,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "resources": [f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{self.function.logical_id}"],
            "detail": {}})
