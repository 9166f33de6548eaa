"""The local Cognito's passwordless flow (local/cognito.py): boto3 calls, as the account
function will make them against real Cognito, answered by moto with the extension installed.
The pools are made from the applicants' properties (template.yaml's, see _applicants) by the
same code that makes the template's (local/resources.py); codes are read where the applicant
would read them, in the emails moto's SES sent."""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import jwt
import pytest
import requests
from aws_lambda_powertools.utilities.parser.models.cognito import (
    CognitoCustomMessageTriggerModel,
)
from botocore.exceptions import ClientError
from moto.ses.models import ses_backends

from local import cognito
from local.functions import load_functions, triggers
from local.intrinsics import ACCOUNT, REGION, Names
from local.resources import create_all, parameters
from local.template import load_template
from tests.integration.conftest import ROOT, Aws
from tests.support import custom_message

UNVERIFIED = "nobody@unverified.example.test"
MADE_UP = "made-up-session-" + "0" * 40


@dataclass
class Pools:
    names: Names

    def pool(self, logical: str = "ApplicantUserPool") -> str:
        return self.names.refs[logical]

    def client(self, logical: str = "ApplicantUserPoolClient") -> str:
        return self.names.refs[logical]


def _variants(resources: dict[str, Any]) -> None:
    """Beside the applicants' pool: one without a trigger, one whose sender SES has not
    verified, one that mails through Cognito's own account, and clients that hide nothing
    (LEGACY) or do not allow USER_AUTH."""
    pool, client = resources["ApplicantUserPool"], resources["ApplicantUserPoolClient"]
    plain = copy.deepcopy(pool)
    del plain["Properties"]["LambdaConfig"]
    unverified = copy.deepcopy(plain)
    unverified["Properties"]["EmailConfiguration"].update(
        From=UNVERIFIED, SourceArn=f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{UNVERIFIED}")
    cognito_mail = copy.deepcopy(plain)
    cognito_mail["Properties"]["EmailConfiguration"] = {"EmailSendingAccount": "COGNITO_DEFAULT"}
    resources.update(PlainUserPool=plain, UnverifiedUserPool=unverified,
                     CognitoMailUserPool=cognito_mail)
    for name, pool_id, changes in (
            ("PlainClient", "PlainUserPool", {}),
            ("CognitoMailClient", "CognitoMailUserPool", {}),
            ("UnverifiedClient", "UnverifiedUserPool", {}),
            ("LegacyClient", "ApplicantUserPool", {"PreventUserExistenceErrors": "LEGACY"}),
            ("PasswordOnlyClient", "ApplicantUserPool",
             {"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})):
        variant = copy.deepcopy(client)
        variant["Properties"].update(UserPoolId={"Ref": pool_id}, **changes)
        resources[name] = variant


def _applicants() -> dict[str, Any]:
    """The applicants' pool and client exactly as template.yaml declares them, with a
    test function (tests/support/custom_message.py, which records what it is given)
    standing in for AccountMessagesFunction as their CustomMessage trigger."""
    declared = load_template(ROOT / "template.yaml")
    resources = {name: copy.deepcopy(declared["Resources"][name])
                 for name in ("MailIdentity", "ApplicantUserPool", "ApplicantUserPoolClient")}
    resources["ApplicantUserPool"]["Properties"]["LambdaConfig"] = {
        "CustomMessage": {"Fn::GetAtt": ["TestMessagesFunction", "Arn"]}}
    resources["TestMessagesFunction"] = {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "tests.support.custom_message.handler", "CodeUri": "./", "Timeout": 3}}
    return {"Parameters": {"MailFrom": {"Type": "String",
                                        "Default": "accounts@visa.example.test"}},
            "Resources": resources}


@pytest.fixture(scope="module")
def pools(aws: Aws) -> Iterator[Pools]:
    template = _applicants()
    _variants(template["Resources"])
    names = Names(parameters(template, {}))
    create_all(template, names, None)
    functions, _, _ = load_functions(template, names, ROOT)
    ours, earlier = triggers(functions), {}

    def resolve(arn: str) -> Callable[[Any], Any] | None:
        return ours(arn) or (earlier["resolver"](arn) if earlier["resolver"] else None)

    earlier["resolver"] = cognito.install(resolve)  # the aws fixture's functions stay found
    yield Pools(names)
    cognito.install(earlier["resolver"])


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The extension's clock (codes, sessions, lockouts), moved by hand; tokens keep moto's."""
    moved = Clock(cognito._now())
    monkeypatch.setattr(cognito, "_now", lambda: moved.now)
    return moved


def _idp() -> Any:
    return boto3.client("cognito-idp")


def _address(name: str = "ana") -> str:
    return f"{name}.{uuid.uuid4().hex[:10]}@example.test"


def _mail(address: str) -> list[Any]:
    sent = ses_backends[ACCOUNT][REGION].sent_messages
    return [m for m in sent if address in sum(m.destinations.values(), [])]


def _code(address: str, digits: int) -> str:
    message = _mail(address)[-1]
    return re.search(rf"(?<!\d)\d{{{digits}}}(?!\d)", message.body).group()


def _refused(call: Callable[..., Any], **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as refusal:
        call(**kwargs)
    error = refusal.value.response["Error"]
    return error["Code"], error["Message"]


def _sign_up(pools: Pools, address: str, locale: str = "en",
             client: str = "ApplicantUserPoolClient", **extra: Any) -> dict[str, Any]:
    return _idp().sign_up(ClientId=pools.client(client), Username=address,
                          UserAttributes=[{"Name": "locale", "Value": locale}], **extra)


def _confirm(pools: Pools, address: str, client: str = "ApplicantUserPoolClient",
             **extra: Any) -> dict[str, Any]:
    return _idp().confirm_sign_up(ClientId=pools.client(client), Username=address,
                                  ConfirmationCode=_code(address, 6), **extra)


def _member(pools: Pools, address: str, locale: str = "en") -> dict[str, Any]:
    """A confirmed applicant, signed in once (by the confirmation's session): its tokens."""
    _sign_up(pools, address, locale)
    session = _confirm(pools, address)["Session"]
    return _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH", Session=session,
                                AuthParameters={"USERNAME": address})["AuthenticationResult"]


def _ask_code(pools: Pools, address: str, client: str = "ApplicantUserPoolClient"
              ) -> dict[str, Any]:
    return _idp().initiate_auth(ClientId=pools.client(client), AuthFlow="USER_AUTH",
                                AuthParameters={"USERNAME": address,
                                                "PREFERRED_CHALLENGE": "EMAIL_OTP"})


def _answer(pools: Pools, session: str, address: str, code: str) -> dict[str, Any]:
    return _idp().respond_to_auth_challenge(
        ClientId=pools.client(), ChallengeName="EMAIL_OTP", Session=session,
        ChallengeResponses={"USERNAME": address, "EMAIL_OTP_CODE": code})


def _password(pools: Pools, address: str, password: str) -> dict[str, Any]:
    return _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH", AuthParameters={
        "USERNAME": address, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": password})


# ------------------------------------------------------------------ the pool itself


def test_the_pools_are_made_from_the_templates_properties(pools: Pools):
    described = _idp().describe_user_pool(UserPoolId=pools.pool())["UserPool"]
    assert described["UsernameAttributes"] == ["email"]
    assert described["AutoVerifiedAttributes"] == ["email"]
    assert described["UsernameConfiguration"] == {"CaseSensitive": False}
    assert described["Policies"]["SignInPolicy"] == {
        "AllowedFirstAuthFactors": ["EMAIL_OTP", "PASSWORD"]}
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    assert described["UserPoolTier"] == "ESSENTIALS"
    # The trigger's ARN resolved from !GetAtt TestMessagesFunction.Arn, before any resource.
    assert described["LambdaConfig"]["CustomMessage"] == (
        f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:gerbang-local-TestMessagesFunction")
    assert described["EmailConfiguration"]["From"] == "accounts@visa.example.test"
    assert described["EmailConfiguration"]["SourceArn"].endswith(
        ":identity/accounts@visa.example.test")
    assert described["AccountRecoverySetting"]["RecoveryMechanisms"][0]["Name"] == "verified_email"
    assert "locale" in [a["Name"] for a in described["SchemaAttributes"]]
    client = _idp().describe_user_pool_client(UserPoolId=pools.pool(),
                                              ClientId=pools.client())["UserPoolClient"]
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["EnableTokenRevocation"] is True
    assert (client["AccessTokenValidity"], client["RefreshTokenValidity"]) == (60, 30)
    assert client["TokenValidityUnits"] == {"AccessToken": "minutes", "IdToken": "minutes",
                                            "RefreshToken": "days"}
    assert "ClientSecret" not in client


def test_the_officers_pool_keeps_motos_behaviour(aws: Aws, officer):
    # Given the officers' client: USER_AUTH is no flow moto knows, and passwords still work.
    code, message = _refused(_idp().initiate_auth, ClientId=aws.names.refs["OfficerUserPoolClient"],
                             AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana.officer"})
    assert code == "InvalidParameterException" and "authFlow" in message
    assert jwt.decode(officer, options={"verify_signature": False})["username"] == "ana.officer"


# ------------------------------------------------------------------ sign-up


def test_sign_up_without_a_password_emails_a_code_in_the_applicants_language(pools: Pools):
    address, before = _address(), len(custom_message.events)
    answer = _sign_up(pools, address, "id", ClientMetadata={"page": "register"})
    assert answer["UserConfirmed"] is False and answer["Session"]
    assert answer["CodeDeliveryDetails"] == {"Destination": "a***@e***",
                                             "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    user = _idp().admin_get_user(UserPoolId=pools.pool(), Username=address)
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert user["UserStatus"] == "UNCONFIRMED" and user["Username"] == answer["UserSub"]
    assert attributes == {"email": address, "locale": "id", "sub": answer["UserSub"]}
    # The trigger had the real event, and its text (code in place of {####}) was sent.
    [event] = custom_message.events[before:]
    CognitoCustomMessageTriggerModel.model_validate(event)
    assert event["version"] == "1" and event["triggerSource"] == "CustomMessage_SignUp"
    assert (event["region"], event["userPoolId"]) == (REGION, pools.pool())
    assert event["userName"] == answer["UserSub"]
    assert event["callerContext"]["clientId"] == pools.client()
    assert event["request"]["codeParameter"] == "{####}"
    assert event["request"]["userAttributes"]["locale"] == "id"
    assert event["request"]["userAttributes"]["email"] == address
    assert event["request"]["clientMetadata"] == {"page": "register"}
    assert event["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    [mail] = _mail(address)
    assert mail.source == "accounts@visa.example.test"
    assert mail.subject == "Kode Gerbang Anda (CustomMessage_SignUp)"
    assert re.fullmatch(r"<p>Kode Anda: \d{6}</p>", mail.body)


def test_an_address_signs_up_once_whatever_its_case(pools: Pools):
    address = _address()
    _sign_up(pools, address)
    for again in (address, address.upper()):
        assert _refused(_sign_up, pools=pools, address=again) == (
            "UsernameExistsException", "An account with the given email already exists.")
    assert len(_mail(address)) == 1


def test_sign_up_needs_an_email_and_a_valid_password_if_any(pools: Pools):
    assert _refused(_sign_up, pools=pools, address="not-an-email")[0] == (
        "InvalidParameterException")
    assert _refused(_sign_up, pools=pools, address=_address(), Password="short")[0] == (
        "InvalidPasswordException")


def test_the_right_code_confirms_and_verifies_the_address_a_wrong_one_does_not(pools: Pools):
    address = _address()
    session = _sign_up(pools, address)["Session"]
    wrong = "000000" if _code(address, 6) != "000000" else "111111"
    assert _refused(_idp().confirm_sign_up, ClientId=pools.client(), Username=address,
                    ConfirmationCode=wrong) == (
        "CodeMismatchException", "Invalid verification code provided, please try again.")
    assert "Session" in _confirm(pools, address, Session=session)
    user = _idp().admin_get_user(UserPoolId=pools.pool(), Username=address)
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert _refused(_confirm, pools=pools, address=address) == (
        "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")


def test_a_sign_up_session_is_only_its_users(pools: Pools):
    first, second = _address(), _address()
    session = _sign_up(pools, first)["Session"]
    _sign_up(pools, second)
    assert _refused(_confirm, pools=pools, address=second, Session=session)[0] == (
        "NotAuthorizedException")
    assert _refused(_confirm, pools=pools, address=second, Session=MADE_UP)[0] == (
        "NotAuthorizedException")


def test_a_resent_code_replaces_the_old_one(pools: Pools):
    address = _address()
    _sign_up(pools, address, "id")
    old = _code(address, 6)
    while _code(address, 6) == old:  # one draw in a million repeats the code: draw again
        answer = _idp().resend_confirmation_code(ClientId=pools.client(), Username=address)
    assert answer["CodeDeliveryDetails"]["Destination"] == "a***@e***"
    assert _mail(address)[-1].subject == "Kode Gerbang Anda (CustomMessage_ResendCode)"
    assert _refused(_idp().confirm_sign_up, ClientId=pools.client(), Username=address,
                    ConfirmationCode=old)[0] == "CodeMismatchException"
    _confirm(pools, address)
    assert _refused(_idp().resend_confirmation_code, ClientId=pools.client(),
                    Username=address) == ("InvalidParameterException", "User is already confirmed.")


def test_a_confirmation_code_lasts_24_hours(pools: Pools, clock: Clock):
    address = _address()
    _sign_up(pools, address)
    clock.advance(24 * 3600)
    assert _refused(_confirm, pools=pools, address=address) == (
        "ExpiredCodeException", "Invalid code provided, please request a code again.")
    _idp().resend_confirmation_code(ClientId=pools.client(), Username=address)
    clock.advance(24 * 3600 - 1)
    assert "Session" in _confirm(pools, address)


def test_five_wrong_codes_stop_the_confirmation_until_a_new_code(pools: Pools):
    address = _address()
    _sign_up(pools, address)
    wrong = str((int(_code(address, 6)) + 1) % 1_000_000).zfill(6)
    for _ in range(5):
        assert _refused(_idp().confirm_sign_up, ClientId=pools.client(), Username=address,
                        ConfirmationCode=wrong)[0] == "CodeMismatchException"
    assert _refused(_confirm, pools=pools, address=address) == (
        "LimitExceededException", "Attempt limit exceeded, please try after some time.")
    _idp().resend_confirmation_code(ClientId=pools.client(), Username=address)
    assert "Session" in _confirm(pools, address)


# ------------------------------------------------------------------ sign-in


def test_the_confirmation_session_signs_in_once_without_a_second_code(pools: Pools):
    address = _address()
    _sign_up(pools, address)
    session = _confirm(pools, address)["Session"]
    mails = len(_mail(address))
    first = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH", Session=session,
                                 AuthParameters={"USERNAME": address.upper()})
    assert {"AccessToken", "IdToken", "RefreshToken"} <= set(first["AuthenticationResult"])
    assert len(_mail(address)) == mails  # no second code
    assert _refused(_idp().initiate_auth, ClientId=pools.client(), AuthFlow="USER_AUTH",
                    Session=session, AuthParameters={"USERNAME": address}) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.")


def test_the_confirmation_session_is_its_users_and_short_lived(pools: Pools, clock: Clock):
    address, other = _address(), _address()
    _member(pools, other)
    _sign_up(pools, address)
    session = _confirm(pools, address)["Session"]
    assert _refused(_idp().initiate_auth, ClientId=pools.client(), AuthFlow="USER_AUTH",
                    Session=session, AuthParameters={"USERNAME": other})[0] == (
        "NotAuthorizedException")
    clock.advance(3 * 60)  # the client's AuthSessionValidity
    assert _refused(_idp().initiate_auth, ClientId=pools.client(), AuthFlow="USER_AUTH",
                    Session=session, AuthParameters={"USERNAME": address}) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.")


def test_an_unconfirmed_user_cannot_sign_in(pools: Pools):
    address = _address()
    _sign_up(pools, address)
    assert _refused(_ask_code, pools=pools, address=address) == (
        "UserNotConfirmedException", "User is not confirmed.")
    assert len(_mail(address)) == 1


def test_an_emailed_code_signs_in_with_tokens_that_verify_against_the_pools_keys(pools: Pools):
    address, before = _address(), len(custom_message.events)
    _member(pools, address, "id")
    challenge = _ask_code(pools, address)
    assert challenge["ChallengeName"] == "EMAIL_OTP"
    assert challenge["ChallengeParameters"] == {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                                "CODE_DELIVERY_DESTINATION": "a***@e***"}
    event = custom_message.events[-1]
    assert [e["triggerSource"] for e in custom_message.events[before:]] == [
        "CustomMessage_SignUp", "CustomMessage_Authentication"]
    assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert _mail(address)[-1].subject == "Kode Gerbang Anda (CustomMessage_Authentication)"
    result = _answer(pools, challenge["Session"], address, _code(address, 8))
    tokens = result["AuthenticationResult"]
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pools.pool()}"
    keys = requests.get(f"{issuer}/.well-known/jwks.json", timeout=5).json()
    key = jwt.PyJWK(keys["keys"][0]).key
    access = jwt.decode(tokens["AccessToken"], key, algorithms=["RS256"], issuer=issuer)
    sub = _idp().admin_get_user(UserPoolId=pools.pool(), Username=address)["Username"]
    assert (access["token_use"], access["client_id"], access["sub"]) == (
        "access", pools.client(), sub)
    identity = jwt.decode(tokens["IdToken"], key, algorithms=["RS256"], issuer=issuer,
                          audience=pools.client())
    assert (identity["token_use"], identity["email"]) == ("id", address)
    assert _idp().get_user(AccessToken=tokens["AccessToken"])["Username"] == sub


def test_wrong_codes_are_refused_and_three_spend_the_session(pools: Pools):
    address = _address()
    _member(pools, address)
    session = _ask_code(pools, address)["Session"]
    right = _code(address, 8)
    wrong = str((int(right) + 1) % 100_000_000).zfill(8)
    for _ in range(3):
        assert _refused(_answer, pools=pools, session=session, address=address, code=wrong) == (
            "CodeMismatchException", "Invalid code or auth state for the user.")
    assert _refused(_answer, pools=pools, session=session, address=address, code=right)[0] == (
        "NotAuthorizedException")
    # Two wrong codes leave the third try to the right one.
    session = _ask_code(pools, address)["Session"]
    for _ in range(2):
        _refused(_answer, pools=pools, session=session, address=address, code=wrong)
    assert "AuthenticationResult" in _answer(pools, session, address, _code(address, 8))


def test_a_sign_in_session_is_used_once_by_its_user(pools: Pools):
    address, other = _address(), _address()
    _member(pools, address)
    _member(pools, other)
    session = _ask_code(pools, address)["Session"]
    code = _code(address, 8)
    assert _refused(_answer, pools=pools, session=session, address=other, code=code)[0] == (
        "NotAuthorizedException")
    assert _refused(_answer, pools=pools, session=MADE_UP, address=address, code=code)[0] == (
        "NotAuthorizedException")
    _answer(pools, session, address, code)
    assert _refused(_answer, pools=pools, session=session, address=address, code=code) == (
        "NotAuthorizedException", "Invalid session for the user, session can only be used once.")


def test_a_sign_in_code_lasts_as_long_as_its_session(pools: Pools, clock: Clock):
    address = _address()
    _member(pools, address)
    session = _ask_code(pools, address)["Session"]
    clock.advance(3 * 60 - 1)
    assert "AuthenticationResult" in _answer(pools, session, address, _code(address, 8))
    session = _ask_code(pools, address)["Session"]
    clock.advance(3 * 60)
    assert _refused(_answer, pools=pools, session=session, address=address,
                    code=_code(address, 8)) == (
        "NotAuthorizedException", "Invalid session for the user, session is expired.")


def test_without_a_preference_the_user_chooses_among_its_factors(pools: Pools):
    address = _address()
    tokens = _member(pools, address)
    offer = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH",
                                 AuthParameters={"USERNAME": address})
    assert offer["ChallengeName"] == "SELECT_CHALLENGE"
    assert offer["AvailableChallenges"] == ["EMAIL_OTP"]  # no password yet
    assert _refused(_idp().respond_to_auth_challenge, ClientId=pools.client(),
                    ChallengeName="SELECT_CHALLENGE", Session=offer["Session"],
                    ChallengeResponses={"USERNAME": address, "ANSWER": "SMS_OTP"})[0] == (
        "InvalidParameterException")
    offer = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH",
                                 AuthParameters={"USERNAME": address})
    chosen = _idp().respond_to_auth_challenge(
        ClientId=pools.client(), ChallengeName="SELECT_CHALLENGE", Session=offer["Session"],
        ChallengeResponses={"USERNAME": address, "ANSWER": "EMAIL_OTP"})
    assert chosen["ChallengeName"] == "EMAIL_OTP"
    assert "AuthenticationResult" in _answer(pools, chosen["Session"], address,
                                             _code(address, 8))
    # Once the user has a password, it is offered, and choosing it signs in.
    _idp().change_password(AccessToken=tokens["AccessToken"], ProposedPassword="a long passphrase")
    offer = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH",
                                 AuthParameters={"USERNAME": address})
    assert offer["AvailableChallenges"] == ["EMAIL_OTP", "PASSWORD", "PASSWORD_SRP"]
    chosen = _idp().respond_to_auth_challenge(
        ClientId=pools.client(), ChallengeName="SELECT_CHALLENGE", Session=offer["Session"],
        ChallengeResponses={"USERNAME": address, "ANSWER": "PASSWORD",
                            "PASSWORD": "a long passphrase"})
    assert "AuthenticationResult" in chosen


def test_an_unknown_address_looks_the_same_and_is_sent_nothing(pools: Pools):
    known, unknown = _address(), _address()
    _member(pools, known)
    real, fake = _ask_code(pools, known), _ask_code(pools, unknown)
    assert fake["ChallengeName"] == real["ChallengeName"] == "EMAIL_OTP"
    assert fake["ChallengeParameters"] == real["ChallengeParameters"]
    assert len(fake["Session"]) == len(real["Session"])
    assert _mail(unknown) == []
    for code in ("00000000", "12345678"):
        assert _refused(_answer, pools=pools, session=fake["Session"], address=unknown,
                        code=code)[0] == "CodeMismatchException"
    offer = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="USER_AUTH",
                                 AuthParameters={"USERNAME": unknown})
    assert offer["ChallengeName"] == "SELECT_CHALLENGE"
    assert _refused(_password, pools=pools, address=unknown, password="a long passphrase") == (
        "NotAuthorizedException", "Incorrect username or password.")
    resent = _idp().resend_confirmation_code(ClientId=pools.client(), Username=unknown)
    assert resent["CodeDeliveryDetails"]["Destination"] == "a***@e***"
    assert _refused(_idp().confirm_sign_up, ClientId=pools.client(), Username=unknown,
                    ConfirmationCode="123456")[0] == "CodeMismatchException"
    assert _mail(unknown) == []


def test_a_legacy_client_says_the_user_does_not_exist(pools: Pools):
    unknown = _address()
    assert _refused(_ask_code, pools=pools, address=unknown, client="LegacyClient")[0] == (
        "UserNotFoundException")
    assert _refused(_idp().resend_confirmation_code, ClientId=pools.client("LegacyClient"),
                    Username=unknown)[0] == "UserNotFoundException"


def test_user_auth_needs_a_client_that_allows_it(pools: Pools):
    address = _address()
    _member(pools, address)
    assert _refused(_ask_code, pools=pools, address=address,
                    client="PasswordOnlyClient")[0] == "InvalidParameterException"


# ------------------------------------------------------------------ passwords and tokens


def test_a_password_is_the_second_way_in(pools: Pools):
    address = _address()
    tokens = _member(pools, address)
    assert _refused(_password, pools=pools, address=address, password="a long passphrase") == (
        "NotAuthorizedException", "Incorrect username or password.")
    assert _refused(_idp().change_password, AccessToken=tokens["AccessToken"],
                    ProposedPassword="short")[0] == "InvalidPasswordException"
    # No PreviousPassword: the user has none yet.
    _idp().change_password(AccessToken=tokens["AccessToken"], ProposedPassword="a long passphrase")
    assert "AuthenticationResult" in _password(pools, address.upper(), "a long passphrase")
    assert _refused(_password, pools=pools, address=address, password="a wrong passphrase")[0] == (
        "NotAuthorizedException")
    # From now on, changing it takes the old one.
    assert _refused(_idp().change_password, AccessToken=tokens["AccessToken"],
                    ProposedPassword="another passphrase")[0] == "NotAuthorizedException"
    _idp().change_password(AccessToken=tokens["AccessToken"], PreviousPassword="a long passphrase",
                           ProposedPassword="another passphrase")
    assert "AuthenticationResult" in _password(pools, address, "another passphrase")
    # The emailed code still works beside it.
    session = _ask_code(pools, address)["Session"]
    assert "AuthenticationResult" in _answer(pools, session, address, _code(address, 8))


def test_five_wrong_passwords_lock_the_user_out_for_a_while(pools: Pools, clock: Clock):
    address = _address()
    tokens = _member(pools, address)
    _idp().change_password(AccessToken=tokens["AccessToken"], ProposedPassword="a long passphrase")
    for _ in range(5):
        assert _refused(_password, pools=pools, address=address, password="not it at all") == (
            "NotAuthorizedException", "Incorrect username or password.")
    assert _refused(_password, pools=pools, address=address, password="a long passphrase") == (
        "NotAuthorizedException", "Password attempts exceeded")
    clock.advance(1)
    assert "AuthenticationResult" in _password(pools, address, "a long passphrase")


def test_a_revoked_refresh_token_and_its_tokens_stop_working(pools: Pools):
    address = _address()
    tokens = _member(pools, address)
    other = _answer(pools, _ask_code(pools, address)["Session"], address, _code(address, 8))
    assert _refused(_idp().revoke_token, ClientId=pools.client(),
                    Token=tokens["AccessToken"])[0] == "UnsupportedTokenTypeException"
    _idp().revoke_token(ClientId=pools.client(), Token=tokens["RefreshToken"])
    assert _refused(_idp().initiate_auth, ClientId=pools.client(), AuthFlow="REFRESH_TOKEN_AUTH",
                    AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]}) == (
        "NotAuthorizedException", "Refresh Token has been revoked")
    assert _refused(_idp().get_user, AccessToken=tokens["AccessToken"])[0] == (
        "NotAuthorizedException")
    # The other sign-in's tokens live on; revoking again, or a token never issued, is no error.
    assert _idp().get_user(AccessToken=other["AuthenticationResult"]["AccessToken"])
    _idp().revoke_token(ClientId=pools.client(), Token=tokens["RefreshToken"])
    _idp().revoke_token(ClientId=pools.client(), Token="never-issued")


