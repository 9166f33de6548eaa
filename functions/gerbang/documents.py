"""Document uploads: a presigned S3 POST whose policy pins the key, type and size, and the
verifier's first checks once the file has landed (size, magic bytes, declared type).

moto enforces none of a POST policy's conditions, so the verifier re-checks everything the
policy promised; in AWS the policy and the verifier are two locks on the same door."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import unquote_plus

from gerbang import store
from gerbang.aws import s3
from gerbang.catalog import DocumentKind, load_catalog
from gerbang.clock import timestamp
from gerbang.config import settings
from gerbang.errors import Conflict, DomainError, FieldError, InvalidInput
from gerbang.i18n import site_path

UPLOAD_PREFIX = "uploads/"
PRESIGN_SECONDS = 600  # ten minutes: enough for a slow phone, short for a leaked form
MIN_BYTES = 100  # below this no real scan or photo exists

MAGIC = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def human_size(size: int) -> str:
    return f"{size / 1048576:.0f} MB" if size >= 1048576 else f"{size // 1024} KB"


def _kind_for(service_id: str, kind: str) -> DocumentKind:
    catalog = load_catalog()
    service = catalog.service(service_id)
    if service is None or kind not in service.documents:
        raise InvalidInput([FieldError("kind", "invalid_choice")])
    return catalog.document_kinds[kind]


def presign(reference: str, service_id: str, kind: str, *, content_type: str | None = None,
            size_bytes: int | None = None, redirect_lang: str | None = None) -> dict[str, Any]:
    """A presigned POST for one document. With a declared type and size (the script knows
    them) the policy pins both; a plain form cannot know them, so it gets the kind's
    limits and the verifier judges the rest. `redirect_lang` sends a plain form's browser
    back to the site in that language after the upload."""
    rules = _kind_for(service_id, kind)
    if content_type is not None and content_type not in rules.accepted:
        raise DomainError("type_not_accepted")
    if size_bytes is not None and size_bytes > rules.max_bytes:
        raise DomainError("file_too_large", max=human_size(rules.max_bytes))
    key = f"{UPLOAD_PREFIX}{reference}/{kind}/{secrets.token_hex(16)}"
    fields: dict[str, str] = {}
    conditions: list[Any] = []
    if content_type is not None and size_bytes is not None:
        fields.update({"Content-Type": content_type, "x-amz-meta-declared-size": str(size_bytes)})
        conditions += [{"Content-Type": content_type},
                       {"x-amz-meta-declared-size": str(size_bytes)},
                       ["content-length-range", size_bytes, size_bytes]]
    else:
        conditions += [["content-length-range", 1, rules.max_bytes]]
    if redirect_lang:
        target = settings().site_url + site_path(redirect_lang, "upload-received")
        fields["success_action_redirect"] = target
        conditions.append({"success_action_redirect": target})
    else:
        fields["success_action_status"] = "201"
        conditions.append({"success_action_status": "201"})
    post = s3().generate_presigned_post(
        Bucket=settings().documents_bucket, Key=key, Fields=fields, Conditions=conditions,
        ExpiresIn=PRESIGN_SECONDS)
    return {"url": post["url"], "fields": post["fields"], "key": key,
            "expires_in": PRESIGN_SECONDS}


UPLOADS_OPEN = ("submitted", "paid", "more_info_requested")


def uploads_open(record: store.Record) -> bool:
    return record.application["status"] in UPLOADS_OPEN


def request_upload(record: store.Record, kind: str, content_type: str, size_bytes: int
                   ) -> dict[str, Any]:
    """A presigned POST for the script on the site, after the record's own rules."""
    if not uploads_open(record):
        raise Conflict("uploads_closed")
    if record.documents.get(kind, {}).get("state") == "accepted":
        raise Conflict("document_already_accepted")
    reference, service_id = record.application["reference"], record.application["service"]
    return presign(reference, service_id, kind, content_type=content_type, size_bytes=size_bytes)


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)


def check_upload(rules: DocumentKind, size: int, head: bytes, declared_type: str | None,
                 declared_size: int | None) -> tuple[str | None, dict[str, Any]]:
    """Why the upload is refused (a reason code and its parameters), or (None, {})."""
    if size == 0:
        return "empty_file", {}
    if size < MIN_BYTES:
        return "too_small", {}
    if size > rules.max_bytes:
        return "file_too_large", {"max": human_size(rules.max_bytes)}
    if declared_size is not None and declared_size != size:
        return "size_mismatch", {}
    actual = sniff(head)
    if actual is None or actual not in rules.accepted:
        return "type_not_accepted", {}
    if declared_type is not None and declared_type != actual:
        return "type_mismatch", {}
    return None, {}


def verify_upload(key: str, uploaded_at: str | None = None) -> str:
    """Check one uploaded object and record the outcome on its application. Returns the
    state recorded ("accepted", "rejected") or "ignored" for a key that is not ours."""
    parts = key.split("/")
    if len(parts) != 4 or parts[0] + "/" != UPLOAD_PREFIX:
        return "ignored"
    _, reference, kind, _ = parts
    record = store.load_record(reference)
    if record is None:
        return "ignored"
    try:
        rules = _kind_for(record.application["service"], kind)
    except InvalidInput:
        return "ignored"
    bucket = settings().documents_bucket
    head = s3().head_object(Bucket=bucket, Key=key)
    size = int(head["ContentLength"])
    first = (s3().get_object(Bucket=bucket, Key=key, Range="bytes=0-15")["Body"].read()
             if size else b"")
    meta = head.get("Metadata", {})
    declared_size = meta.get("declared-size")
    reason, params = check_upload(
        rules, size, first,
        declared_type=head.get("ContentType") if declared_size else None,
        declared_size=int(declared_size) if declared_size and declared_size.isdigit() else None)
    document = {
        "kind": kind, "key": key, "size": size, "content_type": sniff(first),
        "state": "rejected" if reason else "accepted", "reason": reason,
        "reason_params": params or None,
        "uploaded_at": uploaded_at or head["LastModified"].isoformat(), "checked_at": timestamp(),
    }
    if not store.put_document(reference, document):
        return "ignored"  # a newer upload of this kind is already recorded
    return document["state"]


def keys_from_event(record: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(key, event time) of each object in an S3 event notification. moto URL-encodes keys
    in events as S3 does: decode them."""
    return [(unquote_plus(r["s3"]["object"]["key"]), r.get("eventTime"))
            for r in record.get("Records", [])
            if r.get("eventName", "").startswith("ObjectCreated")]
