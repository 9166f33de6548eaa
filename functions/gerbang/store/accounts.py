"""Accounts: an applicant's profile and the applications and questions linked to it, in
one partition (ACCOUNT#<sub>), and the count of codes sent to an address (rate limit)."""

from __future__ import annotations

from itertools import islice

from gerbang.records import AccountLink, AccountProfile, Draft
from gerbang.store.table import delete, get, increment, put, query, update, write

ACCOUNT_LINKS_SHOWN = 200  # far more than anyone applies for; bounds one page's reads


def _account(sub: str) -> str:
    return f"ACCOUNT#{sub}"


def save_profile(profile: AccountProfile) -> None:
    """Write the profile, keeping the date the account was made."""
    write(update({"pk": _account(profile.sub), "sk": "PROFILE"},
                 "SET #sub = :sub, email = :email, #lang = :lang, signed_in_at = :at, "
                 "created_at = if_not_exists(created_at, :created)",
                 names={"#sub": "sub", "#lang": "language"},
                 values={":sub": profile.sub, ":email": profile.email,
                         ":lang": profile.language, ":at": profile.signed_in_at,
                         ":created": profile.created_at}))


def load_profile(sub: str) -> AccountProfile | None:
    found = get({"pk": _account(sub), "sk": "PROFILE"})
    return AccountProfile.from_item(found) if found else None


def _link_key(sub: str, kind: str, reference: str) -> dict[str, str]:
    prefix = "APP" if kind == "application" else "CONSULT"
    return {"pk": _account(sub), "sk": f"LINK#{prefix}#{reference}"}


def link(sub: str, found: AccountLink) -> None:
    """Link a record to the account; linking it again changes nothing."""
    write(put({**_link_key(sub, found.kind, found.reference), **found.stored()},
              "attribute_not_exists(pk)", refused=False))


def links(sub: str) -> list[AccountLink]:
    items = query(KeyConditionExpression="pk = :pk AND begins_with(sk, :link)",
                  ConsistentRead=True,
                  ExpressionAttributeValues={":pk": _account(sub), ":link": "LINK#"})
    return [AccountLink.from_item(i) for i in islice(items, ACCOUNT_LINKS_SHOWN)]


def is_linked(sub: str, kind: str, reference: str) -> bool:
    return get(_link_key(sub, kind, reference)) is not None


def _draft_key(sub: str, form: str) -> dict[str, str]:
    return {"pk": _account(sub), "sk": f"DRAFT#{form}"}


def save_draft(sub: str, draft: Draft) -> None:
    write(put({**_draft_key(sub, draft.form), **draft.stored()}))


def load_draft(sub: str, form: str) -> Draft | None:
    found = get(_draft_key(sub, form))
    return Draft.from_item(found) if found else None


def drafts(sub: str) -> list[Draft]:
    items = query(KeyConditionExpression="pk = :pk AND begins_with(sk, :draft)",
                  ConsistentRead=True,
                  ExpressionAttributeValues={":pk": _account(sub), ":draft": "DRAFT#"})
    return [Draft.from_item(i) for i in items]


def delete_draft(sub: str, form: str) -> None:
    write(delete(_draft_key(sub, form)))


def forget_account(sub: str) -> None:
    """Delete everything in the account's partition: profile, links, drafts."""
    for item in query(KeyConditionExpression="pk = :pk", ConsistentRead=True,
                      ExpressionAttributeValues={":pk": _account(sub)}):
        write(delete({"pk": item["pk"], "sk": item["sk"]}))


def count_code_request(subject_hash: str, window: str, expiration: int) -> int:
    """Count one more code asked for an address (or a reference) in this window; answer
    the count."""
    return increment({"pk": f"CODES#{subject_hash}", "sk": f"WINDOW#{window}"}, "requests",
                     expiration)
