"""Choice-based, passwordless sign-in for the local Cognito (moto 5.2.5 has none of it).

`install(resolve)` teaches moto's cognito-idp the calls an applicant's account makes against
real Cognito, for the user pools whose `Policies.SignInPolicy.AllowedFirstAuthFactors`
contains EMAIL_OTP. Every other pool (the officers') keeps moto's behaviour exactly: each
patched call first asks whose pool it is and hands anything else to moto's own method.
`resolve` maps a Lambda ARN (the pool's `LambdaConfig.CustomMessage`) to a callable that runs
the local function with an event and answers its result; `install` may be called again (a
second stack in one process), which only replaces the resolver.

Codes reach the user by email, as in AWS: the text comes from the pool's CustomMessage
trigger (the real event: version, triggerSource, region, userPoolId, userName, callerContext,
request.userAttributes/codeParameter "{####}"/linkParameter/usernameParameter/clientMetadata,
response with nulls), or is Cognito's default without one; the code replaces `{####}`; then
moto's SES sends it: EmailSendingAccount DEVELOPER from EmailConfiguration.From, refused
(CodeDeliveryFailureException) unless SES has verified the SourceArn identity and the sender;
COGNITO_DEFAULT from no-reply@verificationemail.com, Cognito's own mailer, which needs no
identity. Sent mail is in `moto.ses.models.ses_backends[account][region].sent_messages`,
which tests read and the local outbox (/_outbox/) shows.

What is emulated, from the Cognito API reference (botocore's model of it), the developer
guide ("Signing up and confirming user accounts", "Managing user existence error
responses", "Custom message Lambda trigger") and the maintainers' answers cited:

- SignUp without Password (omitted or blank): an UNCONFIRMED user, email = Username
  (UsernameAttributes [email]), the given attributes (locale ...), a 6-digit confirmation
  code valid 24 hours, emailed (CustomMessage_SignUp); the answer has UserConfirmed false,
  UserSub, CodeDeliveryDetails (masked address) and a Session for ConfirmSignUp (kept as
  long as the code). With a Password, the same after the pool's password policy. An
  address already registered (compared without case when UsernameConfiguration.CaseSensitive
  is false): UsernameExistsException whatever PreventUserExistenceErrors says (that setting covers
  sign-in, confirmation and recovery, not sign-up). Not an email: InvalidParameterException.
- ResendConfirmationCode: a new code (CustomMessage_ResendCode); the old one stops working
  and the count of wrong tries starts again. Confirmed user: InvalidParameterException.
  Unknown user: a simulated CodeDeliveryDetails and no email with PreventUserExistenceErrors
  ENABLED, UserNotFoundException with LEGACY.
- ConfirmSignUp(ConfirmationCode, Session?): CodeMismatchException for a wrong code,
  ExpiredCodeException after 24 hours, LimitExceededException once 5 wrong codes were tried
  (until a code is resent), NotAuthorizedException for a confirmed user or a Session that is
  not this user's sign-up session; an unknown user gets CodeMismatchException (ENABLED) or
  UserNotFoundException (LEGACY). Success: CONFIRMED, email_verified=true, and a Session
  that InitiateAuth(USER_AUTH, Session=...) exchanges once for tokens, without a second
  code, within the client's AuthSessionValidity, if the user has not signed in since.
- InitiateAuth(AuthFlow=USER_AUTH) (the client must allow ALLOW_USER_AUTH):
  PREFERRED_CHALLENGE=EMAIL_OTP emails an 8-digit code (fixed at 8 digits: Amplify's
  maintainers in amplify-js#14428; CustomMessage_Authentication) and
  answers ChallengeName EMAIL_OTP, a Session and ChallengeParameters
  CODE_DELIVERY_DELIVERY_MEDIUM=EMAIL, CODE_DELIVERY_DESTINATION=masked address;
  PREFERRED_CHALLENGE=PASSWORD with PASSWORD answers tokens or NotAuthorizedException
  ("Incorrect username or password."; a user without a password is refused the same way);
  no PREFERRED_CHALLENGE answers SELECT_CHALLENGE with AvailableChallenges (EMAIL_OTP, and
  PASSWORD, PASSWORD_SRP when the user has a password). UNCONFIRMED:
  UserNotConfirmedException. Disabled: NotAuthorizedException. Unknown user with
  PreventUserExistenceErrors ENABLED: the same-looking answer (EMAIL_OTP challenge with the
  typed address masked, no email sent; SELECT_CHALLENGE with every factor the pool allows;
  PASSWORD refused as a wrong password); LEGACY: UserNotFoundException. Other flows
  (REFRESH_TOKEN_AUTH ...) are moto's.
- RespondToAuthChallenge: EMAIL_OTP with EMAIL_OTP_CODE answers moto's own tokens (signed
  as moto signs them, so they verify against moto's JWKS); a wrong code
  CodeMismatchException, three wrong codes spend the session; SELECT_CHALLENGE with ANSWER
  EMAIL_OTP (a code is emailed, a new session answered) or PASSWORD (+PASSWORD). A session
  works once, for its client and user, within the client's AuthSessionValidity (3 minutes
  by default: "the MFA code for sign in is valid for 3 minutes", a Cognito engineer in
  amazon-cognito-identity-js#54); otherwise NotAuthorizedException ("Invalid session for
  the user[, session is expired | session can only be used once]").
- Passwords: after 5 wrong ones a user is locked out 2^(n-5) seconds (at most 15 minutes;
  "Password attempts exceeded"), the lockout the developer guide documents.
- RevokeToken: the refresh token and the access and id tokens issued with it stop working
  (UnsupportedOperationException when the client has EnableTokenRevocation false,
  UnsupportedTokenTypeException for a token that is not a refresh token). DeleteUser: the
  user and its tokens are gone. ChangePassword without PreviousPassword for a user who has
  no password, GlobalSignOut, AdminGetUser and AdminDeleteUser are moto's, which already
  behave so for these users. Lookups by address ignore case when the pool's
  UsernameConfiguration.CaseSensitive is false (moto's compare exactly).

What could not be confirmed, and was chosen as the documented or likeliest behaviour:
- the number of wrong codes a sign-in session takes (3 here) and a confirmation code
  takes (5 here, as reported for ForgotPassword codes; AWS does not publish its limits);
- that an expired sign-in session answers NotAuthorizedException rather than
  ExpiredCodeException (NotAuthorizedException is what users report after ~3 minutes);
- Cognito's default subject and text of the sign-in code email ("Your authentication
  code"); the sign-up ones are moto's defaults, which are Cognito's;
- that CustomMessage_Authentication is the trigger source of passwordless sign-in codes
  (the guide names it for "MFA codes during authentication"), and that the trigger gets no
  clientMetadata from InitiateAuth (the API reference says so for the custom message);
- what an unknown user is answered exactly: the guide says Cognito picks one of the pool's
  challenge types at random; here the one asked for is answered (a hidden user and a real
  one look alike to the account function either way);
- the message when the client does not allow USER_AUTH, when the preferred challenge is not
  available, and what RevokeToken answers for a token of another client
  (UnauthorizedException here) and an unknown one (success, as RFC 7009 says);
- that a trigger answering no `{####}` in its emailMessage is refused
  (InvalidLambdaResponseException); a trigger that raises gives UserLambdaValidationException
  ("CustomMessage failed with error ..."), as Cognito words other triggers' failures;
- whether a user whose sign-up email failed (trigger error, SES refusal) exists: here it
  does, UNCONFIRMED, and ResendConfirmationCode tries again;
- PASSWORD_SRP is offered as real Cognito offers it, but choosing it is refused here;
  AdminInitiateAuth with USER_AUTH is not emulated.
"""

