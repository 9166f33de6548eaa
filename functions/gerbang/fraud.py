"""Fraud signals: what officers should look at twice, with the reason and the other
applications concerned. None of them refuses anything or is ever shown to the applicant;
each is counted once a day per upload (`GET /api/officer/fraud-signals`) and as a metric.

- duplicate_file: the very same bytes were uploaded with another application.
- passport_other_identity: another application gave this passport number with another
  name or date of birth.
- same_face_other_applicant: the photo's face is (nearly) the face of another applicant's
  photo, by perceptual hash.
- mrz_check_digits: the passport page's machine-readable zone does not add up (a misread
  can do this too: the officer compares the page).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from gerbang import store
from gerbang.catalog import load_catalog
from gerbang.clock import now, today
from gerbang.observability import metrics
from gerbang.passport import mrz_letters
from gerbang.records import Applicant, FraudSignal, PassportReading

CODES = ("duplicate_file", "passport_other_identity", "same_face_other_applicant",
         "mrz_check_digits")
# Bits that may differ between two uploads of one photo and still be the same photo: the
# same photo re-encoded or resized is 0-6 bits away, re-framed 2-10; another person's ~30
# (measured on tools/synthetic_photos.py's corpus).
FACE_DISTANCE = 6
# A 64-bit face hash looked up in 8 bands of 8 bits: two hashes within 7 bits share a band
# for sure (pigeonhole), so every pair within FACE_DISTANCE is compared bit by bit. A band
# value is shared by about 1 applicant in 256: few candidates for an office's volumes.
FACE_BANDS = 8


def identity(applicant: Applicant) -> dict[str, Any]:
    """Who the applicant says they are, only as far as comparing needs: a digest of the
    names' words in MRZ letters in any order (boxes swapped are the same person) and the
    date of birth, never the name itself; kept as long as a decided application is."""
    words = mrz_letters(f"{applicant.given_names} {applicant.family_name or ''}").split()
    name = " ".join(sorted(words)) or applicant.given_names.casefold()
    digest = hashlib.sha256(f"{name}|{applicant.date_of_birth.isoformat()}".encode())
    years = load_catalog().retention.decided_application_years
    return {"identity": digest.hexdigest(),
            "expiration": int((now() + timedelta(days=366 * years)).timestamp())}


def _other_people(others: list[dict[str, Any]], me: dict[str, Any]) -> list[str]:
    return sorted({o["reference"] for o in others if o.get("identity") != me["identity"]})


def passport_signals(reference: str, applicant: Applicant, passport: PassportReading | None
                     ) -> list[FraudSignal]:
    """Register the passport numbers this application gave (typed, and read when the zone's
    check digits hold) and answer what they reveal."""
    signals = []
    me = identity(applicant)
    numbers = {applicant.passport_number} - {None}
    if passport is not None and passport.found and passport.valid:
        numbers |= {f.read for f in passport.fields or [] if f.field == "number" and f.read}
    for number in sorted(numbers):
        others = _other_people(store.register_passport(number, reference, me), me)
        if others:
            signals.append(FraudSignal(code="passport_other_identity", references=others,
                                       params={"number": number}))
    if passport is not None and passport.found and passport.failed_checks:
        signals.append(FraudSignal(code="mrz_check_digits",
                                   params={"checks": passport.failed_checks}))
    return signals


def face_signals(reference: str, applicant: Applicant, face_hash: str) -> list[FraudSignal]:
    from gerbang.photo_checks import hash_distance

    me = identity(applicant)
    width = len(face_hash) // FACE_BANDS
    bands = [face_hash[i * width:(i + 1) * width] for i in range(FACE_BANDS)]
    candidates = store.register_face(bands, reference, face_hash, me)
    near = [c for c in candidates
            if hash_distance(c["face_hash"], face_hash) <= FACE_DISTANCE]
    others = _other_people(near, me)
    return [FraudSignal(code="same_face_other_applicant", references=others)] if others else []


def count(signals: list[FraudSignal], upload: str) -> None:
    """Each signal on today's tally, once for this upload, and as a metric."""
    new = sum(store.count_signal(s.code, upload) for s in signals)
    if new:
        metrics.add_metric(name="FraudSignals", unit="Count", value=new)


def daily_counts(days: int) -> dict[str, Any]:
    """Signals raised per day and code over the last `days` days, newest day first."""
    since = today() - timedelta(days=days - 1)
    per_day: dict[str, dict[str, int]] = {}
    for day, code, signals in store.signal_counts(since.isoformat()):
        per_day.setdefault(day, {})[code] = signals
    return {"days": days, "since": since.isoformat(), "counts": [
        {"date": day, "signals": sum(codes.values()),
         "codes": {code: codes.get(code, 0) for code in CODES}}
        for day, codes in sorted(per_day.items(), reverse=True)]}
