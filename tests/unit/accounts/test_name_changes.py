"""Issue 13 #8: the legal name changes only through a name-change request that state staff
approve, with a document; the profile form changes contact details only."""

from __future__ import annotations

from sqlmodel import select

from licensure_app import db as app_db
from licensure_app.models import AuditEvent, EducatorProfile
from licensure_app.services import accounts
from licensure_app.states.profile import ProfileState

from .account_world import register
from .tabs import open_tab, page_state, run


def test_a_profile_save_with_another_name_leaves_the_legal_name_alone(app_database: str) -> None:
    """Regression: the profile form rewrote the legal name (the public record, the printed
    license) at once. Now it saves contact details only, whatever the form carries."""
    with app_db.session_scope() as session:
        educator = register(session, "dana@example.org")
        token = accounts.open_session(session, educator.id or 0)
        account_id = educator.id
    tab = open_tab(token, "/profile")
    run(tab, ProfileState, "load")
    form = {
        "first_name": "Mallory",
        "middle_name": "X",
        "last_name": "Impostor",
        "phone": "601-555-0134",
        "street": "12 Magnolia Street",
        "city": "Jackson",
        "state": "MS",
        "zip_code": "39205",
    }
    run(tab, ProfileState, "save", form)
    assert page_state(tab, ProfileState).saved_message == "Profile saved"
    with app_db.session_scope() as session:
        profile = session.exec(
            select(EducatorProfile).where(EducatorProfile.account_id == account_id)
        ).one()
        assert (profile.first_name, profile.middle_name, profile.last_name) == (
            "Dana",
            "",
            "Whitfield",
        )
        assert (profile.last_name_key, profile.phone, profile.city) == (
            "whitfield",
            "601-555-0134",
            "Jackson",
        )
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "profile.updated")
        ).one()
        assert "Mallory" not in event.after_json and "Impostor" not in event.after_json
