"""tests/support/iam.py, which the permission tests lean on: an API call needs the IAM
actions AWS really checks for it, on the resources AWS checks them on."""

from __future__ import annotations

import pytest

from tests.support.iam import PARAMETER_KEY, Grant, Need, needs

TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/data"


def test_a_transaction_needs_the_action_of_each_item():
    assert needs("dynamodb", "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "data"}}, {"Update": {"TableName": "data"}},
        {"Delete": {"TableName": "other"}}]}) == {
        Need("dynamodb:PutItem", TABLE), Need("dynamodb:UpdateItem", TABLE),
        Need("dynamodb:DeleteItem", TABLE.replace("data", "other"))}


def test_a_query_on_an_index_needs_the_index_not_the_table():
    [need] = needs("dynamodb", "Query", {"TableName": "data", "IndexName": "queue"})
    assert need == Need("dynamodb:Query", f"{TABLE}/index/queue")
    assert not Grant("dynamodb:Query", TABLE).covers(need)
    assert Grant("dynamodb:Query", f"{TABLE}/index/queue").covers(need)


def test_s3_needs_a_key_under_the_granted_prefix():
    [head] = needs("s3", "HeadObject", {"Bucket": "docs", "Key": "uploads/A/photo/1"})
    assert head == Need("s3:GetObject", "arn:aws:s3:::docs/uploads/A/photo/1")
    assert Grant("s3:GetObject", "arn:aws:s3:::docs/uploads/*").covers(head)
    assert not Grant("s3:GetObject", "arn:aws:s3:::docs/clean/*").covers(head)
    assert not Grant("s3:PutObject", "arn:aws:s3:::docs/uploads/*").covers(head)


def test_a_secure_parameter_needs_its_key_too():
    assert needs("ssm", "GetParameter", {"Name": "/gerbang/secret", "WithDecryption": True}) == {
        Need("ssm:GetParameter", "arn:aws:ssm:us-east-1:123456789012:parameter/gerbang/secret"),
        Need("kms:Decrypt", PARAMETER_KEY)}


def test_queues_are_named_by_url_or_name():
    arn = "arn:aws:sqs:us-east-1:123456789012:mail"
    assert needs("sqs", "SendMessage", {"QueueUrl": "https://sqs.example/1234/mail"}) == {
        Need("sqs:SendMessage", arn)}
    assert needs("sqs", "GetQueueUrl", {"QueueName": "mail"}) == {Need("sqs:GetQueueUrl", arn)}


def test_actions_match_without_case_resources_with_it():
    need = Need("dynamodb:GetItem", TABLE)
    assert Grant("DynamoDB:getitem", TABLE).covers(need)
    assert not Grant("dynamodb:GetItem", TABLE.upper()).covers(need)


def test_an_unknown_call_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="does not know what lambda Invoke needs"):
        needs("lambda", "Invoke", {"FunctionName": "x"})
