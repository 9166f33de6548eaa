"""Create in moto every table, bucket and queue that template.yaml declares, with the
settings the local run can honour (keys, TTL, PITR, CORS, versioning, encryption,
dead-letter redrive, S3 -> SQS notifications). Nothing is declared twice: a new table or
queue in the template appears locally without touching this file."""

from __future__ import annotations

import json
import secrets
from typing import Any

import boto3

from local.intrinsics import ACCOUNT, REGION, STACK, Names, function_arn, resolve

ORDER = ("AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::S3::Bucket",
         "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolGroup",
         "AWS::SES::EmailIdentity")


def parameters(template: dict[str, Any], overrides: dict[str, str]) -> dict[str, str]:
    values = {name: str(spec.get("Default", "")) for name, spec in
              template.get("Parameters", {}).items()}
    values.update(overrides)
    return values


def create_all(template: dict[str, Any], names: Names, endpoint: str | None) -> None:
    session = boto3.session.Session(region_name=REGION)
    clients = {s: session.client(s, endpoint_url=endpoint)
               for s in ("sqs", "dynamodb", "s3", "cognito-idp", "ses")}
    resources = template["Resources"]
    # Functions are not made in moto (no Docker: FACTS.md), but a trigger names one by ARN.
    for logical, resource in resources.items():
        if resource["Type"] == "AWS::Serverless::Function":
            names.attributes[(logical, "Arn")] = function_arn(logical)
    pending = [(lid, r) for kind in ORDER for lid, r in resources.items() if r["Type"] == kind]
    # Queues may point at each other (redrive): make what can be made until all are made.
    for _ in range(len(pending) + 1):
        left = []
        for logical, resource in pending:
            try:
                props = resolve(resource.get("Properties", {}), names)
            except KeyError:
                left.append((logical, resource))
                continue
            _CREATE[resource["Type"]](clients, logical, props, names)
        if not left:
            return
        pending = left
    raise RuntimeError(f"cannot resolve references of {[lid for lid, _ in pending]}")


def _local_name(logical: str) -> str:
    return f"{STACK}-{logical.lower()}"


def _queue(clients: dict[str, Any], logical: str, props: dict[str, Any], names: Names) -> None:
    attributes = {}
    for key in ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds"):
        if key in props:
            attributes[key] = str(props[key])
    if "RedrivePolicy" in props:
        attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
    url = clients["sqs"].create_queue(QueueName=props.get("QueueName", _local_name(logical)),
                                      Attributes=attributes)["QueueUrl"]
    arn = clients["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    names.refs[logical] = url
    names.attributes[(logical, "Arn")] = arn
    names.attributes[(logical, "QueueName")] = url.rsplit("/", 1)[1]


def _table(clients: dict[str, Any], logical: str, props: dict[str, Any], names: Names) -> None:
    name = props.get("TableName", _local_name(logical))
    spec = {k: props[k] for k in ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
                                  "LocalSecondaryIndexes") if k in props}
    ddb = clients["dynamodb"]
    ddb.create_table(TableName=name, BillingMode=props.get("BillingMode", "PAY_PER_REQUEST"),
                     **spec)
    if props.get("TimeToLiveSpecification", {}).get("Enabled"):
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
            "AttributeName": props["TimeToLiveSpecification"]["AttributeName"], "Enabled": True})
    if props.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
        ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": True})
    names.refs[logical] = name
    names.attributes[(logical, "Arn")] = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"


