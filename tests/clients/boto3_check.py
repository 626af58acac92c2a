"""boto3 against `proton-local serve`: every environment account connection operation and its
result fields (status transitions, timestamps as datetimes, consistent ids and ARNs), every error
code as boto3's modelled exception class with the model's HTTP status, the
ListEnvironmentAccountConnections paginator over several pages, environment templates and
their versions, and environments with the rules they put on connections and versions.

Usage: python boto3_check.py http://127.0.0.1:PORT/

The server must run with PROTON_LOCAL_QUOTA=12 and a database that no one else uses. Prints one
line per check ("ok - ..." or "not ok - ... detail"), then "<passed> passed, <failed> failed",
and exits 1 if any check failed. Run by tests/aws_clients.rs.
"""

import datetime
import sys
import traceback
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", module="boto3")
warnings.filterwarnings("ignore", module="botocore")

import boto3  # noqa: E402
import botocore.config  # noqa: E402

REGION = "us-east-1"
ENV_ACCOUNT = "111122223333"
MGMT_ACCOUNT = "123456789012"
THIRD_ACCOUNT = "444455556666"
# Accounts of their own, so that the quota and the pages count only their own connections.
PAGER_ACCOUNT = "222233334444"
QUOTA_ACCOUNT = "555566667777"
QUOTA = 12
COMPONENT_ROLE = "arn:aws:iam::111122223333:role/component-role"


def role_for(account):
    """The service role, which must be a role in the environment account."""
    return f"arn:aws:iam::{account}:role/service-role/env-account-proton-service-role"


passed = 0
failed = 0


def report(ok, name, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}", flush=True)
    else:
        failed += 1
        print(f"not ok - {name} {detail}".rstrip(), flush=True)


def check(name, actual, expected):
    """Passes when actual == expected, and shows both when not."""
    report(actual == expected, name, f"expected {expected!r}, got {actual!r}")


def attempt(name, call):
    """Runs call(); an unexpected exception fails the check named name and returns None."""
    try:
        return call()
    except Exception as err:  # noqa: BLE001 - every failure is a failed check, not a crash
        report(False, name, f"raised {type(err).__name__}: {err}")
        return None


def expect_error(name, client, code, status, call):
    """call() must raise the modelled exception class client.exceptions.<code>, with that code
    and HTTP status. Returns the error message."""
    exception_class = getattr(client.exceptions, code)
    try:
        result = call()
    except exception_class as err:
        error = err.response.get("Error", {})
        got = (error.get("Code"), err.response["ResponseMetadata"]["HTTPStatusCode"])
        message = error.get("Message", "")
        report(
            got == (code, status) and bool(message),
            name,
            f"expected ({code!r}, {status}) with a message, got {got!r} {message!r}",
        )
        return message
    except Exception as err:  # noqa: BLE001
        report(False, name, f"expected {code}, raised {type(err).__name__}: {err}")
        return None
    report(False, name, f"expected {code}, returned {result!r}")
    return None


def client_for(url, account):
    return boto3.client(
        "proton",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=account,
        aws_secret_access_key="secret",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )


def create(client, account, name, **extra):
    return client.create_environment_account_connection(
        environmentName=name, managementAccountId=MGMT_ACCOUNT, roleArn=role_for(account), **extra
    )


def check_connection(name, connection, account, environment_name, status):
    """The fields every connection has, and the ones this one must have."""
    cid = connection.get("id")
    check(f"{name}: status", connection.get("status"), status)
    check(
        f"{name}: arn names the id",
        connection.get("arn"),
        f"arn:aws:proton:{REGION}:{account}:environment-account-connection/{cid}",
    )
    check(
        f"{name}: accounts, name and role",
        (
            connection.get("environmentAccountId"),
            connection.get("managementAccountId"),
            connection.get("environmentName"),
            connection.get("roleArn"),
        ),
        (account, MGMT_ACCOUNT, environment_name, role_for(account)),
    )
    for field in ("requestedAt", "lastModifiedAt"):
        value = connection.get(field)
        report(
            isinstance(value, datetime.datetime),
            f"{name}: {field} is a datetime",
            f"got {value!r}",
        )