from __future__ import annotations

import base64
import copy
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    NotAuthorizedError,
    UsernameExistsException,
    UserNotConfirmedException,
    UserNotFoundError,
)
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUser,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
    UserStatus,
    cognitoidp_backends,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.cognitoidp.utils import check_secret_hash, validate_username_format
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

Trigger = Callable[[dict[str, Any]], Any]
Resolver = Callable[[str], Trigger | None]

CODE_PARAMETER = "{####}"
SIGN_UP_CODE_DIGITS = 6
SIGN_IN_CODE_DIGITS = 8
CONFIRMATION_CODE_SECONDS = 24 * 60 * 60
CONFIRMATION_CODE_TRIES = 5
SESSION_CODE_TRIES = 3
PASSWORD_FREE_FAILURES = 5
LOCKOUT_MAX_SECONDS = 15 * 60
DEFAULT_SESSION_MINUTES = 3
AUTHENTICATION_SUBJECT = "Your authentication code"
AUTHENTICATION_MESSAGE = "Your authentication code is {####}. "
COGNITO_SENDER = "no-reply@verificationemail.com"
SDK_VERSION = "aws-sdk-unknown-unknown"

_lock = threading.RLock()
_resolve: Resolver | None = None
_moto: dict[str, Callable[..., Any]] = {}


