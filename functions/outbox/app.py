"""The outbox sweeper, run on a schedule: queues the emails whose step was stored but whose
own notify() could not queue them (the queue unreachable, the function stopped in between).

A function of its own rather than a second trigger on the notifier: it runs on a timer, not
on the queue, and needs other rights (read the outbox index, send to the queue; no SES),
so each keeps the least it needs."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from gerbang.config import NotifySettings, TableSettings, start
from gerbang.notifications import sweep
from gerbang.observability import logger, metrics


class OutboxSettings(TableSettings, NotifySettings):
    """Reads the outbox and queues its late emails again."""


SETTINGS = start(OutboxSettings)
PAGE = 100
# Counted on every run, zeros too: template.yaml's EmailsLateAlarm watches it.
LATE_METRIC = "EmailsLate"


@logger.inject_lambda_context
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    queued = 0
    while True:  # a page at a time, while a full page suggests more and time remains
        count = sweep(PAGE)
        queued += count
        if count < PAGE or context.get_remaining_time_in_millis() < 10_000:
            break
    metrics.add_metric(name=LATE_METRIC, unit=MetricUnit.Count, value=queued)
    if queued:  # every one is an email that was late: worth an operator's look
        logger.warning("queued emails left in the outbox", extra={"queued": queued})
    return {"queued": queued}
