"""POST /api/applications against moto built from template.yaml."""

from __future__ import annotations

import json
import os

from tests.integration.conftest import Aws
from tests.support.api import application, as_form


def _json(response):
    return json.loads(response.get_data())


def test_submit_answers_reference_code_documents_and_fee_from_the_catalog(aws: Aws):
    # When a valid application is sent in Indonesian
    response = aws.submit(os.urandom(8).hex(), language="id")
    body = _json(response)
    # Then it is stored and answered with what the applicant needs next, in Indonesian
    assert response.status_code == 201
    assert body["status"] == "submitted"
    assert body["fee"] == {"amount": 1500000, "currency": "IDR", "display": "Rp1.500.000"}
    assert [d["kind"] for d in body["required_documents"]] == [
        "passport", "photo", "return_ticket", "sponsor_letter"]
    assert body["required_documents"][1]["name"] == "Pasfoto"
    assert len(body["access_code"].replace("-", "")) == 26


def test_the_access_code_is_stored_only_as_a_hash(aws: Aws, submitted):
    code = submitted["access_code"]
    dump = json.dumps(aws.items())
    assert code not in dump and code.replace("-", "") not in dump
    assert submitted["reference"] in dump


def test_the_same_key_twice_is_one_application_with_a_fresh_code(aws: Aws):
    key = os.urandom(8).hex()
    first, second = _json(aws.submit(key)), _json(aws.submit(key))
    assert first["reference"] == second["reference"]
    assert first["access_code"] != second["access_code"]
    # Only the newest code opens the application: the first answer was never kept.
    ref = first["reference"]
    assert aws.client.get(f"/api/applications/{ref}",
                          headers={"X-Access-Code": first["access_code"]}).status_code == 404
    assert aws.client.get(f"/api/applications/{ref}",
                          headers={"X-Access-Code": second["access_code"]}).status_code == 200
    apps = [i for i in aws.items() if i["pk"]["S"] == f"APP#{ref}" and i["sk"]["S"] == "APP"]
    assert len(apps) == 1


def test_the_same_key_with_other_answers_is_refused(aws: Aws):
    key = os.urandom(8).hex()
    assert aws.submit(key).status_code == 201
    response = aws.submit(key, given_names="Someone Else")
    assert response.status_code == 409
    assert _json(response)["error"]["code"] == "idempotency_key_reused"


def test_json_without_an_idempotency_key_is_refused_in_the_request_language(aws: Aws):
    response = aws.client.post("/api/applications", json=application(language="id"))
    assert response.status_code == 400
    error = _json(response)["error"]
    assert error["code"] == "idempotency_key_required"
    assert "Idempotency-Key" in error["message"] and "Permintaan" in error["message"]


def test_bad_answers_get_every_field_error_and_write_nothing(aws: Aws):
    before = len(aws.items())
    response = aws.submit(os.urandom(8).hex(), language="id", email="not-an-email",
                          nationality="XYZ", given_names="R2D2")
    assert response.status_code == 422
    error = _json(response)["error"]
    assert error["code"] == "validation_failed"
    codes = {f["field"]: f["code"] for f in error["fields"]}
    assert codes == {"email": "invalid_email", "nationality": "unknown_country",
                     "given_names": "invalid_name"}
    assert all(f["message"] for f in error["fields"])
    assert "Masukkan alamat email" in next(
        f["message"] for f in error["fields"] if f["field"] == "email")
    assert len(aws.items()) == before


def test_domain_rules_are_field_errors_too(aws: Aws):
    response = aws.submit(os.urandom(8).hex(), arrival_date="2001-01-01", consent=False)
    codes = {f["field"]: f["code"] for f in _json(response)["error"]["fields"]}
    assert response.status_code == 422
    assert codes == {"arrival_date": "arrival_in_past", "consent": "consent_required"}


def test_a_key_reused_after_a_refusal_can_still_submit(aws: Aws):
    key = os.urandom(8).hex()
    assert aws.submit(key, email="bad").status_code == 422
    assert aws.submit(key).status_code == 201


def test_malformed_json_and_non_objects_are_4xx(aws: Aws):
    for raw in (b"{not json", b"[1, 2]", b'"text"'):
        response = aws.client.post("/api/applications", data=raw, headers={
            "Content-Type": "application/json", "Idempotency-Key": os.urandom(8).hex()})
        assert response.status_code == 422, raw
        assert _json(response)["error"]["fields"][0]["code"] == "invalid_json"


def test_unsupported_content_type_is_415_like_4xx(aws: Aws):
    response = aws.client.post("/api/applications", data=b"x", headers={
        "Content-Type": "text/plain", "Idempotency-Key": os.urandom(8).hex()})
    assert 400 <= response.status_code < 500
    assert _json(response)["error"]["code"] == "unsupported_media_type"


def test_a_huge_body_is_refused_without_parsing(aws: Aws):
    response = aws.client.post("/api/applications", json={"given_names": "x" * 70000},
                               headers={"Idempotency-Key": os.urandom(8).hex()})
    assert response.status_code == 400
    assert _json(response)["error"]["code"] == "payload_too_large"


def test_a_form_post_with_errors_gets_the_form_back_with_answers_kept(aws: Aws):
    answers = as_form(application(language="id", email="nope", given_names="Siti <b>"))
    response = aws.client.post("/api/applications", data=answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("text/html")
    assert '<html lang="id">' in html
    assert 'value="A12345678"' in html  # what was typed is still there
    assert "Siti &lt;b&gt;" in html  # and escaped
    assert "Masukkan alamat email" in html


def test_a_form_post_shows_reference_code_upload_forms_and_pay_form(aws: Aws):
    response = aws.client.post("/api/applications", data=as_form(application(language="id")))
    html = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "Permohonan diterima" in html and "Kode akses" in html
    assert html.count('enctype="multipart/form-data"') == 4  # one per required document
    assert "upload-received" in html  # S3 sends the browser back to the site
    assert 'name="method" value="qris"' in html


def test_the_same_form_posted_twice_is_one_application(aws: Aws):
    answers = as_form(application(email="twice@example.com"))
    first = aws.client.post("/api/applications", data=answers).get_data(as_text=True)
    second = aws.client.post("/api/applications", data=answers).get_data(as_text=True)
    ref = first.split('gb-code">')[1].split("<")[0]
    assert ref in second


def test_odd_json_values_are_field_errors_not_crashes(aws: Aws):
    # Given values of the wrong JSON types everywhere, When submitted, Then a 422 names them
    body = application(language=5, given_names=["Siti"], date_of_birth=19900101,
                       consent="maybe", email={"a": 1})
    response = aws.client.post("/api/applications", json=body,
                               headers={"Idempotency-Key": os.urandom(8).hex()})
    assert response.status_code == 422
    fields = {f["field"] for f in _json(response)["error"]["fields"]}
    assert {"language", "given_names", "email", "consent"} <= fields


def test_binary_bytes_are_refused_cleanly(aws: Aws):
    response = aws.client.post("/api/applications", data=b"\xff\xfe\x00garbage",
                               headers={"Content-Type": "application/octet-stream",
                                        "Idempotency-Key": os.urandom(8).hex()})
    assert 400 <= response.status_code < 500


def test_deeply_nested_json_is_a_4xx(aws: Aws):
    response = aws.client.post("/api/applications", data=b"[" * 60000, headers={
        "Content-Type": "application/json", "Idempotency-Key": os.urandom(8).hex()})
    assert response.status_code == 422
