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
        issue.add_argument("--days", type=int, default=None, help="Expire after this many days.")
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
            expires = timezone.now() + timedelta(days=options["days"]) if options["days"] else None
            token, key = ApiToken.issue(user, options["name"], expires_at=expires)
            self.stdout.write(_("Token for %(user)s (shown once, keep it safe):") % {"user": user.username})
            self.stdout.write(key)
            return
        for token in user.api_tokens.order_by("created_at"):
            state = _("revoked") if token.revoked_at else _("active")
            self.stdout.write(f"{token.prefix}  {token.name}  {token.created_at:%Y-%m-%d}  {state}")