def lifecycle(url):
    env = client_for(url, ENV_ACCOUNT)
    mgmt = client_for(url, MGMT_ACCOUNT)
    third = client_for(url, THIRD_ACCOUNT)

    created = attempt(
        "create with tags",
        lambda: create(
            env,
            ENV_ACCOUNT,
            "boto-connected",
            tags=[{"key": "team", "value": "platform"}],
            clientToken="boto-connected-1",
        ),
    )
    if created is None:
        return
    check("create: HTTP 200", created["ResponseMetadata"]["HTTPStatusCode"], 200)
    connection = created["environmentAccountConnection"]
    cid = connection["id"]
    check_connection("create", connection, ENV_ACCOUNT, "boto-connected", "PENDING")
    check(
        "create: requestedAt == lastModifiedAt",
        connection["requestedAt"],
        connection["lastModifiedAt"],
    )
    check("create: no component role yet", "componentRoleArn" in connection, False)
    repeated = attempt(
        "create again with the same client token",
        lambda: create(
            env,
            ENV_ACCOUNT,
            "boto-connected",
            tags=[{"key": "team", "value": "platform"}],
            clientToken="boto-connected-1",
        ),
    )
    if repeated is not None:
        check(
            "create again with the same client token: the same connection",
            repeated["environmentAccountConnection"],
            connection,
        )

    expect_error(
        "create with a bad environment name: ValidationException",
        env,
        "ValidationException",
        400,
        lambda: create(env, ENV_ACCOUNT, "not a valid name!"),
    )
    message = expect_error(
        "create a duplicate open connection: ConflictException",
        env,
        "ConflictException",
        409,
        lambda: create(env, ENV_ACCOUNT, "boto-connected"),
    )
    report(
        message is not None and cid in message,
        "the conflict names the open connection",
        f"{message!r} does not name {cid}",
    )
    expect_error(
        "accept as the environment account: AccessDeniedException",
        env,
        "AccessDeniedException",
        403,
        lambda: env.accept_environment_account_connection(id=cid),
    )
    expect_error(
        "get as a third account: ResourceNotFoundException",
        third,
        "ResourceNotFoundException",
        404,
        lambda: third.get_environment_account_connection(id=cid),
    )

    accepted = attempt(
        "accept as the management account",
        lambda: mgmt.accept_environment_account_connection(id=cid),
    )
    if accepted is None:
        return
    accepted = accepted["environmentAccountConnection"]
    check_connection("accept", accepted, ENV_ACCOUNT, "boto-connected", "CONNECTED")
    check("accept: same id", accepted["id"], cid)
    check("accept: requestedAt unchanged", accepted["requestedAt"], connection["requestedAt"])
    report(
        accepted["lastModifiedAt"] >= accepted["requestedAt"],
        "accept: lastModifiedAt not before requestedAt",
        f"{accepted['lastModifiedAt']!r} < {accepted['requestedAt']!r}",
    )
    again = attempt(
        "accept again", lambda: mgmt.accept_environment_account_connection(id=cid)
    )
    if again is not None:
        check("accept again: unchanged", again["environmentAccountConnection"], accepted)

    for who, client in (("environment", env), ("management", mgmt)):
        got = attempt(
            f"get as the {who} account",
            lambda client=client: client.get_environment_account_connection(id=cid),
        )
        if got is not None:
            check(
                f"get as the {who} account: the accepted connection",
                got["environmentAccountConnection"],
                accepted,
            )

    for who, client, requested_by in (
        ("environment", env, "ENVIRONMENT_ACCOUNT"),
        ("management", mgmt, "MANAGEMENT_ACCOUNT"),
    ):
        listed = attempt(
            f"list as the {who} account",
            lambda client=client, requested_by=requested_by: (
                client.list_environment_account_connections(requestedBy=requested_by)
            ),
        )
        if listed is not None:
            matches = [
                c for c in listed["environmentAccountConnections"] if c["id"] == cid
            ]
            check(f"list as the {who} account: the connection once", len(matches), 1)
            if matches:
                summary = matches[0]
                check(
                    f"list as the {who} account: the summary's fields",
                    {key: summary.get(key) for key in accepted},
                    accepted,
                )
                check(
                    f"list as the {who} account: no codebuildRoleArn",
                    "codebuildRoleArn" in summary,
                    False,
                )
    filtered = attempt(
        "list filtered by status",
        lambda: mgmt.list_environment_account_connections(
            requestedBy="MANAGEMENT_ACCOUNT", statuses=["REJECTED"]
        ),
    )
    if filtered is not None:
        check(
            "list filtered by status: not the connected one",
            [c["id"] for c in filtered["environmentAccountConnections"] if c["id"] == cid],
            [],
        )

    updated = attempt(
        "update the component role",
        lambda: env.update_environment_account_connection(
            id=cid, componentRoleArn=COMPONENT_ROLE
        ),
    )
    if updated is not None:
        updated = updated["environmentAccountConnection"]
        check_connection("update", updated, ENV_ACCOUNT, "boto-connected", "CONNECTED")
        check("update: componentRoleArn", updated.get("componentRoleArn"), COMPONENT_ROLE)
        check("update: same id", updated["id"], cid)
    expect_error(
        "update as the management account: AccessDeniedException",
        mgmt,
        "AccessDeniedException",
        403,
        lambda: mgmt.update_environment_account_connection(
            id=cid, componentRoleArn=COMPONENT_ROLE
        ),
    )
    expect_error(
        "update without a role: ValidationException",
        env,
        "ValidationException",
        400,
        lambda: env.update_environment_account_connection(id=cid),
    )

    expect_error(
        "delete as the management account: AccessDeniedException",
        mgmt,
        "AccessDeniedException",
        403,
        lambda: mgmt.delete_environment_account_connection(id=cid),
    )
    deleted = attempt(
        "delete as the environment account",
        lambda: env.delete_environment_account_connection(id=cid),
    )
    if deleted is not None and updated is not None:
        check(
            "delete: the connection as it was",
            deleted["environmentAccountConnection"],
            updated,
        )
    for who, client in (("environment", env), ("management", mgmt)):
        expect_error(
            f"get after delete as the {who} account: ResourceNotFoundException",
            client,
            "ResourceNotFoundException",
            404,
            lambda client=client: client.get_environment_account_connection(id=cid),
        )


