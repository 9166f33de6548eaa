"""Just enough IAM to hold each function's role in template.yaml against the AWS calls the
function really makes (tests/integration/test_permissions.py): which actions, on which
resource ARNs, an API call needs, and whether a function's Allow statements cover them.
Conditions are not evaluated, and the functions' roles have no Deny."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from local.intrinsics import ACCOUNT, REGION, Names, resolve


@dataclass(frozen=True)
class Need:
    """One action on one resource that an API call needs."""

    action: str  # "dynamodb:PutItem"
    resource: str  # an ARN


@dataclass(frozen=True)
class Grant:
    """One action on one resource pattern that a function's role allows."""

    action: str  # may hold IAM wildcards (* and ?), as may the resource
    resource: str

    def covers(self, need: Need) -> bool:
        return (fnmatchcase(need.action.lower(), self.action.lower())  # actions ignore case
                and fnmatchcase(need.resource, self.resource))

    def __str__(self) -> str:
        return f"{self.action} on {self.resource}"


# A transaction needs the action of each of its items, on that item's table.
_TRANSACT_ITEMS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                   "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
# API operations whose IAM action has another name.
_RENAMED = {("s3", "HeadObject"): "GetObject"}
# Cognito's calls for a user signing up or in are not IAM-authorized: anyone may make them
# with the app client's id (Cognito's own checks apply instead).
_COGNITO_PUBLIC = frozenset({"SignUp", "ConfirmSignUp", "ResendConfirmationCode",
                             "InitiateAuth", "RespondToAuthChallenge", "RevokeToken",
                             "ChangePassword"})
# Whichever KMS key encrypts the SecureString (aws/ssm unless the operator chose one): SSM
# decrypts it with the caller's rights.
PARAMETER_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/the-parameter-key"


def _table(name: str, index: str | None = None) -> str:
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
    return f"{arn}/index/{index}" if index else arn


def _queue(params: dict[str, Any]) -> str:
    name = params.get("QueueName") or params["QueueUrl"].rsplit("/", 1)[1]
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def needs(service: str, operation: str, params: dict[str, Any]) -> set[Need]:
    """What calling `operation` of `service` (botocore's names) with `params` needs."""
    action = f"{service}:{_RENAMED.get((service, operation), operation)}"
    if service == "dynamodb" and operation in ("TransactWriteItems", "TransactGetItems"):
        return {Need(f"dynamodb:{_TRANSACT_ITEMS[kind]}", _table(body["TableName"]))
                for item in params["TransactItems"] for kind, body in item.items()}
    if service == "dynamodb":
        return {Need(action, _table(params["TableName"], params.get("IndexName")))}
    if service == "s3":
        key = params.get("Key")
        return {Need(action, f"arn:aws:s3:::{params['Bucket']}" + (f"/{key}" if key else ""))}
    if service == "sqs":
        return {Need(action, _queue(params))}
    if service == "ses":
        return {Need(action, f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{params['Source']}")}
    if service == "ssm" and operation == "GetParameter":
        name = params["Name"]
        parameter = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{'' if name[0] == '/' else '/'}"
        found = {Need(action, parameter + name)}
        if params.get("WithDecryption"):
            found.add(Need("kms:Decrypt", PARAMETER_KEY))
        return found
    if service == "cognito-idp" and operation in _COGNITO_PUBLIC:
        return set()
    if service == "cognito-idp" and operation.startswith("Admin"):
        return {Need(action, f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/"
                             f"{params['UserPoolId']}")}
    raise ValueError(f"tests/support/iam.py does not know what {service} {operation} needs")


def grants(function: dict[str, Any], names: Names) -> list[Grant]:
    """The Allow statements of a function's Policies, resolved against the stack's names."""
    found = []
    for policy in function["Properties"].get("Policies", []):
        # A SAM policy template (SQSSendMessagePolicy...) would need expanding here, and
        # several grant more than their name says (sqs:SendMessage*, dynamodb:Scan...).
        if not isinstance(policy, dict) or set(policy) != {"Statement"}:
            raise ValueError(f"only inline statements are read here, not {policy!r}")
        for statement in policy["Statement"]:
            assert statement["Effect"] == "Allow", statement
            found += [Grant(action, resource)
                      for action in _listed(statement["Action"])
                      for resource in _listed(resolve(statement["Resource"], names))]
    return found


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)
