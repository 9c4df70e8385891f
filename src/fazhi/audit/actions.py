"""What other apps call: record audit events, read a record's history, attach and withdraw files.

Call ``record_event`` inside the same transaction as the change it describes, and as its last step:
it takes the chain's lock, which is then held until that transaction commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import math
import os
import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fazhi.audit import context
from fazhi.audit.anchors import anchor_after_commit, anchor_every
from fazhi.audit.exceptions import AttachmentRefused
from fazhi.audit.hashing import GENESIS_HASH
from fazhi.audit.keys import sign
from fazhi.audit.models import Attachment, AuditEntry
from fazhi.audit.sniff import (
    BLOCKED_EXTENSIONS,
    HEAD_SIZE,
    KINDS,
    ZIP_BASED,
    TextProbe,
    detect,
    kind_for_extension,
)
from fazhi.core.unpack import LimitExceeded
from fazhi.core.uploads import describe

__all__ = [
    "AttachmentRefused", "attach_file", "attachments_for", "diff", "history_for", "json_safe", "record_event",
    "snapshot", "withdraw_attachment",
]

Action = AuditEntry.Action

# Never copied into the (undeletable) audit trail by snapshot(): password hashes.
SECRET_FIELDS = frozenset({"password"})

# Key of the PostgreSQL advisory lock that serialises writers of the chain (any fixed 64-bit number).
_PG_CHAIN_LOCK = 0x6661_7A68_6961_7564  # "fazhiaud"

_CHUNK = 64 * 1024
_MB = 1024 * 1024


# Audit trail ------------------------------------------------------------------------------------------


def record_event(*, action, target=None, actor=None, changes=None, reason: str = "", ip=None) -> AuditEntry:
    """Append an entry to the audit chain and return it.

    ``target`` is the saved model instance the event is about (None for events about no record);
    ``actor`` and ``ip`` default to the current request or ``acting_as`` context. ``changes`` is
    ``{"field": [old, new]}`` (``diff`` builds it), stored as JSON; dates become ISO strings,
    Decimals strings, model instances their primary key.
    """
    action = Action(action)  # ValueError for an unknown action
    content_type, object_id, object_repr = None, "", ""
    if target is not None:
        if target.pk is None:
            raise ValueError("record_event() needs a saved target (its primary key is None).")
        content_type = ContentType.objects.get_for_model(target)
        object_id, object_repr = str(target.pk), str(target)
    return _append(
        action=action, content_type=content_type, object_id=object_id, object_repr=object_repr,
        actor=_FROM_CONTEXT if actor is None else actor, changes=changes, reason=reason, ip=ip,
    )


_FROM_CONTEXT = object()


def _append(*, action, content_type, object_id, object_repr, actor, changes, reason, ip) -> AuditEntry:
    """Append an entry; ``actor=_FROM_CONTEXT`` takes the context's, ``actor=None`` means nobody."""
    if actor is _FROM_CONTEXT:
        actor = context.current_actor()
    elif actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # AnonymousUser
    ip = context.current_ip() if ip is None else context.normalise_ip(ip)
    entry = AuditEntry(
        actor=actor,
        actor_repr=_truncate(_actor_repr(actor), AuditEntry._meta.get_field("actor_repr").max_length),
        ip=ip,
        action=action.value,
        content_type=content_type,
        object_id=_truncate(object_id, AuditEntry._meta.get_field("object_id").max_length),
        object_repr=_truncate(object_repr, AuditEntry._meta.get_field("object_repr").max_length),
        changes=_normalise_changes(changes),
        reason=str(reason or ""),
    )
    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using):
        _lock_chain(using)
        last = (
            AuditEntry.objects.using(using).select_for_update().order_by("-sequence")
            .values_list("sequence", "hash").first()
        )
        entry.sequence, entry.prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        entry.timestamp = timezone.now()  # taken under the lock: time never runs backwards along the chain
        entry.hash = entry.compute_hash()
        entry.key_id, entry.mac = sign(entry.hash)
        entry.save(using=using)
        if entry.sequence % anchor_every() == 0:
            sequence, digest = entry.sequence, entry.hash
            transaction.on_commit(lambda: anchor_after_commit(sequence, digest), using=using)
    return entry