def _now() -> float:
    """The clock of codes, sessions and lockouts (tests move it; tokens keep moto's)."""
    return time.time()


def _error(kind: str, message: str) -> JsonRESTError:
    return JsonRESTError(kind, message)


# ---------------------------------------------------------------------- state


@dataclass
class _Code:
    value: str
    expires: float
    wrong: int = 0


@dataclass
class _Session:
    """One step of a sign-up or sign-in that a later call continues."""

    kind: str  # SIGN_UP, CONFIRMED (sign in after sign-up), SELECT_CHALLENGE, EMAIL_OTP
    client_id: str
    username: str | None  # the user's internal username; None: a user who does not exist
    login: str  # what was typed, for a user who does not exist
    expires: float
    code: str | None = None
    wrong: int = 0
    used: bool = False


@dataclass
class _Account:
    """What Cognito keeps about a user beyond moto's record."""

    confirmation: _Code | None = None
    password_failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0
    signed_in: bool = False


def _sessions(backend: CognitoIdpBackend) -> dict[str, _Session]:
    # On the backend, so that moto's reset (a new mock, a new server) forgets them too.
    return backend.__dict__.setdefault("_passwordless_sessions", {})


def _account(user: CognitoIdpUser) -> _Account:
    return user.__dict__.setdefault("_passwordless", _Account())


def passwordless(pool: CognitoIdpUserPool) -> bool:
    policies = pool.extended_config.get("Policies") or {}
    return "EMAIL_OTP" in (policies.get("SignInPolicy") or {}).get("AllowedFirstAuthFactors", [])


def _first_factors(pool: CognitoIdpUserPool) -> list[str]:
    return list(pool.extended_config["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"])


def _pools() -> Iterator[tuple[CognitoIdpBackend, CognitoIdpUserPool]]:
    """Every user pool moto holds, with its backend (the calls that name no pool, like
    moto's own, find it by a client id or a token)."""
    for account in list(cognitoidp_backends.values()):
        for region, backend in list(account.items()):
            if region != "global":
                for pool in list(backend.user_pools.values()):
                    yield backend, pool


def _find_client(client_id: str | None
                 ) -> tuple[CognitoIdpBackend, CognitoIdpUserPool, CognitoIdpUserPoolClient] | None:
    return next(((backend, pool, pool.clients[client_id]) for backend, pool in _pools()
                 if client_id in pool.clients), None)


def _find_token(access_token: str | None) -> tuple[CognitoIdpBackend, CognitoIdpUserPool] | None:
    return next(((backend, pool) for backend, pool in _pools()
                 if access_token in pool.access_tokens), None)


def _get_user(pool: CognitoIdpUserPool, username: str) -> CognitoIdpUser | None:
    """moto's lookup, and without case in a passwordless pool that ignores case."""
    user = _moto["_get_user"](pool, username)
    case_sensitive = (pool.extended_config.get("UsernameConfiguration") or {}).get(
        "CaseSensitive", True)
    if user is None and isinstance(username, str) and passwordless(pool) and not case_sensitive:
        wanted = username.casefold()
        for candidate in pool.users.values():
            values = [candidate.username, candidate.attribute_lookup.get("email")]
            if any(isinstance(v, str) and v.casefold() == wanted for v in values):
                return candidate
    return user


