"""Settings read from the environment once per cold start; a missing one fails loudly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache


@dataclass
class Settings:
    table_name: str
    documents_bucket: str
    site_url: str
    payment_provider: str
    payment_secret_parameter: str
    # Where the sandbox provider's checkout page lives; only the local stack sets it.
    sandbox_checkout_url: str
    # "guardduty": only files GuardDuty tagged NO_THREATS_FOUND pass. "off": no scanner
    # exists (the local stack); documents are recorded as "not_scanned", never as clean.
    malware_scan: str


@cache
def settings() -> Settings:
    env = os.environ
    try:
        return Settings(
            table_name=env["TABLE_NAME"],
            documents_bucket=env["DOCUMENTS_BUCKET"],
            site_url=env["SITE_URL"].rstrip("/"),
            payment_provider=env.get("PAYMENT_PROVIDER", "sandbox"),
            payment_secret_parameter=env["PAYMENT_SECRET_PARAMETER"],
            sandbox_checkout_url=env.get("SANDBOX_CHECKOUT_URL", "").rstrip("/"),
            malware_scan=env.get("MALWARE_SCAN", "guardduty"),
        )
    except KeyError as missing:
        raise RuntimeError(f"environment variable {missing} is not set") from None
