"""Phone photos: HEIC/HEIF (what an iPhone's camera saves) turned into JPEG.

A HEIC file is recognised by its content (an ISO-BMFF `ftyp` box naming a HEIF brand),
never by its name or the browser's claimed type, and accepted only when it decodes. The
JPEG keeps the picture, turned upright, and nothing else: no EXIF (a phone photo carries
where it was taken).
"""

from __future__ import annotations

import io
import threading
import warnings

import pillow_heif
from PIL import Image, ImageOps

# Brands of HEIF still images (ISO/IEC 23008-12): HEVC-coded (heic, heix, ...) and the
# generic ones an iPhone or Android phone may name first (mif1, msf1).
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
# A 48-megapixel iPhone photo is 8064 x 6048; anything much larger is refused undecoded.
MAX_MEGAPIXELS = 64
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
JPEG_QUALITY = 85

_registered = False
_register_lock = threading.Lock()


class PhotoError(ValueError):
    """The file says it is a HEIC photo but cannot be used as one."""


class PhotoTooLarge(PhotoError):
    """More pixels than MAX_PIXELS: refused before decoding."""


def is_heif(data: bytes) -> bool:
    """True when the bytes start like a HEIF image file (`....ftyp<brand>`)."""
    return len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def _ensure_opener() -> None:
    global _registered
    with _register_lock:
        if not _registered:
            pillow_heif.register_heif_opener()
            _registered = True


def heif_to_jpeg(data: bytes) -> bytes:
    """The photo as a JPEG; PhotoError when it does not decode or is too large."""
    _ensure_opener()
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns before it refuses: refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["HEIF"]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoTooLarge(f"{image.width} x {image.height} pixels")
                image.load()
                upright = ImageOps.exif_transpose(image)
                rgb = upright.convert("RGB")
    except PhotoError:
        raise
    except (
        OSError,
        ValueError,
        RuntimeError,
        SyntaxError,
        EOFError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise PhotoError("the photo could not be read") from exc
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
