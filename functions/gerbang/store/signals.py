"""What the fraud signals need to remember: who used a passport number, whose face a photo
shows (by its perceptual hash, in bands), and how many signals were raised each day. For
officers only; an applicant never reads any of it."""

from __future__ import annotations

from itertools import islice
from typing import Any

from gerbang import clock
from gerbang.store.table import put, query, transact, update, write

SIGNAL_DAYS_KEPT = 400
_LOOKUP_LIMIT = 100  # a number or a face on more applications than this is one signal anyway


def _others(pk: str, reference: str) -> list[dict[str, Any]]:
    found = islice(query(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                         ExpressionAttributeValues={":pk": pk}, Limit=_LOOKUP_LIMIT),
                   _LOOKUP_LIMIT)
    return [item for item in found if item["reference"] != reference]


def register_passport(number: str, reference: str, identity: dict[str, Any]
                      ) -> list[dict[str, Any]]:
    """Remember that `reference` holds passport `number` for `identity` (a digest of name
    and birth date, and when to forget it); answer the other applications that gave the
    same number, with theirs."""
    pk = f"PASSPORT#{number}"
    write(put({"pk": pk, "sk": f"APP#{reference}", "reference": reference, **identity}))
    return _others(pk, reference)


def register_face(bands: list[str], reference: str, face_hash: str, identity: dict[str, Any]
                  ) -> list[dict[str, Any]]:
    """Remember `reference`'s face under each band of its hash; answer the other
    applications' faces that share a band (candidates: the caller measures the distance)."""
    seen: dict[str, dict[str, Any]] = {}
    for i, band in enumerate(bands):
        pk = f"FACE#{i}#{band}"
        write(put({"pk": pk, "sk": f"APP#{reference}", "reference": reference,
                   "face_hash": face_hash, **identity}))
        seen.update({item["reference"]: item for item in _others(pk, reference)})
    return list(seen.values())


def count_signal(code: str, upload: str) -> bool:
    """Count one signal on today's tally, once per upload and code however often the
    verifier checks that upload (SQS delivers at least once). False: already counted."""
    expires = int(clock.now().timestamp()) + SIGNAL_DAYS_KEPT * 86400
    return transact(
        put({"pk": "SIGNALS", "sk": f"SEEN#{upload}#{code}", "expiration": expires},
            "attribute_not_exists(pk)", refused=False),
        update({"pk": "SIGNALS", "sk": f"DAY#{clock.today().isoformat()}#{code}"},
               "ADD signals :one SET expiration = :expires",
               values={":one": 1, ":expires": expires}))


def signal_counts(since: str) -> list[tuple[str, str, int]]:
    """(day, code, signals) from `since` (ISO date) to today, oldest first."""
    found = query(KeyConditionExpression="pk = :pk AND sk BETWEEN :from AND :to",
                  ExpressionAttributeValues={":pk": "SIGNALS", ":from": f"DAY#{since}",
                                             ":to": "DAY#~"})
    return [(*item["sk"].removeprefix("DAY#").split("#", 1), int(item["signals"]))
            for item in found]
