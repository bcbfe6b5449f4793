"""A claimed record shows its private details only after the licensure office confirms the
claim (issue 13 #2: the state record holds no e-mail address, so the office reviews)."""

from __future__ import annotations

from license_world import educator_actor, register, staff_actor, state_record
from sqlmodel import Session, select

from licensure_app.models import EducatorProfile, Notification
from licensure_app.services import licensing as svc
from licensure_app.services.accounts import profiles
from licensure_app.services.accounts.authz import principal_for

from .claim_helpers import claim

CONTACT = {"phone": "662-555-0187", "street": "27 Pine Ridge Road", "city": "Tupelo"}


def test_private_details_stay_hidden_until_the_office_confirms(session: Session) -> None:
    holder, _ = state_record(session, zip_code="38801", **CONTACT)
    office = staff_actor(session)
    account, registration = register(session)
    result = claim(session, account, registration.id)
    assert result.ok
    assert principal_for(session, account).profile_id == holder.id

    hidden = profiles.view_profile(session, holder.id or 0)
    assert (hidden.phone, hidden.street, hidden.city, hidden.zip_code) == ("", "", "", "")
    assert (hidden.first_name, hidden.last_name) == ("Jordan", "Rivera")
    assert svc.CLAIM_AWAITS_CONFIRMATION in result.message
    assert "1988" not in hidden.date_of_birth and "April" not in hidden.date_of_birth
    # Saving the (blank) form while hidden keeps the record's details.
    errors = profiles.save_profile(
        session,
        educator_actor(account),
        holder.id or 0,
        profiles.ProfileForm(),
    )
    session.commit()
    assert errors == {}
    assert session.get(EducatorProfile, holder.id).phone == CONTACT["phone"]  # type: ignore[union-attr]

    pending = svc.pending_claim(session, holder.id or 0)
    assert pending is not None and pending.license_number == "100200"
    assert svc.confirm_claim(session, office, holder.id or 0)
    session.commit()

    shown = profiles.view_profile(session, holder.id or 0)
    assert (shown.phone, shown.street, shown.zip_code) == (
        CONTACT["phone"],
        CONTACT["street"],
        "38801",
    )
    assert shown.date_of_birth == "12 April 1988"
    assert svc.pending_claim(session, holder.id or 0) is None
    told = session.exec(select(Notification).where(Notification.recipient_id == account.id)).all()
    assert any("confirmed your claim of license 100200" in n.text for n in told)


def test_a_typed_contact_detail_is_refused_while_hidden(session: Session) -> None:
    holder, _ = state_record(session, **CONTACT)
    account, registration = register(session)
    assert claim(session, account, registration.id).ok
    errors = profiles.save_profile(
        session,
        educator_actor(account),
        holder.id or 0,
        profiles.ProfileForm(phone="601-555-0100"),
    )
    assert "phone" in errors
    assert session.get(EducatorProfile, holder.id).phone == CONTACT["phone"]  # type: ignore[union-attr]
