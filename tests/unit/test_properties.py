"""Properties that hold for any input Hypothesis can think of: the status machine, the
references people type with typos, and the choice of language."""

from __future__ import annotations

from gerbang.i18n import LANGUAGES, pick_language
from gerbang.references import ALPHABET, new_reference, normalize_reference
from gerbang.status import ALLOWED, APPROVED, REJECTED, SUBMITTED, Status, can_move, next_step
from hypothesis import given, settings
from hypothesis import strategies as st

FINAL = {APPROVED, REJECTED}
# What can happen to an application: documents and payment come in, officers decide.
EVENTS = st.lists(st.sampled_from(["documents", "paid", "approve", "reject", "request_info",
                                   "resubmit"]), max_size=30)
DECISIONS = {"approve": APPROVED, "reject": REJECTED, "request_info": Status.MORE_INFO}


@given(EVENTS)
def test_any_history_moves_only_along_allowed_steps_and_final_is_final(events):
    status, documents, paid = SUBMITTED, False, False
    moves: list[tuple[Status, Status]] = []
    reviewed_with: tuple[bool, bool] | None = None  # (documents, paid) when review began
    for event in events:
        before = status
        if event == "documents":
            documents = True
        elif event == "paid":
            paid = True
        elif event in DECISIONS and can_move(status, DECISIONS[event]):
            status = DECISIONS[event]
        elif event == "resubmit" and status == Status.MORE_INFO:  # applications.resubmit
            status = Status.IN_REVIEW
        if status != before:
            moves.append((before, status))
        # then the system's own move, as applications.advance makes it
        target = next_step(status, documents, paid)
        if target is not None:
            moves.append((status, target))
            status = target
        if status == Status.IN_REVIEW and reviewed_with is None:
            reviewed_with = (documents, paid)
        if before in FINAL:
            assert status == before  # nothing moves a decided application
    for source, target in moves:
        assert target in ALLOWED[source]
    # review only ever starts with both the documents and the payment in
    assert reviewed_with in (None, (True, True))


@given(st.sampled_from(list(Status)), st.booleans(), st.booleans())
def test_the_next_step_is_a_single_allowed_step_and_then_settles(status, documents, paid):
    target = next_step(status, documents, paid)
    if target is None:
        return
    assert target in ALLOWED[status]
    # asked again from where it moved, with nothing new, it moves at most once more
    then = next_step(target, documents, paid)
    assert then is None or (then in ALLOWED[target] and next_step(then, documents, paid) is None)


@st.composite
def typo(draw):
    """A real reference and one character of it replaced by another of the alphabet."""
    reference = draw(st.builds(lambda _: new_reference(), st.integers()))
    raw = reference.replace("-", "")
    at = draw(st.integers(0, len(raw) - 1))
    wrong = draw(st.sampled_from([c for c in ALPHABET if c != raw[at]]))
    return reference, raw[:at] + wrong + raw[at + 1:]


@given(typo())
@settings(max_examples=300)
def test_a_single_character_typo_is_never_another_reference(case):
    reference, typed = case
    assert normalize_reference(reference) == reference
    assert normalize_reference(typed) is None


@given(st.builds(lambda _: new_reference(), st.integers()),
       st.sampled_from([str.lower, str.upper, lambda r: r.replace("-", " "),
                        lambda r: f"  {r.replace('-', '')}  ", lambda r: r.replace("-", ".")]))
def test_a_reference_typed_loosely_is_still_found(reference, loosely):
    assert normalize_reference(loosely(reference)) == reference


@given(st.text(max_size=30))
def test_anything_typed_is_a_reference_or_nothing(text):
    found = normalize_reference(text)
    assert found is None or (len(found) == 9 and normalize_reference(found) == found)


LANGUAGE_TAG = st.one_of(st.sampled_from(["en", "id", "en-GB", "id-ID", "fr", "ms", "*", ""]),
                         st.text(max_size=12))
ACCEPT = st.lists(st.tuples(LANGUAGE_TAG, st.one_of(st.none(), st.floats(allow_nan=True),
                                                    st.text(max_size=5))), max_size=6).map(
    lambda parts: ", ".join(tag if q is None else f"{tag};q={q}" for tag, q in parts))


@given(st.one_of(st.none(), LANGUAGE_TAG), st.one_of(st.none(), ACCEPT, st.text(max_size=60)))
def test_the_answer_is_always_a_language_we_have(explicit, accept):
    assert pick_language(explicit, accept) in LANGUAGES


@given(st.sampled_from(list(LANGUAGES)), st.one_of(st.none(), ACCEPT))
def test_an_explicit_choice_of_ours_always_wins(chosen, accept):
    assert pick_language(chosen, accept) == chosen
    assert pick_language(f" {chosen.upper()} ", accept) == chosen


@given(st.sampled_from(list(LANGUAGES)), ACCEPT)
def test_a_language_the_browser_prefers_most_is_taken(language, rest):
    assert pick_language(None, f"{language};q=1, {rest}".rstrip(", ")) in LANGUAGES
    assert pick_language(None, f"xx;q=0.9, {language}") == language
