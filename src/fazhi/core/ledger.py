"""The one shape every ledger record shares (ARCHITECTURE.md, "One shape for every procedure").

A ledger record has an owning agency, one ``status`` field with ``TextChoices``, verb-named actions that
refuse illegal moves, a stored ``next_deadline`` kept by one pure function, attachments, and an audit
entry per change. Records are never deleted: they are withdrawn or voided with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.org.managers import ScopedManager


class IllegalTransition(ValidationError):
    """The action is not allowed from the record's current state; the message says why."""


class LedgerRecord(models.Model):
    """Abstract base of every ledger record."""

    agency = models.ForeignKey(
        "org.Agency", models.PROTECT, related_name="+", verbose_name=gettext_lazy("agency"),
    )
    next_deadline = models.DateField(
        gettext_lazy("next deadline"), null=True, blank=True, db_index=True, editable=False,
        help_text=gettext_lazy("The nearest statutory deadline still open, kept by the ledger's rules."),
    )
    created_at = models.DateTimeField(gettext_lazy("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=gettext_lazy("created by"), editable=False,
    )
    updated_at = models.DateTimeField(gettext_lazy("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(gettext_lazy("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_reason = models.TextField(gettext_lazy("reason for withdrawal"), blank=True, editable=False)

    objects = ScopedManager()

    scope_field = "agency"
    #: Fields recorded in the audit trail on create and change; None means every concrete field.
    audit_fields: Iterable[str] | None = None

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise IllegalTransition(_("Ledger records are never deleted: withdraw the record with a reason."))

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def compute_next_deadline(self):
        """Return the nearest open deadline; ledgers override this with their rules (a pure function)."""
        return None


def _audit():
    from fazhi.audit import actions

    return actions


def _snapshot(record: LedgerRecord) -> dict:
    return _audit().snapshot(record, fields=record.audit_fields)


@transaction.atomic
def create_record(record: LedgerRecord, *, by) -> LedgerRecord:
    """Save a new record in an agency the person may change, with its deadline and an audit entry."""
    from fazhi.org.scope import scope_for

    if not scope_for(by).can_write_agency(record.agency_id):
        raise IllegalTransition(_("You may not create records for %(agency)s.") % {"agency": record.agency})
    record.created_by = by
    record.next_deadline = record.compute_next_deadline()
    record.full_clean()
    record.save()
    _audit().record_event(action="create", target=record, actor=by, changes=_audit().diff({}, _snapshot(record)))
    return record


@transaction.atomic
def change_record(record: LedgerRecord, *, by, **values) -> LedgerRecord:
    """Change fields of a record and write the differences to the audit trail."""
    if record.is_withdrawn:
        raise IllegalTransition(_("This record was withdrawn and can no longer be changed."))
    before = _snapshot(record)
    for name, value in values.items():
        setattr(record, name, value)
    record.next_deadline = record.compute_next_deadline()
    record.full_clean()
    record.save()
    changes = _audit().diff(before, _snapshot(record))
    if changes:
        _audit().record_event(action="change", target=record, actor=by, changes=changes)
    return record


@transaction.atomic
def transition(record: LedgerRecord, to_status: str, *, by, allowed_from: Iterable[str], reason: str = "",
               **values) -> LedgerRecord:
    """Move a record to ``to_status`` if its status is one of ``allowed_from``; audit the move.

    ``values`` are other fields set in the same step (a decision date, an opinion…).
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.is_withdrawn:
        raise IllegalTransition(_("This record was withdrawn and can no longer be changed."))
    allowed = set(allowed_from)
    if record.status not in allowed:
        choices = dict(type(record)._meta.get_field("status").choices)
        raise IllegalTransition(
            _("Cannot move from “%(current)s” to “%(target)s”: allowed only from %(allowed)s.") % {
                "current": choices.get(record.status, record.status),
                "target": choices.get(to_status, to_status),
                "allowed": "、".join(str(choices.get(s, s)) for s in sorted(allowed)),
            },
            code="illegal_transition",
        )
    before = _snapshot(record)
    old_status = record.status
    record.status = to_status
    for name, value in values.items():
        setattr(record, name, value)
    record.next_deadline = record.compute_next_deadline()
    record.full_clean()
    record.save()
    changes = _audit().diff(before, _snapshot(record))
    changes["status"] = [old_status, to_status]
    _audit().record_event(action="transition", target=record, actor=by, changes=changes, reason=reason)
    return record


@transaction.atomic
def withdraw_record(record: LedgerRecord, *, by, reason: str) -> LedgerRecord:
    """Withdraw (void) a record with a reason; it stays in the ledger and the audit trail."""
    if not reason or not reason.strip():
        raise IllegalTransition(_("Give a reason for withdrawing the record."), code="reason_required")
    if record.is_withdrawn:
        raise IllegalTransition(_("This record was already withdrawn."), code="already_withdrawn")
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason.strip()
    record.next_deadline = None
    record.save(update_fields=["withdrawn_at", "withdrawn_reason", "next_deadline", "updated_at"])
    _audit().record_event(action="withdraw", target=record, actor=by, reason=record.withdrawn_reason)
    return record
