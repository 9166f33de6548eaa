"""A lost access code: "send me a new one" emails a new code to the address on the
application and the old code stops working; the answer never says whether a reference
exists; codes are limited per reference and hour; a failed email leaves the old code."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from gerbang.i18n import t

from tests.integration.conftest import Aws

# An access code as we write them: groups of four, e.g. J7EY-QG1B-JEKN-A9E5-KHRD-9911-MQ.
CODE_LINE = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{2,4}){4,})\b")


def _ask(aws: Aws, reference: str, lang: str = "en", **extra: Any) -> Any:
    return aws.client.post("/api/applications/new-code", json={"reference": reference},
                           headers={"Accept-Language": lang}, **extra)


def _status(aws: Aws, reference: str, code: str) -> int:
    return aws.client.get(f"/api/applications/{reference}",
                          headers={"X-Access-Code": code}).status_code


def _new_codes(aws: Aws, address: str, reference: str) -> list[str]:
    return [CODE_LINE.search(m["text"]).group(1) for m in aws.send_mail()
            if address in m["to"] and reference in m["subject"] and "access code" in
            m["subject"].lower()]


def test_a_new_code_replaces_the_old_one_and_reaches_the_applicant(aws: Aws):
    address = f"{os.urandom(4).hex()}@example.com"
    made = json.loads(aws.submit(os.urandom(8).hex(), email=address).get_data())
    ref, old = made["reference"], made["access_code"]
    answer = _ask(aws, ref.lower().replace("-", ""))  # typed loosely, as people do
    assert answer.status_code == 202
    assert json.loads(answer.get_data()) == {"message": t("en", "page.new_code.sent")}
    [new] = _new_codes(aws, address, ref)
    assert new != old
    assert _status(aws, ref, old) == 404
    assert _status(aws, ref, new) == 200
    # Nothing secret was stored on the way: the outbox never held the code
    assert not any(new in json.dumps(item) for item in aws.items())


def test_an_unknown_reference_gets_the_same_answer_and_nothing_is_sent(aws: Aws, submitted):
    before = len(aws.send_mail())
    known = _ask(aws, submitted["reference"], "id")
    sent = len(aws.send_mail())
    for unknown in ("7KQ4-M2XB", "not a reference"):
        answer = _ask(aws, unknown, "id")
        assert (answer.status_code, answer.get_data()) == (known.status_code, known.get_data())
    assert sent == before + 1 and len(aws.send_mail()) == sent


def test_codes_are_limited_per_reference_and_hour_whether_or_not_it_exists(aws: Aws):
    address = f"{os.urandom(4).hex()}@example.com"
    made = json.loads(aws.submit(os.urandom(8).hex(), email=address).get_data())
    for reference in (made["reference"], "ZZZZ-ZZZZ"):
        for _ in range(5):
            assert _ask(aws, reference).status_code == 202
        refused = _ask(aws, reference, "id")
        assert refused.status_code == 429
        assert json.loads(refused.get_data())["error"]["code"] == "too_many_codes"
    # The code of the last email sent still works: the refusals changed nothing
    codes = _new_codes(aws, address, made["reference"])
    assert len(codes) == 5
    assert _status(aws, made["reference"], codes[-1]) == 200


def test_a_failed_email_keeps_the_old_code_and_says_so(aws: Aws, submitted, monkeypatch):
    from botocore.exceptions import ClientError
    from gerbang.aws import ses

    def rejected(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "MessageRejected", "Message": "no"}}, "SendEmail")

    monkeypatch.setattr(ses(), "send_email", rejected)
    answer = _ask(aws, submitted["reference"], "id")
    assert answer.status_code == 503
    assert json.loads(answer.get_data())["error"] == {
        "code": "email_unavailable", "message": t("id", "error.email_unavailable")}
    assert _status(aws, submitted["reference"], submitted["access_code"]) == 200


def test_without_script_the_answer_is_a_page(aws: Aws, submitted):
    answer = aws.client.post("/api/applications/new-code", data={
        "reference": submitted["reference"], "language": "id"})
    assert answer.status_code == 202
    assert t("id", "page.new_code.sent") in answer.get_data(as_text=True)
    empty = aws.client.post("/api/applications/new-code", data={"reference": "",
                                                                 "language": "id"})
    assert empty.status_code == 422
    assert t("id", "field.required") in empty.get_data(as_text=True)