def reject(url):
    env = client_for(url, ENV_ACCOUNT)
    mgmt = client_for(url, MGMT_ACCOUNT)
    created = attempt("create to reject", lambda: create(env, ENV_ACCOUNT, "boto-reject"))
    if created is None:
        return
    cid = created["environmentAccountConnection"]["id"]
    expect_error(
        "reject as the environment account: AccessDeniedException",
        env,
        "AccessDeniedException",
        403,
        lambda: env.reject_environment_account_connection(id=cid),
    )
    rejected = attempt(
        "reject as the management account",
        lambda: mgmt.reject_environment_account_connection(id=cid),
    )
    if rejected is not None:
        rejected = rejected["environmentAccountConnection"]
        check_connection("reject", rejected, ENV_ACCOUNT, "boto-reject", "REJECTED")
        check("reject: same id", rejected["id"], cid)
    expect_error(
        "accept a rejected connection: ConflictException",
        mgmt,
        "ConflictException",
        409,
        lambda: mgmt.accept_environment_account_connection(id=cid),
    )
    expect_error(
        "update a rejected connection: ConflictException",
        env,
        "ConflictException",
        409,
        lambda: env.update_environment_account_connection(
            id=cid, componentRoleArn=COMPONENT_ROLE
        ),
    )
    again = attempt(
        "a rejected connection does not block a new request",
        lambda: create(env, ENV_ACCOUNT, "boto-reject"),
    )
    if again is not None:
        check(
            "the new request is pending under a new id",
            (
                again["environmentAccountConnection"]["status"],
                again["environmentAccountConnection"]["id"] != cid,
            ),
            ("PENDING", True),
        )


