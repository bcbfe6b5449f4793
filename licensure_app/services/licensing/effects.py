"""What an approved application does to the applicant's licenses.

Each application type names its effect (`ApplicationType.effect` in
`domain.application_types`); this module maps that name to the function applying it
(`@effect("renew")` registers one). An effect runs inside the approver's savepoint: it
changes the license with a guarded UPDATE (no lost update), writes the audit event and
returns a sentence saying what changed, or raises `NotApplied` to undo the decision.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain import endorsements, renewal
from licensure_app.domain.application_types import TYPES
from licensure_app.domain.formatting import article, format_date
from licensure_app.domain.rules import Rules
from licensure_app.models import Application, Endorsement, License
from licensure_app.services import audit
from licensure_app.services.rules import rules_for_license

from ..applications.answers import Answers

# What each license-issuing type issues. Class by degree (SPEC §2: A, AA, AAA, AAAA by degree).
NEW_LICENSE_TYPES: dict[str, str] = {
    "initial": "Standard",
    "administrator": "Administrator",
    "student_services": "Student Services",
    "substitute": "Substitute",
    "speech_language_pathologist": "Speech-Language Pathologist",
    "out_of_state": "Standard",
    "provisional": "Provisional",
}
CLASS_BY_DEGREE = {"Bachelor's": "A", "Master's": "AA", "Specialist": "AAA", "Doctorate": "AAAA"}


class NotApplied(Exception):
    """The effect cannot be applied; carries the reason the approver reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Approval:
    """Everything an effect may look at."""

    session: Session
    application: Application
    actor: audit.Actor
    today: date
    answers: Answers
    rules: Rules


Effect = Callable[[Approval], str]
EFFECTS: dict[str, Effect] = {}


def effect(name: str) -> Callable[[Effect], Effect]:
    """Register the function applying the effect `name`."""

    def register(fn: Effect) -> Effect:
        EFFECTS[name] = fn
        return fn

    return register


def apply(session: Session, application: Application, actor: audit.Actor, today: date) -> str:
    """Apply what the approved application grants; returns a sentence saying what changed."""
    definition = TYPES[application.app_type]
    apply_effect = EFFECTS.get(definition.effect)
    if apply_effect is None:
        raise NotApplied(
            f"Approving {article(definition.title.lower())} application is not supported."
        )
    # The rules in force for the cycle of the license it concerns (today's without one).
    lic = session.get(License, application.license_id) if application.license_id else None
    rules = rules_for_license(session, lic)
    return apply_effect(
        Approval(session, application, actor, today, Answers.of(application), rules)
    )


# ---------------------------------------------------------------- helpers


def _target_license(session: Session, application: Application) -> License:
    lic = session.get(License, application.license_id) if application.license_id else None
    if lic is None:
        raise NotApplied("The license of this application no longer exists.")
    return lic


