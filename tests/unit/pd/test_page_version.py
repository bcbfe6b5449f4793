"""The tracker page's version (issue 18): it changes with everything the page shows, so a
page opened again with the same version may keep what it shows; it changes for nothing else."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from licensure_app.models import Application, License, PDActivity, RenewalOption
from licensure_app.services import pd

from .pd_world import ACTOR, TODAY, educator, form


def _version(session: Session, profile_id: int, today=TODAY) -> str:  # noqa: ANN001
    session.commit()  # a fresh read, as a page opening reads
    return pd.page_version(session, profile_id, today)


def test_each_write_the_page_shows_changes_the_version(session: Session) -> None:
    profile_id = educator(session)
    seen = {_version(session, profile_id)}

    result = pd.add_activity(session, ACTOR, profile_id, form(), TODAY)
    activity_id = result.activity_id
    seen.add(_version(session, profile_id))
    assert len(seen) == 2, "adding an activity"

    pd.update_activity(session, ACTOR, profile_id, activity_id, form(amount="2"), TODAY)
    seen.add(_version(session, profile_id))
    assert len(seen) == 3, "editing it"

    activity = session.get(PDActivity, activity_id)
    assert activity is not None
    activity.verification = "verified"  # an approver's decision (another process, maybe)
    session.add(activity)
    seen.add(_version(session, profile_id))
    assert len(seen) == 4, "verifying it"

    licence = session.exec(select(License).where(License.holder_id == profile_id)).one()
    licence.expires_on += timedelta(days=5 * 365)  # renewed
    session.add(licence)
    seen.add(_version(session, profile_id))
    assert len(seen) == 5, "renewing the license"

    session.add(Application(applicant_id=profile_id, app_type="renewal", license_id=licence.id))
    seen.add(_version(session, profile_id))
    assert len(seen) == 6, "starting an application"

    option = session.exec(select(RenewalOption)).first()
    assert option is not None
    option.position += 100
    session.add(option)
    seen.add(_version(session, profile_id))
    assert len(seen) == 7, "a rule change"

    seen.add(_version(session, profile_id, TODAY + timedelta(days=1)))
    assert len(seen) == 8, "a new day"


def test_other_educators_writes_leave_the_version_alone(session: Session) -> None:
    profile_id = educator(session)
    other_id = educator(session, "E0000002")
    before = _version(session, profile_id)
    result = pd.add_activity(session, ACTOR, other_id, form(), TODAY)
    pd.delete_activity(session, ACTOR, other_id, result.activity_id)
    assert _version(session, profile_id) == before
    # Versions of two educators never read alike.
    assert _version(session, other_id) != before
