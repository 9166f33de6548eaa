"""The FAQ assistant on the running stack: the JSON route and the no-JS form in both
languages over HTTP, and in Chromium the widget that fetches nothing until it is opened,
then answers in place and hands an unanswered question to the officers' form."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.support.browser import page_on


def _post(stack: Any, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(stack.url + "/api/assistant/ask", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.parametrize(("lang", "question", "expected"), [
    ("en", "how long does the e-voa take", "/services/visa-on-arrival/#how-long"),
    ("id", "berapa lama proses e-voa", "/id/services/visa-on-arrival/#how-long"),
])
def test_json_and_the_plain_form_answer_in_each_language(stack: Any, lang: str, question: str,
                                                         expected: str) -> None:
    answer = _post(stack, {"question": question, "language": lang})
    assert answer["confident"] and answer["answers"][0]["url"] == expected
    query = urllib.parse.urlencode({"question": question, "language": lang})
    with urllib.request.urlopen(f"{stack.url}/api/assistant/ask?{query}", timeout=10) as page:
        html = page.read().decode()
    assert f'<html lang="{lang}">' in html and f'href="{expected}"' in html
    path, anchor = expected.split("#")
    with urllib.request.urlopen(stack.url + path, timeout=10) as target:
        assert f'id="{anchor}"' in target.read().decode()


@pytest.mark.browser
def test_the_widget_loads_only_when_opened_then_answers(stack: Any, browser: Any) -> None:
    with page_on(browser) as page:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(stack.url + "/id/fees/")
        page.wait_for_load_state("networkidle")
        assert not any("assistant" in url for url in fetched), fetched
        page.click("details[data-gb-widget] summary")
        page.wait_for_function("window.gerbangAssistant && document.querySelector("
                               "'script[src$=\"assistant.js\"]')")
        page.wait_for_load_state("networkidle")
        assert any(url.endswith("/assets/assistant.js") for url in fetched)
        page.fill("#gb-assistant-q", "berapa biaya paspor")
        page.press("#gb-assistant-q", "Enter")
        link = page.wait_for_selector(".gb-ask .gb-result ol a")
        assert link.get_attribute("href").startswith("/id/services/passport/#")
        assert page.url.endswith("/id/fees/")  # answered in place, no page change
        page.fill("#gb-assistant-q", "resep nasi goreng")
        page.press("#gb-assistant-q", "Enter")
        page.wait_for_function("document.querySelector('.gb-ask .gb-result').textContent"
                               ".includes('tidak tahu')")
        page.click(".gb-ask .gb-result a")
        page.wait_for_selector("#gb-question")
        assert page.input_value("#gb-question") == "resep nasi goreng"


@pytest.mark.browser
def test_a_failing_api_hands_the_question_to_the_plain_form(stack: Any, browser: Any) -> None:
    # A 5xx has no words for the reader: the plain form's page answers instead, never a
    # blank box.
    with page_on(browser) as page:
        page.route("**/api/assistant/ask", lambda route: route.fulfill(
            status=502, body="Bad gateway") if route.request.method == "POST"
            else route.continue_())
        page.goto(stack.url + "/id/fees/")
        page.click("details[data-gb-widget] summary")
        page.wait_for_function("window.gerbangAssistant")
        page.fill("#gb-assistant-q", "berapa biaya paspor")
        page.press("#gb-assistant-q", "Enter")
        page.wait_for_url("**/api/assistant/ask?*")
        assert page.locator("a[href^='/id/services/passport/#']").count() >= 1
