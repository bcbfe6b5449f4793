"""The approvers' daily digest (issue 14 #5): one e-mail a day per approver who chose it,
counting exactly what their queue shows as waiting; nothing when nothing waits; once a day."""

from __future__ import annotations

from datetime import date, timedelta

from approval_world import (
    Educator,
    World,
    actor_of,
    add_educator,
    principal,
    submit_renewal,
)
from sqlmodel import Session, col, select

from licensure_app.models import Account, Application, OutboxEmail
from licensure_app.models._base import utcnow
from licensure_app.services import approvals
from licensure_app.services.approvals import digest
from licensure_app.services.state_office import designees

AGENCY = "State Educator Licensure Office"


def _mail(session: Session) -> dict[str, list[OutboxEmail]]:
    found: dict[str, list[OutboxEmail]] = {}
    for row in session.exec(select(OutboxEmail).order_by(col(OutboxEmail.id))).all():
        found.setdefault(row.to_address, []).append(row)
    return found


def _age(session: Session, app_id: int, days: int) -> None:
    application = session.get(Application, app_id)
    assert application is not None
    application.submitted_at = utcnow() - timedelta(days=days)
    session.add(application)
    session.commit()


def _clear_outbox(session: Session) -> None:
    for row in session.exec(select(OutboxEmail)).all():
        session.delete(row)
    session.commit()


def test_each_approver_gets_one_digest_of_their_own_queue(
    session: Session, world: World, teacher: Educator
) -> None:
    second = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    old = submit_renewal(session, teacher)
    submit_renewal(session, second)
    _age(session, old, 3)
    _clear_outbox(session)  # the submissions' own messages are not the subject here
    today = date(2026, 12, 1)

    summary = digest.send_digests(session, today)
    session.commit()

    mail = _mail(session)
    [to_super] = mail[world.magnolia_super.email]
    assert to_super.subject == (
        f"Applications waiting for your decision on 1 December 2026 | {AGENCY}"
    )
    assert "2 applications are waiting for your decision: 2 submitted." in to_super.body
    assert "The oldest has waited for 3 days" in to_super.body
    assert "/approvals" in to_super.body and "/approvals" in to_super.html_body
    # Counts and ages only: no applicant's name or license number.
    assert "Riley" not in to_super.body and "500100" not in to_super.body
    # The state office waits on the district stage too; Pine Valley has nothing waiting.
    [to_state] = mail[world.state.email]
    assert "2 applications are waiting" in to_state.body
    assert world.pine_super.email not in mail
    assert summary == (
        "Queue digests for 1 December 2026: 2 sent, 1 with nothing waiting, 0 already sent."
    )
    # Exactly what each one's /approvals shows as waiting.
    for account in (world.magnolia_super, world.state):
        shown = approvals.queue(session, principal(session, account), approvals.QueueFilters())
        assert f"{shown.waiting} applications are waiting" in mail[account.email][0].body

    # Once a day: the scheduler's second run the same day sends nothing more.
    again = digest.send_digests(session, today)
    session.commit()
    assert len(_mail(session)[world.magnolia_super.email]) == 1
    assert again.endswith("0 sent, 1 with nothing waiting, 2 already sent.")
    digest.send_digests(session, today + timedelta(days=1))
    session.commit()
    assert len(_mail(session)[world.magnolia_super.email]) == 2


def test_immediate_and_inactive_accounts_get_no_digest(
    session: Session, world: World, teacher: Educator
) -> None:
    submit_renewal(session, teacher)
    _clear_outbox(session)
    superintendent = session.get(Account, world.magnolia_super.id)
    state = session.get(Account, world.state.id)
    assert superintendent is not None and state is not None
    superintendent.queue_mail = "immediate"
    state.is_active = False
    session.add_all([superintendent, state])
    session.commit()

    digest.send_digests(session, date(2026, 12, 1))
    session.commit()
    assert _mail(session) == {}


def test_a_designees_digest_leaves_out_her_own_application(
    session: Session, world: World, teacher: Educator
) -> None:
    second = add_educator(session, "sam@example.org", world.magnolia_id, "500300")
    submit_renewal(session, teacher)
    submit_renewal(session, second)
    superintendent = principal(session, world.magnolia_super)
    assert designees.grant(
        session, superintendent, actor_of(superintendent), teacher.account.email
    ).ok
    session.commit()
    _clear_outbox(session)

    digest.send_digests(session, date(2026, 12, 1))
    session.commit()
    [to_her] = _mail(session)[teacher.account.email]
    assert "1 application is waiting for your decision: 1 submitted." in to_her.body
    assert "The oldest has waited since today" in to_her.body
    shown = approvals.queue(session, principal(session, teacher.account), approvals.QueueFilters())
    assert shown.waiting == 1
    # Her superintendent leaves her renewal to the state office as well.
    assert "1 application is waiting" in _mail(session)[world.magnolia_super.email][0].body


def test_nothing_is_sent_when_nothing_waits(session: Session, world: World) -> None:
    summary = digest.send_digests(session, date(2026, 12, 1))
    assert _mail(session) == {}
    assert summary.endswith("0 sent, 3 with nothing waiting, 0 already sent.")
