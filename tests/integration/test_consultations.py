"""Questions to an officer: asked by anyone, answered once by an officer, read with the
reference and access code, and told by email in the asker's language."""

from __future__ import annotations

import json
import os

from tests.integration.conftest import Aws

QUESTION = {"topic": "documents", "question": "Can my bank statement be in English?",
            "email": "tanya@example.com", "language": "id", "consent": True}


def _ask(aws: Aws, **changes):
    return aws.client.post("/api/consultations", json={**QUESTION, **changes})


def test_ask_then_read_the_answer_and_get_the_email(aws: Aws, officer):
    address = f"{os.urandom(4).hex()}@example.com"
    asked = json.loads(_ask(aws, email=address).get_data())
    assert asked["status"] == "open" and len(asked["access_code"].replace("-", "")) == 26
    read = lambda: json.loads(aws.client.get(  # noqa: E731
        f"/api/consultations/{asked['reference']}",
        headers={"X-Access-Code": asked["access_code"]}).get_data())
    assert read()["answer"] is None and read()["status_label"] == "Menunggu jawaban petugas"
    listed = json.loads(aws.client.get("/api/officer/consultations", headers={
        "Authorization": f"Bearer {officer}"}).get_data())["consultations"]
    mine = next(c for c in listed if c["reference"] == asked["reference"])
    assert mine["email"] == address and mine["language"] == "id"
    answered = aws.client.post(
        f"/api/officer/consultations/{asked['reference']}/answer",
        json={"answer": "Ya, dalam bahasa Inggris juga diterima.", "expected_version": 1},
        headers={"Authorization": f"Bearer {officer}"})
    assert answered.status_code == 200
    assert read()["answer"] == "Ya, dalam bahasa Inggris juga diterima."
    again = aws.client.post(
        f"/api/officer/consultations/{asked['reference']}/answer",
        json={"answer": "Another answer.", "expected_version": 1},
        headers={"Authorization": f"Bearer {officer}"})
    assert again.status_code == 409  # answered once; no lost or silent overwrite
    mail = [m for m in aws.send_mail() if address in m["to"]]
    assert mail[-1]["subject"] == f"Pertanyaan Anda {asked['reference']} sudah dijawab"
    assert "dalam bahasa Inggris juga diterima" in mail[-1]["text"]


def test_bad_questions_are_field_errors_and_store_nothing(aws: Aws):
    response = _ask(aws, topic="weather", question="Hi?", email="nope", consent=False)
    fields = {f["field"]: f["code"] for f in json.loads(response.get_data())["error"]["fields"]}
    assert response.status_code == 422
    assert fields == {"topic": "invalid_choice", "question": "too_short",
                      "email": "invalid_email", "consent": "consent_required"}


def test_consent_is_required(aws: Aws):
    response = _ask(aws, consent=False)
    fields = {f["field"]: f["code"] for f in json.loads(response.get_data())["error"]["fields"]}
    assert fields == {"consent": "consent_required"}


def test_a_wrong_code_is_the_same_404_and_a_plain_form_works(aws: Aws):
    asked = json.loads(_ask(aws).get_data())
    wrong = aws.client.get(f"/api/consultations/{asked['reference']}",
                           headers={"X-Access-Code": "nope"})
    assert wrong.status_code == 404
    form = {**{k: str(v) for k, v in QUESTION.items()}, "consent": "on"}
    page = aws.client.post("/api/consultations", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 201 and "Pertanyaan diterima" in html
    assert "Can my bank statement be in English?" in html


def test_the_answer_also_shows_on_the_applications_status_page(aws: Aws, officer):
    address = f"{os.urandom(4).hex()}@example.com"
    app = json.loads(aws.submit(os.urandom(8).hex(), language="id", email=address).get_data())
    mine = json.loads(_ask(aws, email=address, application_reference=app["reference"].lower()
                           ).get_data())
    stranger = json.loads(_ask(aws, email="someone.else@example.com",
                               question="Please approve this application quickly!",
                               application_reference=app["reference"]).get_data())
    answered = aws.client.post(f"/api/officer/consultations/{mine['reference']}/answer",
                               json={"answer": "Ya, diterima.", "expected_version": 1},
                               headers={"Authorization": f"Bearer {officer}"})
    assert answered.status_code == 200

    def questions():
        return json.loads(aws.client.get(f"/api/applications/{app['reference']}", headers={
            "X-Access-Code": app["access_code"]}).get_data())["questions"]

    shown = questions()
    assert [q["reference"] for q in shown] == [mine["reference"]]  # not the stranger's
    assert shown[0]["answer"] == "Ya, diterima." and shown[0]["status_label"] == "Sudah dijawab"
    assert stranger["reference"] not in json.dumps(shown)
