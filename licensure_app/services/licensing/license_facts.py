"""Small facts about licenses that several views share: the number as people type it, and
endorsement labels."""

from __future__ import annotations

from sqlmodel import Session, col, select

from licensure_app.models import Endorsement

LICENSE_NUMBER_MAX = 16


def normalise_license_number(value: str) -> str:
    """'100 200 ' -> '100200': people copy numbers with spaces or dashes."""
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def endorsement_label(e: Endorsement) -> str:
    return f"{e.code} {e.subject} ({e.grade_span})"


def endorsements_by_license(session: Session, license_ids: list[int]) -> dict[int, list[str]]:
    """Endorsement labels per license, in one query."""
    result: dict[int, list[str]] = {i: [] for i in license_ids}
    if not license_ids:
        return result
    rows = session.exec(
        select(Endorsement)
        .where(col(Endorsement.license_id).in_(license_ids))
        .order_by(col(Endorsement.license_id), col(Endorsement.code))
    ).all()
    for e in rows:
        result[e.license_id].append(endorsement_label(e))
    return result
