"""What each function does while the integration tests run, recorded for
tests/integration/test_permissions.py: the AWS permissions its calls need (botocore's
events, on the session its clients are made from) and the settings sections it asks for.
A call or a question counts for the function whose invocation is running in the thread
(local/functions.py): the tests' own setup is no function's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import boto3

from local.functions import running
from tests.support.iam import Need, needs


@dataclass
class Usage:
    """By function (logical id): the permissions its calls needed, the sections it asked for."""

    needs: dict[str, set[Need]] = field(default_factory=lambda: defaultdict(set))
    sections: dict[str, set[type]] = field(default_factory=lambda: defaultdict(set))

    def watching(self, started: dict[type, Any]) -> dict[type, Any]:
        """A stand-in for gerbang.config's `_started` that records who asks for what."""
        return _Watched(self, started)

    def watch_calls(self, session: boto3.session.Session) -> None:
        """Record the calls of every client made from `session` from now on."""
        session.events.register("before-parameter-build", self._call)
        # A presigned POST is signed as a PutObject, on the function's own rights.
        session.events.register("before-sign.s3.PutObject", self._presigned_post)

    def _call(self, params: dict[str, Any], model: Any, context: dict[str, Any],
              **_: Any) -> None:
        function = running.get()
        # A presigned POST is built from a CreateBucket request it never sends: see above.
        presigned_post = model.name == "CreateBucket" and context.get("is_presign_request")
        if function and not presigned_post:
            self.needs[function] |= needs(model.service_model.service_name, model.name, params)

    def _presigned_post(self, request: Any, **_: Any) -> None:
        function = running.get()
        fields = request.context.get("s3-presign-post-fields")
        if function and fields is not None:
            conditions = request.context["s3-presign-post-policy"]["conditions"]
            bucket = next(c["bucket"] for c in conditions if isinstance(c, dict) and "bucket" in c)
            self.needs[function] |= needs("s3", "PutObject", {"Bucket": bucket,
                                                              "Key": fields["key"]})


class _Watched(dict):
    """gerbang.config's started sections, noting which function asks for which."""

    def __init__(self, usage: Usage, started: dict[type, Any]) -> None:
        super().__init__(started)
        self.usage = usage

    def __getitem__(self, section: type) -> Any:
        function = running.get()
        if function:
            self.usage.sections[function].add(section)
        return super().__getitem__(section)
