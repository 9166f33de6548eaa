"""Reading an application back: only with its access code, never through a URL."""

from __future__ import annotations

import json

from tests.integration.conftest import Aws


def test_status_with_the_code_in_a_header(aws: Aws, submitted):
    response = aws.client.get(f"/api/applications/{submitted['reference']}",
                              headers={"X-Access-Code": submitted["access_code"],
                                       "Accept-Language": "id"})
    body = json.loads(response.get_data())
    assert response.status_code == 200
    assert body["status"] == "submitted" and body["status_label"] == "Diterima"
    assert [h["status"] for h in body["history"]] == ["submitted"]
    assert {d["state"] for d in body["documents"]} == {"missing"}
    assert body["payment"]["state"] == "unpaid"
    assert "access_code" not in body and "access_code_hash" not in json.dumps(body)


def test_the_reference_is_forgiving_about_case_and_dashes(aws: Aws, submitted):
    typed = submitted["reference"].replace("-", " ").lower()
    response = aws.client.post("/api/applications/lookup", json={
        "reference": typed, "access_code": submitted["access_code"].lower()})
    assert response.status_code == 200


def test_unknown_reference_and_wrong_code_are_the_same_404(aws: Aws, submitted):
    wrong_code = aws.client.get(f"/api/applications/{submitted['reference']}",
                                headers={"X-Access-Code": "0000-0000-0000-0000-0000-0000-00"})
    unknown = aws.client.get("/api/applications/2222-2222",
                             headers={"X-Access-Code": submitted["access_code"]})
    no_code = aws.client.get(f"/api/applications/{submitted['reference']}")
    assert wrong_code.status_code == unknown.status_code == no_code.status_code == 404
    assert wrong_code.get_data() == unknown.get_data() == no_code.get_data()


def test_a_code_in_the_query_string_is_not_accepted(aws: Aws, submitted):
    response = aws.client.get(f"/api/applications/{submitted['reference']}"
                              f"?access_code={submitted['access_code']}")
    assert response.status_code == 404


def test_the_no_script_lookup_renders_a_page_in_the_chosen_language(aws: Aws, submitted):
    response = aws.client.post("/api/applications/lookup", data={
        "reference": submitted["reference"], "access_code": submitted["access_code"],
        "language": "id"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="id">' in html
    assert "Status permohonan" in html and submitted["reference"] in html
    assert response.headers["Cache-Control"] == "no-store"


def test_the_no_script_lookup_with_a_wrong_code_explains_in_the_language(aws: Aws, submitted):
    response = aws.client.post("/api/applications/lookup", data={
        "reference": submitted["reference"], "access_code": "nope", "language": "id"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "tidak ditemukan" in html
    # The status form comes back with what was typed, to fix rather than retype
    assert 'action="/api/applications/lookup"' in html
    assert f'value="{submitted["reference"]}"' in html


def test_lookup_with_missing_fields_is_a_field_error(aws: Aws):
    response = aws.client.post("/api/applications/lookup", json={"reference": ""})
    fields = {f["field"] for f in json.loads(response.get_data())["error"]["fields"]}
    assert response.status_code == 422 and fields == {"reference", "access_code"}


def test_unknown_api_routes_are_404_json(aws: Aws):
    response = aws.client.get("/api/nothing-here")
    assert response.status_code == 404