def _lock_chain(using: str) -> None:
    """Serialise chain writers until the transaction ends.

    PostgreSQL: an advisory lock, taken before the last entry is read. SELECT … FOR UPDATE on the last
    row alone is not enough under READ COMMITTED: a waiting writer would wake up holding the old last
    row and compute the same sequence number (the primary key then refuses it: loud, not forked).
    SQLite: transactions start with BEGIN IMMEDIATE (settings), so writers are already serialised.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])


def _actor_repr(actor) -> str:
    if actor is None:
        return ""
    username = actor.get_username()
    name = str(actor)
    return username if name == username else f"{name} ({username})"


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _normalise_changes(changes) -> dict:
    """Return ``changes`` exactly as the database will give it back, so the hash survives a round trip."""
    if changes is None:
        return {}
    if not isinstance(changes, dict):
        raise TypeError("changes must be a dict like {'field': [old, new]}.")
    return json.loads(json.dumps(changes, default=json_safe, ensure_ascii=False, allow_nan=False))


def history_for(obj):
    """Return the audit entries about ``obj``, oldest first."""
    return AuditEntry.objects.for_object(obj).select_related("actor", "content_type")


def snapshot(instance, fields=None) -> dict:
    """Return ``{field name: JSON-safe value}`` for a model instance (``diff`` compares two of them).

    Defaults to every concrete field except password hashes; foreign keys give the related primary
    key, many-to-many fields (only when named) the sorted primary keys.
    """
    opts = instance._meta
    if fields is None:
        fields = [f.name for f in opts.concrete_fields if f.name not in SECRET_FIELDS]
    values = {}
    for name in fields:
        field = opts.get_field(name)
        if field.many_to_many:
            value = sorted(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []
        elif not getattr(field, "concrete", False):
            raise ValueError(f"snapshot() cannot read {name!r}: not a concrete or many-to-many field.")
        elif field.is_relation:
            value = getattr(instance, field.attname)
        else:
            value = field.value_from_object(instance)
        values[name] = json_safe(value)
    return values


def diff(old: dict, new: dict) -> dict:
    """Return ``{"field": [old, new]}`` for each key whose value differs (a missing key counts as None)."""
    keys = list(old) + [k for k in new if k not in old]
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}


def json_safe(value):
    """Return ``value`` as JSON-safe data: ISO dates, Decimals as strings, model instances as their pk."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((json_safe(v) for v in value), key=lambda v: (str(type(v)), str(v)))
    return str(value)


# Attachments ------------------------------------------------------------------------------------------


