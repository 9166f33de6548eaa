"""The only package that talks to DynamoDB. One table; an application and everything about
it share a partition, so one consistent Query reads the whole record:

    pk = APP#<reference>   sk = APP              the application (status, version, ...)
                           sk = HIST#<version>   one item per status change, append-only
                           sk = DOC#<kind>       the latest upload of that document kind
                           sk = PAY#<payment id> each payment attempt
                           sk = QUESTION#<ref>   a question asked about this application
    pk = EVENT#<provider>#<event id>, sk = EVENT  a processed webhook event (expires)
    pk = FILE#<sha256>, sk = APP#<reference>#<kind>  where the same bytes were uploaded
    pk = APP#<ref> or CONSULT#<ref>, sk = OUTBOX#<event>#<job id>  an email not yet sent
    pk = SENT#<job id>, sk = SENT                 an email being sent or sent (expires)
    pk = CONSULT#<reference>, sk = CONSULT        a question to an officer
    pk = ACCOUNT#<sub>, sk = PROFILE           an applicant's account (Cognito's sub)
                        sk = LINK#APP#<ref> or LINK#CONSULT#<ref>  what belongs to it
                        sk = DRAFT#<form>      unsent answers to a form (expires)
    pk = CODES#<address hash>, sk = WINDOW#<hour>  sign-in codes asked that hour (expires)
    pk = PASSPORT#<number>, sk = APP#<reference>  who gave that passport number (a digest
         of name and birth date, never the name), expires with a decided application
    pk = FACE#<band>#<bits>, sk = APP#<reference>  a photo's face hash under each band,
         with the same digest (expires)
    pk = SIGNALS, sk = DAY#<date>#<code>       fraud signals raised that day (expires)
    pk = ASSISTANT#<lang>#<date>, sk = WORD#<word>  unanswered questions to the assistant
         that day with a known word (sk = WORD# alone: all of them), counts only (expires)

The application item also carries `queue_status` (its status) for the "queue" index:
(queue_status, created_at) lists one status oldest first, for officers.

Every status change is a transaction that updates the application on the version it was
read at and appends its history item: both or neither.

A step that owes an email writes the email's job (an outbox item) in its own transaction,
so a stored step always has its email waiting: the job stays in the outbox until the
notifier has sent it. Outbox items carry `outbox = "pending"` for the sparse
"outbox" index: (outbox, created_at) lists the waiting jobs oldest first for the sweeper.

One module per kind of record (applications, documents, payments, consultations, outbox,
assistant, signals); every call goes through `table`, which alone maps DynamoDB's refusals
(a failed condition, a transaction conflict, throttling) to what they mean here.
"""

from gerbang.store.accounts import (
    count_code_request,
    delete_draft,
    drafts,
    forget_account,
    is_linked,
    link,
    links,
    load_draft,
    load_profile,
    save_draft,
    save_profile,
)
from gerbang.store.applications import (
    Record,
    ReferenceTaken,
    change_status,
    create_application,
    load_record,
    queue,
    replace_access_hash,
)
from gerbang.store.assistant import UNANSWERED_DAYS_KEPT, count_unanswered, unanswered_counts
from gerbang.store.consultations import (
    answer_consultation,
    consultation_queue,
    create_consultation,
    load_consultation,
)
from gerbang.store.documents import put_document, register_file
from gerbang.store.outbox import (
    CLAIM_SECONDS,
    SENT_DAYS_KEPT,
    claim_email,
    email_requeued,
    email_sent,
    pending_emails,
    release_email,
)
from gerbang.store.payments import EventSeen, create_payment, expire_payment, record_paid
from gerbang.store.signals import (
    SIGNAL_DAYS_KEPT,
    count_signal,
    register_face,
    register_passport,
    signal_counts,
)
from gerbang.store.table import throttled

__all__ = [
    "CLAIM_SECONDS", "SENT_DAYS_KEPT", "UNANSWERED_DAYS_KEPT", "EventSeen", "Record",
    "ReferenceTaken", "answer_consultation", "change_status", "claim_email",
    "consultation_queue", "count_code_request", "is_linked", "link", "links",
    "load_profile", "save_profile", "forget_account", "delete_draft", "drafts", "load_draft",
    "save_draft",
    "count_unanswered", "create_application", "create_consultation", "create_payment",
    "email_requeued", "email_sent", "expire_payment", "load_consultation",
    "load_record", "pending_emails", "put_document", "queue", "record_paid",
    "register_file", "release_email", "replace_access_hash", "throttled",
    "unanswered_counts", "SIGNAL_DAYS_KEPT", "count_signal", "register_face",
    "register_passport", "signal_counts",
]
