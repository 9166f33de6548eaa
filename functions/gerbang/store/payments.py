"""Payments: attempts in the application's partition (one open at a time), and the
provider's events, each remembered for a while so that a replay changes nothing."""

from __future__ import annotations

from collections.abc import Sequence

from gerbang.errors import Conflict
from gerbang.records import AppliedEvent, EmailJob, Payment, PaymentState
from gerbang.store.outbox import outbox_put
from gerbang.store.table import Write, app_key, put, transact, update, write


class EventSeen(Exception):
    """A webhook event that was already processed."""


def _payment_key(reference: str, payment_id: str) -> dict[str, str]:
    return app_key(reference, f"PAY#{payment_id}")


def create_payment(payment: Payment, replacing: str | None, expiring: Sequence[str] = ()
                   ) -> None:
    """Add a payment attempt and make it the application's one open payment, on the
    condition that the open one is still `replacing` (what the caller saw), and close the
    pending attempts `expiring`, all at once: of two attempts started at once, one wins and
    the other gets Conflict; never an old attempt closed with no new one in its place."""
    seen = ("open_payment = :seen" if replacing else "attribute_not_exists(open_payment)")
    raced = Conflict("payment_in_progress")
    transact(
        *(_expire(payment.reference, old, PaymentState.EXPIRED, refused=raced)
          for old in expiring),
        put({**_payment_key(payment.reference, payment.payment_id), **payment.stored()},
            "attribute_not_exists(pk)", refused=raced),
        update(app_key(payment.reference, "APP"), "SET open_payment = :id", seen,
               values={":id": payment.payment_id, ":seen": replacing}, refused=raced),
    )


def _expire(reference: str, payment_id: str, state: PaymentState,
            refused: Exception | bool) -> Write:
    # Only a pending attempt closes: a paid one stays paid, whatever arrives late.
    return update(_payment_key(reference, payment_id), "SET #s = :state", "#s = :pending",
                  names={"#s": "state"}, values={":state": state,
                                                 ":pending": PaymentState.PENDING},
                  refused=refused)


def expire_payment(reference: str, payment_id: str,
                   state: PaymentState = PaymentState.EXPIRED) -> None:
    """Close a pending payment as "expired" or "failed"; a paid one stays paid, whatever
    arrives late."""
    write(_expire(reference, payment_id, state, refused=False))


def record_paid(reference: str, event: AppliedEvent, email: EmailJob | None = None) -> bool:
    """Mark a pending payment paid and remember the webhook event, atomically. Returns
    False when the payment was not pending (already paid); raises EventSeen for an event
    processed before."""
    return transact(
        put({"pk": f"EVENT#{event.provider}#{event.event_id}", "sk": "EVENT",
             **event.stored()}, "attribute_not_exists(pk)", refused=EventSeen(event.event_id)),
        update(_payment_key(reference, event.payment_id), "SET #s = :paid, paid_at = :at",
               "#s = :pending OR #s = :expired", names={"#s": "state"},
               values={":paid": PaymentState.PAID, ":pending": PaymentState.PENDING,
                       ":expired": PaymentState.EXPIRED, ":at": event.received_at},
               refused=False),
        *outbox_put(email),
    )
