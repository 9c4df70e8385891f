"""Upload previews: a checked Excel upload waits in storage until the person confirms the import.

The file goes to ``default_storage`` under ``collection-imports/<token>.xlsx``; the person's session holds
the token with where the upload belongs (the storage has no database row). A preview never confirmed
(the person closed the tab) would stay forever: ``clean_previews``, a tick job, deletes the files older
than ``MAX_AGE``; a session entry whose file is gone is dropped at the person's next upload or confirm.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

__all__ = [
    "MAX_AGE",
    "clean_previews",
    "delete_preview",
    "preview_exists",
    "read_preview",
    "save_preview",
    "stale_previews",
]

log = logging.getLogger(__name__)

DIRECTORY = "collection-imports"
#: A preview not confirmed within this time is deleted by ``clean_previews``.
MAX_AGE = timedelta(hours=24)


def _path(token: str) -> str:
    return f"{DIRECTORY}/{token}.xlsx"


def save_preview(data: bytes) -> str:
    """Store an uploaded file until it is confirmed; return its token."""
    token = uuid.uuid4().hex
    default_storage.save(_path(token), ContentFile(data))
    return token


def preview_exists(token: str) -> bool:
    return default_storage.exists(_path(token))


def read_preview(token: str) -> bytes | None:
    """Return the stored file of ``token`` and delete it (a preview is imported once), or None when gone."""
    path = _path(token)
    if not default_storage.exists(path):
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    finally:
        default_storage.delete(path)


def delete_preview(token: str) -> None:
    default_storage.delete(_path(token))


def stale_previews(now=None) -> list[str]:
    """Return the storage names of previews older than ``MAX_AGE`` (oldest first)."""
    cutoff = (now or timezone.now()) - MAX_AGE
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return []  # nobody has uploaded anything yet
    stale = []
    for name in files:
        path = f"{DIRECTORY}/{name}"
        try:
            modified = default_storage.get_modified_time(path)
        except FileNotFoundError:
            continue  # confirmed (and deleted) meanwhile
        if modified < cutoff:
            stale.append((modified, path))
    return [path for _modified, path in sorted(stale)]


def clean_previews(today: date | None = None, dry_run: bool = False) -> int:
    """Delete the upload previews never confirmed within ``MAX_AGE``; return how many (would be) deleted.

    A tick job (``job(today, dry_run)``). The age is measured from now, not from ``today``: the files carry
    real times. With ``dry_run`` nothing is deleted; the files that would be are logged.
    """
    try:
        stale = stale_previews()
    except NotImplementedError:  # a storage that cannot list or date its files
        log.warning("The file storage cannot list upload previews; none were cleaned.")
        return 0
    for path in stale:
        if dry_run:
            log.info("Would delete the stale upload preview %s", path)
            continue
        default_storage.delete(path)
        log.info("Deleted the stale upload preview %s", path)
    return len(stale)
