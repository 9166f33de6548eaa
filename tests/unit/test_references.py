"""References (read aloud, typo-checked) and access codes (secret, stored as a hash)."""

from __future__ import annotations

import re
import string

import pytest
from gerbang import references
from gerbang.references import (
    ALPHABET,
    access_code_matches,
    hash_access_code,
    new_access_code,
    new_reference,
    normalize_reference,
)

REFERENCE = re.compile(r"^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$")
CROCKFORD = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_alphabet_has_no_look_alikes():
    assert not set(ALPHABET) & set("01ILOU")
    assert len(set(ALPHABET)) == len(ALPHABET) == 30


def test_generated_references_have_the_readable_shape():
    for _ in range(500):
        ref = new_reference()
        assert REFERENCE.match(ref), ref
        # ... and pass their own check character.
        assert normalize_reference(ref) == ref


def test_generated_references_vary():
    assert len({new_reference() for _ in range(200)}) == 200


@pytest.mark.parametrize("typed", ["{a}{b}", "{a}-{b}", " {a} {b} ", "{la}-{lb}", "{la}{lb}",
                                   "{a}  -  {b}", "{la} {b}"])
def test_normalize_accepts_lower_case_spaces_and_a_missing_dash(typed):
    ref = new_reference()
    a, b = ref.split("-")
    text = typed.format(a=a, b=b, la=a.lower(), lb=b.lower())
    assert normalize_reference(text) == ref


@pytest.mark.parametrize("text", ["", "ABCD", "ABCD-EFGH-JKMN", "ABCD-EFG", "0BCD-EFGH",
                                  "IBCD-EFGH", "UBCD-EFGH"])
def test_normalize_rejects_wrong_length_and_look_alikes(text):
    assert normalize_reference(text) is None


def _valid_references(count: int) -> list[str]:
    # A fixed, deterministic set plus a few random ones.
    fixed = []
    for body in ("2222222", "ZZZZZZZ", "7KQ4M2X", "ABCDEFG", "9H3NPTW"):
        fixed.append(body + references._check_char(body))
    randoms = [new_reference().replace("-", "") for _ in range(count)]
    return [f"{r[:4]}-{r[4:]}" for r in fixed + randoms]


@pytest.mark.parametrize("ref", _valid_references(5))
def test_every_single_character_substitution_is_caught(ref):
    # Given a valid reference, when any one of its 8 characters is replaced by any other
    # character of the alphabet, then the check character rejects it.
    assert normalize_reference(ref) == ref
    raw = ref.replace("-", "")
    tried = 0
    for position in range(len(raw)):
        for char in ALPHABET:
            if char == raw[position]:
                continue
            typo = raw[:position] + char + raw[position + 1:]
            assert normalize_reference(typo) is None, (ref, typo)
            tried += 1
    assert tried == 8 * 29


def test_most_adjacent_swaps_are_caught():
    ref = "7KQ4M2X" + references._check_char("7KQ4M2X")
    for i in range(len(ref) - 1):
        if ref[i] == ref[i + 1]:
            continue
        swapped = ref[:i] + ref[i + 1] + ref[i] + ref[i + 2:]
        assert normalize_reference(swapped) is None, swapped


def test_access_codes_carry_at_least_128_bits():
    code = new_access_code()
    chars = code.replace("-", "")
    assert len(chars) == 26  # 26 x 5 bits = 130 bits
    assert set(chars) <= CROCKFORD
    assert all(len(group) == 4 for group in code.split("-")[:-1])


def test_access_codes_use_every_position():
    # Every one of the 26 positions varies: no position is stuck (a bit-shift mistake
    # would leave the top characters constant).
    codes = [new_access_code().replace("-", "") for _ in range(300)]
    for position in range(26):
        assert len({c[position] for c in codes}) > 8, position
    assert len(set(codes)) == len(codes)


def test_hash_is_hex_sha256_and_never_the_code():
    code = new_access_code()
    digest = hash_access_code(code)
    assert len(digest) == 64 and set(digest) <= set(string.hexdigits.lower())
    assert digest != code
    assert code not in digest and code.replace("-", "") not in digest


def test_the_same_code_hashes_the_same_and_different_codes_differ():
    a, b = new_access_code(), new_access_code()
    assert hash_access_code(a) == hash_access_code(a)
    assert hash_access_code(a) != hash_access_code(b)


def test_access_code_matches_forgives_dashes_lower_case_and_o_for_zero():
    code = "0123-4567-89AB-CDEF-GHJK-MNPQ-RS"
    stored = hash_access_code(code)
    assert access_code_matches(code, stored)
    assert access_code_matches(code.replace("-", ""), stored)
    assert access_code_matches(code.lower(), stored)
    assert access_code_matches(" " + code.replace("-", " ") + " ", stored)
    assert access_code_matches(code.replace("0", "O"), stored)
    assert access_code_matches(code.replace("0", "o").lower(), stored)
    assert access_code_matches(code.replace("1", "I"), stored)
    assert access_code_matches(code.replace("1", "l"), stored)


def test_access_code_matches_rejects_a_wrong_code_and_a_missing_hash():
    code = new_access_code()
    stored = hash_access_code(code)
    assert not access_code_matches(new_access_code(), stored)
    assert not access_code_matches(code[:-1], stored)
    assert not access_code_matches(code, None)
    assert not access_code_matches("", None)
    assert not access_code_matches("", stored)
    # The "nothing stored" placeholder must not be reachable with some code.
    assert not access_code_matches(code, "0" * 64)
