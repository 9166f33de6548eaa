"""The Content-Security-Policy CloudFront sends allows exactly the inline script the site's
pages carry, so tightening one without the other cannot silently break the forms."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from local.template import load_template

ROOT = Path(__file__).resolve().parents[2]


def _csp() -> str:
    resources = load_template(ROOT / "template.yaml")["Resources"]
    policy = next(r for r in resources.values()
                  if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy")
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    return config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]


def test_every_inline_script_of_our_override_is_allowed_by_hash():
    scripts = re.findall(r"<script>(.*?)</script>", (ROOT / "overrides/main.html").read_text())
    assert scripts, "the override marks the page as scripted before the first paint"
    script_src = next(d for d in _csp().split(";") if d.strip().startswith("script-src"))
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_no_unsafe_inline_scripts():
    script_src = next(d for d in _csp().split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src


def test_the_service_worker_and_the_manifest_come_from_this_origin_only():
    directives = {d.split()[0]: d.split()[1:] for d in _csp().split(";") if d.strip()}
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]  # the offline page's <base> is our own