def quota(url):
    client = client_for(url, QUOTA_ACCOUNT)
    made = 0
    for n in range(QUOTA):
        name = f"quota: create {n + 1} of {QUOTA}"
        if attempt(name, lambda n=n: create(client, QUOTA_ACCOUNT, f"quota-{n}")) is not None:
            made += 1
    check(f"quota: {QUOTA} connections created", made, QUOTA)
    expect_error(
        f"quota: connection {QUOTA + 1}: ServiceQuotaExceededException",
        client,
        "ServiceQuotaExceededException",
        402,
        lambda: create(client, QUOTA_ACCOUNT, f"quota-{QUOTA}"),
    )


def pages(url):
    client = client_for(url, PAGER_ACCOUNT)
    created = []
    for n in range(8):
        made = attempt(
            f"pages: create {n + 1} of 8",
            lambda n=n: create(client, PAGER_ACCOUNT, f"page-{n}"),
        )
        if made is not None:
            created.append(made["environmentAccountConnection"]["id"])
    check("pages: 8 connections created", len(created), 8)
    unpaged = attempt(
        "pages: the unpaged list",
        lambda: client.list_environment_account_connections(requestedBy="ENVIRONMENT_ACCOUNT"),
    )
    if unpaged is None:
        return
    unpaged_ids = [c["id"] for c in unpaged["environmentAccountConnections"]]
    check("pages: the unpaged list has every connection", sorted(unpaged_ids), sorted(created))
    check("pages: the unpaged list has no nextToken", "nextToken" in unpaged, False)

    def walk():
        paginator = client.get_paginator("list_environment_account_connections")
        return list(
            paginator.paginate(
                requestedBy="ENVIRONMENT_ACCOUNT", PaginationConfig={"PageSize": 3}
            )
        )

    walked = attempt("pages: the paginator walks", walk)
    if walked is None:
        return
    sizes = [len(page["environmentAccountConnections"]) for page in walked]
    check("pages: page sizes", sizes, [3, 3, 2])
    check(
        "pages: every page but the last has a nextToken",
        ["nextToken" in page for page in walked],
        [True, True, False],
    )
    paged_ids = [c["id"] for page in walked for c in page["environmentAccountConnections"]]
    check("pages: every connection once, in the unpaged order", paged_ids, unpaged_ids)
    first = attempt(
        "pages: one page with maxResults",
        lambda: client.list_environment_account_connections(
            requestedBy="ENVIRONMENT_ACCOUNT", maxResults=5
        ),
    )
    if first is not None:
        check(
            "pages: maxResults=5 gives the first five",
            [c["id"] for c in first["environmentAccountConnections"]],
            unpaged_ids[:5],
        )
        rest = attempt(
            "pages: the next page from its nextToken",
            lambda: client.list_environment_account_connections(
                requestedBy="ENVIRONMENT_ACCOUNT", maxResults=5, nextToken=first["nextToken"]
            ),
        )
        if rest is not None:
            check(
                "pages: the next page has the rest",
                ([c["id"] for c in rest["environmentAccountConnections"]], "nextToken" in rest),
                (unpaged_ids[5:], False),
            )


def tags(url):
    """tag_resource, untag_resource and list_tags_for_resource, its paginator, and each refusal
    as boto3's modelled exception class."""
    env = client_for(url, ENV_ACCOUNT)
    mgmt = client_for(url, MGMT_ACCOUNT)
    third = client_for(url, THIRD_ACCOUNT)
    connection = create(env, ENV_ACCOUNT, "boto-tags", tags=[{"key": "team", "value": "infra"}])[
        "environmentAccountConnection"
    ]
    arn = connection["arn"]
    tagged = attempt(
        "tags: tag_resource",
        lambda: env.tag_resource(
            resourceArn=arn, tags=[{"key": "env", "value": "dev"}, {"key": "team", "value": "platform"}]
        ),
    )
    if tagged is not None:
        check("tags: tag_resource answers no members", set(tagged) - {"ResponseMetadata"}, set())
    listed = attempt("tags: list_tags_for_resource", lambda: env.list_tags_for_resource(resourceArn=arn))
    if listed is not None:
        check(
            "tags: merged, in key order",
            listed["tags"],
            [{"key": "env", "value": "dev"}, {"key": "team", "value": "platform"}],
        )

    def walk():
        paginator = env.get_paginator("list_tags_for_resource")
        return [page["tags"] for page in paginator.paginate(resourceArn=arn, PaginationConfig={"PageSize": 1})]

    pages = attempt("tags: paginator", walk)
    if pages is not None:
        check("tags: one tag a page", [len(page) for page in pages], [1, 1])
    attempt("tags: untag_resource", lambda: env.untag_resource(resourceArn=arn, tagKeys=["env", "missing"]))
    listed = attempt("tags: list after untag", lambda: env.list_tags_for_resource(resourceArn=arn))
    if listed is not None:
        check("tags: untagged", listed["tags"], [{"key": "team", "value": "platform"}])
    expect_error(
        "tags: the management account is denied",
        mgmt,
        "AccessDeniedException",
        403,
        lambda: mgmt.list_tags_for_resource(resourceArn=arn),
    )
    expect_error(
        "tags: a third account finds nothing",
        third,
        "ResourceNotFoundException",
        404,
        lambda: third.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "b"}]),
    )
    expect_error(
        "tags: aws: keys are refused",
        env,
        "ValidationException",
        400,
        lambda: env.untag_resource(resourceArn=arn, tagKeys=["aws:x"]),
    )


