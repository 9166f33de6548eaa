"""The SQS event source mapping, locally: long-poll each queue a function listens to and
hand it batches shaped like Lambda's SQS event. Messages the function reports as failed
stay on the queue and come back after the visibility timeout; the queue's redrive policy
moves them to the dead-letter queue, as in AWS."""

from __future__ import annotations

from typing import Any

import boto3

from local.background import Background
from local.functions import Function
from local.intrinsics import REGION


class QueuePoller(Background):
    def __init__(self, queue_url: str, queue_arn: str, function: Function, endpoint: str | None,
                 batch_size: int = 5) -> None:
        super().__init__(f"poller-{function.logical_id}")
        self.queue_url, self.queue_arn, self.function = queue_url, queue_arn, function
        self.sqs = boto3.client("sqs", region_name=REGION, endpoint_url=endpoint)
        self.batch_size = batch_size

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(wait_seconds=1)
            except Exception as error:  # SQS itself failed: wait and poll again
                print(f"[poller] {self.function.logical_id}: {error!r}", flush=True)
                self._stop.wait(1)

    def poll_once(self, wait_seconds: int = 0) -> int:
        answer = self.sqs.receive_message(QueueUrl=self.queue_url,
                                          MaxNumberOfMessages=self.batch_size,
                                          WaitTimeSeconds=wait_seconds,
                                          MessageSystemAttributeNames=["All"])
        messages = answer.get("Messages", [])
        if not messages:
            return 0
        event = {"Records": [self._record(m) for m in messages]}
        try:
            result: dict[str, Any] = self.function.invoke(event) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception as error:  # the invocation failed: Lambda returns the whole batch
            print(f"[poller] {self.function.logical_id}: {error!r}", flush=True)
            failed = {m["MessageId"] for m in messages}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(QueueUrl=self.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
        return len(messages)

    def _record(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": {},
            "md5OfBody": message["MD5OfBody"],
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queue_arn,
            "awsRegion": REGION,
        }
