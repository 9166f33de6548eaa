"""Faults real AWS has and moto never produces (throttling, a cancelled transaction's
TransactionConflict, a failed SES or SQS call), injected into the clients the functions
use (gerbang.aws's), one operation at a time.

How: the fault answers the operation's request at botocore's `before-send` event, the last
step before a request leaves for the service, with the error response AWS would send. So
- botocore reads it as it would AWS's: the error's code, a cancelled transaction's
  CancellationReasons, and its own retries (aws.py: standard mode, 3 retries) on what it
  retries, a throttled PutItem but not a cancelled transaction; `Fault.sent` counts every
  request, so a test sees botocore's retries happen, or not;
- the request never reaches moto: nothing of it is written, as in AWS, which refuses a
  throttled or cancelled call whole.

Neither botocore's Stubber nor a patched client method: both answer above botocore's
retries (the Stubber at `before-call`), so a single throttle would never be retried as
AWS's is, and the Stubber answers every call of the client, not one operation. Nor one
more `before-send` handler: moto answers that event too, and botocore calls every handler
and takes the first answer, so moto would still perform the write the fault refuses.
The client's event emitter is wrapped instead, for the faulted operation only.

botocore waits before it retries (a random delay, up to seconds); the fault keeps
botocore's decision to retry and drops only its wait: a test would only be slower.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.awsrequest import AWSResponse

# What each service says when it throttles a caller.
THROTTLING = {"dynamodb": "ProvisionedThroughputExceededException", "ses": "Throttling",
              "sqs": "RequestThrottled", "ssm": "ThrottlingException"}


class _Body:
    """The raw body of a made-up response, as botocore reads one."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


@dataclass
class Fault:
    """What a fault did to its operation's requests, for the test to assert."""

    code: str | None
    times: int | None  # the first `times` requests fail; None: every one
    status: int
    reasons: list[str] | None
    before: Callable[[], object] | None
    sent: int = 0  # requests of the operation while the fault was on (botocore's retries too)
    failed: int = 0  # of which the fault answered with its error
    _aside: bool = False  # `before` is running: its own calls go through untouched

    def answer(self, request: Any, model: Any) -> AWSResponse | None:
        if self._aside:
            return None
        self.sent += 1
        if self.before is not None:
            action, self.before = self.before, None
            self._aside = True
            try:
                action()
            finally:
                self._aside = False
        if self.code is None or (self.times is not None and self.failed >= self.times):
            return None  # on to the service
        self.failed += 1
        return _error(request, model, self.code, self.status, self._cancelled(request))

    def _cancelled(self, request: Any) -> dict[str, Any]:
        """A cancelled transaction's reasons, one an item, as DynamoDB gives them."""
        if self.reasons is None:
            return {}
        items = len(json.loads(request.body)["TransactItems"])
        codes = [*self.reasons, *["None"] * items][:items]
        return {"CancellationReasons": [{"Code": c} if c == "None" else
                                        {"Code": c, "Message": f"injected {c}"}
                                        for c in codes]}


def _error(request: Any, model: Any, code: str, status: int,
           extra: dict[str, Any]) -> AWSResponse:
    """The error response `model`'s service gives, in its protocol."""
    message = f"injected {code}"
    headers = {"x-amzn-RequestId": "fault"}
    if model.resolved_protocol == "query":  # SES
        body = (f'<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>'
                f'<Message>{message}</Message></Error><RequestId>fault</RequestId>'
                f'</ErrorResponse>').encode()
        headers["Content-Type"] = "text/xml"
    else:  # DynamoDB, SSM, SQS: JSON
        body = json.dumps({"__type": f"com.amazonaws.{model.endpoint_prefix}#{code}",
                           "message": message, **extra}).encode()
        headers["Content-Type"] = "application/x-amz-json-1.0"
        if "awsQueryCompatible" in model.metadata:  # SQS: its old code, in a header too
            headers["x-amzn-query-error"] = f"{code};Sender"
    return AWSResponse(request.url, status, headers, _Body(body))


@contextmanager
def fault(client: Any, operation: str, code: str | None = None, *, times: int | None = None,
          status: int = 400, reasons: list[str] | None = None,
          before: Callable[[], object] | None = None) -> Iterator[Fault]:
    """While on, `client`'s `operation` (e.g. "PutItem") answers `code`: the first `times`
    requests, or every one. `reasons`, for TransactWriteItems with code
    TransactionCanceledException: the first items' cancellation reasons, "None" for the
    rest. `before` runs just before the operation's first request is sent or refused:
    someone else's step, taken meanwhile (its own calls are not faulted). With no `code`,
    only `before` happens and the request goes on."""
    model = client.meta.service_model
    service = model.service_id.hyphenize()
    sending = f"before-send.{service}.{operation}"
    retrying = f"needs-retry.{service}.{operation}"
    injected = Fault(code, times, status, reasons, before)
    events = client.meta.events
    shadowed = "emit" in vars(events)  # another fault's, outside this one
    emit = events.emit

    def wrapped(event_name: str, **kwargs: Any) -> list[tuple[Any, Any]]:
        if event_name == sending:
            response = injected.answer(kwargs["request"], model)
            if response is not None:  # answered here: moto never sees the request
                return [(injected.answer, response)]
        responses = emit(event_name, **kwargs)
        if event_name == retrying:  # botocore's decision kept, its wait dropped
            return [(handler, 0 if delay else delay) for handler, delay in responses]
        return responses

    events.emit = wrapped
    try:
        yield injected
    finally:
        if shadowed:
            events.emit = emit
        else:
            del events.emit


def throttle(client: Any, operation: str, times: int | None = None) -> Any:
    """The service refuses `operation` for its rate (its own throttling code)."""
    service = client.meta.service_model.service_id.hyphenize()
    return fault(client, operation, THROTTLING[service], times=times)


def cancel(client: Any, *reasons: str, times: int | None = None,
           before: Callable[[], object] | None = None) -> Any:
    """DynamoDB cancels the transaction (TransactWriteItems), its first items for
    `reasons` ("TransactionConflict", "ThrottlingError", ...)."""
    return fault(client, "TransactWriteItems", "TransactionCanceledException", times=times,
                 reasons=list(reasons), before=before)


def meanwhile(client: Any, operation: str, action: Callable[[], object]) -> Any:
    """`action` happens just before `operation`'s first request is sent: two steps at once,
    in a known order."""
    return fault(client, operation, before=action)