def templates(url):
    """Environment templates: create, get, list (and its paginator), update and delete, their
    fields, tags by the template's ARN, and each refusal as boto3's modelled exception class."""
    mgmt = client_for(url, MGMT_ACCOUNT)
    env = client_for(url, ENV_ACCOUNT)
    created = mgmt.create_environment_template(
        name="boto-template",
        displayName="Boto template",
        description="made by boto3",
        tags=[{"key": "team", "value": "platform"}],
    )["environmentTemplate"]
    arn = f"arn:aws:proton:{REGION}:{MGMT_ACCOUNT}:environment-template/boto-template"
    check("templates: create: arn", created.get("arn"), arn)
    check(
        "templates: create: members",
        (created.get("name"), created.get("displayName"), created.get("description")),
        ("boto-template", "Boto template", "made by boto3"),
    )
    check("templates: create: no recommendedVersion yet", "recommendedVersion" in created, False)
    for field in ("createdAt", "lastModifiedAt"):
        report(
            isinstance(created.get(field), datetime.datetime),
            f"templates: create: {field} is a datetime",
            f"got {created.get(field)!r}",
        )
    got = attempt("templates: get", lambda: mgmt.get_environment_template(name="boto-template"))
    if got is not None:
        check("templates: get is the created template", got["environmentTemplate"], created)
    again = attempt(
        "templates: the same create again",
        lambda: mgmt.create_environment_template(
            name="boto-template",
            displayName="Boto template",
            description="made by boto3",
            tags=[{"key": "team", "value": "platform"}],
        ),
    )
    if again is not None:
        check("templates: the same create returns it", again["environmentTemplate"], created)
    expect_error(
        "templates: a create with other parameters is a mismatch",
        mgmt,
        "ValidationException",
        400,
        lambda: mgmt.create_environment_template(name="boto-template"),
    )
    for name in ("boto-template-b", "boto-template-c"):
        mgmt.create_environment_template(name=name)

    def walk():
        paginator = mgmt.get_paginator("list_environment_templates")
        return [
            [template["name"] for template in page["templates"]]
            for page in paginator.paginate(PaginationConfig={"PageSize": 2})
        ]

    pages = attempt("templates: paginator", walk)
    if pages is not None:
        check(
            "templates: pages in name order",
            pages,
            [["boto-template", "boto-template-b"], ["boto-template-c"]],
        )
    listed = attempt("templates: list", lambda: mgmt.list_environment_templates())
    if listed is not None:
        check("templates: summaries have no encryptionKey", "encryptionKey" in listed["templates"][0], False)
    updated = attempt(
        "templates: update",
        lambda: mgmt.update_environment_template(name="boto-template", description="changed"),
    )
    if updated is not None:
        check(
            "templates: update replaces the description only",
            (updated["environmentTemplate"]["description"], updated["environmentTemplate"]["displayName"]),
            ("changed", "Boto template"),
        )
    expect_error(
        "templates: the same create after an update is a conflict",
        mgmt,
        "ConflictException",
        409,
        lambda: mgmt.create_environment_template(
            name="boto-template",
            displayName="Boto template",
            description="made by boto3",
            tags=[{"key": "team", "value": "platform"}],
        ),
    )
    tags = attempt("templates: tags by the ARN", lambda: mgmt.list_tags_for_resource(resourceArn=arn))
    if tags is not None:
        check("templates: the create's tags", tags["tags"], [{"key": "team", "value": "platform"}])
    expect_error(
        "templates: another account finds nothing",
        env,
        "ResourceNotFoundException",
        404,
        lambda: env.get_environment_template(name="boto-template"),
    )
    expect_error(
        "templates: another account finds no tags",
        env,
        "ResourceNotFoundException",
        404,
        lambda: env.list_tags_for_resource(resourceArn=arn),
    )
    expect_error(
        "templates: a bad name is refused",
        mgmt,
        "ValidationException",
        400,
        lambda: mgmt.get_environment_template(name="bad name"),
    )
    deleted = attempt("templates: delete", lambda: mgmt.delete_environment_template(name="boto-template"))
    if deleted is not None:
        check("templates: delete answers the template", deleted["environmentTemplate"]["arn"], arn)
    expect_error(
        "templates: gone after delete",
        mgmt,
        "ResourceNotFoundException",
        404,
        lambda: mgmt.get_environment_template(name="boto-template"),
    )


