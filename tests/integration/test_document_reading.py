"""What the verifier reads in a document, end to end on moto: the passport page beside the
form (notes for the applicant in their language, each field for the officer), the portrait
as at the counter (a refusal that says what to do), and the fraud signals that only officers
see, counted per day."""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer
from gerbang.documents import verify_upload
from gerbang.i18n import t

from tests.integration.conftest import Aws
from tests.support import likeness
from tests.support.api import application


def _status(aws: Aws, app: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
        "X-Access-Code": app["access_code"], "Accept-Language": lang}).get_data())


def _doc(view: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(d for d in view["documents"] if d["kind"] == kind)


def _officer_record(aws: Aws, officer: str, reference: str, lang: str = "en") -> dict[str, Any]:
    answer = aws.client.get(f"/api/officer/applications/{reference}?lang={lang}",
                            headers={"Authorization": f"Bearer {officer}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return json.loads(answer.get_data())


def _apply(aws: Aws, **changes: Any) -> dict[str, Any]:
    """An application with a passport number no other test gives (the register of numbers
    outlives a test); its answers are in "answers"."""
    answers = application(**{"passport_number": "T" + os.urandom(4).hex().upper(), **changes})
    response = aws.submit(os.urandom(8).hex(), **answers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return {**json.loads(response.get_data()), "answers": answers}


def _counts(aws: Aws, officer: str) -> dict[str, int]:
    answer = aws.client.get("/api/officer/fraud-signals?days=7",
                            headers={"Authorization": f"Bearer {officer}"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    days = json.loads(answer.get_data())["counts"]
    return days[0]["codes"] if days else {}


def test_a_passport_page_that_says_what_the_form_says_has_no_note(aws: Aws, officer):
    submitted = _apply(aws)
    aws.upload(submitted["reference"], "passport",
               likeness.passport_page(submitted["answers"]), "image/png")
    aws.verify_pending()
    passport = _doc(_status(aws, submitted), "passport")
    assert passport["state"] == "accepted" and passport["notes"] == []
    assert passport["replaceable"] is False  # read and matching: it stays
    zone = _doc(_officer_record(aws, officer, submitted["reference"]), "passport")["passport"]
    assert zone["found"] and zone["valid"] and zone["failed_checks"] == []
    assert {f["field"]: f["match"] for f in zone["fields"]} == {
        "number": True, "surname": True, "given_names": True, "nationality": True,
        "birth_date": True, "expiry_date": True}
    assert [f["label"] for f in zone["fields"]][0] == "passport number"


def test_a_mismatch_is_shown_to_the_applicant_in_their_language_and_the_page_can_be_replaced(
        aws: Aws, officer):
    app = _apply(aws, language="id")
    page = likeness.passport_page(app["answers"], date_of_birth="1991-04-17")
    aws.upload(app["reference"], "passport", page, "image/png")
    aws.verify_pending()
    passport = _doc(_status(aws, app, "id"), "passport")
    # Accepted for an officer to judge, with what differs, in Indonesian.
    assert passport["state"] == "accepted"
    [note] = passport["notes"]
    assert "tanggal lahir (paspor: 1991-04-17, formulir: 1990-04-17)" in note
    assert passport["replaceable"] is True
    presign = aws.client.post(f"/api/applications/{app['reference']}/documents", json={
        "kind": "passport", "content_type": "image/png", "size_bytes": 200_000},
        headers={"X-Access-Code": app["access_code"]})
    assert presign.status_code == 201, presign.get_data(as_text=True)
    record = _officer_record(aws, officer, app["reference"])
    rows = {f["field"]: f for f in _doc(record, "passport")["passport"]["fields"]}
    assert rows["birth_date"] == {"field": "birth_date", "label": "date of birth",
                                  "read": "1991-04-17", "typed": "1990-04-17", "match": False}


def test_an_unreadable_page_is_accepted_with_a_note_and_no_signal(aws: Aws, submitted, officer):
    aws.upload(submitted["reference"], "passport", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    passport = _doc(_status(aws, submitted), "passport")
    assert passport["state"] == "accepted"
    assert passport["notes"] == [t("en", "note.passport_unreadable")]
    record = _doc(_officer_record(aws, officer, submitted["reference"]), "passport")
    assert record["passport"]["found"] is False and record["signals"] == []


def test_a_portrait_is_refused_with_what_to_do(aws: Aws, submitted):
    aws.upload(submitted["reference"], "photo", likeness.photo_sample("too_far"), "image/jpeg")
    aws.verify_pending()
    photo = _doc(_status(aws, submitted, "id"), "photo")
    assert photo["state"] == "rejected" and photo["reason"] == "photo_face_too_small"
    assert photo["reason_message"] == t("id", "reason.photo_face_too_small",
                                        **_params(aws, submitted))
    assert "berdirilah lebih dekat" in photo["reason_message"]
    # A good one then passes, and the application can go on.
    aws.upload(submitted["reference"], "photo", likeness.portrait(), "image/jpeg")
    aws.verify_pending()
    assert _doc(_status(aws, submitted), "photo")["state"] == "accepted"


def _params(aws: Aws, app: dict[str, Any]) -> dict[str, Any]:
    item = boto3.client("dynamodb").get_item(TableName=aws.table, Key={
        "pk": {"S": f"APP#{app['reference']}"}, "sk": {"S": "DOC#photo"}}, ConsistentRead=True)
    return TypeDeserializer().deserialize(item["Item"]["reason_params"])


def test_fraud_signals_reach_officers_with_the_other_reference_never_the_applicant(
        aws: Aws, officer):
    before = _counts(aws, officer)
    first = _apply(aws)
    # The same passport number given by someone else, with the first one's very photo, and
    # a passport page whose number's check digit is wrong.
    second = _apply(aws, given_names="Nur", family_name="Hidayah", date_of_birth="1985-02-01",
                    passport_number=first["answers"]["passport_number"])
    for app in (first, second):
        aws.upload(app["reference"], "photo", likeness.portrait(3), "image/jpeg")
        key = aws.upload(app["reference"], "passport",
                         likeness.passport_page(first["answers"], broken_check=app is second),
                         "image/png")
        aws.verify_pending()
    record = _officer_record(aws, officer, second["reference"])
    signals = {s["code"]: s for d in record["documents"] for s in d["signals"]}
    assert set(signals) == {"passport_other_identity", "mrz_check_digits",
                            "same_face_other_applicant", "duplicate_file"}
    for code in ("passport_other_identity", "same_face_other_applicant", "duplicate_file"):
        assert first["reference"] in signals[code]["references"]
    assert first["answers"]["passport_number"] in signals["passport_other_identity"]["message"]
    assert "passport number" in signals["mrz_check_digits"]["message"]
    # The first record names nobody for its passport: it came first, as its holder.
    first_record = _officer_record(aws, officer, first["reference"])
    assert not [s for d in first_record["documents"] for s in d["signals"]
                if second["reference"] in s["references"]]
    # What the register keeps of the holder: a digest, never the name, and when to forget.
    number = first["answers"]["passport_number"]
    kept = boto3.client("dynamodb").query(
        TableName=aws.table, KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"PASSPORT#{number}"}})["Items"]
    assert len(kept) == 2 and all(set(i) == {"pk", "sk", "reference", "identity", "expiration"}
                                  for i in kept)
    assert "Hidayah" not in json.dumps(kept) and "1985" not in json.dumps(kept)
    # No applicant ever sees a signal.
    for app in (first, second):
        view = json.dumps(_status(aws, app))
        assert "signal" not in view and "check digit" not in view
        assert (first if app is second else second)["reference"] not in view
    # Counted per day, once per upload however often the verifier is handed it (SQS
    # delivers at least once).
    after = _counts(aws, officer)
    grew = {code: after.get(code, 0) - before.get(code, 0) for code in after}
    assert grew["passport_other_identity"] == 1 and grew["mrz_check_digits"] == 1
    assert grew["same_face_other_applicant"] >= 1 and grew["duplicate_file"] >= 1
    stored = boto3.client("dynamodb").get_item(TableName=aws.table, Key={
        "pk": {"S": f"APP#{second['reference']}"}, "sk": {"S": "DOC#passport"}},
        ConsistentRead=True)["Item"]
    assert verify_upload(key, stored["uploaded_at"]["S"]) == "accepted"
    assert _counts(aws, officer) == after


def test_the_same_applicant_applying_again_raises_no_identity_signal(aws: Aws, officer):
    first = _apply(aws)
    again = _apply(aws, passport_number=first["answers"]["passport_number"])
    for app in (first, again):
        aws.upload(app["reference"], "passport", likeness.passport_page(first["answers"]),
                   "image/png")
        aws.verify_pending()
    record = _officer_record(aws, officer, again["reference"])
    codes = {s["code"] for d in record["documents"] for s in d["signals"]}
    assert codes == {"duplicate_file"}  # the same scan twice: noted, nothing more


def test_signal_counts_need_an_officer_and_a_sane_range(aws: Aws, clerk):
    assert aws.client.get("/api/officer/fraud-signals").status_code == 401
    assert aws.client.get("/api/officer/fraud-signals", headers={
        "Authorization": f"Bearer {clerk}"}).status_code == 403


@pytest.mark.parametrize("days", ["0", "91", "x"])
def test_signal_counts_refuse_a_bad_range(aws: Aws, officer, days):
    answer = aws.client.get(f"/api/officer/fraud-signals?days={days}",
                            headers={"Authorization": f"Bearer {officer}"})
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert json.loads(answer.get_data())["error"]["message"]
