"""Designees: accounts a superintendent lets approve for the district (SPEC §1).

Only the district's superintendent grants and revokes, each change audited. A revoked
grant is kept (with its revocation time) as history; the principal of a designee is
rebuilt on every event, so a revocation takes effect at the designee's next action.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app import routes
from licensure_app.domain.formatting import format_date
from licensure_app.infra import clock
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    Account,
    District,
    DistrictDesignee,
    EducatorProfile,
)
from licensure_app.models._base import utcnow
from licensure_app.services import audit, notifications
from licensure_app.services.accounts import normalise_email
from licensure_app.services.accounts.authz import Principal

NOT_SUPERINTENDENT = "Only the district's superintendent can change its designees."
NO_SUCH_ACCOUNT = (
    "There is no active account with that email in your district. The person must register "
    "first, with your district as their employing district."
)


@dataclass(frozen=True)
class DesigneeView:
    designee_id: int
    name: str
    email: str
    granted_on: str


@dataclass(frozen=True)
class DesigneeResult:
    ok: bool
    message: str


def designees_for(session: Session, principal: Principal) -> list[DesigneeView]:
    """The active designees of the principal's district (empty unless superintendent)."""
    district_id = principal.superintendent_of
    if district_id is None:
        return []
    rows = session.exec(
        select(DistrictDesignee, Account)
        .join(Account, col(Account.id) == col(DistrictDesignee.account_id))
        .where(
            DistrictDesignee.district_id == district_id,
            col(DistrictDesignee.revoked_at).is_(None),
        )
        .order_by(col(DistrictDesignee.granted_at))
    ).all()
    return [
        DesigneeView(
            designee_id=d.id or 0,
            name=a.display_name or a.email,
            email=a.email,
            granted_on=format_date(clock.local(d.granted_at).date()),
        )
        for d, a in rows
    ]


def _belongs_to_district(session: Session, account: Account, district_id: int) -> bool:
    """An approver account of the district, or an educator the district employs."""
    if account.role == ROLE_DISTRICT_APPROVER:
        return account.district_id == district_id
    if account.role == ROLE_EDUCATOR:
        employer = session.exec(
            select(EducatorProfile.employing_district_id).where(
                EducatorProfile.account_id == account.id
            )
        ).first()
        return employer == district_id
    return False


def grant(session: Session, principal: Principal, actor: audit.Actor, email: str) -> DesigneeResult:
    """Give an account of the district approver rights (superintendent only)."""
    district_id = principal.superintendent_of
    if district_id is None:
        audit.record(session, actor, "access.refused", "district", "", after={"action": "grant"})
        return DesigneeResult(False, NOT_SUPERINTENDENT)
    address = normalise_email(email)
    if not address:
        return DesigneeResult(False, "Enter the email of the account to designate.")
    account = session.exec(select(Account).where(Account.email == address)).first()
    if (
        account is None
        or not account.is_active
        or not _belongs_to_district(session, account, district_id)
    ):
        return DesigneeResult(False, NO_SUCH_ACCOUNT)
    if account.id == principal.account_id:
        return DesigneeResult(False, "As superintendent you already approve for the district.")
    row = DistrictDesignee(
        district_id=district_id, account_id=account.id or 0, granted_by_id=principal.account_id
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return DesigneeResult(False, f"{account.email} is already a designee.")
    audit.record(
        session,
        actor,
        "designee.granted",
        "district",
        district_id,
        after={"account_id": account.id, "email": account.email, "designee_id": row.id},
    )
    district = session.get(District, district_id)
    notifications.notify(
        session,
        account.id or 0,
        f"You may now approve applications for {district.name if district else 'the district'}.",
        routes.APPROVALS,
    )
    return DesigneeResult(True, f"{account.email} can now approve applications for the district.")


def revoke(
    session: Session, principal: Principal, actor: audit.Actor, designee_id: int
) -> DesigneeResult:
    """End a designee's rights (superintendent of that district only)."""
    district_id = principal.superintendent_of
    row = session.get(DistrictDesignee, designee_id) if designee_id else None
    if district_id is None or row is None or row.district_id != district_id:
        audit.record(
            session,
            actor,
            "access.refused",
            "district_designee",
            designee_id,
            after={"action": "revoke"},
        )
        return DesigneeResult(False, NOT_SUPERINTENDENT if district_id is None else "Not found.")
    # Conditional: a second click revokes nothing more.
    result = session.exec(
        update(DistrictDesignee)
        .where(
            col(DistrictDesignee.id) == designee_id,
            col(DistrictDesignee.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return DesigneeResult(False, "That designation was already revoked.")
    account = session.get(Account, row.account_id)
    email = account.email if account else ""
    audit.record(
        session,
        actor,
        "designee.revoked",
        "district",
        district_id,
        before={"account_id": row.account_id, "email": email, "designee_id": designee_id},
    )
    return DesigneeResult(True, f"{email} can no longer approve applications for the district.")
