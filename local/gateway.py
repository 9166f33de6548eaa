"""The local API Gateway and CloudFront: one WSGI app that serves the built site and turns
every request under a route declared in template.yaml into an API Gateway REST proxy event
for its function, the same event shape Lambda receives in AWS."""

from __future__ import annotations

import base64
import gzip
import mimetypes
import re
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request, Response

from local.functions import Function, Route

_TEXT = re.compile(r"^(text/|application/(json|x-www-form-urlencoded|xml|javascript))")
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
# How a site file is served, here and from S3 (tools/publish.py uploads with these):
# revalidated on every visit (a 304 when unchanged); the service worker keeps what it keeps.
CACHE_CONTROL = "no-cache"
_TEXT_FILES = ("text/", "application/javascript", "application/json", "image/svg+xml",
               "application/xml")


def site_content_type(path: Path) -> str:
    """A site file's type, with the charset of text (the build writes UTF-8)."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXT_FILES) else kind


def _pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    regex = "".join(f"(?P<{p[1:-1].rstrip('+')}>[^/]+)" if p.startswith("{") else re.escape(p)
                    for p in parts)
    return re.compile(f"^{regex}$")


class Gateway:
    def __init__(self, functions: dict[str, Function], routes: list[Route], site_dir: Path,
                 extra: dict[str, Callable[[Request], Response]] | None = None,
                 stage: str = "prod", log: Callable[[str], None] | None = None,
                 gateway_responses: dict[str, Any] | None = None) -> None:
        self.functions = functions
        # Static segments win over parameters, as in API Gateway (/lookup before {reference}).
        self.routes = sorted(((r, _pattern(r.path)) for r in routes),
                             key=lambda rp: (rp[0].path.count("{"), -len(rp[0].path)))
        self.site_dir = site_dir
        self.extra = extra or {}
        self.stage = stage
        self._gzip_cache: dict[tuple[Path, float], bytes] = {}
        self.log = log
        self.gateway_responses = gateway_responses or {}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        started = time.perf_counter()
        response = self.dispatch(request)
        if self.log:
            elapsed = (time.perf_counter() - started) * 1000
            self.log(f"{request.method} {request.path} {response.status_code} {elapsed:.0f} ms")
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        for prefix, handler in self.extra.items():
            if request.path.startswith(prefix):
                return handler(request)
        if request.path.startswith("/api/"):
            return self.api(request)
        return self.site(request)

    # ------------------------------------------------------------------ API
    def api(self, request: Request) -> Response:
        # As in API Gateway, the most specific resource that matches the path answers, and
        # only with its own methods: a GET to /lookup does not fall through to {reference}.
        resource = None
        for route, pattern in self.routes:
            match = pattern.match(request.path)
            if match and resource in (None, route.path):
                resource = route.path
                if route.method in (request.method, "ANY"):
                    event = self.event(request, route, match.groupdict())
                    return self.response(self.functions[route.function].invoke(event))
        # No route, or not this method on it: API Gateway's MISSING_AUTHENTICATION_TOKEN.
        return self.gateway_response("MISSING_AUTHENTICATION_TOKEN", 403)

    def gateway_response(self, kind: str, status: int) -> Response:
        """An answer API Gateway gives itself, as the template's GatewayResponses shape it."""
        spec = self.gateway_responses.get(kind) or self.gateway_responses.get(
            "DEFAULT_4XX" if status < 500 else "DEFAULT_5XX") or {}
        body = spec.get("ResponseTemplates", {}).get("application/json",
                                                      '{"message": "Missing Authentication Token"}')
        return Response(body, status=int(spec.get("StatusCode", status)),
                        content_type="application/json")

    def event(self, request: Request, route: Route, params: dict[str, str]) -> dict[str, Any]:
        raw = request.get_data()
        content_type = request.headers.get("Content-Type", "")
        is_text = not raw or bool(_TEXT.match(content_type)) and _is_utf8(raw)
        headers = dict(request.headers.items())
        query = request.args
        return {
            "resource": route.path,
            "path": request.path,
            "httpMethod": request.method,
            "headers": headers,
            "multiValueHeaders": {k: request.headers.getlist(k) for k in headers},
            "queryStringParameters": {k: query[k] for k in query} or None,
            "multiValueQueryStringParameters": {k: query.getlist(k) for k in query} or None,
            "pathParameters": params or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": route.path, "httpMethod": request.method,
                "path": f"/{self.stage}{request.path}", "stage": self.stage,
                "requestId": str(uuid.uuid4()), "accountId": "123456789012",
                "identity": {"sourceIp": request.remote_addr or "127.0.0.1",
                             "userAgent": request.headers.get("User-Agent", "")},
            },
            "body": (raw.decode("utf-8") if is_text else base64.b64encode(raw).decode())
            if raw else None,
            "isBase64Encoded": not is_text,
        }

    @staticmethod
    def response(result: dict[str, Any]) -> Response:
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
        response = Response(data, status=int(result.get("statusCode", 200)))
        response.headers.pop("Content-Type", None)
        for key, values in (result.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(key, value)
        for key, value in (result.get("headers") or {}).items():
            response.headers[key] = value
        return response

    # ----------------------------------------------------------------- site
    def site(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method Not Allowed", status=405)
        relative = request.path.lstrip("/")
        target = (self.site_dir / relative).resolve()
        if not str(target).startswith(str(self.site_dir.resolve())):
            return Response("Not Found", status=404)
        if target.is_dir():
            if not request.path.endswith("/"):
                # As the CloudFront function does: relative links need the trailing slash.
                query = request.query_string.decode()
                return Response(status=301, headers={
                    "Location": request.path + "/" + (f"?{query}" if query else "")})
            target = target / "index.html"
        status = 200
        if not target.is_file():
            target, status = self.site_dir / "404.html", 404
            if not target.is_file():
                return Response("Not Found", status=404)
        data = target.read_bytes()
        response = Response(status=status, content_type=site_content_type(target))
        if target.suffix in _COMPRESSIBLE and "gzip" in request.headers.get(
                "Accept-Encoding", ""):
            key = (target, target.stat().st_mtime)
            if key not in self._gzip_cache:
                self._gzip_cache[key] = gzip.compress(data, 6)
            data = self._gzip_cache[key]
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
        response.set_data(data)
        # As S3 behind CloudFront: an ETag, so a repeat visit revalidates (304, no body).
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.add_etag()
        return response.make_conditional(request)


def _is_utf8(raw: bytes) -> bool:
    # A "text" body that is not UTF-8 text reaches the function base64-encoded, as binary:
    # the function, not the gateway, refuses it.
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
