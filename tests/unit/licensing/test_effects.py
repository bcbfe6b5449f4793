"""What an approved application does to licenses (services.licensing.effects), and the
registry mapping each application type's effect name to its function."""

from __future__ import annotations

import pytest
from approval_world import (  # noqa: F401  (fixtures)
    TODAY,
    Educator,
    World,
    actor_of,
    add_educator,
    build_world,
    in_state_review,
    principal,
    reload_license,
    teacher,
    uploads_in_tmp,
    world,
)
from sqlmodel import Session, col, select

from licensure_app.domain import endorsements
from licensure_app.domain.application_types import TYPES
from licensure_app.models import Application, AuditEvent, Endorsement, License
from licensure_app.services import approvals
from licensure_app.services.licensing import effects


@pytest.fixture(autouse=True)
def _uploads(uploads_in_tmp: None) -> None:
    """Every test here writes evidence to its own temporary folder."""


def test_state_approval_effects(session: Session, world: World, teacher: Educator) -> None:
    state = principal(session, world.state)
    actor = actor_of(state)

    upgrade = in_state_review(session, teacher, "upgrade", {"target_class": "AAA"})
    assert approvals.approve_application(session, state, actor, upgrade, False, TODAY).ok
    session.commit()
    assert reload_license(session, teacher.license_id).license_class == "AAA"

    extension = in_state_review(session, teacher, "extension", {"extension_reason": "x"})
    before = reload_license(session, teacher.license_id).expires_on
    assert approvals.approve_application(session, state, actor, extension, False, TODAY).ok
    session.commit()
    assert reload_license(session, teacher.license_id).expires_on == before.replace(
        year=before.year + 1
    )

    lapsed = add_educator(
        session, "old@example.org", world.magnolia_id, "500500", expires_in_days=-40, ceus=0
    )
    reactivation = in_state_review(session, lapsed, "reactivation", {})
    assert approvals.approve_application(session, state, actor, reactivation, False, TODAY).ok
    session.commit()
    lic = reload_license(session, lapsed.license_id)
    assert (lic.status, lic.valid_from) == ("active", TODAY)
    assert lic.expires_on.year == TODAY.year + 5

    initial = in_state_review(
        session,
        teacher,
        "initial",
        {"highest_degree": "Master's", "institution": "USM", "subject_area": "Biology"},
        license_id=None,
    )
    decision = approvals.approve_application(session, state, actor, initial, False, TODAY)
    session.commit()
    assert decision.ok, decision.message
    issued = session.exec(
        select(License).where(
            License.holder_id == teacher.profile_id, License.id != teacher.license_id
        )
    ).one()
    assert (issued.license_type, issued.license_class, issued.status) == (
        "Standard",
        "AA",
        "active",
    )
    assert len(issued.license_number) == 7 and issued.license_number in decision.message
    assert session.get(Application, initial).license_id == issued.id  # type: ignore[union-attr]
    events = session.exec(
        select(AuditEvent.action).where(
            col(AuditEvent.action).in_(
                ["license.upgraded", "license.extended", "license.reactivated", "license.issued"]
            )
        )
    ).all()
    assert sorted(events) == sorted(
        ["license.upgraded", "license.extended", "license.reactivated", "license.issued"]
    )


# ---------------------------------------------------------------- the registry


def test_every_application_type_names_a_registered_effect() -> None:
    for code, definition in TYPES.items():
        assert definition.effect in effects.EFFECTS, (code, definition.effect)
        if definition.effect == "issue_license":
            # The effect issues the license type named for the application type.
            assert code in effects.NEW_LICENSE_TYPES, code


def test_an_unregistered_effect_refuses_the_approval(
    session: Session, world: World, teacher: Educator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(effects.EFFECTS, "extend")
    state = principal(session, world.state)
    app_id = in_state_review(session, teacher, "extension", {"extension_reason": "x"})
    before = reload_license(session, teacher.license_id).expires_on
    decision = approvals.approve_application(session, state, actor_of(state), app_id, False, TODAY)
    session.commit()
    assert (decision.ok, decision.message) == (
        False,
        "Approving an extension application is not supported.",
    )
    assert session.get(Application, app_id).status == "state_review"  # type: ignore[union-attr]
    assert reload_license(session, teacher.license_id).expires_on == before


# ---------------------------------------------------------------- endorsement codes (data)


def test_endorsement_codes_come_from_the_data_file() -> None:
    assert endorsements.code_for("Chemistry") == "0193"
    assert endorsements.code_for("elementary education") == "0120"
    # A subject the list does not name waits for the office to assign a code.
    assert endorsements.code_for("Underwater basket weaving") == endorsements.OTHER == "OTHER"
    codes = endorsements.codes()
    assert len(codes) == 23
    assert all(len(c) == 4 and c.isdigit() for c in codes.values())


def test_an_unknown_subject_is_endorsed_as_other(
    session: Session, world: World, teacher: Educator
) -> None:
    state = principal(session, world.state)
    app_id = in_state_review(
        session,
        teacher,
        "additional_endorsement",
        {"endorsement_subject": "Underwater  basket weaving", "grade_span": "K-12"},
    )
    decision = approvals.approve_application(session, state, actor_of(state), app_id, False, TODAY)
    session.commit()
    assert decision.ok, decision.message
    assert decision.message == (
        "Approved. License 500100 now carries the endorsement Underwater basket weaving (K-12)."
    )
    added = session.exec(
        select(Endorsement.code, Endorsement.subject).where(
            Endorsement.license_id == teacher.license_id,
            Endorsement.subject == "Underwater basket weaving",
        )
    ).one()
    assert tuple(added) == ("OTHER", "Underwater basket weaving")
