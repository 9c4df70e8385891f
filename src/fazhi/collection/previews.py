"""Upload previews: a checked Excel upload waits in storage until the person confirms the import.

The file goes to ``default_storage`` under ``collection-imports/<token>.xlsx``; the person's session holds
the token with where the upload belongs (the storage has no database row). A preview never confirmed
(the person closed the tab) would stay forever: ``clean_previews``, a tick job, deletes the files older
than ``MAX_AGE``; a session entry whose file is gone is dropped at the person's next upload or confirm.

A large upload (more than ``FAZHI_EXCEL_INLINE_KB`` unpacked) is checked off the request: ``start_check``
runs ``parse_workbook`` in a thread of the web process and stores what it found next to the file
(``<token>.json``), which the status page shows once it is there. ``START`` says how a check starts.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

__all__ = [
    "MAX_AGE",
    "clean_previews",
    "delete_preview",
    "delete_result",
    "read_result",
    "run_check",
    "start_check",
    "preview_exists",
    "read_preview",
    "save_preview",
    "stale_previews",
]

log = logging.getLogger(__name__)

DIRECTORY = "collection-imports"
#: A preview not confirmed within this time is deleted by ``clean_previews``.
MAX_AGE = timedelta(hours=24)
#: How the check of a large upload starts: ``"thread"`` (a daemon thread of the web process), ``"inline"``
#: (at once, in the request: the tests) or ``"off"`` (not at all: tests of the waiting page).
#: A module flag, not a setting: only tests change it.
START = "thread"


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


def _result_path(token: str) -> str:
    return f"{DIRECTORY}/{token}.json"


def read_result(token: str) -> dict | None:
    """Return what the off-request check of ``token`` found, or None while it runs (or when it is gone)."""
    path = _result_path(token)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def delete_result(token: str) -> None:
    default_storage.delete(_result_path(token))


def run_check(token: str, *, round_id: int, submission_id: int | None, user_id: int) -> dict | None:
    """Check the stored upload of ``token`` as the upload page would and store what was found; return it."""
    from django.contrib.auth import get_user_model

    from fazhi.collection import excel
    from fazhi.collection.models import Round, Submission

    path = _path(token)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    only = Submission.objects.select_related("agency", "round").filter(pk=submission_id).first()
    round_ = Round.objects.get(pk=round_id)
    user = get_user_model().objects.get(pk=user_id)
    result = excel.preview_to_dict(excel.parse_workbook(data, round_=round_, user=user, only=only))
    delete_result(token)
    default_storage.save(_result_path(token), ContentFile(json.dumps(result, ensure_ascii=False).encode("utf-8")))
    return result


def start_check(token: str, *, round_id: int, submission_id: int | None, user_id: int) -> None:
    """Start checking a stored upload off the request, as ``START`` says."""
    kwargs = {"round_id": round_id, "submission_id": submission_id, "user_id": user_id}
    if START == "inline":
        run_check(token, **kwargs)
    elif START == "thread":
        threading.Thread(target=_check_in_thread, args=(token,), kwargs=kwargs, daemon=True,
                         name=f"collection-import-{token[:8]}").start()


def _check_in_thread(token: str, **kwargs) -> None:
    try:
        run_check(token, **kwargs)
    except Exception:  # the status page starts the check again once it has waited too long
        log.exception("Checking the upload %s failed.", token)
    finally:
        connections.close_all()  # this thread's connections, which no request cycle closes


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
