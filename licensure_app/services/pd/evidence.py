"""Evidence files (certificates, transcripts): checked by content, stored outside the web root.

Readable only by the owner, approvers of the owner's district and state staff.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam
from sqlmodel import Session, select

from licensure_app import settings
from licensure_app.infra import photos
from licensure_app.models import ROLE_STATE_STAFF, EducatorProfile, EvidenceFile
from licensure_app.services import audit
from licensure_app.services.accounts.authz import Principal

MAX_BYTES = 10 * 1024 * 1024
# Decided from the first bytes, never from the name or the browser's claimed type.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class EvidenceInfo:
    """What a page may show about a file (no storage path)."""

    evidence_id: int
    name: str
    size_text: str
    content_type: str


def sniff_type(data: bytes) -> str | None:
    for signature, content_type, _ in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def upload_problem(filename: str, data: bytes) -> str | None:
    """Why an upload is refused, in words the uploader understands; None when it is fine."""
    if not data:
        return f"{filename} is empty."
    if len(data) > MAX_BYTES:
        return f"{filename} is larger than 10 MB, the limit for one file."
    if sniff_type(data) is None and not photos.is_heif(data):
        return (
            f"{filename} is not a PDF, PNG, JPEG or HEIC file. "
            "Scan or save the certificate as one of those."
        )
    return None


def _as_stored(filename: str, data: bytes) -> tuple[bytes, str | None]:
    """The bytes to keep: a HEIC phone photo becomes a JPEG (checked again as one)."""
    if not photos.is_heif(data):
        return data, None
    try:
        jpeg = photos.heif_to_jpeg(data)
    except photos.PhotoTooLarge:
        return data, (
            f"{filename} has more than {photos.MAX_MEGAPIXELS} megapixels, the limit for one photo."
        )
    except photos.PhotoError:
        return data, (
            f"{filename} could not be read as a HEIC photo. "
            "Take the photo again, or save it as JPEG or PDF."
        )
    if len(jpeg) > MAX_BYTES:
        return data, f"{filename} is larger than 10 MB as a JPEG, the limit for one file."
    return jpeg, None


def _clean_filename(filename: str) -> str:
    name = "".join(ch for ch in Path(filename.replace("\\", "/")).name if ch.isprintable())
    # A name of only invisible characters would make messages start with nothing.
    return name.strip()[:200] or "evidence"


def _with_extension(name: str, extension: str) -> str:
    """`name` ending in the extension of what the file is: a PDF uploaded as "setup.exe" is
    kept (and downloaded) as "setup.pdf", never with a foreign extension."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix == extension or (extension == ".jpg" and suffix == ".jpeg"):
        return name
    return (path.stem if suffix else name)[: 200 - len(extension)] + extension


def store_evidence(
    session: Session,
    actor: audit.Actor,
    owner_profile_id: int,
    filename: str,
    data: bytes,
    activity_id: int | None = None,
    application_id: int | None = None,
) -> tuple[EvidenceFile | None, str | None]:
    """Check and store one upload. Returns (row, None) or (None, reason)."""
    name = _clean_filename(filename)
    problem = upload_problem(name, data)
    if problem:
        return None, problem
    original_type = "image/heic" if photos.is_heif(data) else None
    data, problem = _as_stored(name, data)
    if problem:
        return None, problem
    content_type = sniff_type(data) or ""
    extension = next(ext for _, ct, ext in _SIGNATURES if ct == content_type)
    name = _with_extension(name, extension)
    stored_name = secrets.token_hex(16) + extension
    directory = settings.uploads_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / stored_name
    # Written before the row; a failed transaction leaves an orphan file, never a row without one.
    path.write_bytes(data)
    row = EvidenceFile(
        owner_id=owner_profile_id,
        activity_id=activity_id,
        application_id=application_id,
        original_name=name,
        stored_name=stored_name,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "evidence.uploaded",
        "evidence_file",
        row.id,
        after={
            "name": name,
            "size": len(data),
            "type": content_type,
            "activity_id": activity_id,
            **({"converted_from": original_type} if original_type else {}),
        },
    )
    return row, None


def may_read(session: Session, principal: Principal, evidence: EvidenceFile) -> bool:
    """Owner, state staff, or an approver of the owner's employing district."""
    if principal.profile_id is not None and principal.profile_id == evidence.owner_id:
        return True
    if ROLE_STATE_STAFF in principal.roles:
        return True
    owner = session.get(EducatorProfile, evidence.owner_id)
    return owner is not None and principal.may_act_for_district(owner.employing_district_id)


def file_path(evidence: EvidenceFile) -> Path:
    return settings.uploads_dir() / evidence.stored_name


def info(evidence: EvidenceFile) -> EvidenceInfo:
    return EvidenceInfo(
        evidence_id=evidence.id or 0,
        name=evidence.original_name,
        size_text=size_text(evidence.size_bytes),
        content_type=evidence.content_type,
    )


# Read on every tracker visit: a statement built once (SQLAlchemy caches its compiled form).
_EVIDENCE_FOR_ACTIVITIES = (
    select(EvidenceFile)
    .where(EvidenceFile.activity_id.in_(bindparam("activity_ids", expanding=True)))  # type: ignore[union-attr]
    .order_by(EvidenceFile.id)
)


def evidence_for_activities(
    session: Session, activity_ids: list[int]
) -> dict[int, list[EvidenceInfo]]:
    """Evidence per activity, in one query."""
    result: dict[int, list[EvidenceInfo]] = {}
    if not activity_ids:
        return result
    rows = session.exec(_EVIDENCE_FOR_ACTIVITIES, params={"activity_ids": activity_ids}).all()
    for row in rows:
        result.setdefault(row.activity_id or 0, []).append(info(row))
    return result
