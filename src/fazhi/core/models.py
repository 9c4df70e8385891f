"""Workbench-wide tables: in-app notifications and the record of ``fazhi tick`` runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person in the workbench (the bell), sent by ``fazhi tick`` and by actions.

    ``key`` names what the message is about (e.g. ``normative.document:12:2026-03-01:red``); it is unique
    per person, so sending the same notification twice, or from two workers at once, stores it once.
    """

    class Level(models.TextChoices):
        INFO = "info", _("information")
        WARNING = "warning", _("deadline approaching")
        DANGER = "danger", _("overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications",
                             verbose_name=_("person"))
    key = models.CharField(_("key"), max_length=200,
                           help_text=_("What the notification is about; unique per person, so it is sent once."))
    title = models.CharField(_("notification title"), max_length=200)
    body = models.TextField(_("notification text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.INFO)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_error = models.CharField(_("e-mail error"), max_length=300, blank=True,
                                   help_text=_("Why the last attempt to e-mail this notification failed."))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_notification_once_per_user")]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class TickRun(models.Model):
    """One pass of ``fazhi tick`` (or of the worker): when it ran and what it did."""

    started_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    today = models.DateField(_("date checked"))
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")

    def __str__(self):
        return f"{self.today} {self.started_at:%H:%M}"
