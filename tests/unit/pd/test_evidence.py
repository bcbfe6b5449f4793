"""Evidence files: checked by content, stored outside the web root, readable by few."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from licensure_app.models import ROLE_EDUCATOR, ROLE_STATE_STAFF, EducatorProfile, EvidenceFile
from licensure_app.services import pd
from licensure_app.services.accounts.authz import Principal
from licensure_app.services.pd import evidence

from .pd_world import ACTOR, JPEG, PDF, PNG, TODAY, educator, form


@pytest.mark.parametrize(
    ("data", "expected"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (b"MZ\x90\x00", None)],
)
def test_type_is_decided_by_content(data: bytes, expected: str | None) -> None:
    assert evidence.sniff_type(data) == expected


def test_upload_refusals_say_why(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uploads = tmp_path / "uploads"
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(uploads))
    profile_id = educator(session)
    row, problem = evidence.store_evidence(
        session, ACTOR, profile_id, "setup.pdf", b"MZ\x90\x00exe"
    )
    assert row is None and "not a PDF, PNG, JPEG or HEIC file" in (problem or "")
    big = PDF + b"0" * evidence.MAX_BYTES
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "huge.pdf", big)
    assert row is None and "larger than 10 MB, the limit for one file" in (problem or "")
    # Just over the limit never reads as if it were within it ("10.0 MB; the limit is 10 MB").
    assert "10.0 MB" not in (problem or "")
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "empty.pdf", b"")
    assert row is None and "empty" in (problem or "")
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_stored_outside_web_root_under_random_name_and_attached(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    profile_id = educator(session)
    other_id = educator(session, "E0000002")
    row, problem = evidence.store_evidence(
        session, ACTOR, profile_id, "../../etc/Certificate.pdf", PDF
    )
    assert problem is None and row is not None
    assert row.original_name == "Certificate.pdf"
    assert (
        row.stored_name != row.original_name
        and (tmp_path / "uploads" / row.stored_name).read_bytes() == PDF
    )
    # Someone else's staged file is never attached to my activity.
    theirs, _ = evidence.store_evidence(session, ACTOR, other_id, "theirs.pdf", PDF)
    result = pd.add_activity(
        session, ACTOR, profile_id, form(), TODAY, evidence_ids=[row.id, theirs.id]
    )
    session.commit()
    attached = session.exec(
        select(EvidenceFile).where(EvidenceFile.activity_id == result.activity_id)
    ).all()
    assert [f.id for f in attached] == [row.id]


def _principal(
    roles: set[str], profile_id: int | None = None, districts: frozenset = frozenset()
) -> Principal:
    return Principal(
        account_id=99,
        email="x@example.org",
        display_name="X",
        role=next(iter(roles)),
        roles=frozenset(roles),
        approver_district_ids=districts,
        superintendent_of=None,
        profile_id=profile_id,
    )


def test_who_may_read_evidence(session: Session) -> None:
    profile_id = educator(session)
    profile = session.get(EducatorProfile, profile_id)
    profile.employing_district_id = 7
    row = EvidenceFile(
        owner_id=profile_id,
        original_name="a.pdf",
        stored_name="x.pdf",
        content_type="application/pdf",
        size_bytes=10,
        sha256="0" * 64,
    )
    assert evidence.may_read(session, _principal({ROLE_EDUCATOR}, profile_id), row)
    assert not evidence.may_read(session, _principal({ROLE_EDUCATOR}, profile_id + 1), row)
    assert evidence.may_read(session, _principal({ROLE_STATE_STAFF}), row)
    assert evidence.may_read(session, _principal({"district_approver"}, None, frozenset({7})), row)
    assert not evidence.may_read(
        session, _principal({"district_approver"}, None, frozenset({8})), row
    )


@pytest.mark.parametrize(
    ("uploaded_as", "kept_as"),
    [
        ("setup.exe", "setup.pdf"),
        ("certificate", "certificate.pdf"),
        ("transcript.PDF", "transcript.PDF"),
        ("report.pdf.html", "report.pdf.pdf"),
    ],
)
def test_a_file_keeps_the_extension_of_what_it_is(
    session: Session,
    tmp_path,
    monkeypatch,
    uploaded_as: str,
    kept_as: str,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(tmp_path / "uploads"))
    row, problem = evidence.store_evidence(session, ACTOR, educator(session), uploaded_as, PDF)
    assert problem is None and row is not None
    assert row.original_name == kept_as
    assert row.stored_name.endswith(".pdf")
