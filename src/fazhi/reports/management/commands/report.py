"""``fazhi report export --agency CODE --year YYYY --format docx|pdf|html|json -o PATH``: export an annual report."""

from __future__ import annotations

from pathlib import Path

from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.reports.export import FORMATS, export_report

TEXT_FORMATS = ("html", "json")


class Command(BaseCommand):
    # Only the fast checks of what an export reads: the models and the templates (the HTML and PDF render one).
    # Not the URL checks, which import the whole URL conf (the API's hundreds of schemas, the admin): half a
    # second at every start and nothing an export uses. Not fazhi's own checks either: they guard the audit
    # trail's key and anchor file and the e-mails' links, and an export writes no audit entry and sends no
    # mail. `fazhi check`, `fazhi migrate`, `fazhi runserver` and the other commands still run them all.
    requires_system_checks = [checks.Tags.models, checks.Tags.templates]

    @property
    def help(self):  # argparse needs a real str, translated when the command runs
        return _("Export an annual report on building law-based government (export).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{export}")
        export = sub.add_parser(
            "export", help=_("Write a body's report for a year as DOCX (公文 layout), PDF, HTML or JSON."),
        )
        export.add_argument("--agency", required=True, metavar="CODE",
                            help=_("Code of the reporting body, e.g. sfx-gov."))
        export.add_argument("--year", required=True, type=int, metavar="YYYY", help=_("The reporting year."))
        export.add_argument("--format", dest="fmt", required=True, choices=FORMATS, help=_("The file format."))
        export.add_argument(
            "--header", action="store_true",
            help=_("DOCX only: print the 版头 of the copy filed with the addressees (发文机关标志, 发文字号, 签发人)."),
        )
        export.add_argument(
            "-o", "--output", metavar="PATH",
            help=_("Where to write the file; “-” writes HTML or JSON to standard output. "
                   "Default: the report's title in the current directory."),
        )

    def handle(self, *args, subcommand, **options):
        return self.export(options)

    def export(self, options):
        from fazhi.org.models import Agency
        from fazhi.reports.models import Report

        code, year, fmt, output = options["agency"], options["year"], options["fmt"], options["output"]
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(_("No agency has the code “%(code)s”.") % {"code": code})
        report = Report.objects.filter(agency=agency, year=year, withdrawn_at__isnull=True).first()
        if report is None:
            raise CommandError(
                _("%(agency)s (%(code)s) has no annual report for %(year)s.")
                % {"agency": agency.name, "code": code, "year": year}
            )
        if output == "-" and fmt not in TEXT_FORMATS:
            raise CommandError(
                _("A %(format)s file cannot go to standard output: give a file name with -o.") % {"format": fmt}
            )
        exported = export_report(report, fmt, header=options["header"])
        if output == "-":
            self.stdout.write(exported.content.decode("utf-8"), ending="")
            return
        path = Path(output) if output else Path.cwd() / exported.filename
        try:
            path.write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror or exc}
            ) from None
        self.stdout.write(
            _("Wrote %(path)s (%(size)d bytes).") % {"path": path, "size": len(exported.content)}
        )
