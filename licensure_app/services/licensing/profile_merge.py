"""Linking an account to the state's record of its holder, merging the registration profile.

A claimant registers with a profile of their own; the state already holds a profile (the
record) for each license holder. A successful claim moves the account, and every row that
points at the registration profile, onto the state record, then deletes the registration
profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, SQLModel, col

from licensure_app.models import EducatorProfile
from licensure_app.models._base import utcnow


@dataclass(frozen=True)
class Merge:
    """What merging the registration profile into the state record did (for the audit)."""

    registration_profile_id: int
    registration_number: str
    moved_rows: dict[str, int]
    copied_fields: tuple[str, ...]


def _profile_tables() -> list[tuple[type, str]]:
    """(table, column) of every foreign key to an educator profile, found in the metadata so
    a table added later is moved too (a registration profile's rows must never be lost)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name == EducatorProfile.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == EducatorProfile.__tablename__ and fk.column.name == "id":
                found.append((table, fk.parent.name))
    return found


def _copy_contact(source: EducatorProfile, target: EducatorProfile) -> dict[str, str]:
    """Fill the state record's empty phone and address from the registration profile."""
    copied: dict[str, str] = {}
    if not target.phone and source.phone:
        copied["phone"] = source.phone
    address = ("street", "city", "state", "zip_code")
    # The address moves as a whole: a street from one record and a city from another
    # would be nobody's address.
    if not any(getattr(target, f) for f in address) and any(getattr(source, f) for f in address):
        copied.update({f: getattr(source, f) for f in address})
    for field, value in copied.items():
        setattr(target, field, value)
    return copied


def _take_record(
    session: Session, account_id: int, claimant: EducatorProfile, holder: EducatorProfile
) -> bool:
    """Move the account from the registration profile to the state record; False (and
    nothing changed) if another account took the record first."""
    # account_id is unique: free it on the registration profile before the state record
    # takes it.
    claimant.account_id = None
    session.add(claimant)
    session.flush()
    # Conditional: of two accounts claiming one record at once, exactly one wins.
    taken = session.execute(
        update(EducatorProfile)
        .where(col(EducatorProfile.id) == holder.id, col(EducatorProfile.account_id).is_(None))
        .values(account_id=account_id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        claimant.account_id = account_id
        session.add(claimant)
        session.flush()
        session.expire(holder)
        return False
    return True


def link_and_merge(
    session: Session, account_id: int, claimant: EducatorProfile, holder: EducatorProfile
) -> Merge | None:
    """Link the account to the state record `holder` and merge the claimant's registration
    profile into it; None if another account linked the record first."""
    assert holder.id is not None and claimant.id is not None
    if not _take_record(session, account_id, claimant, holder):
        return None
    moved: dict[str, int] = {}
    for table, column in _profile_tables():
        result = session.execute(
            table.update().where(table.c[column] == claimant.id).values({column: holder.id})
        )
        if result.rowcount:
            moved[table.name] = result.rowcount
    copied = _copy_contact(claimant, holder)
    if copied:
        holder.updated_at = utcnow()
        session.add(holder)
    merge = Merge(claimant.id, claimant.educator_number, moved, tuple(sorted(copied)))
    session.delete(claimant)
    session.flush()
    return merge
