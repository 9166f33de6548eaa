"""Run the template's Lambda functions in this process, one invocation at a time per
function (as one warm Lambda container would), with a Lambda-shaped context."""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local.intrinsics import Names, function_arn, resolve

# The function whose invocation this thread is running, if any: the integration tests
# attribute the AWS calls they see to it (tests/integration/test_permissions.py).
running: ContextVar[str | None] = ContextVar("running", default=None)


@dataclass
class Route:
    method: str
    path: str  # API Gateway resource path, e.g. /api/applications/{reference}
    function: str


@dataclass
class Function:
    logical_id: str
    handler: str
    timeout: int
    code_dir: Path
    environment: dict[str, str]
    arn: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    _entry: Any = None

    def entry(self) -> Any:
        if self._entry is None:
            module, _, name = self.handler.rpartition(".")
            if str(self.code_dir) not in sys.path:
                sys.path.insert(0, str(self.code_dir))
            self._entry = getattr(importlib.import_module(module), name)
        return self._entry

    def invoke(self, event: dict[str, Any]) -> Any:
        with self.lock:
            token = running.set(self.logical_id)
            try:
                return self.entry()(event, LambdaContext(self.logical_id, self.arn,
                                                         self.timeout))
            finally:
                running.reset(token)


class LambdaContext:
    def __init__(self, name: str, arn: str, timeout: int) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 512
        self.invoked_function_arn = arn
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def handler_and_code(props: dict[str, Any]) -> tuple[str, str]:
    """A function's handler and code folder: a zip function's Handler and CodeUri, a
    container image's Command and Docker context (the same functions/ folder)."""
    if props.get("PackageType") == "Image":
        return props["ImageConfig"]["Command"][0], props["Metadata"]["DockerContext"]
    return props["Handler"], props["CodeUri"]


def load_functions(template: dict[str, Any], names: Names, root: Path
                   ) -> tuple[dict[str, Function], list[Route], list[tuple[str, str]]]:
    """The functions, their API routes and their SQS sources (queue logical id, function)."""
    globals_ = template.get("Globals", {}).get("Function", {})
    functions: dict[str, Function] = {}
    routes: list[Route] = []
    queues: list[tuple[str, str]] = []
    for logical, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        props = {**globals_, **resource["Properties"], "Metadata": resource.get("Metadata", {})}
        handler, code = handler_and_code(props)
        env = {**resolve(globals_.get("Environment", {}).get("Variables", {}), names),
               **resolve(resource["Properties"].get("Environment", {}).get("Variables", {}),
                         names)}
        functions[logical] = Function(logical, handler, int(props.get("Timeout", 3)),
                                      (root / code).resolve(),
                                      {k: str(v) for k, v in env.items()},
                                      function_arn(logical))
        for event in props.get("Events", {}).values():
            if event["Type"] == "Api":
                routes.append(Route(event["Properties"]["Method"].upper(),
                                    event["Properties"]["Path"], logical))
            elif event["Type"] == "SQS":
                queue = event["Properties"]["Queue"]
                arn_of = queue["Fn::GetAtt"] if isinstance(queue, dict) else None
                logical_queue = arn_of[0] if isinstance(arn_of, list) else str(arn_of).split(".")[0]
                queues.append((logical_queue, logical))
    return functions, routes, queues


def triggers(functions: dict[str, Function]) -> Callable[[str], Callable[[Any], Any] | None]:
    """Find the function a trigger names by ARN (a user pool's CustomMessage): a callable
    that invokes it with an event and answers its result, or None."""
    by_arn = {function.arn: function.invoke for function in functions.values()}
    return by_arn.get


def apply_environment(functions: dict[str, Function]) -> None:
    """All functions share this process, so they share one environment: refuse to start if
    two functions would need different values for the same variable."""
    merged: dict[str, str] = {}
    for function in functions.values():
        for key, value in function.environment.items():
            if merged.setdefault(key, value) != value:
                raise RuntimeError(f"{key} differs between functions; the local stack "
                                   "runs them in one process and needs one value")
    os.environ.update(merged)
