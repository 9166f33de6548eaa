"""The local stack's moto answers DynamoDB one request at a time (local/moto_locks.py):
two threads never run DynamoDB actions at once, and installing twice wraps once."""

from __future__ import annotations

import threading
import time

from moto.dynamodb.responses import DynamoHandler

from local import moto_locks


def test_dynamodb_requests_never_overlap(monkeypatch):
    inside, overlapped = [0], []

    def slow_action(self):
        inside[0] += 1
        overlapped.append(inside[0] > 1)
        time.sleep(0.02)
        inside[0] -= 1

    monkeypatch.setattr(DynamoHandler, "call_action", slow_action)
    moto_locks.install()
    moto_locks.install()  # a second stack in the same process wraps nothing more
    assert DynamoHandler.call_action.serialized
    threads = [threading.Thread(target=DynamoHandler.call_action, args=(None,))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlapped == [False] * 6
