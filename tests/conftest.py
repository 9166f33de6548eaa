"""Shared by every test: no real AWS credentials or endpoints leak in from the machine."""

from __future__ import annotations

import os

for _name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(_name, None)
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_METRICS_DISABLED": "true",
                   "POWERTOOLS_METRICS_NAMESPACE": "Gerbang", "POWERTOOLS_SERVICE_NAME": "gerbang"})
