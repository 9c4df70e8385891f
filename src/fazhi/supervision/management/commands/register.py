"""``fazhi register build --year 2025 --region 990100``: add a region's reporting bodies to a year's register."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.org.models import Region
from fazhi.supervision.actions import build_register


class Command(BaseCommand):
    help = "Keep the register of reporting bodies (报告主体名录): 'build' adds a region's bodies for a year (idempotent)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Add every government and department below the region to the register.")
        build.add_argument("--year", type=int, required=True, help="The reporting year, e.g. 2025.")
        build.add_argument("--region", required=True, help="The GB/T 2260 code of the supervising region.")

    def handle(self, *args, **options):
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(_("No region with the code %(code)s.") % {"code": options["region"]})
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("%(year)d is not a reporting year.") % {"year": year})
        done = build_register(region, year)
        self.stdout.write(_("Register for %(year)d of %(region)s: %(added)d bodies added, %(linked)d reports linked.")
                          % {"year": year, "region": region.name, **done})
