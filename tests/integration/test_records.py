"""Every item the product writes fits its model in gerbang/records.py, exactly: after a
journey of this test's own (submit, upload, pay, ask) and whatever the tests before it
wrote in this session, each item of the table is read back through its record model, which
refuses a field it does not know."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from gerbang import records
from gerbang.payments.sandbox import signature_header

from tests.integration.conftest import Aws
from tests.integration.test_accounts import Browser
from tests.support import files, likeness

# sk prefix (or pk prefix for items of their own) -> the model of what is stored there.
BY_SORT_KEY = {"APP": records.Application, "HIST": records.Step, "DOC": records.Document,
               "PAY": records.Payment, "QUESTION": records.QuestionLink,
               "CONSULT": records.Consultation, "OUTBOX": records.EmailJob,
               "EVENT": records.AppliedEvent, "PROFILE": records.AccountProfile,
               "LINK": records.AccountLink, "DRAFT": records.Draft}
# Not ours to model: Powertools' idempotency records; marks, counters and lookup entries of
# one or two values each: codes counted per hour, files, passport numbers and faces seen,
# fraud signals per day (gerbang/store/__init__.py documents them).
NOT_RECORDS = ("IDEMPOTENCY#", "SENT#", "FILE#", "ASSISTANT#", "CODES#", "PASSPORT#",
               "FACE#", "SIGNALS")


def _journey(aws: Aws) -> str:
    browser = Browser(aws)
    browser.sign_in(f"{uuid.uuid4().hex[:8]}@example.com")
    assert browser.put("/api/account/drafts/apply", json={"values": {
        "given_names": "Siti"}}).status_code == 200
    made = json.loads(aws.submit(uuid.uuid4().hex).get_data())
    reference, code = made["reference"], made["access_code"]
    for kind in ("passport", "return_ticket", "sponsor_letter"):
        aws.upload(reference, kind, files.pdf(), "application/pdf")
    aws.upload(reference, "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    payment = json.loads(aws.client.post(f"/api/applications/{reference}/payments",
                                         json={"method": "card"},
                                         headers={"X-Access-Code": code}).get_data())
    body = json.dumps({"id": "evt_" + uuid.uuid4().hex, "type": "payment.succeeded", "data": {
        "payment_id": payment["payment_id"], "reference": reference,
        "amount": payment["amount"], "currency": payment["currency"],
        "method": "card"}}).encode()
    assert aws.client.post("/api/payments/webhooks/sandbox", data=body, headers={
        "Content-Type": "application/json",
        "Sandbox-Signature": signature_header(body, aws.secret.encode())}).status_code == 200
    assert aws.client.post("/api/consultations", json={
        "topic": "visa", "question": "Can I extend my visit visa?", "email": "siti@example.com",
        "application_reference": reference, "consent": True}).status_code == 201
    # An account (signed in first: reading its code sends the mail waiting), with the
    # application linked to it
    assert browser.post("/api/account/link", json={"reference": reference,
                                                   "access_code": code}).status_code == 200
    return reference


def _items(aws: Aws) -> list[dict[str, Any]]:
    plain = TypeDeserializer().deserialize
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=aws.table)
    return [{k: plain(v) for k, v in item.items()} for page in pages for item in page["Items"]]


def _model(item: dict[str, Any]) -> type[records.Stored] | None:
    if item["pk"].startswith(NOT_RECORDS):
        return None
    return BY_SORT_KEY[item["sk"].split("#", 1)[0]]


def test_every_stored_item_is_a_record(aws: Aws):
    _journey(aws)
    seen: set[str] = set()
    for item in _items(aws):
        model = _model(item)
        if model is None:
            continue
        # Decimal numbers as DynamoDB gives them: the models take whole numbers
        record = model.from_item({k: int(v) if hasattr(v, "as_integer_ratio") and
                                  not isinstance(v, bool | int | float) else v
                                  for k, v in item.items()})
        assert record.stored()  # and it writes back
        seen.add(model.__name__)
    assert seen == {m.__name__ for m in BY_SORT_KEY.values()}


def test_a_field_no_model_names_is_refused():
    # Given an application item with an attribute nobody declared
    item = {"reference": "7KQ4-M2XB", "service": "visit-visa", "language": "en",
            "status": "submitted", "version": 1, "created_at": "t", "updated_at": "t",
            "access_code_hash": "h", "fee_amount": 1, "fee_currency": "IDR", "consent_at": "t",
            "applicant": {"given_names": "Siti", "date_of_birth": "1990-01-01",
                          "nationality": "MYS", "email": "s@example.com"}}
    assert records.Application.from_item(item).status is records.Status.SUBMITTED
    # Then reading it fails loudly instead of carrying it silently
    try:
        records.Application.from_item({**item, "surprise": 1})
    except ValueError as error:
        assert "surprise" in str(error)
    else:
        raise AssertionError("an undeclared attribute was accepted")


def test_the_store_answers_records_and_writes_what_it_read_back(aws: Aws):
    from gerbang import store

    reference = _journey(aws)
    record = store.load_record(reference)
    assert record is not None
    # Typed all the way down: states are the enums, dates are dates, numbers are numbers.
    assert record.application.status is records.Status.IN_REVIEW
    assert isinstance(record.application.applicant.date_of_birth, date)
    assert {k: d.state for k, d in record.documents.items()} == dict.fromkeys(
        ("passport", "photo", "return_ticket", "sponsor_letter"), records.DocumentState.ACCEPTED)
    [payment] = record.payments
    assert payment.state is records.PaymentState.PAID and isinstance(payment.amount, int)
    assert [step.to for step in record.history] == [
        records.Status.SUBMITTED, records.Status.DOCUMENTS_VERIFIED, records.Status.IN_REVIEW]
    [question] = record.questions
    asked = store.load_consultation(question.question_reference)
    assert asked is not None and asked.status is records.ConsultationStatus.OPEN
    # What a record writes is exactly the item it was read from, less the store's keys.
    item = next(i for i in _items(aws) if i["pk"] == f"APP#{reference}" and i["sk"] == "APP")
    stored = {k: v for k, v in item.items() if k not in ("pk", "sk", "queue_status")}
    assert records.Application.model_validate(stored).stored() == record.application.stored()
    assert record.application.stored()["applicant"]["date_of_birth"] == "1990-04-17"
    assert [a.reference for a in store.queue(records.Status.IN_REVIEW, limit=500)].count(
        reference) == 1