def template_versions(url):
    """Environment template versions: create (the source as boto3 sends it), get, the list
    paginator, publish and the recommended versions, the delete rules and the template's delete
    refused while it has versions, each refusal as boto3's modelled exception class."""
    mgmt = client_for(url, MGMT_ACCOUNT)
    env = client_for(url, ENV_ACCOUNT)
    name = "boto-versions"
    mgmt.create_environment_template(name=name)
    source = {"s3": {"bucket": "my-bundles", "key": "boto.tar.gz"}}
    first = mgmt.create_environment_template_version(
        templateName=name, source=source, description="first", clientToken="boto-tok"
    )["environmentTemplateVersion"]
    check(
        "versions: create",
        (first.get("arn"), first.get("majorVersion"), first.get("minorVersion"), first.get("status")),
        (f"arn:aws:proton:{REGION}:{MGMT_ACCOUNT}:environment-template/{name}:1.0", "1", "0", "DRAFT"),
    )
    report(
        isinstance(first.get("createdAt"), datetime.datetime),
        "versions: createdAt is a datetime",
        f"got {first.get('createdAt')!r}",
    )
    again = attempt(
        "versions: the same client token again",
        lambda: mgmt.create_environment_template_version(
            templateName=name, source=source, description="first", clientToken="boto-tok"
        ),
    )
    if again is not None:
        check("versions: the token returns the version", again["environmentTemplateVersion"], first)
    expect_error(
        "versions: the token with other parameters is a mismatch",
        mgmt,
        "ValidationException",
        400,
        lambda: mgmt.create_environment_template_version(
            templateName=name, source=source, description="other", clientToken="boto-tok"
        ),
    )
    mgmt.create_environment_template_version(templateName=name, source=source)
    mgmt.create_environment_template_version(templateName=name, source=source, majorVersion="2")

    def walk():
        paginator = mgmt.get_paginator("list_environment_template_versions")
        return [
            [f"{v['majorVersion']}.{v['minorVersion']}" for v in page["templateVersions"]]
            for page in paginator.paginate(templateName=name, PaginationConfig={"PageSize": 2})
        ]

    pages = attempt("versions: paginator", walk)
    if pages is not None:
        check("versions: pages in version order", pages, [["1.0", "1.1"], ["2.0"]])
    published = attempt(
        "versions: publish",
        lambda: mgmt.update_environment_template_version(
            templateName=name, majorVersion="1", minorVersion="1", status="PUBLISHED"
        ),
    )
    if published is not None:
        check(
            "versions: published, its own recommended minor",
            (
                published["environmentTemplateVersion"]["status"],
                published["environmentTemplateVersion"].get("recommendedMinorVersion"),
            ),
            ("PUBLISHED", "1"),
        )
    template = mgmt.get_environment_template(name=name)["environmentTemplate"]
    check("versions: the template's recommendedVersion", template.get("recommendedVersion"), "1.1")
    expect_error(
        "versions: the recommended minor can't go while its major has others",
        mgmt,
        "ConflictException",
        409,
        lambda: mgmt.delete_environment_template_version(
            templateName=name, majorVersion="1", minorVersion="1"
        ),
    )
    expect_error(
        "versions: the template can't go while it has versions",
        mgmt,
        "ConflictException",
        409,
        lambda: mgmt.delete_environment_template(name=name),
    )
    expect_error(
        "versions: another account finds nothing",
        env,
        "ResourceNotFoundException",
        404,
        lambda: env.get_environment_template_version(
            templateName=name, majorVersion="1", minorVersion="0"
        ),
    )
    expect_error(
        "versions: a bad major version is refused",
        mgmt,
        "ValidationException",
        400,
        lambda: mgmt.get_environment_template_version(
            templateName=name, majorVersion="01", minorVersion="0"
        ),
    )
    for major, minor in (("1", "0"), ("2", "0"), ("1", "1")):
        attempt(
            f"versions: delete {major}.{minor}",
            lambda: mgmt.delete_environment_template_version(
                templateName=name, majorVersion=major, minorVersion=minor
            ),
        )
    attempt("versions: then the template goes", lambda: mgmt.delete_environment_template(name=name))


