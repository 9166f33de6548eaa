"""The application state machine."""

from __future__ import annotations

import itertools

import pytest
from gerbang import status
from gerbang.status import ALLOWED, STATUSES, can_move, next_step

# The moves the design allows, written out independently of status.ALLOWED.
EXPECTED_MOVES = {
    ("submitted", "documents_verified"),
    ("submitted", "paid"),
    ("documents_verified", "in_review"),
    ("paid", "in_review"),
    ("in_review", "approved"),
    ("in_review", "rejected"),
    ("in_review", "more_info_requested"),
    ("more_info_requested", "in_review"),
}
FINAL = {"approved", "rejected"}


def test_the_statuses():
    assert set(STATUSES) == {"submitted", "documents_verified", "paid", "in_review",
                             "approved", "rejected", "more_info_requested"}
    assert STATUSES[0] == status.SUBMITTED


@pytest.mark.parametrize(("current", "target"), list(itertools.product(STATUSES, repeat=2)))
def test_only_the_allowed_moves(current, target):
    assert can_move(current, target) is ((current, target) in EXPECTED_MOVES)


def test_allowed_names_only_known_statuses():
    for current, targets in ALLOWED.items():
        assert current in STATUSES
        assert targets <= set(STATUSES)


def test_no_status_moves_to_itself_and_final_statuses_are_final():
    for s in STATUSES:
        assert not can_move(s, s)
    for s in FINAL:
        assert not any(can_move(s, t) for t in STATUSES)


def test_unknown_statuses_never_move():
    assert not can_move("cancelled", "submitted")
    assert not can_move("submitted", "cancelled")
    assert next_step("cancelled", True, True) is None


def test_every_status_is_reachable_from_submitted():
    reached, frontier = {"submitted"}, ["submitted"]
    while frontier:
        current = frontier.pop()
        for target in STATUSES:
            if can_move(current, target) and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(STATUSES)


# (status, documents_accepted, paid) -> the status next_step answers.
EXPECTED_NEXT = {
    ("submitted", False, False): None,
    ("submitted", True, False): "documents_verified",
    ("submitted", False, True): "paid",
    # Both in at once: documents first, then review on the following call.
    ("submitted", True, True): "documents_verified",
    ("documents_verified", False, False): None,
    ("documents_verified", True, False): None,
    ("documents_verified", False, True): "in_review",
    ("documents_verified", True, True): "in_review",
    ("paid", False, False): None,
    ("paid", False, True): None,
    ("paid", True, False): "in_review",
    ("paid", True, True): "in_review",
}


@pytest.mark.parametrize(("current", "documents", "paid"),
                         list(itertools.product(STATUSES, (False, True), (False, True))))
def test_next_step_for_every_combination(current, documents, paid):
    expected = EXPECTED_NEXT.get((current, documents, paid))  # officers move the rest
    assert next_step(current, documents, paid) == expected


@pytest.mark.parametrize(("current", "documents", "paid"),
                         list(itertools.product(STATUSES, (False, True), (False, True))))
def test_next_step_is_always_an_allowed_move(current, documents, paid):
    target = next_step(current, documents, paid)
    assert target is None or can_move(current, target)


def test_submitted_with_both_reaches_review_in_two_steps():
    # Given documents accepted and the fee paid, when advance() applies next_step until it
    # answers None, then the application goes submitted -> documents_verified -> in_review.
    path, current = ["submitted"], "submitted"
    while (target := next_step(current, True, True)) is not None:
        assert can_move(current, target)
        path.append(target)
        current = target
    assert path == ["submitted", "documents_verified", "in_review"]