def test_global_sign_out_ends_every_session_of_the_user(pools: Pools):
    address = _address()
    tokens = _member(pools, address)
    refreshed = _idp().initiate_auth(ClientId=pools.client(), AuthFlow="REFRESH_TOKEN_AUTH",
                                     AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    _idp().global_sign_out(AccessToken=refreshed["AuthenticationResult"]["AccessToken"])
    for access in (tokens["AccessToken"], refreshed["AuthenticationResult"]["AccessToken"]):
        assert _refused(_idp().get_user, AccessToken=access)[0] == "NotAuthorizedException"
    assert _refused(_idp().initiate_auth, ClientId=pools.client(), AuthFlow="REFRESH_TOKEN_AUTH",
                    AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})[0] == (
        "NotAuthorizedException")


@pytest.mark.parametrize("way", ["DeleteUser", "AdminDeleteUser"])
def test_a_deleted_user_is_gone_and_the_address_free_again(pools: Pools, way: str):
    address = _address()
    tokens = _member(pools, address)
    if way == "DeleteUser":
        _idp().delete_user(AccessToken=tokens["AccessToken"])
    else:
        _idp().admin_delete_user(UserPoolId=pools.pool(), Username=address)
    assert _refused(_idp().admin_get_user, UserPoolId=pools.pool(), Username=address)[0] == (
        "UserNotFoundException")
    if way == "DeleteUser":
        assert _refused(_idp().get_user, AccessToken=tokens["AccessToken"])[0] == (
            "NotAuthorizedException")
        assert _refused(_idp().delete_user, AccessToken=tokens["AccessToken"])[0] == (
            "NotAuthorizedException")
    mails = len(_mail(address))
    assert _ask_code(pools, address)["ChallengeName"] == "EMAIL_OTP"  # as for anyone unknown
    assert len(_mail(address)) == mails
    assert _sign_up(pools, address)["UserConfirmed"] is False


