"""Reading S3 event notifications: which keys, decoded as S3 encodes them."""

from __future__ import annotations

from gerbang.documents import keys_from_event


def _event(*keys: str, name: str = "ObjectCreated:Post") -> dict:
    return {"Records": [
        {"eventVersion": "2.1", "eventSource": "aws:s3", "eventName": name,
         "eventTime": "2027-06-15T10:00:00.000Z",
         "s3": {"bucket": {"name": "docs"}, "object": {"key": key, "size": 1234}}}
        for key in keys]}


def test_keys_are_url_decoded_as_s3_encodes_them():
    # S3 encodes keys in notifications like a form: a space becomes "+", a real "+" is
    # "%2B". So "x%2By" is the key "x+y" and "x+y" is the key "x y".
    event = _event("uploads/ABCD-EFGH/photo/x%2By", "uploads/ABCD-EFGH/photo/x+y",
                   "uploads/ABCD-EFGH/photo/caf%C3%A9%20scan")
    assert keys_from_event(event) == [
        ("uploads/ABCD-EFGH/photo/x+y", "2027-06-15T10:00:00.000Z"),
        ("uploads/ABCD-EFGH/photo/x y", "2027-06-15T10:00:00.000Z"),
        ("uploads/ABCD-EFGH/photo/café scan", "2027-06-15T10:00:00.000Z"),
    ]


def test_a_plain_key_is_unchanged():
    key = "uploads/ABCD-EFGH/passport/0123456789abcdef0123456789abcdef"
    assert keys_from_event(_event(key)) == [(key, "2027-06-15T10:00:00.000Z")]


def test_every_object_created_event_counts():
    for name in ("ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy",
                 "ObjectCreated:CompleteMultipartUpload"):
        assert len(keys_from_event(_event("uploads/a/b/c", name=name))) == 1


def test_test_events_and_removals_are_ignored():
    test_event = {"Service": "Amazon S3", "Event": "s3:TestEvent",
                  "Time": "2027-06-15T10:00:00.000Z", "Bucket": "docs",
                  "RequestId": "1", "HostId": "2"}
    assert keys_from_event(test_event) == []
    assert keys_from_event(_event("uploads/a/b/c", name="ObjectRemoved:Delete")) == []
    assert keys_from_event({}) == []
