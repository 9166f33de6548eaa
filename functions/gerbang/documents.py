"""Document uploads: a presigned S3 POST whose policy pins the key, type and size, and the
verifier's work once the file has landed: wait for the malware scan, judge the bytes
(`gerbang.verification`), keep a clean copy for officers, flag files seen in another
application, and record the outcome on the application.

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
from gerbang.config import DocumentsSettings, ScanSettings, SiteSettings, settings
from gerbang.errors import Conflict, DomainError, FieldError, InvalidInput
from gerbang.i18n import site_path
from gerbang.notifications import job, notify
from gerbang.records import Document, DocumentState, FraudSignal, Scan
from gerbang.status import MORE_INFO, PAID, SUBMITTED, Status
from gerbang.verification import Verdict, human_size, inspect

UPLOAD_PREFIX = "uploads/"
CLEAN_PREFIX = "clean/"  # outside uploads/: writing a clean copy notifies nobody
PRESIGN_SECONDS = 600  # ten minutes: enough for a slow phone, short for a leaked form
SCAN_TAG = "GuardDutyMalwareScanStatus"


def _kind_for(service_id: str, kind: str) -> DocumentKind:
    catalog = load_catalog()
    service = catalog.service(service_id)
    if service is None or kind not in service.documents:
        raise InvalidInput([FieldError("kind", "invalid_choice")])
    return catalog.document_kinds[kind]


def presign(reference: str, service_id: str, kind: str, *, content_type: str | None = None,
            size_bytes: int | None = None, file_name: str | None = None,
            redirect_lang: str | None = None) -> dict[str, Any]:
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
    extension = _extension(file_name)
    if extension:
        # Only the extension travels: the verifier checks it agrees with the content, and a
        # file name can carry personal data we do not need.
        fields["x-amz-meta-extension"] = extension
        conditions.append({"x-amz-meta-extension": extension})
    if redirect_lang:
        target = settings(SiteSettings).site_url + site_path(redirect_lang, "upload-received")
        fields["success_action_redirect"] = target
        conditions.append({"success_action_redirect": target})
    else:
        fields["success_action_status"] = "201"
        conditions.append({"success_action_status": "201"})
    post = s3().generate_presigned_post(
        Bucket=settings(DocumentsSettings).documents_bucket, Key=key, Fields=fields,
        Conditions=conditions, ExpiresIn=PRESIGN_SECONDS)
    return {"url": post["url"], "fields": post["fields"], "key": key,
            "expires_in": PRESIGN_SECONDS}


UPLOADS_OPEN = (SUBMITTED, PAID, MORE_INFO)


def uploads_open(record: store.Record) -> bool:
    return record.application.status in UPLOADS_OPEN


def replaceable(stored: Document, status: Status) -> bool:
    """An accepted document stays, unless an officer asked for more (then anything may be
    replaced: a clearer photo, a newer statement) or its page could not be read or does
    not say what the form says (a clearer photo may settle it before an officer looks)."""
    if stored.state != DocumentState.ACCEPTED or status == MORE_INFO:
        return True
    passport = stored.passport
    return passport is not None and (
        not passport.valid or any(f.match is False for f in passport.fields or []))


def request_upload(record: store.Record, kind: str, content_type: str, size_bytes: int,
                   file_name: str | None = None) -> dict[str, Any]:
    """A presigned POST for the script on the site, after the record's own rules."""
    if not uploads_open(record):
        raise Conflict("uploads_closed")
    stored = record.documents.get(kind)
    if stored is not None and not replaceable(stored, record.application.status):
        raise Conflict("document_already_accepted")
    reference, service_id = record.application.reference, record.application.service
    return presign(reference, service_id, kind, content_type=content_type, size_bytes=size_bytes,
                   file_name=file_name)


def _extension(file_name: str | None) -> str | None:
    if not file_name or "." not in file_name:
        return None
    extension = file_name.rsplit(".", 1)[1].lower()
    return extension if extension.isascii() and extension.isalnum() and len(extension) <= 8 \
        else None


class ScanPending(Exception):
    """GuardDuty has not tagged the object yet: try again later, never pass it unscanned."""


def scan_state(bucket: str, key: str) -> Scan:
    """"clean", "threat", "unsupported" or, when the operator turned scanning off (the local
    stack: GuardDuty does not exist there), "not_scanned". Raises ScanPending otherwise."""
    if settings(ScanSettings).malware_scan == "off":
        return Scan.NOT_SCANNED
    tags = {t["Key"]: t["Value"] for t in
            s3().get_object_tagging(Bucket=bucket, Key=key).get("TagSet", [])}
    status = tags.get(SCAN_TAG)
    if status == "NO_THREATS_FOUND":
        return Scan.CLEAN
    if status == "THREATS_FOUND":
        return Scan.THREAT
    if status == "UNSUPPORTED":
        return Scan.UNSUPPORTED
    raise ScanPending(status or "no tag yet")  # FAILED / ACCESS_DENIED retry, then the DLQ


