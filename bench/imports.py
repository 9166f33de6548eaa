"""Cold import of each handler, each in a fresh interpreter, beside the floor every Lambda
pays anyway: `import boto3` and creating the clients that handler uses."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from local.functions import load_functions
from local.intrinsics import placeholders
from local.resources import parameters
from local.template import load_template

ROOT = Path(__file__).resolve().parents[1]
# handler module -> the boto3 clients it creates (gerbang.aws names them)
HANDLERS = {
    "submit.app": ("dynamodb", "s3"),
    "status.app": ("dynamodb", "s3"),
    "documents.app": ("dynamodb", "s3"),
    "documents.verifier": ("dynamodb", "s3"),
    "payment.app": ("dynamodb", "ssm"),
    "officer.app": ("dynamodb", "s3"),
    "consultations.app": ("dynamodb", "sqs"),
    "notifier.app": ("dynamodb", "ses"),
    "outbox.app": ("dynamodb", "sqs"),
    "assistant.app": ("dynamodb",),
    "account.app": ("dynamodb", "cognito"),
    "account.messages": (),
}
# gerbang.aws's name of a client -> boto3's name of its service, where they differ.
SERVICES = {"cognito": "cognito-idp"}



def _lambda_environments() -> dict[str, dict[str, str]]:
    """Handler module -> its function's environment as template.yaml declares it (resources
    become placeholders: nothing is called), plus fake credentials."""
    template = load_template(ROOT / "template.yaml")
    functions, _, _ = load_functions(template, placeholders(parameters(template, {})), ROOT)
    return {f.handler.rpartition(".")[0]: {
        **f.environment, "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x"} for f in functions.values()}


ENVIRONMENTS = _lambda_environments()

_TIMED = """
import sys, time
sys.path.insert(0, {functions!r})
start = time.perf_counter()
{body}
print((time.perf_counter() - start) * 1000)
"""


def _run(body: str, env: dict[str, str], root: Path = ROOT) -> float:
    code = _TIMED.format(functions=str(root / "functions"), body=body)
    out = subprocess.run([sys.executable, "-c", code],
                         env={**os.environ, **env, "PYTHONPATH": str(root)},
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def side_by_side(first: str, second: str, runs: int, env: dict[str, str]
                 ) -> tuple[float, float]:
    """The fastest of `runs` for each of two snippets, run alternately: on a shared machine
    a busy moment only ever adds time, so the fastest run is the cost itself."""
    _run(first, env), _run(second, env)  # warm the disk cache: we measure Python, not disk
    a, b = [], []
    for _ in range(runs):
        a.append(_run(first, env))
        b.append(_run(second, env))
    return min(a), min(b)


def measure(runs: int = 11) -> list[dict[str, object]]:
    rows = []
    for module, clients in HANDLERS.items():
        make = "; ".join(f"boto3.client({SERVICES.get(c, c)!r})" for c in clients)
        floor, ours = side_by_side(
            f"import boto3; {make}",
            f"import {module}; import gerbang.aws as a; "
            + "; ".join(f"a.{c}()" for c in clients), runs, ENVIRONMENTS[module])
        rows.append({"handler": module, "clients": "+".join(clients), "floor_ms": floor,
                     "handler_ms": ours, "ratio": ours / floor})
    return rows


def against(revision: str, runs: int = 9) -> list[dict[str, object]]:
    """Each handler now and at `revision` (a git commit), beside the floor, in one run:
    floor, then, now, alternating, the fastest of `runs` each. A handler the revision
    did not have is measured now only."""
    with tempfile.TemporaryDirectory() as where:
        then = Path(where) / "then"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(then), revision], check=True)
        try:
            rows = []
            for module, clients in HANDLERS.items():
                env = ENVIRONMENTS[module]
                floor = "import boto3; " + "; ".join(
                    f"boto3.client({SERVICES.get(c, c)!r})" for c in clients)
                ours = f"import {module}; import gerbang.aws as a; " + "; ".join(
                    f"a.{c}()" for c in clients)
                existed = (then / "functions" / module.replace(".", "/")).with_suffix(
                    ".py").is_file()
                f, b, a = [], [], []
                for _ in range(runs):
                    f.append(_run(floor, env))
                    if existed:
                        b.append(_run(ours, env, then))
                    a.append(_run(ours, env))
                rows.append({"handler": module, "floor_ms": min(f),
                             "then_ratio": min(b) / min(f) if b else None,
                             "now_ratio": min(a) / min(f)})
            return rows
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(then)], check=False)


if __name__ == "__main__":  # python -m bench.imports REVISION: then and now, side by side
    for row in against(sys.argv[1]):
        then = f"{row['then_ratio']:.2f}" if row["then_ratio"] else "new"
        print(f"| {row['handler']} | {row['floor_ms']:.0f} | {then} | {row['now_ratio']:.2f} |")
