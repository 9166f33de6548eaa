"""Presigned uploads and the verifier, fed by the real S3 -> SQS notification."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from tests.integration.conftest import Aws
from tests.support import files, likeness


def _presign(aws: Aws, app, **body):
    return aws.client.post(f"/api/applications/{app['reference']}/documents", json=body,
                           headers={"X-Access-Code": app["access_code"]})


def _status(aws: Aws, app, lang="en"):
    return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
        "X-Access-Code": app["access_code"], "Accept-Language": lang}).get_data())


def test_presigned_post_pins_key_type_size_and_expiry(aws: Aws, submitted):
    response = _presign(aws, submitted, kind="photo", content_type="image/jpeg",
                        size_bytes=123456)
    post = json.loads(response.get_data())
    assert response.status_code == 201
    policy = json.loads(base64.b64decode(post["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 123456, 123456] in conditions
    assert {"Content-Type": "image/jpeg"} in conditions
    key = post["fields"]["key"]
    assert key.startswith(f"uploads/{submitted['reference']}/photo/")
    assert {"key": key} in conditions
    assert post["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert 0 < (expires - datetime.now(UTC)).total_seconds() <= 600


def test_presign_refuses_what_the_catalog_does_not_allow(aws: Aws, submitted):
    too_big = _presign(aws, submitted, kind="photo", content_type="image/jpeg",
                       size_bytes=50_000_000)
    wrong_type = _presign(aws, submitted, kind="photo", content_type="application/pdf",
                          size_bytes=1000)
    not_needed = _presign(aws, submitted, kind="national_id", content_type="image/png",
                          size_bytes=1000)
    nonsense = _presign(aws, submitted, kind="photo", content_type="image/png",
                        size_bytes=-5)
    assert too_big.status_code == 400
    assert json.loads(too_big.get_data())["error"]["code"] == "file_too_large"
    assert "2 MB" in json.loads(too_big.get_data())["error"]["message"]
    assert json.loads(wrong_type.get_data())["error"]["code"] == "type_not_accepted"
    assert not_needed.status_code == 422
    assert nonsense.status_code == 422


def test_presign_needs_the_access_code(aws: Aws, submitted):
    response = aws.client.post(f"/api/applications/{submitted['reference']}/documents",
                               json={"kind": "photo", "content_type": "image/png",
                                     "size_bytes": 1000})
    assert response.status_code == 404


def test_uploads_are_verified_and_complete_documents_move_the_application(aws: Aws, submitted):
    ref = submitted["reference"]
    aws.upload(ref, "passport", files.pdf(), "application/pdf")
    aws.upload(ref, "photo", likeness.portrait(), "image/jpeg")
    aws.upload(ref, "return_ticket", files.pdf(2), "application/pdf")
    assert aws.verify_pending() == 3
    assert _status(aws, submitted)["status"] == "submitted"
    aws.upload(ref, "sponsor_letter", files.pdf(), "application/pdf")
    aws.verify_pending()
    status = _status(aws, submitted)
    assert {d["state"] for d in status["documents"]} == {"accepted"}
    assert status["status"] == "documents_verified"
    assert [h["status"] for h in status["history"]] == ["submitted", "documents_verified"]


def test_a_renamed_html_file_is_rejected_with_a_reason_in_the_language(aws: Aws, submitted):
    aws.upload(submitted["reference"], "passport", files.html_as_pdf(), "application/pdf")
    aws.verify_pending()
    passport = _status(aws, submitted, "id")["documents"][0]
    assert passport["state"] == "rejected"
    assert passport["reason"] == "type_not_accepted"
    assert "PDF, JPEG, atau PNG" in passport["reason_message"]


def test_declared_size_and_type_must_match_the_upload(aws: Aws, submitted):
    ref = submitted["reference"]
    aws.upload(ref, "photo", files.png(), "image/png", declared_size=999)
    aws.verify_pending()
    assert _status(aws, submitted)["documents"][1]["reason"] == "size_mismatch"
    aws.upload(ref, "photo", files.png(), "image/jpeg")
    aws.verify_pending()
    assert _status(aws, submitted)["documents"][1]["reason"] == "type_mismatch"


def test_an_empty_file_is_rejected(aws: Aws, submitted):
    aws.upload(submitted["reference"], "photo", b"", "image/png")
    aws.verify_pending()
    assert _status(aws, submitted)["documents"][1]["reason"] == "empty_file"


def test_a_rejected_document_can_be_replaced(aws: Aws, submitted):
    ref = submitted["reference"]
    aws.upload(ref, "photo", files.html_as_pdf(), "image/png")
    aws.verify_pending()
    assert _status(aws, submitted)["documents"][1]["state"] == "rejected"
    aws.upload(ref, "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    assert _status(aws, submitted)["documents"][1]["state"] == "accepted"
    again = _presign(aws, submitted, kind="photo", content_type="image/png", size_bytes=5000)
    assert again.status_code == 409  # accepted documents stay as they are


def test_objects_outside_our_layout_are_ignored(aws: Aws):
    import boto3

    boto3.client("s3").put_object(Bucket=aws.bucket, Key="uploads/stray.txt", Body=b"x")
    boto3.client("s3").put_object(Bucket=aws.bucket, Key="uploads/2222-2222/photo/x", Body=b"x")
    assert aws.verify_pending() == 2  # handled (ignored), not retried forever


def test_a_failing_record_is_reported_alone_for_retry(aws: Aws, submitted, monkeypatch):
    from gerbang import documents

    calls = []

    def flaky(key, uploaded_at=None):
        calls.append(key)
        if "/photo/" in key:
            raise RuntimeError("S3 hiccup")
        return "ignored"

    monkeypatch.setattr("documents.verifier.verify_upload", flaky)
    assert documents.verify_upload is not flaky
    event = {"Records": [
        {"messageId": str(i), "receiptHandle": "r", "attributes": {}, "messageAttributes": {},
         "md5OfBody": "", "eventSource": "aws:sqs", "eventSourceARN": "arn", "awsRegion": "x",
         "body": json.dumps({"Records": [{"eventName": "ObjectCreated:Post", "eventTime": "t",
                                          "s3": {"object": {"key": f"uploads/R/{k}/1"}}}]})}
        for i, k in enumerate(["passport", "photo"])]}
    result = aws.functions["VerifierFunction"].invoke(event)
    assert result == {"batchItemFailures": [{"itemIdentifier": "1"}]}
