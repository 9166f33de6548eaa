"""Start the whole product locally: moto (the local AWS) with everything template.yaml
declares, the functions, the gateway serving site and API on one loopback port, the queue
pollers, the scheduled functions' timers and the payment sandbox. Used by `make dev` and,
unchanged, by the end-to-end tests.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from local import cognito, moto_locks
from local.functions import Function, apply_environment, load_functions, triggers
from local.intrinsics import REGION, Names
from local.poller import QueuePoller
from local.resources import create_all, create_officer, create_payment_secret, parameters
from local.schedule import Timer, schedules
from local.template import load_template

ROOT = Path(__file__).resolve().parents[1]


class _Late:
    """The WSGI app behind a socket bound before the app exists (the port decides URLs)."""

    app: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.app(environ, start_response)


class LocalStack:
    def __init__(self, port: int = 8000, host: str = "127.0.0.1",
                 site_dir: Path = ROOT / "site", template: Path = ROOT / "template.yaml",
                 quiet: bool = False) -> None:
        self.host, self.requested_port = host, port
        self.site_dir, self.template_path, self.quiet = site_dir, template, quiet
        self.functions: dict[str, Function] = {}
        self.pollers: list[QueuePoller] = []
        self.timers: list[Timer] = []
        self.names: Names | None = None

    def start(self) -> LocalStack:
        # Both moto and the gateway are werkzeug servers; their per-request lines would bury
        # what matters. The gateway logs its own requests below.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        moto_locks.install()  # moto's DynamoDB is not thread-safe; the stack is threaded
        self.moto = ThreadedMotoServer(ip_address=self.host, port=0, verbose=False)
        self.moto.start()
        moto_host, moto_port = self.moto.get_host_and_port()
        self.aws_endpoint = f"http://{moto_host}:{moto_port}"
        os.environ.update({
            "AWS_ENDPOINT_URL": self.aws_endpoint, "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION, "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
            "POWERTOOLS_METRICS_DISABLED": "true",  # no CloudWatch here: keep the log readable
        })
        front = _Late()
        self.server = make_server(self.host, self.requested_port, front, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://{self.host}:{self.port}"

        template = load_template(self.template_path)
        self.names = Names(parameters(template, {"SiteUrl": self.url}))
        create_all(template, self.names, self.aws_endpoint)
        secret = create_payment_secret(self.names.refs["PaymentSecretParameter"],
                                       self.aws_endpoint)
        self.functions, routes, queues = load_functions(template, self.names, ROOT)
        cognito.install(triggers(self.functions))  # sign-up and sign-in codes by email
        apply_environment(self.functions)
        # No GuardDuty here: documents are recorded as "not_scanned", honestly.
        os.environ["MALWARE_SCAN"] = "off"
        # Tokens are signed by moto; its JWKS is served by the local AWS, not by Cognito.
        pool = self.names.refs["OfficerUserPool"]
        os.environ["OFFICER_JWKS_URL"] = f"{self.aws_endpoint}/{pool}/.well-known/jwks.json"
        os.environ["OFFICER_COGNITO_URL"] = f"{self.aws_endpoint}/"
        if applicants := self.names.refs.get("ApplicantUserPool"):
            os.environ["APPLICANT_JWKS_URL"] = (f"{self.aws_endpoint}/{applicants}"
                                                "/.well-known/jwks.json")
            os.environ["APPLICANT_COGNITO_URL"] = f"{self.aws_endpoint}/"
        self.officer = ("officer", create_officer(pool, self.aws_endpoint))
        for function in self.functions.values():
            function.entry()  # import now: a broken handler stops the start, not a request

        from local.api_docs import PATH as API_DOCS
        from local.api_docs import api_docs
        from local.gateway import Gateway
        from local.outbox import outbox
        from local.sandbox import Sandbox

        sandbox = Sandbox(secret, f"{self.url}/api/payments/webhooks/sandbox")
        apis = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Api"]
        self.gateway = Gateway(self.functions, routes, self.site_dir,
                               extra={"/sandbox/": sandbox, "/_outbox/": outbox,
                                      API_DOCS: api_docs},
                               gateway_responses=apis[0]["Properties"].get("GatewayResponses"),
                               log=None if self.quiet else lambda line: print(line, flush=True))
        front.app = self.gateway
        for queue, function in queues:
            poller = QueuePoller(self.names.refs[queue], self.names.attributes[(queue, "Arn")],
                                 self.functions[function], self.aws_endpoint)
            poller.start()
            self.pollers.append(poller)
        for function, period in schedules(template):
            timer = Timer(self.functions[function], period)
            timer.start()
            self.timers.append(timer)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                        name="gateway")
        self._thread.start()
        return self

    def stop(self) -> None:
        for worker in [*self.pollers, *self.timers]:
            worker.stop()
        self.server.shutdown()
        self.moto.stop()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
