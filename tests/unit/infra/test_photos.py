"""Phone photos: an iPhone's HEIC evidence is checked by content and stored as JPEG."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image
from sqlmodel import Session, select

from licensure_app.infra import photos
from licensure_app.models import AuditEvent, EvidenceFile
from licensure_app.services.pd import evidence
from tests.unit.pd.pd_world import ACTOR, educator

RED = (200, 30, 30)


def heic(width: int = 120, height: int = 80, exif: bytes | None = None) -> bytes:
    """A real HEIC file, written by libheif (what an iPhone saves)."""
    pillow_heif.register_heif_opener()
    picture = Image.new("RGB", (width, height), RED)
    out = io.BytesIO()
    if exif is None:
        picture.save(out, format="HEIF", quality=90)
    else:
        picture.save(out, format="HEIF", quality=90, exif=exif)
    return out.getvalue()


@pytest.fixture
def uploads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "uploads"
    monkeypatch.setenv("LICENSURE_UPLOADS_DIR", str(folder))
    return folder


def test_heic_is_recognised_by_content_not_name() -> None:
    data = heic()
    assert data[4:12] == b"ftypheic"
    assert photos.is_heif(data)
    # Other ISO-BMFF files (an MP4 video) and short or foreign bytes are not photos.
    assert not photos.is_heif(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
    assert not photos.is_heif(b"%PDF-1.7")
    assert not photos.is_heif(b"ftyp")


def test_conversion_gives_a_jpeg_of_the_same_picture_without_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    jpeg = photos.heif_to_jpeg(heic(exif=exif.tobytes()))
    assert jpeg.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(jpeg)) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (120, 80)
        red, green, blue = picture.convert("RGB").getpixel((60, 40))
        assert abs(red - RED[0]) < 12 and abs(green - RED[1]) < 12 and abs(blue - RED[2]) < 12
        # Nothing the phone wrote about the photo (maker, place) is kept.
        assert not picture.getexif()


def test_a_heic_upload_is_stored_as_jpeg(session: Session, uploads: Path) -> None:
    profile_id = educator(session)
    original = heic()
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "IMG_0042.HEIC", original)
    assert problem is None and row is not None
    session.commit()
    assert row.content_type == "image/jpeg"
    assert row.original_name == "IMG_0042.jpg"
    assert row.stored_name.endswith(".jpg")
    stored = (uploads / row.stored_name).read_bytes()
    assert stored.startswith(b"\xff\xd8\xff") and stored != original
    assert row.size_bytes == len(stored)
    assert evidence.sniff_type(stored) == "image/jpeg"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.uploaded")).one()
    after = json.loads(event.after_json)
    assert after["type"] == "image/jpeg" and after["converted_from"] == "image/heic"


def test_a_fake_heic_is_refused_and_nothing_is_stored(session: Session, uploads: Path) -> None:
    profile_id = educator(session)
    # Starts like a HEIC file, then garbage.
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x13\x37" * 500
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "IMG_0043.heic", fake)
    assert row is None
    assert problem == (
        "IMG_0043.heic could not be read as a HEIC photo. "
        "Take the photo again, or save it as JPEG or PDF."
    )
    # Garbage under a .heic name without the HEIC signature is refused by content as well.
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "photo.heic", b"hello" * 9)
    assert row is None and "is not a PDF, PNG, JPEG or HEIC file" in (problem or "")
    session.commit()
    assert session.exec(select(EvidenceFile)).all() == []
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_heic_over_the_size_limit_is_refused_before_decoding(
    session: Session, uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(data: bytes) -> bytes:
        raise AssertionError("an oversized upload was decoded")

    monkeypatch.setattr(photos, "heif_to_jpeg", never)
    profile_id = educator(session)
    big = heic() + b"\x00" * evidence.MAX_BYTES
    row, problem = evidence.store_evidence(session, ACTOR, profile_id, "IMG_0044.HEIC", big)
    assert row is None
    assert problem == "IMG_0044.HEIC is larger than 10 MB, the limit for one file."
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_photo_with_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "MAX_PIXELS", 100 * 100)
    with pytest.raises(photos.PhotoTooLarge):
        photos.heif_to_jpeg(heic(200, 100))


def test_a_photo_too_large_to_decode_is_refused_with_the_limit(
    session: Session, uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "MAX_PIXELS", 100 * 100)
    profile_id = educator(session)
    row, problem = evidence.store_evidence(
        session, ACTOR, profile_id, "IMG_0045.HEIC", heic(200, 100)
    )
    assert row is None
    assert problem == "IMG_0045.HEIC has more than 64 megapixels, the limit for one photo."
    assert not uploads.exists() or list(uploads.iterdir()) == []