# ------------------------------------------------------------------ delivery


def test_without_a_trigger_cognitos_own_text_is_sent(pools: Pools):
    address = _address()
    _sign_up(pools, address, client="PlainClient")
    mail = _mail(address)[-1]
    assert mail.subject == "Your verification code"
    assert re.fullmatch(r"Your verification code is \d{6}\. ", mail.body)
    _confirm(pools, address, client="PlainClient")
    _ask_code(pools, address, client="PlainClient")
    mail = _mail(address)[-1]
    assert mail.subject == "Your authentication code"
    assert re.fullmatch(r"Your authentication code is \d{8}\. ", mail.body)


def test_cognitos_own_mailer_needs_no_ses_identity(pools: Pools):
    address = _address()
    _sign_up(pools, address, client="CognitoMailClient")
    mail = _mail(address)[-1]
    assert (mail.source, mail.subject) == ("no-reply@verificationemail.com",
                                           "Your verification code")


def test_a_sender_ses_has_not_verified_delivers_nothing(pools: Pools):
    address = _address()
    assert _refused(_sign_up, pools=pools, address=address, client="UnverifiedClient")[0] == (
        "CodeDeliveryFailureException")
    assert _mail(address) == []


@pytest.mark.parametrize(("locale", "error"), [("xx-fails", "UserLambdaValidationException"),
                                               ("xx-nocode", "InvalidLambdaResponseException")])
def test_a_trigger_that_fails_or_drops_the_code_stops_the_email(pools: Pools, locale: str,
                                                                error: str):
    address = _address()
    assert _refused(_sign_up, pools=pools, address=address, locale=locale)[0] == error
    assert _mail(address) == []