def _guarded_license_update(
    session: Session, lic: License, guard: dict[str, Any], values: dict[str, Any]
) -> None:
    """UPDATE the license only if it still holds `guard` (no lost update)."""
    conditions = [col(License.id) == lic.id] + [getattr(License, k) == v for k, v in guard.items()]
    result = session.exec(
        update(License)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise NotApplied(f"License {lic.license_number} changed meanwhile. Reload and try again.")
    session.expire(lic)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _period_from(start: date, years: int) -> tuple[date, date]:
    return start, _years_after(start, years) - timedelta(days=1)


# ---------------------------------------------------------------- effects on a held license


@effect("renew")
def renew(a: Approval) -> str:
    """A new validity period after the current one (the district's approval of a renewal)."""
    lic = _target_license(a.session, a.application)
    if lic.status not in ("active", "expired"):
        raise NotApplied(f"License {lic.license_number} is {lic.status}, so it cannot be renewed.")
    before = {"valid_from": lic.valid_from, "expires_on": lic.expires_on, "status": lic.status}
    valid_from, expires_on = renewal.next_validity_period(lic.expires_on, a.rules)
    after = {"valid_from": valid_from, "expires_on": expires_on, "status": "active"}
    # Approved before the current period ends: the license stays valid under it until the
    # renewed period begins, so keep it to show (and to verify) in the meantime.
    early = a.today <= lic.expires_on and lic.status == "active"
    prior = {
        "prior_valid_from": lic.valid_from if early else None,
        "prior_expires_on": lic.expires_on if early else None,
    }
    # Guarded by the old expiry: of two renewals of one license at once, exactly one applies.
    _guarded_license_update(
        a.session, lic, {"expires_on": before["expires_on"]}, {**after, **prior}
    )
    audit.record(
        a.session,
        a.actor,
        "license.renewed",
        "license",
        lic.id,
        before=before,
        after={**after, **prior, "application_id": a.application.id},
    )
    return f"License {lic.license_number} is renewed until {format_date(expires_on)}."


@effect("upgrade")
def upgrade(a: Approval) -> str:
    lic = _target_license(a.session, a.application)
    target = a.answers.question("target_class")
    if target not in CLASS_BY_DEGREE.values():
        raise NotApplied("The application does not name a valid class to upgrade to.")
    before = {"license_class": lic.license_class}
    _guarded_license_update(a.session, lic, before, {"license_class": target})
    audit.record(
        a.session,
        a.actor,
        "license.upgraded",
        "license",
        lic.id,
        before=before,
        after={"license_class": target, "application_id": a.application.id},
    )
    return f"License {lic.license_number} is now Class {target}."


@effect("reactivate")
def reactivate(a: Approval) -> str:
    lic = _target_license(a.session, a.application)
    years = int(a.rules.setting("standard_validity_years"))
    valid_from, expires_on = _period_from(a.today, years)
    before = {"valid_from": lic.valid_from, "expires_on": lic.expires_on, "status": lic.status}
    _guarded_license_update(
        a.session,
        lic,
        {"expires_on": lic.expires_on},
        {
            "valid_from": valid_from,
            "expires_on": expires_on,
            "status": "active",
            "prior_valid_from": None,
            "prior_expires_on": None,
        },
    )
    audit.record(
        a.session,
        a.actor,
        "license.reactivated",
        "license",
        lic.id,
        before=before,
        after={
            "valid_from": valid_from,
            "expires_on": expires_on,
            "status": "active",
            "application_id": a.application.id,
        },
    )
    return f"License {lic.license_number} is active again, valid until {format_date(expires_on)}."


@effect("extend")
def extend(a: Approval) -> str:
    lic = _target_license(a.session, a.application)
    new_expiry = _years_after(lic.expires_on, int(a.rules.setting("extension_years")))
    before = {"expires_on": lic.expires_on}
    _guarded_license_update(a.session, lic, before, {"expires_on": new_expiry})
    audit.record(
        a.session,
        a.actor,
        "license.extended",
        "license",
        lic.id,
        before=before,
        after={"expires_on": new_expiry, "application_id": a.application.id},
    )
    return f"License {lic.license_number} is extended until {format_date(new_expiry)}."


@effect("add_endorsement")
def add_endorsement(a: Approval) -> str:
    lic = _target_license(a.session, a.application)
    subject = " ".join(a.answers.question("endorsement_subject").split())[:120]
    span = a.answers.question("grade_span")[:20]
    if not subject or not span:
        raise NotApplied("The application does not name the endorsement's subject and grade span.")
    exists = a.session.exec(
        select(Endorsement.id).where(
            Endorsement.license_id == lic.id,
            func.lower(Endorsement.subject) == subject.lower(),
            Endorsement.grade_span == span,
        )
    ).first()
    if exists:
        return f"License {lic.license_number} already has the endorsement {subject} ({span})."
    code = endorsements.code_for(subject)
    row = Endorsement(license_id=lic.id or 0, code=code, subject=subject, grade_span=span)
    a.session.add(row)
    a.session.flush()
    audit.record(
        a.session,
        a.actor,
        "license.endorsement_added",
        "license",
        lic.id,
        after={
            "endorsement": f"{code} {subject} ({span})",
            "endorsement_id": row.id,
            "application_id": a.application.id,
        },
    )
    return f"License {lic.license_number} now carries the endorsement {subject} ({span})."


# ---------------------------------------------------------------- a new license


def new_license_number(session: Session) -> str:
    """A random unused 7-digit number (the unique index settles any race)."""
    while True:
        candidate = str(1_000_000 + secrets.randbelow(9_000_000))
        if not session.exec(select(License.id).where(License.license_number == candidate)).first():
            return candidate


def _insert_new_license(session: Session, **fields: Any) -> License:
    """Add a license with `fields` under a fresh number (another is drawn if the number was
    taken a moment ago)."""
    for _ in range(5):
        lic = License(license_number=new_license_number(session), **fields)
        try:
            with session.begin_nested():
                session.add(lic)
                session.flush()
            return lic
        except IntegrityError:  # the number was taken a moment ago: draw another
            continue
    raise NotApplied("No license number could be assigned. Try again.")  # pragma: no cover


@effect("issue_license")
def issue_license(a: Approval) -> str:
    application = a.application
    license_type = NEW_LICENSE_TYPES[application.app_type]
    license_class = CLASS_BY_DEGREE.get(a.answers.question("highest_degree"), "A")
    key = (
        "provisional_validity_years" if license_type == "Provisional" else "standard_validity_years"
    )
    valid_from, expires_on = _period_from(a.today, int(a.rules.setting(key)))
    lic = _insert_new_license(
        a.session,
        holder_id=application.applicant_id,
        license_type=license_type,
        license_class=license_class,
        first_issued=valid_from,
        valid_from=valid_from,
        expires_on=expires_on,
        status="active",
    )
    subject = " ".join(a.answers.question("subject_area").split())[:120]
    if subject:
        a.session.add(
            Endorsement(
                license_id=lic.id or 0,
                code=endorsements.code_for(subject),
                subject=subject,
                grade_span="",
            )
        )
    a.session.exec(
        update(Application)
        .where(col(Application.id) == application.id)
        .values(license_id=lic.id)
        .execution_options(synchronize_session=False)
    )
    audit.record(
        a.session,
        a.actor,
        "license.issued",
        "license",
        lic.id,
        after={
            "license_number": lic.license_number,
            "license_type": license_type,
            "license_class": license_class,
            "valid_from": valid_from,
            "expires_on": expires_on,
            "status": "active",
            "application_id": application.id,
        },
    )
    return (
        f"{license_type} license {lic.license_number} (Class {license_class}) is issued, valid "
        f"until {format_date(expires_on)}."
    )
