"""Districts and their superintendents: list, create, rename, delete, and hand a district
to a superintendent. Every change is audited in the caller's transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from licensure_app.domain.names import clean_name
from licensure_app.models import (
    ROLE_DISTRICT_APPROVER,
    Account,
    District,
    DistrictDesignee,
    EducatorProfile,
)
from licensure_app.services import audit
from licensure_app.services.accounts import normalise_email, request_password_reset

from .access import require_staff
from .results import AdminResult

# A hash no password ever matches: a new superintendent sets a password by the reset link.
UNUSABLE_PASSWORD = "!set-by-reset-link"
NOT_FOUND = "That district was not found."


@dataclass(frozen=True)
class DistrictView:
    district_id: int
    code: str
    name: str
    superintendent: str
    superintendent_email: str
    designees: int
    educators: int


def district_views(session: Session) -> list[DistrictView]:
    rows = session.exec(
        select(District, Account)
        .join(Account, col(Account.id) == col(District.superintendent_account_id), isouter=True)
        .order_by(District.code)
    ).all()
    designees = dict(
        session.exec(
            select(DistrictDesignee.district_id, func.count())
            .where(col(DistrictDesignee.revoked_at).is_(None))
            .group_by(DistrictDesignee.district_id)
        ).all()
    )
    educators = dict(
        session.exec(
            select(EducatorProfile.employing_district_id, func.count())
            .where(col(EducatorProfile.employing_district_id).is_not(None))
            .group_by(EducatorProfile.employing_district_id)
        ).all()
    )
    return [
        DistrictView(
            district_id=d.id or 0,
            code=d.code,
            name=d.name,
            superintendent=(a.display_name or a.email) if a else "None",
            superintendent_email=a.email if a else "",
            designees=int(designees.get(d.id, 0)),
            educators=int(educators.get(d.id, 0)),
        )
        for d, a in rows
    ]


def save_district(
    session: Session, actor: audit.Actor, district_id: int, code: str, name: str
) -> AdminResult:
    """Create (district_id 0) or rename a district. Codes are 4 digits and unique."""
    require_staff(actor)
    code, name = code.strip(), clean_name(name)
    errors: dict[str, str] = {}
    if not re.fullmatch(r"\d{4}", code):
        errors["code"] = "Enter the district code: 4 digits, like 0300."
    if not name:
        errors["name"] = "Enter the district's name."
    elif len(name) > 200:
        errors["name"] = "Use at most 200 characters."
    if errors:
        return AdminResult(False, "Check the district's details.", errors)
    if district_id:
        district = session.get(District, district_id)
        if district is None:
            return AdminResult(False, NOT_FOUND)
        before = {"code": district.code, "name": district.name}
        district.code, district.name = code, name
    else:
        district, before = District(code=code, name=name), {}
    try:
        with session.begin_nested():
            session.add(district)
            session.flush()
    except IntegrityError:
        return AdminResult(False, "Check the district's details.", {"code": "Code in use."})
    audit.record(
        session,
        actor,
        "district.updated" if district_id else "district.created",
        "district",
        district.id,
        before=before,
        after={"code": code, "name": name},
    )
    return AdminResult(True, f"District {code} {name} saved.")


def set_superintendent(
    session: Session, actor: audit.Actor, district_id: int, email: str, name: str
) -> AdminResult:
    """Make an approver account the district's superintendent (created if new, with a
    set-password link by e-mail). The previous superintendent loses the district."""
    require_staff(actor)
    district = session.get(District, district_id) if district_id else None
    if district is None:
        return AdminResult(False, NOT_FOUND)
    address = normalise_email(email)
    if not re.fullmatch(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}", address):
        return AdminResult(False, "Check the email.", {"email": "Enter an email address."})
    found = _superintendent_account(session, district, address, name)
    if isinstance(found, AdminResult):
        return found
    account, created = found
    previous_id = _hand_over(session, district, account)
    if created:
        request_password_reset(session, address)
    audit.record(
        session,
        actor,
        "district.superintendent_set",
        "district",
        district.id,
        before={"superintendent_account_id": previous_id},
        after={"superintendent_account_id": account.id, "email": address, "created": created},
    )
    extra = " A link to set a password was e-mailed." if created else ""
    return AdminResult(True, f"{address} is now the superintendent of {district.name}.{extra}")


def _superintendent_account(
    session: Session, district: District, address: str, name: str
) -> tuple[Account, bool] | AdminResult:
    """The approver account that may lead `district` and whether it was created here, or
    why no account with that address can."""
    account = session.exec(select(Account).where(Account.email == address)).first()
    if account is None:
        display = clean_name(name)
        if not display:
            return AdminResult(
                False, "Enter the new superintendent's name.", {"name": "Enter the name."}
            )
        account = Account(
            email=address,
            password_hash=UNUSABLE_PASSWORD,
            role=ROLE_DISTRICT_APPROVER,
            district_id=district.id,
            display_name=display[:200],
        )
        session.add(account)
        session.flush()
        return account, True
    if account.role != ROLE_DISTRICT_APPROVER:
        return AdminResult(
            False,
            "That account belongs to an educator or to state staff; a superintendent needs "
            "an approver account. Use another email.",
            {"email": "Not an approver account."},
        )
    other = session.exec(
        select(District).where(
            District.superintendent_account_id == account.id, District.id != district.id
        )
    ).first()
    if other is not None:
        return AdminResult(
            False,
            f"{address} is already the superintendent of {other.name}.",
            {"email": "Superintendent elsewhere."},
        )
    return account, False


def _hand_over(session: Session, district: District, account: Account) -> int | None:
    """Make `account` the district's superintendent; returns the previous one's id."""
    previous_id = district.superintendent_account_id
    if previous_id and previous_id != account.id:
        previous = session.get(Account, previous_id)
        if previous is not None and previous.district_id == district.id:
            previous.district_id = None  # no longer an approver of this district
            session.add(previous)
    account.district_id = district.id
    district.superintendent_account_id = account.id
    session.add_all([account, district])
    session.flush()
    return previous_id


def delete_district(session: Session, actor: audit.Actor, district_id: int) -> AdminResult:
    """Delete a district nobody refers to (no educators, accounts or applications)."""
    require_staff(actor)
    district = session.get(District, district_id) if district_id else None
    if district is None:
        return AdminResult(False, NOT_FOUND)
    district.superintendent_account_id = None
    session.add(district)
    try:
        with session.begin_nested():
            session.flush()
            session.delete(district)
            session.flush()
    except IntegrityError:
        session.expire_all()
        return AdminResult(
            False,
            f"{district.name} still has educators, accounts or applications: move them first.",
        )
    audit.record(
        session,
        actor,
        "district.deleted",
        "district",
        district_id,
        before={"code": district.code, "name": district.name},
    )
    return AdminResult(True, f"District {district.code} deleted.")
