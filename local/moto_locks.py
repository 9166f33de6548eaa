"""moto answers the local stack from several threads at once (ThreadedMotoServer: the
gateway's requests, the queue pollers, the timers), but its DynamoDB backend is not
thread-safe: a transaction deep-copies the table to roll back with while another request
writes to it, and fails with "dictionary changed size during iteration", a 500 that real
DynamoDB never gives (seen under `make bench`). One lock around every DynamoDB request
makes the local table behave; the stack serves one person, so the wait costs nothing."""

from __future__ import annotations

import threading
from typing import Any

from moto.dynamodb.responses import DynamoHandler

_LOCK = threading.Lock()


def install() -> None:
    """Serialize moto's DynamoDB requests (once per process)."""
    original = DynamoHandler.call_action
    if getattr(original, "serialized", False):
        return

    def call_action(self: DynamoHandler) -> Any:
        with _LOCK:
            return original(self)

    call_action.serialized = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
