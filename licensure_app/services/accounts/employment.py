"""The educator's employing district (SPEC §1: it decides which superintendent approves).

An educator asks to change it; the change waits until the new district's superintendent
or a designee (or state staff) confirms it, so nobody moves themselves into a district's
staff. State staff can also set it directly. Every step is audited in the caller's
transaction, and the old and new superintendents are told.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain.formatting import format_time, full_name
from licensure_app.infra import clock
from licensure_app.models import ROLE_STATE_STAFF, District, EducatorProfile, StaffChange
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts.authz import Principal

NO_DISTRICT = "No district"


@dataclass(frozen=True)
class Employment:
    """What /profile shows: the district now, and a change waiting for confirmation."""

    district: str
    pending_to: str  # "" when nothing waits
    pending_since: str


@dataclass(frozen=True)
class StaffChangeRow:
    change_id: int
    educator: str
    educator_number: str
    from_district: str
    to_district: str
    requested: str


def district_names(session: Session) -> list[tuple[int, str]]:
    return [(d.id or 0, d.name) for d in session.exec(select(District).order_by(District.name))]


def _name(session: Session, district_id: int | None) -> str:
    district = session.get(District, district_id) if district_id else None
    return district.name if district else NO_DISTRICT


def employment(session: Session, profile_id: int) -> Employment:
    profile = session.get(EducatorProfile, profile_id)
    pending = _pending(session, profile_id)
    return Employment(
        district=_name(session, profile.employing_district_id if profile else None),
        pending_to=_name(session, pending.to_district_id) if pending else "",
        pending_since=format_time(clock.local(pending.requested_at)) if pending else "",
    )


def _pending(session: Session, profile_id: int) -> StaffChange | None:
    return session.exec(
        select(StaffChange).where(
            StaffChange.profile_id == profile_id, StaffChange.status == "pending"
        )
    ).first()


def _cancel_pending(session: Session, profile_id: int) -> None:
    """A newer request or the state office's own change replaces a waiting request."""
    waiting = _pending(session, profile_id)
    if waiting is not None:
        waiting.status = "cancelled"
        session.add(waiting)
        session.flush()


def _tell_superintendents(session: Session, district_ids: set[int | None], text: str) -> None:
    for district_id in district_ids:
        district = session.get(District, district_id) if district_id else None
        if district and district.superintendent_account_id:
            notifications.notify(session, district.superintendent_account_id, text, routes.DISTRICT)


def request_change(session: Session, actor: audit.Actor, profile_id: int, district_id: int) -> str:
    """The educator asks to move to `district_id`; "" or what is wrong (nothing written)."""
    profile = session.get(EducatorProfile, profile_id)
    if profile is None or session.get(District, district_id) is None:
        return "Choose one of the districts listed."
    if profile.employing_district_id == district_id:
        return "That is already your employing district."
    _cancel_pending(session, profile_id)
    change = StaffChange(
        profile_id=profile_id,
        from_district_id=profile.employing_district_id,
        to_district_id=district_id,
    )
    session.add(change)
    session.flush()
    audit.record(
        session,
        actor,
        "staff_change.requested",
        "educator_profile",
        profile_id,
        {"employing_district_id": profile.employing_district_id},
        {"requested_district_id": district_id, "staff_change_id": change.id},
    )
    name = full_name(profile.first_name, profile.middle_name, profile.last_name)
    _tell_superintendents(
        session,
        {district_id},
        f"{name} asks to be confirmed as staff of {_name(session, district_id)}.",
    )
    return ""


def waiting_changes(session: Session, principal: Principal) -> list[StaffChangeRow]:
    """The changes waiting for this approver's districts (every district for state staff)."""
    query = select(StaffChange, EducatorProfile).join(
        EducatorProfile, col(EducatorProfile.id) == col(StaffChange.profile_id)
    )
    query = query.where(StaffChange.status == "pending")
    if ROLE_STATE_STAFF not in principal.roles:
        query = query.where(col(StaffChange.to_district_id).in_(principal.approver_district_ids))
    rows = session.exec(query.order_by(col(StaffChange.requested_at)).limit(200)).all()
    return [
        StaffChangeRow(
            change_id=change.id or 0,
            educator=full_name(p.first_name, p.middle_name, p.last_name),
            educator_number=p.educator_number,
            from_district=_name(session, change.from_district_id),
            to_district=_name(session, change.to_district_id),
            requested=format_time(clock.local(change.requested_at)),
        )
        for change, p in rows
    ]


def _move(
    session: Session, actor: audit.Actor, profile: EducatorProfile, district_id: int | None
) -> None:
    before = profile.employing_district_id
    profile.employing_district_id = district_id
    profile.updated_at = utcnow()
    session.add(profile)
    audit.record(
        session,
        actor,
        "educator.employing_district_changed",
        "educator_profile",
        profile.id,
        {"employing_district_id": before},
        {"employing_district_id": district_id},
    )
    name = full_name(profile.first_name, profile.middle_name, profile.last_name)
    _tell_superintendents(
        session,
        {before, district_id},
        f"{name} is now staff of {_name(session, district_id)} (before: {_name(session, before)}).",
    )
    if profile.account_id:
        notifications.notify(
            session,
            profile.account_id,
            f"Your employing district is now {_name(session, district_id)}.",
            routes.PROFILE,
        )


def decide_change(
    session: Session, principal: Principal, actor: audit.Actor, change_id: int, confirm: bool
) -> str:
    """Confirm or decline a waiting change; "" or why not (nothing written)."""
    change = session.get(StaffChange, change_id)
    if change is None or change.status != "pending":
        return "This request has already been decided or withdrawn."
    if not principal.may_act_for_district(change.to_district_id):
        audit.record(session, actor, "access.refused", "staff_change", change_id)
        return "Only the new district's approvers or the state office can decide this."
    if principal.profile_id == change.profile_id:
        audit.record(session, actor, "access.refused", "staff_change", change_id)
        return "Nobody decides their own request."
    profile = session.get(EducatorProfile, change.profile_id)
    if profile is None:
        return "This request has already been decided or withdrawn."
    change.status = "confirmed" if confirm else "declined"
    change.decided_by_id, change.decided_at = actor.account_id, utcnow()
    session.add(change)
    audit.record(
        session,
        actor,
        f"staff_change.{change.status}",
        "staff_change",
        change_id,
        {"status": "pending"},
        {"status": change.status},
    )
    if confirm:
        _move(session, actor, profile, change.to_district_id)
    elif profile.account_id:
        notifications.notify(
            session,
            profile.account_id,
            f"{_name(session, change.to_district_id)} did not confirm you as staff; "
            "your employing district is unchanged.",
            routes.PROFILE,
        )
    return ""


def set_district(
    session: Session, principal: Principal, actor: audit.Actor, profile_id: int, district_id: int
) -> str:
    """State staff set the employing district directly (a waiting request is cancelled)."""
    if ROLE_STATE_STAFF not in principal.roles:
        audit.record(session, actor, "access.refused", "educator_profile", profile_id)
        return "Only the state office can set the employing district."
    profile = session.get(EducatorProfile, profile_id)
    if profile is None or session.get(District, district_id) is None:
        return "Choose one of the districts listed."
    if profile.employing_district_id == district_id:
        return "That is already the employing district."
    _cancel_pending(session, profile_id)
    _move(session, actor, profile, district_id)
    return ""
