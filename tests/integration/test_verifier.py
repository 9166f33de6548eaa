"""The verifier end to end on moto: S3 notifies SQS, the verifier judges the file, keeps a
clean copy, flags duplicates, waits for the malware scan, and gives up into the dead-letter
queue after a bounded number of tries."""

from __future__ import annotations

import io
import json
import os

import boto3
import pytest
from gerbang.config import ScanSettings, settings
from PIL import Image

from tests.integration.conftest import Aws
from tests.support import corpus, likeness


def _status(aws: Aws, app, lang="en"):
    return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
        "X-Access-Code": app["access_code"], "Accept-Language": lang}).get_data())


def _stored(aws: Aws, reference: str, kind: str) -> dict:
    item = boto3.client("dynamodb").get_item(TableName=aws.table, Key={
        "pk": {"S": f"APP#{reference}"}, "sk": {"S": f"DOC#{kind}"}}, ConsistentRead=True)
    return item.get("Item", {})


def _photo(status):
    return next(d for d in status["documents"] if d["kind"] == "photo")


def test_officers_get_a_copy_without_gps_and_the_original_is_kept(aws: Aws, submitted):
    ref = submitted["reference"]
    key = aws.upload(ref, "photo", likeness.with_gps(likeness.portrait()), "image/jpeg")
    aws.verify_pending()
    stored = _stored(aws, ref, "photo")
    assert stored["state"]["S"] == "accepted" and stored["scan"]["S"] == "not_scanned"
    # Said plainly to whoever looks: no scanner ran here
    assert "Not scanned for malware" in _photo(_status(aws, submitted))["scan_label"]
    clean = boto3.client("s3").get_object(Bucket=aws.bucket, Key=stored["clean_key"]["S"])
    image = Image.open(io.BytesIO(clean["Body"].read()))
    assert not image.getexif() and image.size == likeness.portrait_image().size
    original = boto3.client("s3").get_object(Bucket=aws.bucket, Key=key)["Body"].read()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # evidence kept


def test_the_same_file_in_two_applications_is_flagged_not_refused(aws: Aws, submitted):
    other = json.loads(aws.submit(os.urandom(8).hex(), given_names="Budi").get_data())
    scan = corpus.pdf(2)
    aws.upload(submitted["reference"], "passport", scan, "application/pdf")
    aws.verify_pending()
    aws.upload(other["reference"], "passport", scan, "application/pdf")
    aws.verify_pending()
    second = _stored(aws, other["reference"], "passport")
    assert second["state"]["S"] == "accepted"
    signals = {s["M"]["code"]["S"]: s["M"] for s in second["signals"]["L"]}
    assert signals["duplicate_file"]["references"]["L"] == [{"S": submitted["reference"]}]
    # The applicant is not told: it is a signal for officers, not an accusation.
    view = json.dumps(_status(aws, other))
    assert "duplicate" not in view and submitted["reference"] not in view


def test_a_polyglot_is_refused_and_explained_in_indonesian(aws: Aws, submitted):
    aws.upload(submitted["reference"], "photo", corpus.jpeg_zip_polyglot(), "image/jpeg")
    aws.verify_pending()
    photo = _photo(_status(aws, submitted, "id"))
    assert photo["state"] == "rejected" and photo["reason"] == "hidden_content"
    assert "menyembunyikan berkas lain" in photo["reason_message"]


@pytest.fixture
def guardduty(aws: Aws, monkeypatch):
    """Scanning on, as in AWS, with retries that come back at once instead of in 30 s."""
    monkeypatch.setattr(settings(ScanSettings), "malware_scan", "guardduty")
    monkeypatch.setattr("documents.verifier.SCAN_RETRY_SECONDS", 0)
    return aws


def _tag(aws: Aws, key: str, status: str) -> None:
    boto3.client("s3").put_object_tagging(Bucket=aws.bucket, Key=key, Tagging={
        "TagSet": [{"Key": "GuardDutyMalwareScanStatus", "Value": status}]})


def test_nothing_passes_before_the_scan_says_it_is_clean(guardduty: Aws, submitted):
    aws = guardduty
    key = aws.upload(submitted["reference"], "photo", likeness.portrait(), "image/jpeg")
    assert aws.poller.poll_once() == 1  # no tag yet: checked later, not passed
    assert _photo(_status(aws, submitted))["state"] == "checking"
    _tag(aws, key, "NO_THREATS_FOUND")
    assert aws.poller.poll_once() == 1
    photo = _photo(_status(aws, submitted, "id"))
    assert photo["state"] == "accepted" and photo["scan"] == "clean"
    assert photo["scan_label"] == "Sudah dipindai malware: tidak ditemukan ancaman"


def test_a_threat_is_refused(guardduty: Aws, submitted):
    aws = guardduty
    key = aws.upload(submitted["reference"], "photo", likeness.portrait(), "image/jpeg")
    _tag(aws, key, "THREATS_FOUND")
    aws.poller.poll_once()
    photo = _photo(_status(aws, submitted))
    assert photo["state"] == "rejected" and photo["reason"] == "unsafe_file"


def test_a_file_never_scanned_ends_in_the_dead_letter_queue(guardduty: Aws, submitted):
    aws = guardduty
    sqs = boto3.client("sqs")
    dead = aws.names.refs["UploadsDeadLetterQueue"]
    aws.upload(submitted["reference"], "photo", likeness.portrait(), "image/jpeg")
    polls = 0
    while aws.poller.poll_once() and polls < 20:  # bounded: the queue must give up first
        polls += 1
    assert polls == 5  # maxReceiveCount in template.yaml
    moved = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=10)["Messages"]
    assert len(moved) == 1 and submitted["reference"] in moved[0]["Body"]
    assert _photo(_status(aws, submitted))["state"] == "checking"  # never marked clean
    sqs.delete_message(QueueUrl=dead, ReceiptHandle=moved[0]["ReceiptHandle"])
