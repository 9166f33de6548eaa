"""The one door to the table: items in and out of DynamoDB's typed form, reads page by page,
and writes, single or in a transaction, whose refusals are turned into outcomes here once.

A write says what it means when its condition fails (`refused`): an exception to raise
(ReferenceTaken, Conflict("status_changed"), EventSeen) or a value to answer (False). A
cancelled transaction says why item by item, in order: the first item whose condition
failed gives the outcome. Two transactions touching one item at once cancel one of them
(TransactionConflict), and a single write meeting a transaction is refused the same way:
that is tried again a few times, then a 409. Throttling is Busy (429), once botocore's own
retries (aws.py) are spent; botocore does not retry a cancelled transaction, whose
throttled items are Busy at once. Nothing was written in either case, so the same request
can be sent again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from gerbang.aws import dynamodb
from gerbang.config import TableSettings, settings
from gerbang.errors import Busy, Conflict

# DynamoDB's words for why a call or a transaction's item failed, without "Exception"
# (a plain call says "ThrottlingException", a cancelled transaction's item "ThrottlingError").
REFUSED = "ConditionalCheckFailed"
CONFLICT = "TransactionConflict"
THROTTLED = frozenset({"ProvisionedThroughputExceeded", "Throttling", "ThrottlingError",
                       "RequestLimitExceeded"})
ATTEMPTS = 3  # of a write that met another transaction: it holds its items milliseconds
_BACKOFF_SECONDS = 0.05

_to_ddb = TypeSerializer().serialize
_from_ddb = TypeDeserializer().deserialize


def item(values: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB's typed form of plain values; None means "no such attribute"."""
    return {k: _to_ddb(_decimal(v)) for k, v in values.items() if v is not None}


def _decimal(value: Any) -> Any:
    # DynamoDB takes fractions as Decimal only (a photo's measures): via str, so 0.1 stays 0.1.
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _decimal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimal(v) for v in value]
    return value


def _number(value: Any) -> Any:
    # DynamoDB numbers come back as Decimal; ours are whole (rupiah, versions, epochs).
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_number(v) for v in value]
    return value


def plain(typed: dict[str, Any]) -> dict[str, Any]:
    return {k: _number(_from_ddb(v)) for k, v in typed.items()}


def app_key(reference: str, sk: str) -> dict[str, str]:
    """The key of an item in an application's partition."""
    return {"pk": f"APP#{reference}", "sk": sk}


def _request(params: dict[str, Any]) -> dict[str, Any]:
    """A call's parameters as DynamoDB takes them: on our table, values typed."""
    typed = {k: item(v) if k in ("Item", "Key", "ExpressionAttributeValues") else v
             for k, v in params.items() if v is not None}
    return {"TableName": settings(TableSettings).table_name, **typed}


def reasons(error: ClientError) -> list[str]:
    """Why DynamoDB refused: item by item for a cancelled transaction, else the one code."""
    cancelled = error.response.get("CancellationReasons")
    if cancelled:
        return [r.get("Code", "") for r in cancelled]
    return [error.response.get("Error", {}).get("Code", "").removesuffix("Exception")]


def throttled(error: BaseException | None) -> bool:
    """Whether the table refused `error`'s call for its rate (ours, or a library's)."""
    return isinstance(error, ClientError) and not THROTTLED.isdisjoint(reasons(error))


@contextmanager
def _busy_if_throttled() -> Iterator[None]:
    try:
        yield
    except ClientError as error:
        if throttled(error):
            raise Busy() from error
        raise


def query(**params: Any) -> Iterator[dict[str, Any]]:
    """The items a Query finds, as plain values, page after page as far as the caller
    reads (values in ExpressionAttributeValues are plain too)."""
    request = _request(params)
    while True:
        with _busy_if_throttled():
            page = dynamodb().query(**request)
        yield from (plain(i) for i in page["Items"])
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def get(key: dict[str, str]) -> dict[str, Any] | None:
    with _busy_if_throttled():
        found = dynamodb().get_item(**_request({"Key": key}), ConsistentRead=True).get("Item")
    return plain(found) if found else None


def increment(key: dict[str, str], attribute: str, expiration: int) -> int:
    """Add one to a counter (made at 1 if missing, expiring at `expiration`, an epoch) and
    answer its new value: one call, no read after the write."""
    with _busy_if_throttled():
        answer = dynamodb().update_item(**_request({
            "Key": key, "UpdateExpression": "ADD #n :one SET expiration = :exp",
            "ExpressionAttributeNames": {"#n": attribute},
            "ExpressionAttributeValues": {":one": 1, ":exp": expiration}}),
            ReturnValues="UPDATED_NEW")
    return int(answer["Attributes"][attribute]["N"])


@dataclass(frozen=True)
class Write:
    """One write, in DynamoDB's words ("Put", "Update", "Delete") with plain values, and
    what it means when its condition fails: an exception to raise or a value to answer.
    None: the condition cannot fail unless something else is wrong; the error goes up."""

    kind: str
    params: dict[str, Any]
    refused: Exception | bool | None = None


def put(attributes: dict[str, Any], condition: str | None = None, *,
        names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
        refused: Exception | bool | None = None) -> Write:
    return Write("Put", {"Item": attributes, "ConditionExpression": condition,
                         "ExpressionAttributeNames": names,
                         "ExpressionAttributeValues": values}, refused)


def update(key: dict[str, str], expression: str, condition: str | None = None, *,
           names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
           refused: Exception | bool | None = None) -> Write:
    return Write("Update", {"Key": key, "UpdateExpression": expression,
                            "ConditionExpression": condition,
                            "ExpressionAttributeNames": names,
                            "ExpressionAttributeValues": values}, refused)


def delete(key: dict[str, str]) -> Write:
    return Write("Delete", {"Key": key})


def transact(*writes: Write) -> Any:
    """All the writes or none. Answers True, or the `refused` value of the first write
    whose condition failed (raises it if it is an exception)."""
    items = [{w.kind: _request(w.params)} for w in writes]
    return _send(lambda: dynamodb().transact_write_items(TransactItems=items), writes)


_SINGLE = {"Put": "put_item", "Update": "update_item", "Delete": "delete_item"}


def write(one: Write) -> Any:
    """One write, its refusal mapped as a transaction's item's is."""
    call = getattr(dynamodb(), _SINGLE[one.kind])
    return _send(lambda: call(**_request(one.params)), [one])


def _send(call: Callable[[], object], writes: Sequence[Write]) -> Any:
    attempt = 1
    while True:
        try:
            call()
            return True
        except ClientError as error:
            why = reasons(error)
            refused = next((w for w, r in zip(writes, why, strict=False) if r == REFUSED),
                           None)
            if refused is not None:
                if refused.refused is None:
                    raise
                if isinstance(refused.refused, Exception):
                    raise refused.refused from None
                return refused.refused
            if throttled(error):
                raise Busy() from error
            if CONFLICT not in why:
                raise
            if attempt == ATTEMPTS:
                raise Conflict("concurrent_change") from error
        # Jittered, so that two writers that met do not meet again on the next try.
        time.sleep(random.uniform(0, _BACKOFF_SECONDS * attempt))
        attempt += 1
