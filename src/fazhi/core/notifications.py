"""In-app notifications (the bell) and their e-mail, plus the notifications page.

Other code sends with ``notify(user_ids, key=…, title=…)``: the key is unique per person, so sending
again, or from two workers at once, stores one row. ``send_emails()`` mails each person a digest of their
notifications not yet e-mailed (only people with an address), records ``emailed_at`` and, when the mail
server refuses, ``email_error`` (the next run tries again, for a day).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fazhi.core.models import Notification

__all__ = ["NewNotification", "notify", "notify_many", "send_emails", "unread_count"]

log = logging.getLogger(__name__)

#: Notifications older than this are no longer e-mailed (a stale reminder is worse than none).
EMAIL_WITHIN = timedelta(days=1)
#: At most this many notifications in one person's e-mail; the rest are on the notifications page.
EMAIL_MAX_ITEMS = 50
BATCH = 1000


@dataclass(frozen=True)
class NewNotification:
    user_id: int
    key: str
    title: str
    body: str = ""
    url: str = ""
    level: str = Notification.Level.INFO


def notify_many(items: Iterable[NewNotification], *, dry_run: bool = False) -> int:
    """Store the notifications not stored yet (by person and key); return how many are new.

    Works in batches with one query for the keys already there and one bulk insert; a row a concurrent
    run inserted first is skipped by the unique constraint (``ignore_conflicts``).
    """
    created = 0
    batch: dict[tuple[int, str], NewNotification] = {}
    for item in items:
        batch[(item.user_id, item.key[:200])] = item
        if len(batch) >= BATCH:
            created += _store(batch, dry_run)
            batch = {}
    if batch:
        created += _store(batch, dry_run)
    return created


def _store(batch: dict[tuple[int, str], NewNotification], dry_run: bool) -> int:
    keys = {key for _user, key in batch}
    existing = set(
        Notification.objects.filter(key__in=keys, user_id__in={user for user, _key in batch})
        .values_list("user_id", "key")
    )
    new = [
        Notification(user_id=user, key=key, title=item.title[:200], body=item.body, url=item.url[:500],
                     level=item.level)
        for (user, key), item in batch.items() if (user, key) not in existing
    ]
    if new and not dry_run:
        Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


def notify(user_ids: Iterable[int], *, key: str, title: str, body: str = "", url: str = "",
           level: str = Notification.Level.INFO) -> int:
    """Notify each person once about ``key``; return how many notifications are new."""
    return notify_many(NewNotification(user_id=uid, key=key, title=title, body=body, url=url, level=level)
                       for uid in set(user_ids))


def unread_count(user) -> int:
    """The person's unread notifications, for the bell on every page: one plain query, without the ORM's
    building of a count (a third of a millisecond of every page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    table = connection.ops.quote_name(Notification._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = %s AND read_at IS NULL", [user.pk])
        return cursor.fetchone()[0]


# E-mail -----------------------------------------------------------------------------------------------


def _absolute(url: str) -> str:
    base = getattr(settings, "FAZHI_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def _digest(rows: list[Notification]) -> tuple[str, str]:
    subject = ngettext("fazhi: %(n)d new notification", "fazhi: %(n)d new notifications", len(rows)) % {
        "n": len(rows)}
    lines = []
    for row in rows:
        lines.append(f"· {row.title}")
        if row.body:
            lines.append(f"  {row.body}")
        if row.url:
            lines.append(f"  {_absolute(row.url)}")
    lines += ["", _("All your notifications are on the notifications page of the workbench.")]
    return subject, "\n".join(lines)


def send_emails(*, now=None, dry_run: bool = False) -> int:
    """E-mail every person a digest of their recent notifications not yet e-mailed; return e-mails sent.

    Each person's rows are locked (``skip_locked``) while their e-mail goes out, so two runs at once never
    send the same notification twice.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(
        emailed_at__isnull=True, created_at__gte=now - EMAIL_WITHIN, user__is_active=True,
    ).exclude(user__email="")
    user_ids = list(pending.values_list("user_id", flat=True).distinct())
    if dry_run:
        return len(user_ids)
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            rows = list(
                pending.filter(user_id=user_id).select_for_update(skip_locked=True, of=("self",))
                .select_related("user").order_by("created_at", "pk")[:EMAIL_MAX_ITEMS]
            )
            if not rows:
                continue  # another run has them
            subject, body = _digest(rows)
            ids = [row.pk for row in rows]
            try:
                send_mail(subject, body, None, [rows[0].user.email])
            except Exception as exc:  # the mail server's error, recorded on the rows for the next run
                log.warning("E-mail to user %s failed: %s", user_id, exc)
                Notification.objects.filter(pk__in=ids).update(email_error=str(exc)[:300])
                continue
            Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), email_error="")
            sent += 1
    return sent


# Pages ------------------------------------------------------------------------------------------------


@login_required
def notification_list(request):
    """The person's notifications, unread first, newest first."""
    qs = Notification.objects.filter(user=request.user).order_by("read_at", "-created_at", "-pk")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {
        "page": page, "unread": unread_count(request.user), "only_unread": bool(request.GET.get("unread")),
    })


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with ``open=1`` follow its link."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url if request.POST.get("open") else ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    n = Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, ngettext("%(n)d notification marked read.", "%(n)d notifications marked read.", n)
                     % {"n": n})
    return redirect("notifications")

