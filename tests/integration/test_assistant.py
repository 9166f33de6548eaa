"""The FAQ assistant's handler on moto, through the local gateway's events: answers in the
asked language, the no-JS page, translated errors, and unanswered questions counted by
known word without the question ever being stored."""

from __future__ import annotations

import json

import boto3

from tests.integration.conftest import Aws


def _ask(aws: Aws, question: str, language: str):
    return aws.client.post("/api/assistant/ask", json={"question": question,
                                                       "language": language})


def test_answers_with_links_to_sections_in_the_asked_language(aws: Aws):
    for question, lang, expected in (("berapa biaya paspor", "id", "/id/services/passport/"),
                                     ("how much is a passport", "en", "/services/passport/")):
        answer = _ask(aws, question, lang)
        assert answer.status_code == 200
        body = json.loads(answer.get_data())
        assert body["confident"] is True and 1 <= len(body["answers"]) <= 3
        first = body["answers"][0]
        assert first["url"].startswith(expected + "#") and first["extract"]
        # Every answer is a page of the asked language.
        assert all(a["url"].startswith("/id/") == (lang == "id") for a in body["answers"])


def test_bad_questions_get_a_translated_422(aws: Aws):
    answer = aws.client.post("/api/assistant/ask", json={"question": "a"},
                             headers={"Accept-Language": "id"})
    assert answer.status_code == 422
    field = json.loads(answer.get_data())["error"]["fields"][0]
    assert field["field"] == "question" and field["message"].startswith("Isian ini terlalu")
    answer = aws.client.post("/api/assistant/ask", json={"question": "valid?", "language": "fr"})
    assert answer.status_code == 422


def test_the_form_without_script_gets_a_page_with_the_officer_form_filled_in(aws: Aws):
    page = aws.client.get("/api/assistant/ask?question=resep+nasi+goreng&language=id")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert "Saya tidak tahu" in html
    assert 'action="/api/consultations"' in html and ">resep nasi goreng</textarea>" in html
    found = aws.client.get("/api/assistant/ask?question=lost+my+access+code&language=en")
    assert 'href="/faq/#lost-code"' in found.get_data(as_text=True)
    short = aws.client.get("/api/assistant/ask?question=a&language=en")
    assert short.status_code == 422 and "too short" in short.get_data(as_text=True)


def test_unanswered_questions_are_counted_by_known_word_never_stored(aws: Aws, officer: str):
    question = "Can I bring my dog Bobby, passport X9876543, budi@example.com?"
    assert json.loads(_ask(aws, question, "en").get_data())["confident"] is False
    items = [i for i in boto3.client("dynamodb").scan(TableName=aws.table)["Items"]
             if i["pk"]["S"].startswith("ASSISTANT#en#")]
    stored = json.dumps(items).lower()
    assert items and "bobby" not in stored and "9876543" not in stored
    assert "example.com" not in stored and "dog" not in stored
    report = aws.client.get("/api/officer/assistant/unanswered?days=7",
                            headers={"Authorization": f"Bearer {officer}"})
    assert report.status_code == 200
    english = json.loads(report.get_data())["languages"]["en"]
    assert english["unanswered"] >= 1
    said = {w["word"] for w in english["words"]}
    assert "passport" in said and not {"bobby", "dog", "example"} & said
    assert aws.client.get("/api/officer/assistant/unanswered").status_code == 401
