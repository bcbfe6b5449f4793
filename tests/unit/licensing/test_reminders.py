"""Expiry reminders (services.licensing.reminders): each threshold once per license, and
the `remind` command."""

from __future__ import annotations

from datetime import timedelta

import pytest
from approval_world import (  # noqa: F401  (fixtures)
    TODAY,
    World,
    add_educator,
    build_world,
    submit_renewal,
    uploads_in_tmp,
    world,
)
from sqlmodel import Session, func, select

from licensure_app import cli, routes
from licensure_app.domain.formatting import format_date
from licensure_app.models import (
    ROLE_EDUCATOR,
    AuditEvent,
    ExpiryReminder,
    License,
    Notification,
    OutboxEmail,
)
from licensure_app.services import applications, audit
from licensure_app.services.licensing import reminders


@pytest.fixture(autouse=True)
def _uploads(uploads_in_tmp: None) -> None:
    """Every test here writes evidence to its own temporary folder."""


def test_reminders_are_sent_once_each(session: Session, world: World) -> None:
    far = add_educator(session, "far@example.org", world.magnolia_id, "501000", expires_in_days=365)
    near = add_educator(
        session, "near@example.org", world.magnolia_id, "501100", expires_in_days=100
    )
    add_educator(session, "later@example.org", world.magnolia_id, "501200", expires_in_days=400)

    first = reminders.send_reminders(session, TODAY)
    session.commit()
    assert (first.sent, first.already_sent) == (2, 0)
    # Only the nearest threshold: 180 for the license 100 days out, not 365 too.
    sent = session.exec(select(ExpiryReminder.license_id, ExpiryReminder.days_before)).all()
    assert sorted(sent) == sorted([(far.license_id, 365), (near.license_id, 180)])
    again = reminders.send_reminders(session, TODAY)
    session.commit()
    assert (again.sent, again.already_sent) == (0, 2)
    note = session.exec(
        select(Notification).where(Notification.recipient_id == near.account.id)
    ).all()
    assert len(note) == 1 and "in 100 days" in note[0].text

    # Ten days later the near license is inside 90 days: the 90-day reminder, once.
    later = reminders.send_reminders(session, TODAY + timedelta(days=10))
    session.commit()
    assert later.sent == 1
    assert reminders.send_reminders(session, TODAY + timedelta(days=11)).sent == 0
    session.commit()
    # A renewal moves the expiry: the new period gets its own reminders in time.
    lic = session.get(License, near.license_id)
    assert lic is not None
    lic.expires_on = lic.expires_on + timedelta(days=5 * 365)
    session.add(lic)
    session.commit()
    assert reminders.send_reminders(session, lic.expires_on - timedelta(days=29)).sent >= 1
    session.commit()
    total = session.exec(select(func.count()).select_from(ExpiryReminder)).one()
    assert (
        total
        == session.exec(
            select(func.count()).select_from(ExpiryReminder).where(ExpiryReminder.days_before > 0)
        ).one()
    )
    assert reminders.threshold_for(366) is None and reminders.threshold_for(0) is None
    assert reminders.threshold_for(30) == 30


def test_remind_command(
    db_url: str, session: Session, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    add_educator(session, "near@example.org", world.magnolia_id, "501100", expires_in_days=20)
    assert cli.main(["remind", "--db-url", db_url]) == 0
    assert "1 sent" in capsys.readouterr().out
    assert cli.main(["remind", "--db-url", db_url]) == 0
    assert "0 sent, 1 already sent" in capsys.readouterr().out
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "reminders.sent")).one()


def test_no_reminder_once_a_renewal_is_filed(session: Session, world: World) -> None:
    filed = add_educator(session, "filed@example.org", world.magnolia_id, "501300", 100)
    submit_renewal(session, filed)
    drafting = add_educator(session, "draft@example.org", world.magnolia_id, "501400", 100)
    applications.start_or_resume(
        session,
        audit.Actor(drafting.account.id, ROLE_EDUCATOR),
        drafting.profile_id,
        "renewal",
        drafting.license_number,
    )
    session.commit()

    result = reminders.send_reminders(session, TODAY)
    session.commit()

    reminded = session.exec(select(ExpiryReminder.license_id)).all()
    assert reminded == [drafting.license_id]  # a draft is not a filed renewal
    assert not session.exec(
        select(Notification).where(
            Notification.recipient_id == filed.account.id, Notification.link == routes.PD
        )
    ).first()
    assert (result.sent, result.renewal_filed) == (1, 1)


def test_a_reminder_says_exactly_what_is_still_needed(session: Session, world: World) -> None:
    educator = add_educator(
        session, "need@example.org", world.magnolia_id, "501500", expires_in_days=150, ceus=3.0
    )

    assert reminders.send_reminders(session, TODAY).sent == 1
    session.commit()

    expiry = format_date(TODAY + timedelta(days=150))
    note = session.exec(
        select(Notification).where(Notification.recipient_id == educator.account.id)
    ).one()
    assert note.text == (
        f"Your Standard license 501500 expires on {expiry}, in 150 days. You need 2 more "
        f"CEUs by {expiry} (your closest renewal option)."
    )
    assert note.link == routes.PD
    mail = session.exec(
        select(OutboxEmail).where(OutboxEmail.to_address == "need@example.org")
    ).one()
    assert mail.subject.startswith("Your license expires in 150 days")
    assert "501500" not in mail.subject
    assert f"{routes.PD}" in mail.body and "You need 2 more CEUs" in mail.body