def environments(url):
    """Environments: create on a connection, get, the list paginator, tags on the environment's
    ARN, each linking rule and the refusals of reject and of a version delete while in use, as
    boto3's modelled exception classes; then the connection deleted, the environment refused
    until pointed at a new one, and deleted, which frees the connection."""
    mgmt = client_for(url, MGMT_ACCOUNT)
    env = client_for(url, ENV_ACCOUNT)
    third = client_for(url, THIRD_ACCOUNT)
    name = "boto-env"
    template = "boto-env-template"

    def connect(environment_name, accept=True):
        cid = create(env, ENV_ACCOUNT, environment_name)["environmentAccountConnection"]["id"]
        if accept:
            mgmt.accept_environment_account_connection(id=cid)
        return cid

    cid = connect(name)
    pending = connect("boto-pending", accept=False)
    mgmt.create_environment_template(name=template)
    source = {"s3": {"bucket": "my-bundles", "key": "boto.tar.gz"}}
    mgmt.create_environment_template_version(templateName=template, source=source)
    mgmt.update_environment_template_version(
        templateName=template, majorVersion="1", minorVersion="0", status="PUBLISHED"
    )
    mgmt.create_environment_template_version(templateName=template, source=source)  # 1.1, DRAFT
    spec = "proton: EnvironmentSpec\nspec:\n  size: small\n"

    def make(**extra):
        args = dict(name=name, templateName=template, templateMajorVersion="1", spec=spec)
        args.update(extra)
        return lambda client=mgmt: client.create_environment(**args)

    created = attempt(
        "environments: create on a connection",
        make(environmentAccountConnectionId=cid, tags=[{"key": "team", "value": "ops"}]),
    )
    if created is None:
        return
    environment = created["environment"]
    arn = f"arn:aws:proton:{REGION}:{MGMT_ACCOUNT}:environment/{name}"
    check(
        "environments: create",
        (
            environment.get("arn"),
            environment.get("environmentAccountConnectionId"),
            environment.get("environmentAccountId"),
            environment.get("deploymentStatus"),
            environment.get("templateMinorVersion"),
            environment.get("spec"),
        ),
        (arn, cid, ENV_ACCOUNT, "SUCCEEDED", "0", spec),
    )
    report(
        isinstance(environment.get("lastDeploymentSucceededAt"), datetime.datetime),
        "environments: lastDeploymentSucceededAt is a datetime",
        f"got {environment.get('lastDeploymentSucceededAt')!r}",
    )
    got = attempt("environments: get", lambda: mgmt.get_environment(name=name))
    if got is not None:
        check("environments: get is the create", got["environment"], environment)
    listed = attempt(
        "environments: paginator",
        lambda: [
            e["name"]
            for page in mgmt.get_paginator("list_environments").paginate(
                environmentTemplates=[{"templateName": template, "majorVersion": "1"}]
            )
            for e in page["environments"]
        ],
    )
    if listed is not None:
        check("environments: the list", listed, [name])
    tags = attempt("environments: list_tags_for_resource", lambda: mgmt.list_tags_for_resource(resourceArn=arn))
    if tags is not None:
        check("environments: the create's tags", tags["tags"], [{"key": "team", "value": "ops"}])
    for label, client, code, status, call in (
        ("the environment account finds nothing", env, "ResourceNotFoundException", 404,
         lambda: env.get_environment(name=name)),
        ("the environment account can't tag it", env, "ResourceNotFoundException", 404,
         lambda: env.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "b"}])),
        ("a third account can't use the connection", third, "ResourceNotFoundException", 404,
         lambda: make(name="other", environmentAccountConnectionId=cid)(third)),
        ("the environment account can't use the connection", env, "ValidationException", 400,
         lambda: make(environmentAccountConnectionId=cid)(env)),
        ("a PENDING connection is refused", mgmt, "ConflictException", 409,
         make(name="boto-pending", environmentAccountConnectionId=pending)),
        ("a connection for another name is refused", mgmt, "ValidationException", 400,
         make(name="boto-other", environmentAccountConnectionId=cid)),
        ("a connection and a service role are refused", mgmt, "ValidationException", 400,
         make(
             name="boto-both",
             environmentAccountConnectionId=cid,
             protonServiceRoleArn=f"arn:aws:iam::{MGMT_ACCOUNT}:role/ProtonServiceRole",
         )),
        ("a DRAFT version is refused", mgmt, "ValidationException", 400,
         make(name="boto-draft", templateMinorVersion="1")),
        ("an unknown template is not found", mgmt, "ResourceNotFoundException", 404,
         make(name="boto-none", templateName="boto-nope")),
        ("a bad deployment type is refused", mgmt, "ValidationException", 400,
         lambda: mgmt.update_environment(name=name, deploymentType="SOMETIMES")),
        ("reject is refused while the environment uses the connection", mgmt, "ConflictException",
         409, lambda: mgmt.reject_environment_account_connection(id=cid)),
        ("its version can't be deleted while in use", mgmt, "ConflictException", 409,
         lambda: mgmt.delete_environment_template_version(
             templateName=template, majorVersion="1", minorVersion="0")),
    ):
        expect_error(f"environments: {label}", client, code, status, call)
    attempt("environments: delete the connection in use", lambda: env.delete_environment_account_connection(id=cid))
    expect_error(
        "environments: unmanageable once its connection is deleted",
        mgmt,
        "ValidationException",
        400,
        lambda: mgmt.update_environment(name=name, deploymentType="NONE", description="x"),
    )
    new_cid = connect(name)
    updated = attempt(
        "environments: pointed at a new connection",
        lambda: mgmt.update_environment(
            name=name, deploymentType="CURRENT_VERSION", environmentAccountConnectionId=new_cid
        ),
    )
    if updated is not None:
        check(
            "environments: the new connection",
            updated["environment"].get("environmentAccountConnectionId"),
            new_cid,
        )
    deleted = attempt("environments: delete", lambda: mgmt.delete_environment(name=name))
    if deleted is not None:
        check("environments: deleted", deleted["environment"].get("deploymentStatus"), "DELETE_COMPLETE")
    rejected = attempt(
        "environments: reject once the environment is gone",
        lambda: mgmt.reject_environment_account_connection(id=new_cid),
    )
    if rejected is not None:
        check("environments: rejected", rejected["environmentAccountConnection"]["status"], "REJECTED")


def main():
    if len(sys.argv) != 2:
        print("usage: boto3_check.py ENDPOINT_URL", file=sys.stderr)
        return 2
    url = sys.argv[1]
    for part in (lifecycle, reject, quota, pages, tags, templates, template_versions, environments):
        try:
            part(url)
        except Exception:  # noqa: BLE001 - report it and go on with the other parts
            report(False, part.__name__, traceback.format_exc().replace("\n", " | "))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
