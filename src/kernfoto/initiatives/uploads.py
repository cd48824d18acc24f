"""Letters of support and other attachments: what residents may upload, checked by content.

An attachment is accepted only when its *content* is a PDF, JPEG, PNG or Word (.docx) file (the first
bytes, and for .docx the parts inside the zip), whatever its name says; it may be at most
``MAX_BYTES``. The stored file gets a random name with the extension of what it really is, and is never
served to the public (only to analysts, through a view that checks access).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 5


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # Dutch, as users read it
    extension: str  # what the stored file is called
    content_type: str


KINDS = {
    "pdf": Kind("pdf", "PDF-bestand", ".pdf", "application/pdf"),
    "jpeg": Kind("jpeg", "JPEG-foto", ".jpg", "image/jpeg"),
    "png": Kind("png", "PNG-afbeelding", ".png", "image/png"),
    "docx": Kind("docx", "Word-bestand (.docx)", ".docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
ALLOWED_TEXT = "PDF, JPEG, PNG of Word (.docx)"
NOT_ALLOWED_TEXT = "PDF-, JPEG-, PNG- of Word-bestand (.docx)"
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png"


class UploadError(ValueError):
    """An attachment that is refused; the message is Dutch and names the file."""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def sniff(fileobj: BinaryIO) -> str | None:
    """The kind of file by its content (a key of ``KINDS``), or None. Leaves the position at 0."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as z:  # reads the central directory only, decompresses nothing
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
    return None


def check_upload(name: str, size: int, fileobj: BinaryIO) -> Kind:
    """The :class:`Kind` of an uploaded file, or :class:`UploadError` with a Dutch message naming it."""
    if size <= 0:
        raise UploadError(f"Bijlage {name} is leeg. Kies het bestand opnieuw.")
    if size > MAX_BYTES:
        raise UploadError(f"Bijlage {name} is {_mb(size)} MB; een bijlage mag hoogstens {MAX_BYTES // 1024 // 1024} MB "
                          "zijn. Maak het bestand kleiner, bijvoorbeeld door met een lagere resolutie te scannen.")
    kind = sniff(fileobj)
    if kind is None:
        raise UploadError(f"Bijlage {name} is geen {NOT_ALLOWED_TEXT}. Kernfoto kijkt naar de inhoud van het "
                          "bestand, niet alleen naar de naam. Sla het op als PDF en probeer het opnieuw.")
    return KINDS[kind]
