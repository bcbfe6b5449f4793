"""The office's records of one educator as the record page lists them (transcripts,
background checks, assessment scores), and one of them as its correction form starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from licensure_app.domain.formatting import format_date
from licensure_app.models import AssessmentScore, BackgroundCheck, TranscriptRecord

# The kinds of record, as the record page's buttons and forms name them.
TRANSCRIPT = "transcript"
BACKGROUND_CHECK = "background_check"
ASSESSMENT_SCORE = "assessment_score"
KIND_TITLES = {
    TRANSCRIPT: "Transcript received",
    BACKGROUND_CHECK: "Background check",
    ASSESSMENT_SCORE: "Assessment score",
}


@dataclass(frozen=True)
class OfficeRecordRow:
    kind: str
    record_id: int
    on: str
    what: str
    details: str


@dataclass(frozen=True)
class OfficeForm:
    """A record form's starting values (strings, as the inputs hold them); record_id 0 adds
    a new record."""

    kind: str = ""
    record_id: int = 0
    institution: str = ""
    degree: str = ""
    received_on: str = ""
    status: str = ""
    checked_on: str = ""
    assessment: str = ""
    score: str = ""
    passing_score: str = ""
    taken_on: str = ""


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def office_record_rows(session: Session, profile_id: int) -> list[OfficeRecordRow]:
    rows = [
        OfficeRecordRow(
            TRANSCRIPT,
            t.id or 0,
            format_date(t.received_on),
            KIND_TITLES[TRANSCRIPT],
            f"{t.institution} {t.degree}".strip(),
        )
        for t in session.exec(
            select(TranscriptRecord)
            .where(TranscriptRecord.holder_id == profile_id)
            .order_by(col(TranscriptRecord.id))
        )
    ]
    rows += [
        OfficeRecordRow(
            BACKGROUND_CHECK,
            c.id or 0,
            format_date(c.checked_on) if c.checked_on else "",
            KIND_TITLES[BACKGROUND_CHECK],
            c.status.capitalize(),
        )
        for c in session.exec(
            select(BackgroundCheck)
            .where(BackgroundCheck.holder_id == profile_id)
            .order_by(col(BackgroundCheck.id))
        )
    ]
    rows += [
        OfficeRecordRow(
            ASSESSMENT_SCORE,
            a.id or 0,
            format_date(a.taken_on),
            KIND_TITLES[ASSESSMENT_SCORE],
            f"{a.assessment}: {a.score}"
            + (f" (passing {a.passing_score})" if a.passing_score is not None else ""),
        )
        for a in session.exec(
            select(AssessmentScore)
            .where(AssessmentScore.holder_id == profile_id)
            .order_by(col(AssessmentScore.id))
        )
    ]
    return rows


def office_form(session: Session, profile_id: int, kind: str, record_id: int) -> OfficeForm | None:
    """The form for a new record of `kind` (record_id 0) or for correcting one of this
    educator's records; None if there is no such kind or record."""
    if kind not in KIND_TITLES:
        return None
    if not record_id:
        return OfficeForm(kind=kind)
    if kind == TRANSCRIPT:
        t = session.get(TranscriptRecord, record_id)
        if t is None or t.holder_id != profile_id:
            return None
        return OfficeForm(kind, record_id, t.institution, t.degree, _iso(t.received_on))
    if kind == BACKGROUND_CHECK:
        c = session.get(BackgroundCheck, record_id)
        if c is None or c.holder_id != profile_id:
            return None
        return OfficeForm(kind, record_id, status=c.status, checked_on=_iso(c.checked_on))
    a = session.get(AssessmentScore, record_id)
    if a is None or a.holder_id != profile_id:
        return None
    passing = "" if a.passing_score is None else str(a.passing_score)
    return OfficeForm(
        kind, record_id, assessment=a.assessment, score=str(a.score), passing_score=passing,
        taken_on=_iso(a.taken_on),
    )  # fmt: skip
