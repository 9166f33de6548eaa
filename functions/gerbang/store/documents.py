"""Documents: the latest upload of each kind on its application, and the fingerprints of
uploaded files (the same bytes in two applications is a fraud signal for officers)."""

from __future__ import annotations

from itertools import islice

from gerbang.records import Document, EmailJob
from gerbang.store.outbox import outbox_put
from gerbang.store.table import app_key, put, query, transact, write


def put_document(reference: str, document: Document, email: EmailJob | None = None) -> bool:
    """Record the outcome of an upload unless a newer upload of that kind is recorded."""
    return transact(
        put({**app_key(reference, f"DOC#{document.kind}"), **document.stored()},
            "attribute_not_exists(pk) OR uploaded_at <= :at",
            values={":at": document.uploaded_at}, refused=False),
        *outbox_put(email),
    )


def register_file(sha256: str, reference: str, kind: str) -> list[str]:
    """Remember that `reference` uploaded these bytes; answer the other applications that
    uploaded the very same file (a fraud signal for officers)."""
    write(put({"pk": f"FILE#{sha256}", "sk": f"APP#{reference}#{kind}",
               "reference": reference}))
    found = islice(query(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                         ExpressionAttributeValues={":pk": f"FILE#{sha256}"}, Limit=100), 100)
    return sorted({i["reference"] for i in found} - {reference})