def verify_upload(key: str, uploaded_at: str | None = None) -> str:
    """Check one uploaded object and record the outcome on its application: "accepted",
    "rejected", or "ignored" for a key that is not ours or an upload already superseded.
    Raises ScanPending while the malware scan has not spoken."""
    parts = key.split("/")
    if len(parts) != 4 or parts[0] + "/" != UPLOAD_PREFIX:
        return "ignored"
    _, reference, kind, upload_id = parts
    record = store.load_record(reference)
    if record is None:
        return "ignored"
    try:
        rules = _kind_for(record.application.service, kind)
    except InvalidInput:
        return "ignored"
    bucket = settings(DocumentsSettings).documents_bucket
    head = s3().head_object(Bucket=bucket, Key=key)
    document = Document(kind=kind, key=key, size=int(head["ContentLength"]),
                        uploaded_at=uploaded_at or head["LastModified"].isoformat(),
                        state=DocumentState.CHECKING)
    if not store.put_document(reference, document):
        return "ignored"  # a newer upload of this kind is already recorded
    scan = scan_state(bucket, key)
    # What the file says is read only in the verifier: OCR and OpenCV live in its image.
    from gerbang import fraud
    from gerbang.contents import Contents, read_contents

    contents = Contents()
    meta = head.get("Metadata", {})
    declared_size = meta.get("declared-size", "")
    if scan in (Scan.THREAT, Scan.UNSUPPORTED):
        verdict = Verdict("unsafe_file" if scan == Scan.THREAT else "unreadable")
    elif document.size > rules.max_bytes:  # never read more than a kind may hold
        verdict = Verdict("file_too_large", {"max": human_size(rules.max_bytes)})
    else:
        data = s3().get_object(Bucket=bucket, Key=key)["Body"].read()
        verdict = inspect(rules, data,
                          declared_type=head.get("ContentType") if declared_size else None,
                          declared_size=int(declared_size) if declared_size.isdigit() else None,
                          file_name=f"upload.{meta['extension']}" if "extension" in meta else None)
        if verdict.reason is None:
            contents = read_contents(rules, record, verdict, data)
            if contents.reason:  # a portrait an officer at the counter would not take
                verdict = Verdict(contents.reason, contents.params, verdict.content_type,
                                  verdict.sha256, width=verdict.width, height=verdict.height)
    clean_key = None
    if verdict.clean is not None:
        clean_key = f"{CLEAN_PREFIX}{reference}/{kind}/{upload_id}"
        s3().put_object(Bucket=bucket, Key=clean_key, Body=verdict.clean,
                        ContentType=verdict.content_type or "application/octet-stream")
    others = store.register_file(verdict.sha256, reference, kind) if verdict.sha256 else []
    signals = contents.signals + ([FraudSignal(code="duplicate_file", references=others)]
                                  if others else [])
    document = document.model_copy(update={
        "state": DocumentState.REJECTED if verdict.reason else DocumentState.ACCEPTED,
        "reason": verdict.reason, "reason_params": verdict.params or None,
        "content_type": verdict.content_type, "sha256": verdict.sha256 or None,
        "width": verdict.width, "height": verdict.height, "pages": verdict.pages,
        "scan": scan, "clean_key": clean_key, "checked_at": timestamp(),
        "passport": contents.passport, "photo": contents.photo,
        "face_hash": contents.face_hash,
        # For officers, never a refusal: the same bytes in another application, a passport
        # number given as someone else, another applicant's face, a zone that does not add up.
        "signals": signals or None,
    })
    email = job(reference, "document_rejected", kind=kind, reason_code=verdict.reason,
                reason_params=verdict.params or None) if verdict.reason else None
    if not store.put_document(reference, document, email):
        return "ignored"
    if email:
        notify(email)
    fraud.count(signals, upload_id)
    return document.state


def keys_from_event(record: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(key, event time) of each object in an S3 event notification. moto URL-encodes keys
    in events as S3 does: decode them."""
    return [(unquote_plus(r["s3"]["object"]["key"]), r.get("eventTime"))
            for r in record.get("Records", [])
            if r.get("eventName", "").startswith("ObjectCreated")]
