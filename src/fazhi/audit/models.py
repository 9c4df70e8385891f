"""The audit trail (审计日志: who did what, when, from where, hash-chained) and attachments (附件)."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.audit.hashing import entry_hash


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry (or delete an attachment) through the ORM."""


class AuditEntryQuerySet(models.QuerySet):
    """Audit entries are only ever added, one at a time, through ``actions.record_event``."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def _update(self, values):
        # Model.save_base(raw=True) (loaddata) tries an UPDATE before an INSERT: allow it only when it
        # would touch nothing, so restoring into an empty table works and overwriting does not.
        if self.exists():
            raise AppendOnlyError("Audit entries cannot be changed.")
        return 0

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are added one at a time through record_event().")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def for_object(self, obj):
        """Return the entries about ``obj`` (any saved model instance), oldest first."""
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk)).order_by("sequence")


class AuditEntry(models.Model):
    """One event in the append-only, hash-chained audit trail (审计日志).

    ``hash`` covers every other field and ``prev_hash``, the previous entry's hash (see
    ``fazhi.audit.hashing`` for the exact serialisation); ``mac`` is an HMAC of ``hash`` under the audit
    key (``fazhi.audit.keys``); ``fazhi audit verify`` recomputes both and checks them against the anchor
    file (``fazhi.audit.anchors``).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("create")
        CHANGE = "change", _("change")
        TRANSITION = "transition", _("status change")
        WITHDRAW = "withdraw", _("withdraw")
        VOID = "void", _("void")
        ATTACH = "attach", _("attach file")
        DELETE = "delete", _("delete")
        EXPORT = "export", _("export")
        LOGIN = "login", _("log in")
        LOGIN_FAILED = "login_failed", _("failed log-in")
        LOGOUT = "logout", _("log out")
        LOGIN_THROTTLED = "login_throttled", _("log-ins from an address delayed")
        ACCOUNT_LOCKED = "account_locked", _("account locked")
        OTHER = "other", _("other")

    sequence = models.PositiveBigIntegerField(
        _("sequence number"), primary_key=True, editable=False,
        help_text=_("Position in the audit chain: 1, 2, 3… without gaps."),
    )
    timestamp = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("actor"), help_text=_("Empty for the system and for failed log-ins."),
    )
    actor_repr = models.CharField(_("actor name"), max_length=200, blank=True, editable=False)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, editable=False)
    content_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("record type"),
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("record"), max_length=200, blank=True, editable=False)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, editable=False,
        help_text=_('Changed fields as {"field": [old, new]}.'),
    )
    reason = models.TextField(_("reason"), blank=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)
    key_id = models.CharField(
        _("key id"), max_length=16, blank=True, default="", db_default="", editable=False,
        help_text=_("Names the audit key (FAZHI_AUDIT_KEY) the keyed hash was made with, without revealing it."),
    )
    mac = models.CharField(
        _("keyed hash"), max_length=64, blank=True, default="", db_default="", editable=False,
        help_text=_("HMAC of the hash under the audit key: without the key the chain cannot be recomputed."),
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["sequence"]
        base_manager_name = "objects"
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_entry_target_idx"),
            models.Index(fields=["timestamp"], name="audit_entry_time_idx"),
        ]

    def __str__(self):
        label = f"#{self.sequence} {self.get_action_display()}"
        return f"{label} {self.object_repr}" if self.object_repr else label

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        if not self.hash or self.hash != self.compute_hash() or not self.mac:
            raise AppendOnlyError("Add audit entries through fazhi.audit.actions.record_event().")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    @property
    def target_label(self) -> str:
        """Return the target's content type as ``app_label.model``, or "" without a target."""
        if self.content_type_id is None:
            return ""
        ct = ContentType.objects.get_for_id(self.content_type_id)
        return f"{ct.app_label}.{ct.model}"

    def compute_hash(self) -> str:
        """Return the hash of this entry's fields as they are now (format 1, ``fazhi.audit.hashing``)."""
        return entry_hash(
            sequence=self.sequence, timestamp=self.timestamp, actor_id=self.actor_id,
            actor_repr=self.actor_repr, ip=self.ip, action=self.action, target_type=self.target_label,
            object_id=self.object_id, object_repr=self.object_repr, changes=self.changes,
            reason=self.reason, prev_hash=self.prev_hash,
        )


class AttachmentQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("Attachments are withdrawn, never deleted.")

    def for_object(self, obj):
        """Return the attachments of ``obj``, oldest first, withdrawn ones included."""
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(target_type=ct, target_id=str(obj.pk)).order_by("uploaded_at", "pk")

    def current(self):
        """Return the attachments not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """Return ``attachments/YYYY/MM/<random>.<ext>``: the uploader's file name never reaches the disk.

    ``filename`` is only a carrier for the extension, which ``attach_file`` derives from the sniffed type.
    """
    when = timezone.localtime(instance.uploaded_at or timezone.now())
    ext = os.path.splitext(filename)[1].lower()
    return f"attachments/{when:%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    """A file attached to a record (附件), kept with its SHA-256; withdrawn, never deleted."""

    target_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("record type"),
    )
    target_id = models.CharField(_("record id"), max_length=64)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(
        _("original file name"), max_length=255, blank=True,
        help_text=_("The name the file had when it was uploaded; the stored file has a random name."),
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.CharField(
        _("file type"), max_length=100, help_text=_("MIME type detected from the file's content."),
    )
    description = models.TextField(_("description"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    target = GenericForeignKey("target_type", "target_id")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_attachment_target_idx")]

    def __str__(self):
        return self.original_name or self.file.name

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Attachments are withdrawn, never deleted.")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
