"""The educator's own profile: read for display; contact details validated and saved with an
audit record. The legal name is not edited here: it changes only through a name-change
request that state staff approve (name_changes, name_change_review)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlmodel import Session

from licensure_app.domain.formatting import format_date
from licensure_app.domain.names import clean_name
from licensure_app.models import EducatorProfile
from licensure_app.models._base import utcnow
from licensure_app.services import audit
from licensure_app.services.licensing.claim_review import private_details_hidden

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
# ASCII: \d alone also matches other scripts' digits ("٣٩٢٠٥"), which would be stored as typed.
_ZIP = re.compile(r"^\d{5}(-\d{4})?$", re.ASCII)
# What the educator edits themself: contact details (the legal name is not among them).
EDITABLE_FIELDS = ("phone", "street", "city", "state", "zip_code")
NAME_FIELDS = ("first_name", "middle_name", "last_name")


@dataclass(frozen=True)
class ProfileForm:
    """The editable fields (contact details), as typed."""

    phone: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


# Hidden from an account whose claim of the record the licensure office has not confirmed.
PRIVATE_FIELDS = ("phone", "street", "city", "state", "zip_code")
HIDDEN_UNTIL_CONFIRMED = "Shown once the licensure office confirms your claim"
KEPT_UNTIL_CONFIRMED = "You can change this once the licensure office confirms your claim."


@dataclass(frozen=True)
class ProfileView(ProfileForm):
    # The legal name, shown read-only.
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    educator_number: str = ""
    date_of_birth: str = ""  # shown only to the educator themself


def view_profile(session: Session, profile_id: int) -> ProfileView:
    profile = session.get(EducatorProfile, profile_id)
    if profile is None:
        raise LookupError("profile not found")
    if private_details_hidden(session, profile_id):
        return ProfileView(
            **{f: getattr(profile, f) or "" for f in NAME_FIELDS},
            educator_number=profile.educator_number,
            date_of_birth=HIDDEN_UNTIL_CONFIRMED,
        )
    return ProfileView(
        **{f: getattr(profile, f) or "" for f in (*EDITABLE_FIELDS, *NAME_FIELDS)},
        educator_number=profile.educator_number,
        date_of_birth=format_date(profile.date_of_birth) if profile.date_of_birth else "",
    )


def normalise_phone(phone: str) -> str | None:
    """'(601) 555-0134' -> '601-555-0134'; None if not a 10-digit US number."""
    digits = re.sub(r"\D", "", phone, flags=re.ASCII)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        return None
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def validate(form: ProfileForm) -> tuple[ProfileForm, dict[str, str]]:
    """The cleaned form and field -> message for what is wrong."""
    errors: dict[str, str] = {}
    cleaned = {f: clean_name(getattr(form, f)) for f in EDITABLE_FIELDS}
    if len(cleaned["city"]) > 100:
        errors["city"] = "Use at most 100 characters."
    if len(cleaned["street"]) > 200:
        errors["street"] = "Use at most 200 characters."
    if cleaned["phone"]:
        phone = normalise_phone(cleaned["phone"])
        if phone is None:
            errors["phone"] = "Enter a 10-digit US phone number, like 601-555-0134."
        else:
            cleaned["phone"] = phone
    cleaned["state"] = cleaned["state"].upper()
    if cleaned["state"] and cleaned["state"] not in US_STATES:
        errors["state"] = "Enter the two-letter state abbreviation, like MS."
    if cleaned["zip_code"] and not _ZIP.match(cleaned["zip_code"]):
        errors["zip_code"] = "Enter a 5-digit ZIP code, like 39205 (or ZIP+4, like 39205-0771)."
    return ProfileForm(**cleaned), errors


def save_profile(
    session: Session, actor: audit.Actor, profile_id: int, form: ProfileForm
) -> dict[str, str]:
    """Validate and save the contact details; returns field errors (nothing is written when
    there are any). The legal name is never changed here."""
    cleaned, errors = validate(form)
    if errors:
        return errors
    profile = session.get(EducatorProfile, profile_id)
    if profile is None:
        raise LookupError("profile not found")
    before = {f: getattr(profile, f) for f in EDITABLE_FIELDS}
    after = asdict(cleaned)
    if private_details_hidden(session, profile_id):
        # Shown blank until the claim is confirmed: blank keeps the record's details.
        typed = {f: KEPT_UNTIL_CONFIRMED for f in PRIVATE_FIELDS if after[f]}
        if typed:
            return typed
        after.update({f: before[f] for f in PRIVATE_FIELDS})
    changed_before, changed_after = audit.changes(before, after)
    if not changed_after:
        return {}
    for field, value in changed_after.items():
        setattr(profile, field, value)
    profile.updated_at = utcnow()
    session.add(profile)
    audit.record(
        session,
        actor,
        "profile.updated",
        "educator_profile",
        profile_id,
        before=changed_before,
        after=changed_after,
    )
    return {}
