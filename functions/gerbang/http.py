"""The HTTP edge shared by every API function: read a JSON body or a plain form post the
same way, pick the applicant's language, and turn domain errors into responses in one
place (JSON with a stable code, or a page for a form post).

Every resolver validates with Powertools (`enable_validation`): a route declares its body,
path, query and header parameters in its signature and its answers in `responses`, which
is what the OpenAPI document is generated from (scripts/openapi.py). Powertools' refusals
become the same translated 422 as our own."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import (
    OpenAPIRequestValidationMiddleware,
)
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from pydantic import BaseModel

from gerbang.errors import DomainError, InvalidInput, NotFound
from gerbang.i18n import field_message, pick_language, t
from gerbang.models import problems
from gerbang.observability import logger
from gerbang.responses import ErrorBody

MAX_BODY_BYTES = 64 * 1024  # our largest form is a few KB
FORM = "application/x-www-form-urlencoded"
_NO_STORE = {"Cache-Control": "no-store"}


@dataclass
class Request:
    data: dict[str, Any]
    is_form: bool
    lang: str


def header(app: APIGatewayRestResolver, name: str) -> str:
    # Powertools' headers are case-insensitive, as HTTP's are.
    return app.current_event.headers.get(name) or ""


def read_request(app: APIGatewayRestResolver) -> Request:
    """Parse the body once per request (JSON or form) and remember it for error pages."""
    event = app.current_event
    content_type = header(app, "content-type").split(";")[0].strip().lower()
    is_form = content_type == FORM
    lang = pick_language(None, header(app, "accept-language"))
    app.append_context(request=Request({}, is_form, lang))
    if len(event.body or "") > MAX_BODY_BYTES * 2:  # base64 grows a body by a third
        raise DomainError("payload_too_large")
    try:
        raw = event.decoded_body or ""
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput([]) from None  # bytes that are not text cannot be our form
    if len(raw.encode()) > MAX_BODY_BYTES:
        raise DomainError("payload_too_large")
    if is_form:
        data: Any = dict(parse_qsl(raw, keep_blank_values=True))
    elif content_type in ("application/json", ""):
        try:
            data = event.json_body  # parsed once: Powertools' validation read it first
        except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested 60,000 deep
            raise InvalidInput([]) from None
        if not isinstance(data, dict):
            raise InvalidInput([])
    else:
        raise DomainError("unsupported_media_type")
    chosen = data.get("language")
    lang = pick_language(chosen if isinstance(chosen, str) else None,
                         header(app, "accept-language"))
    request = Request(data, is_form, lang)
    app.append_context(request=request)
    return request


def read_query(app: APIGatewayRestResolver) -> Request:
    """A plain GET form (the assistant's, without script): its fields are in the query
    string, and it is answered with a page like a posted form."""
    data = dict(app.current_event.query_string_parameters or {})
    chosen = data.get("language")
    request = Request(data, True, pick_language(chosen, header(app, "accept-language")))
    app.append_context(request=request)
    return request


def access_code(app: APIGatewayRestResolver, request: Request) -> str:
    """The access code from the X-Access-Code header (script) or the body (a plain form):
    never from the URL, where it would end up in logs and browser history."""
    return header(app, "x-access-code") or str(request.data.get("access_code", ""))


def json_response(status: int, body: BaseModel | dict[str, Any]) -> Response:
    text = (body.model_dump_json(by_alias=True) if isinstance(body, BaseModel)
            else json.dumps(body, ensure_ascii=False))
    return Response(status_code=status, content_type="application/json", body=text,
                    headers=_NO_STORE)


def html_response(status: int, html: str) -> Response:
    return Response(status_code=status, content_type="text/html; charset=utf-8", body=html,
                    headers=_NO_STORE)


def redirect(location: str) -> Response:
    return Response(status_code=303, body="", headers={"Location": location, **_NO_STORE})


# What each refusal means, for the OpenAPI document; the body is always ErrorBody.
_REFUSALS = {
    400: "The request cannot be handled as sent (e.g. too large, no Idempotency-Key).",
    401: "No valid officer token.",
    403: "Signed in, but not an officer.",
    404: "No such record, or a wrong access code (the two answer alike).",
    409: "Someone or something changed the record first, or the step is not open now.",
    415: "Neither JSON nor a form post.",
    422: "Input that fails validation: `fields` says which field and why.",
    429: "Too many requests or the database is busy: try again in a minute.",
    503: "A service this step needs is unavailable: try again later.",
}
# Every route can refuse for these; routes add their own (401, 409, ...).
_ALWAYS = (400, 404, 415, 422, 429)


# Refusals that say when to try again (errors.py: Busy.retry_after).
_HEADERS = {429: {"Retry-After": {
    "description": "Seconds to wait before trying again (the database was busy; API "
                   "Gateway's own throttling sends none).", "schema": {"type": "integer"}}}}


def refusals(*codes: int) -> dict[int, dict[str, Any]]:
    """Every refusal a route can give (`codes` and those of every route), each with the
    error body, for its documented `responses`."""
    return {code: {"description": _REFUSALS[code],
                   "content": {"application/json": {"model": ErrorBody}},
                   **({"headers": _HEADERS[code]} if code in _HEADERS else {})}
            for code in sorted({*_ALWAYS, *codes})}


def answers(status: int, model: type[BaseModel], description: str,
            *codes: int) -> dict[int, dict[str, Any]]:
    """A route's documented answers: its success with `model`, and its refusals."""
    return {status: {"description": description,
                     "content": {"application/json": {"model": model}}}, **refusals(*codes)}


def error_body(error: DomainError, lang: str) -> ErrorBody:
    body: dict[str, Any] = {"code": error.code, "message": t(lang, f"error.{error.code}",
                                                                **error.params)}
    if isinstance(error, InvalidInput):
        body["fields"] = [{"field": e.field, "code": e.code,
                           "message": field_message(lang, e.field, e.code, e.params)}
                          for e in error.fields] or [
            {"field": "body", "code": "invalid_json", "message": t(lang, "field.invalid_json")}]
    return ErrorBody.model_validate({"error": body})


def error_response(app: APIGatewayRestResolver, error: DomainError, form: str | None = None
                   ) -> Response:
    request: Request | None = app.context.get("request")
    lang = request.lang if request else pick_language(None, header(app, "accept-language"))
    logger.info("request refused", extra={"code": error.code, "status": error.status})
    if request and request.is_form:
        from gerbang import pages  # only pages without script need HTML

        fields = error.fields if isinstance(error, InvalidInput) else []
        if form:  # the form again, answers kept: a wrong code is fixed, not retyped
            summary = None if fields else t(lang, f"error.{error.code}", **error.params)
            html = pages.form_page(lang, form, request.data, fields, summary)
        else:
            html = pages.message_page(lang, error.code, error.params)
        response = html_response(error.status, html)
    else:
        response = json_response(error.status, error_body(error, lang))
    if error.retry_after is not None:  # a throttled client is told when to try again
        response.headers["Retry-After"] = str(error.retry_after)
    return response


class _OurBodies(OpenAPIRequestValidationMiddleware):
    """Powertools' validation, reading bodies as read_request does: JSON, or a form read
    one value a field (Powertools reads lists, for fields that may repeat; none of ours
    does). Anything else is refused before it is parsed: we take no multipart or XML."""

    def _get_body(self, app: Any) -> Any:
        kind = header(app, "content-type").split(";")[0].strip().lower()
        if kind == FORM:
            return dict(parse_qsl(app.current_event.decoded_body or "", keep_blank_values=True))
        if kind in ("application/json", ""):
            try:
                return self._parse_json_data(app)
            except (UnicodeDecodeError, RecursionError):  # bytes that are not text; "[[[[…"
                raise InvalidInput([]) from None
        raise DomainError("unsupported_media_type")


def make_app(form: str | dict[str, str] | None = None,
             recheck: Callable[[dict[str, Any]], object] | None = None,
             guard: Callable[[], object] | None = None) -> APIGatewayRestResolver:
    """A resolver whose domain errors become translated 4xx answers. `form` names the form
    to show again, answers kept, when a plain form post fails validation (for a function
    with several forms: route path -> form). `recheck`, given
    the raw answers that failed Powertools' validation, raises the fuller InvalidInput the
    domain can give (the submit form: every badly formed field and every broken rule at
    once). `guard` raises for a caller who may not use the route at all: Powertools
    validates before the route runs, and a stranger should learn nothing of a route's
    inputs, so a refused caller gets 401/403, not 422."""
    app = APIGatewayRestResolver(enable_validation=True)
    app._request_validation_middleware = _OurBodies()  # pinned Powertools' own slot

    def shown() -> str | None:
        if isinstance(form, dict):
            return form.get(app.current_event.path)
        return form

    @app.exception_handler(DomainError)
    def _domain_error(error: DomainError) -> Response:
        return error_response(app, error, shown())

    @app.exception_handler(RequestValidationError)
    def _invalid(error: RequestValidationError) -> Response:
        try:
            if guard is not None:
                guard()
            request = read_request(app)  # the answers, kept for the form shown again
            if recheck is not None:
                recheck(request.data)
        except DomainError as refusal:
            return error_response(app, refusal, shown())
        return error_response(app, InvalidInput(problems(error.errors())), shown())

    @app.exception_handler(RequestUnsupportedContentType)
    def _unsupported(_: Exception) -> Response:
        return error_response(app, DomainError("unsupported_media_type"))

    @app.exception_handler(RecursionError)
    def _too_deep(_: Exception) -> Response:  # "[[[[…" nested 60,000 deep
        return error_response(app, InvalidInput([]))

    @app.not_found
    def _not_found(_: Exception) -> Response:
        return error_response(app, NotFound("not_found"))

    return app
