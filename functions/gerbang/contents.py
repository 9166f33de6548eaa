"""What an accepted file says, once `gerbang.verification` has passed its bytes: a passport
page's machine-readable zone beside the form, a portrait checked as at the counter, and the
fraud signals both raise. Only the verifier imports this (OCR and OpenCV live in its image).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gerbang import fraud
from gerbang.catalog import DocumentKind, load_catalog
from gerbang.passport import compare
from gerbang.records import FraudSignal, PassportReading
from gerbang.store import Record
from gerbang.verification import Verdict


@dataclass
class Contents:
    reason: str | None = None  # a refusal with what to do (a portrait that would not pass)
    params: dict[str, Any] = field(default_factory=dict)
    passport: PassportReading | None = None
    photo: dict[str, float] | None = None
    face_hash: str | None = None
    signals: list[FraudSignal] = field(default_factory=list)


def _image(verdict: Verdict) -> Any:
    from PIL import Image

    with Image.open(io.BytesIO(verdict.clean or b"")) as image:
        return image.convert("RGB")


def read_contents(rules: DocumentKind, record: Record, verdict: Verdict, data: bytes
                  ) -> Contents:
    """Read what `verdict` (accepted) holds, for the application in `record`."""
    app = record.application
    found = Contents()
    if rules.machine_readable_zone:
        from gerbang.mrz_reader import read_mrz, read_mrz_pdf

        reading = read_mrz_pdf(data) if verdict.content_type == "application/pdf" \
            else read_mrz(_image(verdict))
        service = load_catalog().service(app.service)
        assert service is not None
        found.passport = compare(reading, app.applicant, service,
                                 date.fromisoformat(app.created_at[:10]))
        found.signals += fraud.passport_signals(app.reference, app.applicant, found.passport)
    if rules.portrait is not None and verdict.content_type != "application/pdf":
        from gerbang.photo_checks import PhotoRules, check_photo, face_hash

        image = _image(verdict)
        check = check_photo(image, PhotoRules.from_catalog(rules.portrait))
        found.photo = {k: round(float(v), 3) for k, v in check.measures.items()}
        if check.reason:
            found.reason, found.params = check.reason, check.params
        elif check.face is not None:
            found.face_hash = face_hash(image, check.face)
            found.signals += fraud.face_signals(app.reference, app.applicant, found.face_hash)
    return found
