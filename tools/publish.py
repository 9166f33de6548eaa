"""Publish the built site (site/) to the stack's SiteBucket and refresh CloudFront: what
`make deploy` does after `sam deploy`, and `make publish` alone after a content change.

    python -m tools.publish [--stack NAME] [--keep-days 30]

Every object gets the headers the local gateway serves it with (`local.gateway`), as the
page budgets were measured: its type (text with charset) and `Cache-Control: no-cache`, so
a browser revalidates a page (a 304, no body) and the service worker decides what is kept
offline. The stack's
name comes from samconfig.toml (written by `sam deploy --guided`) unless given.

Order matters to a reader mid-deploy: stylesheets, scripts and images first, then the
pages that name them, then sw.js, so no page or worker ever names a file not yet there.
Files the new build no longer has are deleted, except under assets/ while younger than
--keep-days: a page opened before the deploy (or kept offline, site_hooks/sw.js) still
names the old build's hashed stylesheet.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from local.gateway import CACHE_CONTROL, site_content_type

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
WORKER = "sw.js"


def upload_order(key: str) -> int:
    """Assets first, pages next, the service worker last."""
    if key == WORKER:
        return 2
    return 1 if key.endswith(".html") else 0


def stack_name(root: Path = ROOT) -> str:
    config = root / "samconfig.toml"
    if not config.is_file():
        raise SystemExit("no stack name: run `make deploy` first (sam writes samconfig.toml)"
                         " or pass --stack NAME")
    parameters = tomllib.loads(config.read_text(encoding="utf-8"))["default"]["deploy"][
        "parameters"]
    return parameters["stack_name"]


def stack_outputs(cloudformation: Any, stack: str) -> dict[str, str]:
    [found] = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _existing(s3: Any, bucket: str) -> dict[str, dict[str, Any]]:
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = item
    return found


def publish(s3: Any, cloudfront: Any, bucket: str, distribution: str,
            site: Path = SITE, keep_days: int = 30) -> dict[str, int]:
    """Upload what changed, delete what left, invalidate the distribution. Answers counts."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"no site in {site}: run `make site` first")
    existing = _existing(s3, bucket)
    files = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    uploaded = 0
    for key in sorted(files, key=lambda k: (upload_order(k), k)):
        data = files[key].read_bytes()
        # A single-part upload's ETag is its MD5: an unchanged file is not sent again.
        if existing.get(key, {}).get("ETag", "").strip('"') == _md5(data):
            continue
        s3.put_object(Bucket=bucket, Key=key, Body=data, CacheControl=CACHE_CONTROL,
                      ContentType=site_content_type(files[key]))
        uploaded += 1
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    stale = [key for key, item in existing.items() if key not in files
             and not (key.startswith("assets/") and item["LastModified"] > cutoff)]
    for start in range(0, len(stale), 1000):  # the most one request deletes
        s3.delete_objects(Bucket=bucket, Delete={
            "Objects": [{"Key": k} for k in stale[start:start + 1000]], "Quiet": True})
    if uploaded or stale:
        cloudfront.create_invalidation(DistributionId=distribution, InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": f"gerbang-{time.time_ns()}"})
    return {"uploaded": uploaded, "unchanged": len(files) - uploaded, "deleted": len(stale)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", help="CloudFormation stack (default: samconfig.toml's)")
    parser.add_argument("--keep-days", type=int, default=30,
                        help="keep old assets/ files this long (default 30)")
    args = parser.parse_args(argv)
    import boto3

    stack = args.stack or stack_name()
    outputs = stack_outputs(boto3.client("cloudformation"), stack)
    counts = publish(boto3.client("s3"), boto3.client("cloudfront"),
                     outputs["SiteBucketName"], outputs["DistributionId"],
                     keep_days=args.keep_days)
    print(f"{stack}: {counts['uploaded']} uploaded, {counts['unchanged']} unchanged, "
          f"{counts['deleted']} deleted; CloudFront invalidated"
          if counts["uploaded"] or counts["deleted"] else f"{stack}: nothing changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
