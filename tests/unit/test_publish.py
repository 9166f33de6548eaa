"""Publishing the built site to the stack's bucket (tools/publish.py), against moto: the
headers every object gets, what is sent again, the order a reader mid-deploy depends on,
what is deleted and what is kept, the CloudFront invalidation, the stack's outputs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tools import publish


def _site(root: Path, css: str = "main.1111.min.css") -> Path:
    files = {
        "index.html": f'<link rel="stylesheet" href="assets/stylesheets/{css}">',
        "id/faq/index.html": "<html lang=id>",
        f"assets/stylesheets/{css}": "body{}",
        "assets/gerbang.js": "'use strict';",
        "assets/icons/icon-192.png": "\x89PNG",
        "manifest.json": "{}",
        "sw.js": "const VERSION = '1';",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def aws(monkeypatch) -> Any:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    # Names of their own: when the whole suite runs, the integration tests' moto session is
    # still open, and keeps what the earlier tests here made.
    bucket = f"gerbang-site-{uuid.uuid4().hex[:12]}"
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=bucket)
        cloudfront = boto3.client("cloudfront")
        distribution = cloudfront.create_distribution(DistributionConfig={
            "CallerReference": uuid.uuid4().hex, "Comment": "", "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{
                "Id": "site", "DomainName": f"{bucket}.s3.amazonaws.com",
                "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "site",
                                     "ViewerProtocolPolicy": "redirect-to-https",
                                     "MinTTL": 0}})["Distribution"]["Id"]
        yield s3, cloudfront, distribution, bucket


def _invalidations(cloudfront: Any, distribution: str) -> list[dict]:
    found = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]
    return found.get("Items", [])


def test_every_file_is_published_with_its_type_and_revalidated(aws, tmp_path):
    s3, cloudfront, distribution, bucket = aws
    site = _site(tmp_path)
    assert publish.publish(s3, cloudfront, bucket, distribution, site) == {
        "uploaded": 7, "unchanged": 0, "deleted": 0}
    for key, kind in [("index.html", "text/html; charset=utf-8"),
                      ("sw.js", "text/javascript; charset=utf-8"),
                      ("manifest.json", "application/json; charset=utf-8"),
                      ("assets/icons/icon-192.png", "image/png")]:
        head = s3.head_object(Bucket=bucket, Key=key)
        assert head["ContentType"] == kind
        # As the local gateway serves it: revalidated, never taken from a stale copy.
        assert head["CacheControl"] == "no-cache"
    assert s3.get_object(Bucket=bucket, Key="id/faq/index.html")["Body"].read() == (
        b"<html lang=id>")
    [invalidation] = _invalidations(cloudfront, distribution)
    details = cloudfront.get_invalidation(DistributionId=distribution, Id=invalidation["Id"])
    assert details["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_only_what_changed_is_sent_again(aws, tmp_path):
    s3, cloudfront, distribution, bucket = aws
    site = _site(tmp_path)
    publish.publish(s3, cloudfront, bucket, distribution, site)
    assert publish.publish(s3, cloudfront, bucket, distribution, site) == {
        "uploaded": 0, "unchanged": 7, "deleted": 0}
    assert len(_invalidations(cloudfront, distribution)) == 1  # nothing changed: no new one
    (site / "id" / "faq" / "index.html").write_text("<html lang=id>baru", encoding="utf-8")
    assert publish.publish(s3, cloudfront, bucket, distribution, site)["uploaded"] == 1
    assert len(_invalidations(cloudfront, distribution)) == 2


def test_assets_go_first_and_the_service_worker_last(aws, tmp_path, monkeypatch):
    s3, cloudfront, distribution, bucket = aws
    sent: list[str] = []
    put = s3.put_object
    monkeypatch.setattr(s3, "put_object", lambda **kw: (sent.append(kw["Key"]), put(**kw))[1])
    publish.publish(s3, cloudfront, bucket, distribution, _site(tmp_path))
    pages = [i for i, key in enumerate(sent) if key.endswith(".html")]
    others = [i for i, key in enumerate(sent) if not key.endswith(".html") and key != "sw.js"]
    assert max(others) < min(pages)  # no page names a file not yet there
    assert sent[-1] == "sw.js"  # nor does a new worker


def test_a_redeploy_deletes_what_left_but_keeps_recent_old_assets(aws, tmp_path):
    s3, cloudfront, distribution, bucket = aws
    old = _site(tmp_path / "old")
    (old / "removed-page").mkdir()
    (old / "removed-page" / "index.html").write_text("gone", encoding="utf-8")
    publish.publish(s3, cloudfront, bucket, distribution, old)
    new = _site(tmp_path / "new", css="main.2222.min.css")
    counts = publish.publish(s3, cloudfront, bucket, distribution, new)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert "removed-page/index.html" not in keys
    # A page opened (or kept offline) before the deploy still names the old stylesheet.
    assert {"assets/stylesheets/main.1111.min.css",
            "assets/stylesheets/main.2222.min.css"} <= keys
    assert counts["deleted"] == 1
    # Once older than --keep-days, an old asset goes too.
    publish.publish(s3, cloudfront, bucket, distribution, new, keep_days=0)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert "assets/stylesheets/main.1111.min.css" not in keys


@pytest.mark.usefixtures("aws")
def test_the_bucket_and_distribution_come_from_the_stack(tmp_path):
    cloudformation = boto3.client("cloudformation")
    name = f"gerbang-{uuid.uuid4().hex[:12]}"
    cloudformation.create_stack(StackName=name, TemplateBody=json.dumps({
        "Resources": {"SiteBucket": {"Type": "AWS::S3::Bucket"}},
        "Outputs": {"SiteBucketName": {"Value": {"Ref": "SiteBucket"}},
                    "DistributionId": {"Value": "E123"}}}))
    outputs = publish.stack_outputs(cloudformation, name)
    assert outputs["DistributionId"] == "E123" and outputs["SiteBucketName"]
    # The name `sam deploy --guided` saved, or a clear word on what to do.
    (tmp_path / "samconfig.toml").write_text(
        'version = 0.1\n[default.deploy.parameters]\nstack_name = "gerbang-prod"\n')
    assert publish.stack_name(tmp_path) == "gerbang-prod"
    with pytest.raises(SystemExit, match="make deploy"):
        publish.stack_name(tmp_path / "nowhere")


def test_no_site_is_no_publish(aws, tmp_path):
    s3, cloudfront, distribution, bucket = aws
    with pytest.raises(SystemExit, match="make site"):
        publish.publish(s3, cloudfront, bucket, distribution, tmp_path)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_publishes_the_real_build(aws):
    s3, cloudfront, distribution, bucket = aws
    counts = publish.publish(s3, cloudfront, bucket, distribution)
    assert counts["uploaded"] == sum(1 for p in publish.SITE.rglob("*") if p.is_file())
    head = s3.head_object(Bucket=bucket, Key="assets/gerbang.css")
    assert head["ContentType"] == "text/css; charset=utf-8"
    assert head["CacheControl"] == "no-cache"