# ---------------------------------------------------------------------- delivery


def _masked(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def _delivery(address: str) -> dict[str, str]:
    return {"Destination": _masked(address), "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def _code(digits: int) -> str:
    return f"{secrets.randbelow(10 ** digits):0{digits}d}"


def _default_text(pool: CognitoIdpUserPool, source: str) -> tuple[str, str]:
    if source == "CustomMessage_Authentication":
        return AUTHENTICATION_SUBJECT, AUTHENTICATION_MESSAGE
    config = pool.extended_config
    return (config.get("EmailVerificationSubject") or "Your verification code",
            config.get("EmailVerificationMessage") or "Your verification code is {####}. ")


def _deliver(pool: CognitoIdpUserPool, client_id: str, user: CognitoIdpUser, source: str,
             code: str, metadata: dict[str, str] | None) -> None:
    """Write the message (the CustomMessage trigger, else Cognito's text) and email it."""
    subject, message = _default_text(pool, source)
    arn = (pool.extended_config.get("LambdaConfig") or {}).get("CustomMessage")
    if arn:
        trigger = _resolve(arn) if _resolve else None
        if trigger is None:
            raise _error("UnexpectedLambdaException", f"No local function answers {arn}.")
        event = {
            "version": "1", "triggerSource": source, "region": pool.region,
            "userPoolId": pool.id, "userName": user.username,
            "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id},
            "request": {
                "userAttributes": {**user.attribute_lookup,
                                   "cognito:user_status": str(user.status.value)},
                "codeParameter": CODE_PARAMETER, "linkParameter": "{##Click Here##}",
                "usernameParameter": None, "clientMetadata": dict(metadata or {})},
            "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
        }
        try:
            answer = trigger(copy.deepcopy(event))
        except Exception as error:  # the function failed: Cognito says so, names no code
            raise _error("UserLambdaValidationException",
                         f"CustomMessage failed with error {error}.") from error
        response = (answer or {}).get("response") or {}
        if response.get("emailMessage") is not None:
            if CODE_PARAMETER not in response["emailMessage"]:
                raise _error("InvalidLambdaResponseException",
                             "The custom message has no code parameter.")
            message = response["emailMessage"]
        subject = response.get("emailSubject") or subject
    _send(pool, user.attribute_lookup["email"], subject, message.replace(CODE_PARAMETER, code))


def _send(pool: CognitoIdpUserPool, to: str, subject: str, body: str) -> None:
    from moto.ses.exceptions import MessageRejectedError
    from moto.ses.models import Message, ses_backends
    from moto.ses.utils import get_random_message_id

    config = pool.extended_config.get("EmailConfiguration") or {}
    source_arn = config.get("SourceArn") or ""
    identity = source_arn.partition(":identity/")[2]
    sender = config.get("From") or identity or COGNITO_SENDER
    region = source_arn.split(":")[3] if source_arn.count(":") >= 5 else pool.region
    ses = ses_backends[pool.account_id][region]
    if config.get("EmailSendingAccount") != "DEVELOPER":
        # Cognito's own mailer, not the account's SES: nothing to verify.
        ses.sent_messages.append(Message(get_random_message_id(), sender, subject, body,
                                         {"ToAddresses": [to]}))
        return
    if not identity or not ses._is_verified_address(identity):
        raise _error("CodeDeliveryFailureException",
                     f"The SES identity {identity or '(none)'} is not verified.")
    try:
        ses.send_email(sender, subject, body, {"ToAddresses": [to]})
    except MessageRejectedError as error:
        raise _error("CodeDeliveryFailureException", error.message) from error


# ---------------------------------------------------------------------- the flows


class _Flow:
    """The calls of one passwordless pool, made through one of its clients."""

    def __init__(self, backend: CognitoIdpBackend, pool: CognitoIdpUserPool,
                 client: CognitoIdpUserPoolClient) -> None:
        self.backend, self.pool, self.client = backend, pool, client

    # -------------------------------------------------- helpers

    @property
    def hides_users(self) -> bool:
        return self.client.extended_config.get("PreventUserExistenceErrors") == "ENABLED"

    @property
    def session_seconds(self) -> int:
        minutes = self.client.extended_config.get("AuthSessionValidity") or DEFAULT_SESSION_MINUTES
        return int(minutes) * 60

    def check_secret(self, username: str, secret_hash: str | None) -> None:
        if not self.client.generate_secret:
            return
        if not secret_hash:
            raise NotAuthorizedError(f"Client {self.client.id} is configured for secret but "
                                     "secret was not received")
        if not check_secret_hash(self.client.secret, self.client.id, username, secret_hash):
            raise NotAuthorizedError(f"Unable to verify secret hash for client {self.client.id}")

    def user(self, username: str | None) -> CognitoIdpUser | None:
        return _get_user(self.pool, username) if username else None

    def new_session(self, kind: str, user: CognitoIdpUser | None, login: str, seconds: int,
                    code: str | None = None) -> str:
        token = base64.urlsafe_b64encode(secrets.token_bytes(96)).decode().rstrip("=")
        sessions, now = _sessions(self.backend), _now()
        # A long `make dev` run forgets sessions an hour after they expired (until then
        # they answer "session is expired", as Cognito does).
        for expired in [t for t, s in sessions.items() if s.expires <= now - 3600]:
            del sessions[expired]
        sessions[token] = _Session(
            kind, self.client.id, user.username if user else None, login, now + seconds, code)
        return token

    def session(self, token: str | None, kinds: tuple[str, ...]) -> _Session:
        found = _sessions(self.backend).get(token or "")
        if found is None or found.client_id != self.client.id or found.kind not in kinds:
            raise NotAuthorizedError("Invalid session for the user.")
        if found.used:
            raise NotAuthorizedError("Invalid session for the user, session can only be used "
                                     "once.")
        if _now() >= found.expires:
            raise NotAuthorizedError("Invalid session for the user, session is expired.")
        return found

    def tokens(self, user: CognitoIdpUser) -> dict[str, Any]:
        _account(user).signed_in = True
        # The address as stored: moto finds the user by it and puts it in the id token.
        return self.backend._log_user_in(self.pool, self.client,
                                         user.attribute_lookup.get("email", user.username))

    def email_code(self, user: CognitoIdpUser, login: str) -> dict[str, Any]:
        code = _code(SIGN_IN_CODE_DIGITS)
        _deliver(self.pool, self.client.id, user, "CustomMessage_Authentication", code, None)
        return self.otp_challenge(user, login, code)

    def otp_challenge(self, user: CognitoIdpUser | None, login: str, code: str | None
                      ) -> dict[str, Any]:
        address = user.attribute_lookup["email"] if user else login
        return {"ChallengeName": "EMAIL_OTP",
                "Session": self.new_session("EMAIL_OTP", user, login, self.session_seconds, code),
                "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                        "CODE_DELIVERY_DESTINATION": _masked(address)}}

    def available(self, user: CognitoIdpUser | None) -> list[str]:
        factors = _first_factors(self.pool)
        offered = ["EMAIL_OTP"] if "EMAIL_OTP" in factors else []
        if "PASSWORD" in factors and (user is None or user.password):
            offered += ["PASSWORD", "PASSWORD_SRP"]
        return offered

    def password(self, user: CognitoIdpUser | None, password: str | None) -> dict[str, Any]:
        if not password:
            raise InvalidParameterException("Missing required parameter PASSWORD")
        if user is None:
            raise NotAuthorizedError("Incorrect username or password.")
        account, now = _account(user), _now()
        if now < account.locked_until:
            raise NotAuthorizedError("Password attempts exceeded")
        if now - account.last_failure > LOCKOUT_MAX_SECONDS:
            account.password_failures = 0
        if not user.password or not secrets.compare_digest(user.password, password):
            account.password_failures += 1
            account.last_failure = now
            if account.password_failures >= PASSWORD_FREE_FAILURES:
                account.locked_until = now + min(
                    2 ** (account.password_failures - PASSWORD_FREE_FAILURES), LOCKOUT_MAX_SECONDS)
            raise NotAuthorizedError("Incorrect username or password.")
        account.password_failures = 0
        return self.tokens(user)

    def choose(self, user: CognitoIdpUser | None, login: str, challenge: str | None,
               password: str | None, selecting: bool = False) -> dict[str, Any]:
        """Answer the first factor asked for; none (or one not offered) when signing in: the
        list to choose from; when choosing from it, one not offered is refused."""
        offered = self.available(user)
        if challenge == "PASSWORD" and "PASSWORD" in _first_factors(self.pool):
            return self.password(user, password)
        if challenge == "EMAIL_OTP" and challenge in offered:
            return self.email_code(user, login) if user else self.otp_challenge(None, login, None)
        if challenge in offered:
            raise InvalidParameterException(f"{challenge} is not emulated by the local Cognito")
        if selecting:
            raise InvalidParameterException(f"ANSWER must be one of {', '.join(offered)}")
        return {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": offered,
                "ChallengeParameters": {},
                "Session": self.new_session("SELECT_CHALLENGE", user, login,
                                            self.session_seconds)}

    # -------------------------------------------------- the API

    def sign_up(self, p: dict[str, Any]) -> dict[str, Any]:
        username, password = p["Username"], p.get("Password") or None
        self.check_secret(username, p.get("SecretHash"))
        config = self.pool.extended_config
        if "email" in config.get("UsernameAttributes", []) and not validate_username_format(
                username, "email"):
            raise InvalidParameterException("Username should be either an email or a phone "
                                            "number.")
        if password is None and "email" not in config.get("AutoVerifiedAttributes", []):
            raise InvalidParameterException("A password is required unless email is verified "
                                            "automatically.")
        if self.user(username) is not None:
            raise UsernameExistsException("An account with the given email already exists.")
        if password is not None:
            self.backend._validate_password(self.pool.id, password)
        attributes = {a["Name"]: a["Value"] for a in p.get("UserAttributes") or []}
        attributes["email"] = username
        user = CognitoIdpUser(self.pool.id, None, password, UserStatus.UNCONFIRMED,
                              [{"Name": k, "Value": v} for k, v in attributes.items()])
        self.pool.users[user.username] = user
        code = _code(SIGN_UP_CODE_DIGITS)
        _account(user).confirmation = _Code(code, _now() + CONFIRMATION_CODE_SECONDS)
        _deliver(self.pool, self.client.id, user, "CustomMessage_SignUp", code,
                 p.get("ClientMetadata"))
        return {"UserConfirmed": False, "UserSub": user.id,
                "CodeDeliveryDetails": _delivery(username),
                "Session": self.new_session("SIGN_UP", user, username,
                                            CONFIRMATION_CODE_SECONDS)}

    def resend_confirmation_code(self, p: dict[str, Any]) -> dict[str, Any]:
        username = p["Username"]
        self.check_secret(username, p.get("SecretHash"))
        user = self.user(username)
        if user is None:
            if self.hides_users:
                return {"CodeDeliveryDetails": _delivery(username)}
            raise UserNotFoundError("Username/client id combination not found.")
        if user.status is not UserStatus.UNCONFIRMED:
            raise InvalidParameterException("User is already confirmed.")
        code = _code(SIGN_UP_CODE_DIGITS)
        _account(user).confirmation = _Code(code, _now() + CONFIRMATION_CODE_SECONDS)
        _deliver(self.pool, self.client.id, user, "CustomMessage_ResendCode", code,
                 p.get("ClientMetadata"))
        return {"CodeDeliveryDetails": _delivery(user.attribute_lookup["email"])}

    def confirm_sign_up(self, p: dict[str, Any]) -> dict[str, Any]:
        username, given = p["Username"], p["ConfirmationCode"]
        self.check_secret(username, p.get("SecretHash"))
        user = self.user(username)
        if user is None:
            if self.hides_users:
                raise CodeMismatchException("Invalid verification code provided, please try "
                                            "again.")
            raise UserNotFoundError("Username/client id combination not found.")
        if p.get("Session"):
            sign_up = self.session(p["Session"], ("SIGN_UP",))
            if sign_up.username != user.username:
                raise NotAuthorizedError("Invalid session for the user.")
        if user.status is not UserStatus.UNCONFIRMED:
            raise NotAuthorizedError(f"User cannot be confirmed. Current status is "
                                     f"{user.status.value}")
        code = _account(user).confirmation
        if code is None or code.wrong >= CONFIRMATION_CODE_TRIES:
            raise _error("LimitExceededException",
                         "Attempt limit exceeded, please try after some time.")
        if not secrets.compare_digest(code.value, str(given)):
            code.wrong += 1
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        if _now() >= code.expires:
            raise ExpiredCodeException("Invalid code provided, please request a code again.")
        user.status = UserStatus.CONFIRMED
        user.update_attributes([{"Name": "email_verified", "Value": "true"}])
        _account(user).confirmation = None
        for session in _sessions(self.backend).values():
            if session.kind == "SIGN_UP" and session.username == user.username:
                session.used = True
        return {"Session": self.new_session("CONFIRMED", user, username, self.session_seconds)}

    def initiate_auth(self, p: dict[str, Any]) -> dict[str, Any]:
        if "ALLOW_USER_AUTH" not in self.client.extended_config.get("ExplicitAuthFlows", []):
            raise InvalidParameterException("USER_AUTH flow not enabled for this client")
        parameters = p.get("AuthParameters") or {}
        login = parameters.get("USERNAME")
        if not login:
            raise InvalidParameterException("Missing required parameter USERNAME")
        self.check_secret(login, parameters.get("SECRET_HASH"))
        user = self.user(login)
        if p.get("Session"):
            confirmed = self.session(p["Session"], ("CONFIRMED",))
            if user is None or confirmed.username != user.username or _account(user).signed_in:
                raise NotAuthorizedError("Invalid session for the user.")
            confirmed.used = True
            return self.tokens(user)
        if user is None:
            if not self.hides_users:
                raise UserNotFoundError("User does not exist.")
        elif not user.enabled:
            raise NotAuthorizedError("User is disabled.")
        elif user.status is UserStatus.UNCONFIRMED:
            raise UserNotConfirmedException("User is not confirmed.")
        return self.choose(user, login, parameters.get("PREFERRED_CHALLENGE"),
                           parameters.get("PASSWORD"))

    def respond_to_auth_challenge(self, p: dict[str, Any]) -> dict[str, Any]:
        name, answers = p["ChallengeName"], p.get("ChallengeResponses") or {}
        session = self.session(p.get("Session"), (name,))
        login = answers.get("USERNAME")
        if not login:
            raise InvalidParameterException("Missing required parameter USERNAME")
        self.check_secret(login, answers.get("SECRET_HASH"))
        user = self.user(session.username)
        if user is None and session.username is not None:  # deleted meanwhile
            raise NotAuthorizedError("Invalid session for the user.")
        if self.user(login) is not user or (user is None and login != session.login):
            raise NotAuthorizedError("Invalid session for the user.")
        if name == "SELECT_CHALLENGE":
            session.used = True
            return self.choose(user, session.login, answers.get("ANSWER"), answers.get("PASSWORD"),
                               selecting=True)
        given = str(answers.get("EMAIL_OTP_CODE") or "")
        if user is None or not secrets.compare_digest(session.code or "", given) or not given:
            session.wrong += 1
            session.used = session.wrong >= SESSION_CODE_TRIES
            raise CodeMismatchException("Invalid code or auth state for the user.")
        session.used = True
        return self.tokens(user)

    def revoke_token(self, p: dict[str, Any]) -> dict[str, Any]:
        if not self.client.extended_config.get("EnableTokenRevocation", True):
            raise _error("UnsupportedOperationException",
                         "Token revocation is not enabled for this app client.")
        if self.client.generate_secret and p.get("ClientSecret") != self.client.secret:
            raise _error("UnauthorizedException", "Invalid client secret.")
        token = p["Token"]
        if token in self.pool.access_tokens or token in self.pool.id_tokens:
            raise _error("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
        issued = self.pool.refresh_tokens.get(token)
        if issued is None:  # unknown or revoked already: nothing to do (RFC 7009)
            return {}
        client_id, _, origin = issued
        if client_id != self.client.id:
            raise _error("UnauthorizedException", "The token was issued to another client.")
        self.pool.refresh_tokens[token] = None
        for tokens in (self.pool.access_tokens, self.pool.id_tokens):
            for jwt_token in [t for t in tokens if _claims(t).get("origin_jti") == origin]:
                del tokens[jwt_token]
        return {}

    def delete_user(self, username: str) -> dict[str, Any]:
        user = self.user(username)
        if user is None:
            raise NotAuthorizedError("Invalid Access Token")
        self.pool.sign_out(username)
        for group in user.groups:
            group.users.discard(user)
        del self.pool.users[user.username]
        for token, ids in list(self.pool.id_tokens.items()):
            if ids[1] == username:
                del self.pool.id_tokens[token]
        for session in _sessions(self.backend).values():
            if session.username == user.username:
                session.used = True
        return {}


def _claims(token: str) -> dict[str, Any]:
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


# ---------------------------------------------------------------------- the response layer


def _by_client(action: str, applies: Callable[[dict[str, Any]], bool] = lambda _: True
               ) -> Callable[[CognitoIdpResponse], Any]:
    """A CognitoIdpResponse method: the passwordless flow for its pools, moto's for others."""

    def method(self: CognitoIdpResponse) -> Any:
        params = json.loads(self.body or "{}")
        found = _find_client(params.get("ClientId"))
        if found is None or not passwordless(found[1]) or not applies(params):
            return _moto_action(self, action)
        with _lock:
            return ActionResult(getattr(_Flow(*found), action)(params))

    method.__name__ = action
    return method


def _delete_user(self: CognitoIdpResponse) -> Any:
    token = json.loads(self.body or "{}").get("AccessToken")
    found = _find_token(token)
    if found is None:
        raise NotAuthorizedError("Invalid Access Token")
    backend, pool = found
    if not passwordless(pool):
        return _moto_action(self, "delete_user")
    client_id, username = pool.access_tokens[token]
    with _lock:
        _Flow(backend, pool, pool.clients[client_id]).delete_user(username)
    return EmptyResult()


def _moto_action(response: CognitoIdpResponse, action: str) -> Any:
    if action not in _moto:  # as moto answers an action it does not know
        raise NotImplementedError(f"The {action} action has not been implemented")
    return _moto[action](response)


_OUR_CHALLENGES = {"SELECT_CHALLENGE", "EMAIL_OTP"}
_RESPONSES: dict[str, Callable[[CognitoIdpResponse], Any]] = {
    "sign_up": _by_client("sign_up"),
    "confirm_sign_up": _by_client("confirm_sign_up"),
    "resend_confirmation_code": _by_client("resend_confirmation_code"),
    "initiate_auth": _by_client("initiate_auth", lambda p: p.get("AuthFlow") == "USER_AUTH"),
    "respond_to_auth_challenge": _by_client(
        "respond_to_auth_challenge", lambda p: p.get("ChallengeName") in _OUR_CHALLENGES),
    "revoke_token": _by_client("revoke_token"),
    "delete_user": _delete_user,
}


def install(resolve: Resolver | None) -> Resolver | None:
    """Teach moto the passwordless flow (once per process); `resolve` finds the local
    function behind a trigger's ARN. Answers the resolver it replaces."""
    global _resolve
    with _lock:
        if not _moto:
            for action, method in _RESPONSES.items():
                if hasattr(CognitoIdpResponse, action):
                    _moto[action] = getattr(CognitoIdpResponse, action)
                setattr(CognitoIdpResponse, action, method)
            _moto["_get_user"] = CognitoIdpUserPool._get_user
            CognitoIdpUserPool._get_user = _get_user
        previous, _resolve = _resolve, resolve
    return previous
