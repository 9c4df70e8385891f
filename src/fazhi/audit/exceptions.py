from __future__ import annotations

from django.core.exceptions import ValidationError

from fazhi.audit.models import AppendOnlyError

__all__ = ["AppendOnlyError", "AttachmentRefused"]


class AttachmentRefused(ValidationError):
    """An upload ``attach_file`` will not store; ``code`` says why, ``str(exc)`` tells the person.

    Codes: ``empty``, ``too_large``, ``executable``, ``mismatch``, ``unsupported``, ``encrypted``,
    ``damaged``, ``limit`` (a zip with more members than ``FAZHI_UPLOAD_MAX_ZIP_MEMBERS``).
    """

    def __init__(self, message, code: str, params: dict | None = None):
        super().__init__(message, code=code, params=params)

    def __str__(self):
        return self.messages[0]
