"""Applicant accounts: an email address proved by a one-time code, on the applicants'
Cognito pool, and what belongs to the account (applications and questions).

Signing up and signing in are one step for the applicant: "send me a code". A new address
is signed up without a password (Cognito emails a confirmation code); a known one gets a
sign-in code (Cognito's EMAIL_OTP). Either way the answer looks the same, so the page never
says whether an address has an account. The code, with Cognito's session for it, comes back
in `sign_in`, which answers the account's tokens.

Cognito limits codes per user; we also count them per address and hour (code_limits.py),
so nobody can make us mail an address over and over."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from botocore.exceptions import ClientError

from gerbang import store
from gerbang.aws import cognito
from gerbang.clock import now, timestamp
from gerbang.code_limits import TooManyCodes, count_code
from gerbang.config import ApplicantPoolSettings, settings
from gerbang.errors import (
    DomainError,
    FieldError,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)
from gerbang.observability import logger
from gerbang.records import AccountLink, AccountProfile, Draft
from gerbang.references import normalize_reference
from gerbang.tokens import access_claims

Flow = Literal["sign_up", "sign_in"]


@dataclass(frozen=True)
class CodeSent:
    """What the code form must send back with the code: Cognito's session is opaque."""

    email: str
    flow: Flow
    session: str


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_in: int
    refresh_token: str | None
    sub: str


def canonical_email(email: str) -> str:
    # The pool's usernames are case-insensitive; our counts and profile must be too.
    return email.strip().lower()


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _refused(error: ClientError) -> DomainError | None:
    """What Cognito's refusal means for the applicant; None: not theirs to fix."""
    code = _code(error)
    if code == "CodeMismatchException":
        return InvalidInput([FieldError("code", "code_wrong")])
    if code in ("ExpiredCodeException", "NotAuthorizedException"):
        # A spent session (too many tries, or too late) is a code to ask for again.
        return InvalidInput([FieldError("code", "code_expired")])
    if code in ("LimitExceededException", "TooManyRequestsException",
                "TooManyFailedAttemptsException"):
        return TooManyCodes()
    if code == "CodeDeliveryFailureException":
        return Unavailable("email_unavailable")
    return None


def _cognito_call(call: Any, *, meaning: dict[str, DomainError] | None = None,
                  **params: Any) -> dict[str, Any]:
    """Call Cognito; a refusal the applicant can act on becomes its DomainError: the
    call's own `meaning` of an error code first, then what it means for every call."""
    try:
        return call(**params)
    except ClientError as error:
        refused = (meaning or {}).get(_code(error)) or _refused(error)
        if refused is None:
            raise
        logger.info("cognito refused", extra={"reason": _code(error)})
        raise refused from None


def _user(email: str) -> dict[str, Any] | None:
    pool = settings(ApplicantPoolSettings)
    try:
        return cognito().admin_get_user(UserPoolId=pool.pool_id, Username=email)
    except ClientError as error:
        if _code(error) == "UserNotFoundException":
            return None
        raise


def send_code(email: str, lang: str) -> CodeSent:
    """Email a code to `email` (signing it up first if it is new), in `lang`."""
    email = canonical_email(email)
    count_code(f"email:{email}")
    pool = settings(ApplicantPoolSettings)
    user = _user(email)
    if user is None:
        try:
            answer = _cognito_call(cognito().sign_up, ClientId=pool.client_id, Username=email,
                                   UserAttributes=[{"Name": "email", "Value": email},
                                                   {"Name": "locale", "Value": lang}])
            return CodeSent(email, "sign_up", answer.get("Session", ""))
        except ClientError as error:
            if _code(error) != "UsernameExistsException":
                raise
            user = _user(email)  # signed up a moment ago, by another tab
            if user is None:
                raise
    attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
    if attributes.get("locale") != lang:  # the code email comes in today's language
        cognito().admin_update_user_attributes(
            UserPoolId=pool.pool_id, Username=email,
            UserAttributes=[{"Name": "locale", "Value": lang}])
    if user.get("UserStatus") == "UNCONFIRMED":  # signed up, never confirmed: a new code
        _cognito_call(cognito().resend_confirmation_code, ClientId=pool.client_id,
                      Username=email)
        return CodeSent(email, "sign_up", "")
    answer = _cognito_call(cognito().initiate_auth, ClientId=pool.client_id,
                           AuthFlow="USER_AUTH",
                           AuthParameters={"USERNAME": email, "PREFERRED_CHALLENGE": "EMAIL_OTP"})
    return CodeSent(email, "sign_in", answer.get("Session", ""))


