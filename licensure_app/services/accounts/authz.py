"""Who the signed-in user is and what they may do (checked on the server for every action)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    ROLE_EDUCATOR,
    ROLE_STATE_STAFF,
    Account,
    District,
    DistrictDesignee,
    EducatorProfile,
)

# Roles that act only in a session whose sign-in passed the one-time code.
ROLES_NEEDING_CODE = frozenset({ROLE_DISTRICT_APPROVER, ROLE_STATE_STAFF})


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
    # The sign-in behind this principal passed the one-time code.
    second_factor: bool = False

    def has_any(self, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles & set(roles))

    def may_act_for_district(self, district_id: int | None) -> bool:
        if ROLE_STATE_STAFF in self.roles:
            return True
        return district_id is not None and district_id in self.approver_district_ids


def principal_for(session: Session, account: Account) -> Principal:
    """Every role the account holds, as a sign-in that passed the one-time code would get."""
    superintendent_of = session.exec(
        select(District.id).where(District.superintendent_account_id == account.id)
    ).first()
    designated = session.exec(
        select(DistrictDesignee.district_id).where(
            DistrictDesignee.account_id == account.id,
            DistrictDesignee.revoked_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    profile_id = None
    if account.role == ROLE_EDUCATOR:
        profile_id = session.exec(
            select(EducatorProfile.id).where(EducatorProfile.account_id == account.id)
        ).first()
    return build_principal(
        account_id=account.id or 0,
        email=account.email,
        display_name=account.display_name,
        role=account.role,
        district_id=account.district_id,
        superintendent_of=superintendent_of,
        designated=designated,
        profile_id=profile_id,
        second_factor=True,
    )


def build_principal(
    *,
    account_id: int,
    email: str,
    display_name: str,
    role: str,
    district_id: int | None,
    superintendent_of: int | None,
    designated: Iterable[int],
    profile_id: int | None,
    second_factor: bool,
) -> Principal:
    """The principal from what principal_for reads (accounts.check_session reads it in one go).

    Without `second_factor` (a session whose sign-in never passed the one-time code: an
    educator designated, or an account given the staff role, while signed in), the
    approver and staff roles are left out: they take effect in the next session that
    passes the code.
    """
    roles = {role}
    approver_districts: set[int] = set(designated)
    if superintendent_of is not None:
        approver_districts.add(superintendent_of)
    if role == ROLE_DISTRICT_APPROVER and district_id is not None:
        approver_districts.add(district_id)
    if approver_districts:
        roles.add(ROLE_DISTRICT_APPROVER)
    if not second_factor:
        roles -= ROLES_NEEDING_CODE
        approver_districts.clear()
        superintendent_of = None
    return Principal(
        account_id=account_id,
        email=email,
        display_name=display_name or email,
        role=role,
        roles=frozenset(roles),
        approver_district_ids=frozenset(approver_districts),
        superintendent_of=superintendent_of,
        profile_id=profile_id if role == ROLE_EDUCATOR else None,
        second_factor=second_factor,
    )