def _bucket(clients: dict[str, Any], logical: str, props: dict[str, Any], names: Names) -> None:
    s3 = clients["s3"]
    name = props.get("BucketName", _local_name(logical))
    s3.create_bucket(Bucket=name)
    if "PublicAccessBlockConfiguration" in props:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=props[
            "PublicAccessBlockConfiguration"])
    if "VersioningConfiguration" in props:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={
            "Status": props["VersioningConfiguration"]["Status"]})
    if "BucketEncryption" in props:
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": r["ServerSideEncryptionByDefault"]}
                      for r in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]]})
    if "CorsConfiguration" in props:
        renamed = {"Id": "ID", "MaxAge": "MaxAgeSeconds"}  # CloudFormation vs S3 API names
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [
            {renamed.get(k, k): v for k, v in rule.items()}
            for rule in props["CorsConfiguration"]["CorsRules"]]})
    queues = props.get("NotificationConfiguration", {}).get("QueueConfigurations", [])
    if queues:
        s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={
            "QueueConfigurations": [{
                "QueueArn": q["Queue"], "Events": [q["Event"]],
                **({"Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}}}
                   if "Filter" in q else {}),
            } for q in queues]})
    names.refs[logical] = name
    names.attributes[(logical, "Arn")] = f"arn:aws:s3:::{name}"
    names.attributes[(logical, "RegionalDomainName")] = f"{name}.s3.{REGION}.amazonaws.com"


def _api_properties(client: Any, operation: str, props: dict[str, Any]) -> dict[str, Any]:
    """The template's properties that the API operation takes under the same name (the
    CloudFormation and API names of Cognito's settings agree); the others (EnabledMfas,
    EmailAuthenticationMessage, ...) belong to other calls (SetUserPoolMfaConfig), which
    the local run does not make."""
    members = client.meta.service_model.operation_model(operation).input_shape.members
    return {k: v for k, v in props.items() if k in members}


def _user_pool(clients: dict[str, Any], logical: str, props: dict[str, Any], names: Names
               ) -> None:
    idp = clients["cognito-idp"]
    pool = idp.create_user_pool(PoolName=props.get("UserPoolName", _local_name(logical)),
                                **_api_properties(idp, "CreateUserPool", props))["UserPool"]
    names.refs[logical] = pool["Id"]
    names.attributes[(logical, "Arn")] = pool["Arn"]


def _user_pool_client(clients: dict[str, Any], logical: str, props: dict[str, Any],
                      names: Names) -> None:
    idp = clients["cognito-idp"]
    client = idp.create_user_pool_client(
        **{"ClientName": _local_name(logical), **_api_properties(idp, "CreateUserPoolClient",
                                                                 props)})["UserPoolClient"]
    names.refs[logical] = client["ClientId"]


def _user_pool_group(clients: dict[str, Any], logical: str, props: dict[str, Any],
                     names: Names) -> None:
    clients["cognito-idp"].create_group(UserPoolId=props["UserPoolId"],
                                        GroupName=props["GroupName"])
    names.refs[logical] = props["GroupName"]


def _email_identity(clients: dict[str, Any], logical: str, props: dict[str, Any],
                    names: Names) -> None:
    clients["ses"].verify_email_identity(EmailAddress=props["EmailIdentity"])
    names.refs[logical] = props["EmailIdentity"]


_CREATE = {
    "AWS::SQS::Queue": _queue, "AWS::DynamoDB::Table": _table, "AWS::S3::Bucket": _bucket,
    "AWS::SES::EmailIdentity": _email_identity, "AWS::Cognito::UserPool": _user_pool,
    "AWS::Cognito::UserPoolClient": _user_pool_client,
    "AWS::Cognito::UserPoolGroup": _user_pool_group,
}


def create_officer(pool: str, endpoint: str | None, username: str = "officer",
                   group: str = "officers") -> str:
    """A development officer in the local pool; answers its password."""
    password = "Dev-" + secrets.token_urlsafe(9) + "9a"
    idp = boto3.client("cognito-idp", region_name=REGION, endpoint_url=endpoint)
    idp.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                          TemporaryPassword=password)
    idp.admin_set_user_password(UserPoolId=pool, Username=username, Password=password,
                                Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)
    return password


def create_payment_secret(name: str, endpoint: str | None) -> str:
    """The sandbox provider's webhook secret, made fresh for each local run and kept where
    the functions read provider keys in AWS: an SSM SecureString holding JSON."""
    secret = secrets.token_hex(32)
    boto3.client("ssm", region_name=REGION, endpoint_url=endpoint).put_parameter(
        Name=name, Value=json.dumps({"webhook_secret": secret}), Type="SecureString",
        Overwrite=True)
    return secret