def _tokens(answer: dict[str, Any], refresh_token: str | None = None) -> Tokens:
    result = answer.get("AuthenticationResult")
    if not result:  # another challenge: not one this pool sets
        logger.error("unexpected sign-in challenge", extra={
            "challenge": answer.get("ChallengeName")})
        raise Unavailable("sign_in_unavailable")
    claims = access_claims(result["AccessToken"], settings(ApplicantPoolSettings),
                           "applicants")
    return Tokens(result["AccessToken"], int(result.get("ExpiresIn", 3600)),
                  result.get("RefreshToken", refresh_token), str(claims["sub"]))


def sign_in(email: str, code: str, flow: Flow, session: str, lang: str) -> Tokens:
    """The account's tokens for a right code; the account's profile is written."""
    email = canonical_email(email)
    pool = settings(ApplicantPoolSettings)
    if flow == "sign_up":
        confirmed = _cognito_call(cognito().confirm_sign_up, ClientId=pool.client_id,
                                  Username=email, ConfirmationCode=code,
                                  **({"Session": session} if session else {}))
        if not confirmed.get("Session"):
            # Confirmed, but Cognito offers no sign-in without a second code.
            raise InvalidInput([FieldError("code", "code_expired")])
        answer = _cognito_call(cognito().initiate_auth, ClientId=pool.client_id,
                               AuthFlow="USER_AUTH", AuthParameters={"USERNAME": email},
                               Session=confirmed["Session"])
    else:
        if not session:
            raise InvalidInput([FieldError("code", "code_expired")])
        answer = _cognito_call(cognito().respond_to_auth_challenge, ClientId=pool.client_id,
                               ChallengeName="EMAIL_OTP", Session=session,
                               ChallengeResponses={"USERNAME": email, "EMAIL_OTP_CODE": code})
    return _signed_in(answer, email, lang)


def _signed_in(answer: dict[str, Any], email: str, lang: str) -> Tokens:
    """The tokens of a sign-in Cognito answered, and the account's profile written."""
    tokens = _tokens(answer)
    at = timestamp()
    store.save_profile(AccountProfile(sub=tokens.sub, email=email, language=lang,
                                      created_at=at, signed_in_at=at))
    return tokens


def sign_in_with_password(email: str, password: str, lang: str) -> Tokens:
    """The second way in: the password the applicant set. A wrong password, an address
    without an account or without a password: one answer, beside the password."""
    email = canonical_email(email)
    wrong = InvalidInput([FieldError("password", "password_wrong")])
    answer = _cognito_call(
        cognito().initiate_auth, ClientId=settings(ApplicantPoolSettings).client_id,
        AuthFlow="USER_AUTH", AuthParameters={"USERNAME": email, "PREFERRED_CHALLENGE":
                                              "PASSWORD", "PASSWORD": password},
        meaning=dict.fromkeys(("NotAuthorizedException", "UserNotConfirmedException",
                               "UserNotFoundException"), wrong))
    return _signed_in(answer, email, lang)


def set_password(access_token: str, new: str, current: str | None) -> None:
    """Add a password to the account (or change it: then the current one is needed)."""
    # A wrong current password, or none given where the account has one.
    wrong = InvalidInput([FieldError("current_password", "password_wrong")])
    _cognito_call(cognito().change_password, AccessToken=access_token, ProposedPassword=new,
                  **({"PreviousPassword": current} if current else {}),
                  meaning={"InvalidPasswordException": InvalidInput(
                      [FieldError("new_password", "password_weak")]),
                      "NotAuthorizedException": wrong, "InvalidParameterException": wrong})


def refresh(refresh_token: str) -> Tokens:
    """New access for a kept sign-in; Unauthorized once the refresh token is spent."""
    pool = settings(ApplicantPoolSettings)
    try:
        answer = cognito().initiate_auth(ClientId=pool.client_id,
                                         AuthFlow="REFRESH_TOKEN_AUTH",
                                         AuthParameters={"REFRESH_TOKEN": refresh_token})
    except ClientError as error:
        if _code(error) == "NotAuthorizedException":
            raise Unauthorized("signed_out") from None
        raise
    return _tokens(answer, refresh_token)


def sign_out(refresh_token: str | None) -> None:
    """End the kept sign-in: its refresh token cannot make new access any more."""
    if not refresh_token:
        return
    try:
        cognito().revoke_token(Token=refresh_token, ClientId=settings(ApplicantPoolSettings)
                               .client_id)
    except ClientError as error:  # already revoked or never valid: signed out all the same
        logger.info("refresh token not revoked", extra={"reason": _code(error)})


def applicant(access_token: str) -> str:
    """The account (Cognito's sub) behind a valid access token; Unauthorized otherwise."""
    if not access_token:
        raise Unauthorized("signed_out")
    claims = access_claims(access_token, settings(ApplicantPoolSettings), "applicants")
    return str(claims["sub"])


