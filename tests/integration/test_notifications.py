"""Emails at each step, in the applicant's language, through a queue that a mail failure
cannot turn into a lost or undone step."""

from __future__ import annotations

import json
import os

import pytest

from tests.integration.conftest import Aws
from tests.support import corpus


def _mine(mail: list[dict], address: str) -> list[dict]:
    return [m for m in mail if address in m["to"]]


def test_received_and_rejected_document_emails_are_in_indonesian(aws: Aws):
    address = f"{os.urandom(4).hex()}@example.com"
    app = json.loads(aws.submit(os.urandom(8).hex(), language="id", email=address).get_data())
    aws.upload(app["reference"], "photo", corpus.jpeg(300, 450), "image/jpeg")  # too small
    aws.verify_pending()
    mail = _mine(aws.send_mail(), address)
    subjects = [m["subject"] for m in mail]
    assert subjects == [f"Permohonan {app['reference']} sudah diterima",
                        f"Ada dokumen untuk {app['reference']} yang perlu diganti"]
    rejected = mail[1]["text"]
    assert "Pasfoto" in rejected and "Gambar terlalu kecil" in rejected
    assert "/id/status/" in rejected  # the link goes to the page in their language
    # No more personal data than needed: no name, no passport number, no access code
    assert "Siti" not in rejected and "A12345678" not in rejected
    assert app["access_code"] not in json.dumps(mail)


def test_payment_and_decision_emails(aws: Aws):
    from tests.integration.conftest import officer_token
    from tests.integration.test_officers import _decide, _in_review

    address = f"{os.urandom(4).hex()}@example.com"
    app = json.loads(aws.submit(os.urandom(8).hex(), email=address).get_data())
    _in_review(aws, app)
    token = officer_token(aws, f"officer-{os.urandom(3).hex()}", officer=True)
    assert _decide(aws, app["reference"], token, decision="request_info",
                   reason="Please upload a clearer photo.", expected_version=3
                   ).status_code == 200
    mail = _mine(aws.send_mail(), address)
    assert [m["subject"].split(" for ")[0] for m in mail] == [
        f"Application {app['reference']} received", "Payment received",
        "More information needed"]
    assert "IDR 1,500,000" in mail[1]["text"]
    assert "Please upload a clearer photo." in mail[2]["text"]


def test_a_failed_send_comes_back_and_never_undoes_the_step(aws: Aws, monkeypatch):
    import boto3
    from gerbang.aws import ses

    address = f"{os.urandom(4).hex()}@example.com"
    queue, sqs = aws.names.refs["NotificationsQueue"], boto3.client("sqs")
    # A failed message comes back at once instead of after the queue's 3 minutes
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "0"})
    calls = []

    def broken(**_):
        calls.append(1)
        raise RuntimeError("SES throttled")

    try:
        monkeypatch.setattr(ses(), "send_email", broken)
        app = json.loads(aws.submit(os.urandom(8).hex(), email=address).get_data())
        aws.mail_poller.poll_once()
        assert calls  # tried, failed, and left on the queue
        status = aws.client.get(f"/api/applications/{app['reference']}",
                                headers={"X-Access-Code": app["access_code"]})
        assert status.status_code == 200  # the application stands
        monkeypatch.undo()
        assert len(_mine(aws.send_mail(), address)) == 1  # the retry went out, once
    finally:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "180"})


@pytest.mark.parametrize("event", ["received", "document_rejected", "payment_received",
                                   "more_info_requested", "approved", "rejected"])
def test_every_email_renders_in_both_languages_with_text_and_html(event):
    from gerbang.notifications import render

    params = {"kind": "photo", "reason_code": "empty_file", "amount": 500000,
              "currency": "IDR", "reason": "Alasan <b>"}
    for lang in ("en", "id"):
        subject, text, html = render(lang, "7KQ4-M2XB", event, params)
        assert "7KQ4-M2XB" in subject and "7KQ4-M2XB" in text
        assert html.startswith(f'<!doctype html><html lang="{lang}">')
        assert "<b>" not in html  # escaped
