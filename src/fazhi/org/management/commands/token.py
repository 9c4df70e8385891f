import datetime as dt
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.org.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens (Authorization: Bearer …) for a person."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a token; its key is shown once.")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="What the token is for.")
        expiry = issue.add_mutually_exclusive_group()
        expiry.add_argument("--days", type=int, default=None, help="Expire after this many days.")
        expiry.add_argument("--expires", type=_day, default=None, metavar="YYYY-MM-DD",
                            help="Expire at the start of this day (local time).")
        listing = sub.add_parser("list", help="List a person's tokens.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix (or its whole key).")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "revoke":
            prefix = options["prefix"]
            if prefix.startswith("fz_"):  # the whole key was pasted
                prefix = prefix[3:11]
            count = ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not count:
                raise CommandError(_("No active token starts with %(prefix)s.") % {"prefix": options["prefix"]})
            self.stdout.write(_("Revoked."))
            return
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(_("No person with the user name %(name)s.") % {"name": options["username"]}) from None
        if action == "issue":
            expires = _expiry(options["days"], options["expires"])
            token, key = ApiToken.issue(user, options["name"], expires_at=expires)
            self.stdout.write(_("Token for %(user)s (shown once, keep it safe):") % {"user": user.username})
            self.stdout.write(key)
            return
        for token in user.api_tokens.order_by("created_at"):
            state = _("revoked") if token.revoked_at else _("active")
            if not token.revoked_at and token.expires_at and token.expires_at <= timezone.now():
                state = _("expired")
            expires = f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}" if token.expires_at else "-"
            self.stdout.write(f"{token.prefix}  {token.name}  {token.created_at:%Y-%m-%d}  {expires}  {state}")


def _day(text: str) -> dt.date:
    """Parse --expires: a day in the future."""
    import argparse

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("%(value)s is not a date like 2026-12-31.") % {"value": text}) from None
    if day <= timezone.localdate():
        raise argparse.ArgumentTypeError(_("%(value)s is not in the future.") % {"value": text})
    return day


def _expiry(days: int | None, day: dt.date | None):
    """Return when a new token expires: after ``days`` days, at the start of ``day``, or never (None)."""
    if days is not None:
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        return timezone.now() + timedelta(days=days)
    if day is not None:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return None