def link_record(sub: str, reference: str, access_code: str) -> AccountLink:
    """Link a guest's application or question to the account, proved by its code once."""
    from gerbang.applications import open_record
    from gerbang.consultations import open_consultation

    try:
        found = open_record(reference, access_code)
        made = AccountLink(kind="application", reference=found.application.reference,
                           linked_at=timestamp())
    except NotFound:
        try:
            asked = open_consultation(reference, access_code)
        except NotFound:  # neither: said as a wrong code always is
            raise NotFound("application_not_found") from None
        made = AccountLink(kind="consultation", reference=asked.reference,
                           linked_at=timestamp())
    store.link(sub, made)
    return made


def link_new(sub: str, kind: Literal["application", "consultation"], reference: str) -> None:
    """Link what the signed-in applicant has just made."""
    store.link(sub, AccountLink(kind=kind, reference=reference, linked_at=timestamp()))


def owned_record(sub: str, reference: str) -> store.Record:
    """An application of the account's, opened without its access code. Another account's,
    or none, is the same NotFound."""
    canonical = normalize_reference(reference)
    record = (store.load_record(canonical)
              if canonical and store.is_linked(sub, "application", canonical) else None)
    if record is None:
        raise NotFound("application_not_found")
    return record


def my_data(sub: str) -> dict[str, Any]:
    """Everything we hold about the account's owner, as stored: the account, and each of
    its applications (answers, history, documents' checks, payments) and questions. Only
    the hashes of access codes are left out: they are not about anyone, and they are what
    a guessed code is checked against."""
    profile = store.load_profile(sub)
    applications, consultations = [], []
    for link in store.links(sub):
        if link.kind == "application":
            record = store.load_record(link.reference)
            if record is not None:
                applications.append({
                    "application": record.application.model_dump(
                        mode="json", exclude={"access_code_hash"}, exclude_none=True),
                    "history": [h.model_dump(mode="json", by_alias=True, exclude_none=True)
                                for h in record.history],
                    "documents": [d.model_dump(mode="json", exclude_none=True)
                                  for d in record.documents.values()],
                    "payments": [p.model_dump(mode="json", exclude_none=True)
                                 for p in record.payments],
                    "linked_at": link.linked_at})
        else:
            question = store.load_consultation(link.reference)
            if question is not None:
                consultations.append({**question.model_dump(
                    mode="json", exclude={"access_code_hash"}, exclude_none=True),
                    "linked_at": link.linked_at})
    return {"account": profile.model_dump(mode="json") if profile else {"sub": sub},
            "applications": applications, "consultations": consultations,
            "drafts": [d.model_dump(mode="json") for d in drafts(sub)]}


def delete_account(sub: str, refresh_token: str | None) -> None:
    """Delete the account: the user in the pool, and everything in the account's partition
    (profile, links, drafts). Applications and questions stay, for the retention the
    catalog names: the law keeps them, not the account."""
    profile = store.load_profile(sub)
    sign_out(refresh_token)
    pool = settings(ApplicantPoolSettings)
    try:
        cognito().admin_delete_user(UserPoolId=pool.pool_id,
                                    Username=profile.email if profile else sub)
    except ClientError as error:
        if _code(error) != "UserNotFoundException":  # deleted before: go on with ours
            raise
    store.forget_account(sub)
    logger.info("account deleted")


# Forms whose unsent answers an account keeps (the others are a line or two).
DRAFT_FORMS = ("apply",)
MAX_DRAFT_BYTES = 16 * 1024  # the apply form filled in is about 1 KB


def save_draft(sub: str, form: str, values: dict[str, str]) -> Draft:
    """Keep the answers typed so far into `form`, to resume on any device: only the form's
    own fields, for the catalog's draft retention after this change."""
    from gerbang.catalog import load_catalog
    from gerbang.forms import FORMS

    if form not in DRAFT_FORMS:
        raise NotFound("no_draft")
    fields = {f.name for f in FORMS[form].fields}
    kept = {k: v for k, v in values.items() if k in fields}
    if len(json.dumps(kept).encode()) > MAX_DRAFT_BYTES:
        raise DomainError("payload_too_large")
    days = load_catalog().retention.draft_days
    draft = Draft(form=form, values=kept, saved_at=timestamp(),
                  expiration=int((now() + timedelta(days=days)).timestamp()))
    store.save_draft(sub, draft)
    return draft


def _live(found: Draft) -> bool:
    # The table's TTL deletes within a day or two of `expiration`: until then, hidden.
    return found.expiration > int(now().timestamp())


def drafts(sub: str) -> list[Draft]:
    return [d for d in store.drafts(sub) if _live(d)]


def draft(sub: str, form: str) -> Draft:
    """The account's draft of `form`; NotFound when there is none or it has expired."""
    found = store.load_draft(sub, form) if form in DRAFT_FORMS else None
    if found is None or not _live(found):
        raise NotFound("no_draft")
    return found
