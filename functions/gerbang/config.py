"""Each function's settings: the environment variables its entry in template.yaml gives it,
read once at cold start (the app module's import, Lambda's init phase), so that a missing or
bad variable stops the function before its first request, with a message naming it.

Settings come in sections, one per thing a function may use (the table, the documents
bucket, the payment provider...). A function's app module combines the sections it uses
and starts them:

    class SubmitSettings(TableSettings, NotifySettings):
        '''What submitting reads.'''

    SETTINGS = start(SubmitSettings)

and shared code asks for the one section it needs: `settings(TableSettings).table_name`.
A section the function did not start is an error, never a quiet read of the environment:
in AWS that variable would be missing. template.yaml gives each function exactly the
variables of its settings (tests/unit/test_function_settings.py); the integration tests
check that no function asks for a section it did not start (tests/integration/
test_permissions.py).

The local stack and the integration tests run every function in one process, with one
environment (local/functions.py refuses two values for one variable): a section several
functions start holds the same values whichever started it first.

Plain classes, neither pydantic nor dataclasses: the notifier and the outbox sweeper import
no pydantic otherwise (it would add ~60 ms to their cold starts), and a dozen dataclasses
cost ~2 ms of every cold start for nothing a few lines here do not do."""

# No `from __future__ import annotations`: start() reads a setting's choices from its
# annotation as written, where typing.get_type_hints would cost ~1.4 ms of a cold start.
import os
from collections.abc import Callable
from typing import Any, Literal, TypeVar, get_args, get_origin


class _Variable:
    """Where a setting comes from: the class attribute a started section's value hides."""

    def __init__(self, name: str, clean: Callable[[str], str]) -> None:
        self.name, self.clean = name, clean


def variable(name: str, clean: Callable[[str], str] = str) -> Any:
    """A setting read from the environment variable `name`, passed through `clean`."""
    return _Variable(name, clean)


def _no_trailing_slash(url: str) -> str:
    return url.rstrip("/")


class Section:
    """A group of settings; a function's settings inherit the sections it uses. Not frozen:
    the integration tests switch a setting (the provider, the scan) with monkeypatch."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({vars(self)})"


class TableSettings(Section):
    table_name: str = variable("TABLE_NAME")


class DocumentsSettings(Section):
    documents_bucket: str = variable("DOCUMENTS_BUCKET")


class ScanSettings(Section):
    # "guardduty": only files GuardDuty tagged NO_THREATS_FOUND pass. "off": no scanner
    # exists (the local stack); documents are recorded as "not_scanned", never as clean.
    malware_scan: Literal["guardduty", "off"] = variable("MALWARE_SCAN")


class SiteSettings(Section):
    # The public origin, for links in emails and for the redirects of forms without script.
    site_url: str = variable("SITE_URL", _no_trailing_slash)


class NotifySettings(Section):
    notify_queue_url: str = variable("NOTIFY_QUEUE_URL")


class MailSettings(Section):
    mail_from: str = variable("MAIL_FROM")


class PaymentSettings(Section):
    # Which provider takes payments; a status page lists the methods it offers.
    payment_provider: Literal["sandbox", "stripe", "midtrans"] = variable("PAYMENT_PROVIDER")


class PaymentSecretSettings(Section):
    # The SSM SecureString holding the provider's keys: only the payment function reads it.
    payment_secret_parameter: str = variable("PAYMENT_SECRET_PARAMETER")


class OfficerPoolSettings(Section):
    """The Cognito user pool officers sign in to (gerbang/officers.py)."""

    issuer: str = variable("OFFICER_ISSUER")
    jwks_url: str = variable("OFFICER_JWKS_URL")
    client_id: str = variable("OFFICER_CLIENT_ID")
    # Where the sign-in page sends its Cognito calls (the local stack: moto).
    cognito_url: str = variable("OFFICER_COGNITO_URL")


class ApplicantPoolSettings(Section):
    """The Cognito user pool applicants sign in to (gerbang/accounts.py)."""

    pool_id: str = variable("APPLICANT_POOL_ID")
    issuer: str = variable("APPLICANT_ISSUER")
    jwks_url: str = variable("APPLICANT_JWKS_URL")
    client_id: str = variable("APPLICANT_CLIENT_ID")


S = TypeVar("S", bound=Section)
_started: dict[type[Section], Section] = {}


def _fields(model: type[Section]) -> dict[str, tuple[_Variable, tuple[str, ...]]]:
    """Setting name -> where it comes from and its choices (a Literal's; none: any text),
    over every section `model` inherits, in the order they are named."""
    found: dict[str, tuple[_Variable, tuple[str, ...]]] = {}
    for cls in model.__mro__:
        for name, value in vars(cls).items():
            if isinstance(value, _Variable) and name not in found:
                annotation = vars(cls).get("__annotations__", {}).get(name)
                found[name] = (value, get_args(annotation)
                               if get_origin(annotation) is Literal else ())
    return found


def variables(model: type[Section]) -> list[str]:
    """The environment variables `model` reads."""
    return [source.name for source, _ in _fields(model).values()]


def start(model: type[S]) -> S:
    """Read the function's settings from the environment, now, and make each of its
    sections available to `settings()`. Raises naming every variable missing or bad."""
    loaded = model()
    problems = []
    for name, (source, choices) in _fields(model).items():
        value = os.environ.get(source.name, "")
        if not value:
            problems.append(f"{source.name} is not set")
        elif choices and value not in choices:
            problems.append(f"{source.name} is {value!r}, not one of {', '.join(choices)}")
        else:
            setattr(loaded, name, source.clean(value))
    if problems:
        raise RuntimeError(f"{model.__name__} cannot start: " + "; ".join(problems))
    for section in model.__mro__:
        if issubclass(section, Section) and section is not Section:
            _started.setdefault(section, loaded)
    return loaded


def settings(section: type[S]) -> S:
    """The running function's `section`, read at its start."""
    try:
        found = _started[section]
    except KeyError:
        raise RuntimeError(f"{section.__name__} is not in this function's settings: add it "
                           "to the settings its app module starts") from None
    assert isinstance(found, section)
    return found