def attach_file(target, uploaded_file, *, by, description: str = "") -> Attachment:
    """Store ``uploaded_file`` as an attachment of ``target`` and record an ``attach`` audit entry.

    Raises ``AttachmentRefused`` (nothing stored) for an empty or over-size file
    (``FAZHI_UPLOAD_MAX_MB``), a program or script, a type that is not accepted, a name whose
    extension contradicts the content, a password-protected or unreadable file.
    """
    if target is None or target.pk is None:
        raise ValueError("attach_file() needs a saved target.")
    if by is None or not getattr(by, "is_authenticated", False):
        raise ValueError("attach_file() needs the person uploading (by=user).")
    name = _clean_name(getattr(uploaded_file, "name", ""))
    ext = os.path.splitext(name)[1].lower()
    shown = name or str(_("the file"))
    if ext in BLOCKED_EXTENSIONS:
        raise AttachmentRefused(
            _("“%(name)s” is a program or script: %(ext)s files are not accepted."),
            code="executable", params={"name": shown, "ext": ext},
        )
    limit = settings.FAZHI_UPLOAD_MAX_MB * _MB
    declared = _declared_size(uploaded_file)
    if declared is not None and declared > limit:
        raise _too_large(shown, declared)

    size, sha256, head, encoding = _scan(uploaded_file, limit)
    if size == 0:
        raise AttachmentRefused(_("“%(name)s” is empty."), code="empty", params={"name": shown})
    if size > limit:
        raise _too_large(shown, size)
    kind = _accepted_kind(uploaded_file, shown, ext, head, encoding)

    mime = kind.mime
    if kind.code in ("text", "csv"):
        mime = f"{mime}; charset={encoding}"
    stored_ext = ext if ext in kind.extensions else kind.extensions[0]
    attachment = Attachment(
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        original_name=name,
        size=size,
        sha256=sha256,
        content_type=mime,
        description=description or "",
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(f"upload{stored_ext}", uploaded_file, save=False)
    try:
        with transaction.atomic():
            attachment.save()
            record_event(
                action=Action.ATTACH, target=target, actor=by,
                changes={"attachment": [None, _attachment_summary(attachment)]},
            )
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def withdraw_attachment(att: Attachment, *, by, reason: str) -> Attachment:
    """Withdraw an attachment (it stays stored, marked withdrawn) and record a ``withdraw`` audit entry."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for withdrawing the attachment."), code="reason_required")
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().get(pk=att.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This attachment has already been withdrawn."), code="already_withdrawn")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdrawn_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        target = locked.target
        common = {
            "action": Action.WITHDRAW, "actor": by, "reason": reason,
            "changes": {"attachment": [_attachment_summary(locked), None]},
        }
        if target is not None:
            record_event(target=target, **common)
        else:  # the record itself is gone: keep the link by type and id
            _append(content_type=locked.target_type, object_id=locked.target_id, object_repr="", ip=None, **common)
    att.withdrawn_at, att.withdrawn_by, att.withdrawn_reason = locked.withdrawn_at, by, reason
    return att


def attachments_for(obj, *, include_withdrawn: bool = False):
    """Return the attachments of ``obj``, oldest first; withdrawn ones only when asked."""
    qs = Attachment.objects.for_object(obj).select_related("uploaded_by")
    return qs if include_withdrawn else qs.current()


def _attachment_summary(att: Attachment) -> dict:
    return {
        "id": att.pk, "name": att.original_name, "size": att.size, "sha256": att.sha256,
        "content_type": att.content_type,
    }


def _clean_name(raw) -> str:
    """Return the file's base name without directories, control characters or trailing dots."""
    name = re.split(r"[\\/]", str(raw or ""))[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().rstrip(". ")
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        ext = ext[:20]
        name = stem[: 255 - len(ext)] + ext
    return name


def _declared_size(uploaded_file) -> int | None:
    try:
        return int(uploaded_file.size)
    except (AttributeError, TypeError, ValueError, OSError):
        return None


def _scan(uploaded_file, limit: int) -> tuple[int, str, bytes, str | None]:
    """Stream the file once: size, SHA-256, its first bytes and (if text) its encoding."""
    digest = hashlib.sha256()
    probe = TextProbe()
    size = 0
    head = b""
    for chunk in uploaded_file.chunks(_CHUNK):
        size += len(chunk)
        if size > limit:
            continue  # keep counting only, to say how large it is
        digest.update(chunk)
        probe.feed(chunk)
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
    return size, digest.hexdigest(), head, probe.finish()


def _too_large(name: str, size: int) -> AttachmentRefused:
    return AttachmentRefused(
        _("“%(name)s” is %(size)s MB; the largest file accepted is %(limit)s MB."),
        code="too_large",
        params={"name": name, "size": f"{math.ceil(size * 10 / _MB) / 10:g}", "limit": settings.FAZHI_UPLOAD_MAX_MB},
    )


def _accepted_types() -> str:
    seen = []
    for kind in KINDS.values():
        for ext in kind.extensions:
            seen.append(ext.lstrip(".").upper())
    return ", ".join(seen)


def _accepted_kind(uploaded_file, name: str, ext: str, head: bytes, encoding: str | None):
    try:
        sniffed = detect(uploaded_file, head, text_encoding=encoding,
                         max_zip_members=settings.FAZHI_UPLOAD_MAX_ZIP_MEMBERS)
    except LimitExceeded as exc:
        raise AttachmentRefused(_("“%(name)s”: %(reason)s"), code="limit",
                                params={"name": name, "reason": describe(exc)}) from exc
    if sniffed.code == "executable":
        raise AttachmentRefused(
            _("“%(name)s” contains a program or script, which is not accepted."),
            code="executable", params={"name": name},
        )
    if sniffed.code == "encrypted":
        raise AttachmentRefused(
            _("“%(name)s” is protected by a password; remove the password and upload it again."),
            code="encrypted", params={"name": name},
        )
    if sniffed.code == "damaged":
        raise AttachmentRefused(
            _("“%(name)s” cannot be read; the file may be damaged."), code="damaged", params={"name": name},
        )
    actual = sniffed.kind
    claimed = kind_for_extension(ext) if ext else None
    if actual is None or (ext and claimed is None):
        raise AttachmentRefused(
            _("The type of “%(name)s” is not accepted. Accepted types: %(types)s."),
            code="unsupported", params={"name": name, "types": _accepted_types()},
        )
    if actual.code == "text" and ext == ".csv":
        actual = KINDS["csv"]
    if claimed is not None and claimed != actual:
        if claimed.code == "zip" and actual.code in ZIP_BASED:
            return claimed  # a DOCX, ODT or OFD is a ZIP archive too: take the name's word for it
        raise AttachmentRefused(
            _("“%(name)s” is named as %(claimed)s, but its content is %(actual)s."),
            code="mismatch", params={"name": name, "claimed": claimed.label, "actual": actual.label},
        )
    return actual
