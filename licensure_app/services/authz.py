"""Who the signed-in user is and what they may do (checked on the server for every action)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    District,
    DistrictDesignee,
    EducatorProfile,
)


@dataclass(frozen=True)
class Principal:
    """The signed-in account as the rules see it. Never sent to the browser."""

    account_id: int
    email: str
    display_name: str
    role: str
    roles: frozenset[str]
    # Districts whose applicants this account may approve (superintendent or designee).
    approver_district_ids: frozenset[int]
    superintendent_of: int | None
    profile_id: int | None

    def has_any(self, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles & set(roles))

    def may_act_for_district(self, district_id: int | None) -> bool:
        if ROLE_STATE_STAFF in self.roles:
            return True
        return district_id is not None and district_id in self.approver_district_ids


def principal_for(session: Session, account: Account) -> Principal:
    roles = {account.role}
    approver_districts: set[int] = set()
    superintendent_of = session.exec(
        select(District.id).where(District.superintendent_account_id == account.id)
    ).first()
    if superintendent_of is not None:
        approver_districts.add(superintendent_of)
    if account.role == ROLE_DISTRICT_APPROVER and account.district_id is not None:
        approver_districts.add(account.district_id)
    designated = session.exec(
        select(DistrictDesignee.district_id).where(
            DistrictDesignee.account_id == account.id,
            DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    approver_districts.update(designated)
    if approver_districts:
        roles.add(ROLE_DISTRICT_APPROVER)
    profile_id = None
    if account.role == ROLE_EDUCATOR:
        profile_id = session.exec(
            select(EducatorProfile.id).where(EducatorProfile.account_id == account.id)
        ).first()
    return Principal(
        account_id=account.id or 0,
        email=account.email,
        display_name=account.display_name or account.email,
        role=account.role,
        roles=frozenset(roles),
        approver_district_ids=frozenset(approver_districts),
        superintendent_of=superintendent_of,
        profile_id=profile_id,
    )
