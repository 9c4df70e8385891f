"""``fazhi audit verify`` checks the chain and its anchor file; ``anchor`` writes an anchor; ``log`` prints entries.

``verify`` exits with 0 when the chain and the anchor file are intact, 1 when something was tampered with,
2 when it cannot tell (entries or anchors signed with a key that is not configured, an unreadable file).
"""

from __future__ import annotations

import sys

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit.anchors import anchor_latest, anchor_path
from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import Anchor, VerifyResult, verify_chain

PROGRESS_THRESHOLD = 10_000  # entries: below this a check is too quick to need a progress bar


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a real str, translated when the command runs
        return _("Check the audit trail's hash chain (verify), anchor it now (anchor) or print recent entries "
                 "(log).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,anchor,log}")
        verify = sub.add_parser(
            "verify", help=_("Check every entry's hash, keyed hash and link, and the anchor file; exit with "
                             "status 1 if they were tampered with, 2 if a key is missing."),
        )
        verify.add_argument(
            "--anchor", action="append", default=[], metavar="SEQUENCE:HASH",
            help=_("An entry's hash as recorded elsewhere (printed by an earlier verify); may be repeated."),
        )
        verify.add_argument(
            "--anchor-file", metavar="PATH",
            help=_("Check against this anchor file (e.g. the auditor's copy) instead of FAZHI_AUDIT_ANCHOR_FILE."),
        )
        verify.add_argument("--no-progress", action="store_true", help=_("Do not show a progress bar."))
        sub.add_parser("anchor", help=_("Write the newest entry to the anchor file now."))
        log = sub.add_parser("log", help=_("Print the most recent audit entries, newest first."))
        log.add_argument(
            "--object", metavar="APP.MODEL:ID", help=_("Only entries about this record, e.g. org.agency:3."),
        )
        log.add_argument("--actor", metavar="USERNAME", help=_("Only entries by this person (user name)."))
        log.add_argument("--action", choices=AuditEntry.Action.values, help=_("Only entries of this action."))
        log.add_argument("--limit", type=int, default=20, help=_("How many entries to print (default 20)."))

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            return self.verify(options)
        if subcommand == "anchor":
            return self.anchor()
        return self.log(options)

    def anchor(self):
        sequence = anchor_latest(force=True)
        if sequence is None:
            self.stdout.write(_("No audit entries: nothing to anchor."))
            return
        self.stdout.write(_("Anchored entry #%(seq)s in %(path)s.") % {"seq": sequence, "path": anchor_path()})

    # verify ------------------------------------------------------------------------------------------

    def verify(self, options):
        try:
            anchors = [Anchor.parse(text) for text in options["anchor"]]
        except ValueError as exc:
            raise CommandError(
                _("Cannot read the anchor “%(anchor)s”: expected SEQUENCE:HASH (64 hex digits).")
                % {"anchor": exc.args[0]}
            ) from None
        result = VerifyResult()
        kwargs = {"anchor_path": options["anchor_file"]} if options["anchor_file"] else {}
        verify_chain(anchors=anchors, progress=self._progress(options), result=result, **kwargs)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(
                ngettext("OK: %(count)d entry, chain intact", "OK: %(count)d entries, chain intact", result.count)
                % {"count": result.count}
            ))
            if result.last_sequence is not None:
                self.stdout.write(
                    _("Last entry: %(anchor)s (keep it elsewhere and check it later with --anchor).")
                    % {"anchor": f"{result.last_sequence}:{result.last_hash}"}
                )
            if result.count or result.newest_anchor:
                self.stdout.write(self._anchor_summary(result))
            return
        for problem in result.problems:
            self.stdout.write(self.style.ERROR(problem.message))
        self.stderr.write(
            ngettext(
                "TAMPERED: %(problems)d problem in %(count)d entries checked.",
                "TAMPERED: %(problems)d problems in %(count)d entries checked.",
                len(result.problems),
            ) % {"problems": len(result.problems), "count": result.count}
        )
        sys.exit(2 if result.config_only else 1)

    def _anchor_summary(self, result: VerifyResult) -> str:
        newest = result.newest_anchor
        if newest is None:
            return _("Anchor file %(path)s: no anchor yet.") % {"path": result.anchor_file}
        return ngettext(
            "Anchor file %(path)s: %(n)d anchor, the newest records entry #%(seq)s (%(when)s).",
            "Anchor file %(path)s: %(n)d anchors, the newest records entry #%(seq)s (%(when)s).",
            result.anchor_file_lines,
        ) % {"path": result.anchor_file, "n": result.anchor_file_lines, "seq": newest.sequence,
             "when": timezone.localtime(newest.time).strftime("%Y-%m-%d %H:%M:%S")}

    def _progress(self, options):
        if options["no_progress"] or not sys.stderr.isatty():
            return None
        total = AuditEntry.objects.count()
        if total < PROGRESS_THRESHOLD:
            return None
        from tqdm import tqdm

        return lambda rows: tqdm(rows, total=total, unit=" " + _("entries"), file=sys.stderr, leave=False)

    # log ---------------------------------------------------------------------------------------------

    def log(self, options):
        qs = AuditEntry.objects.select_related("content_type").order_by("-sequence")
        if options["object"]:
            qs = qs.filter(**self._object_filter(options["object"]))
        if options["actor"]:
            qs = qs.filter(actor__username=options["actor"])
        if options["action"]:
            qs = qs.filter(action=options["action"])
        limit = max(options["limit"], 1)
        entries = list(qs[:limit])
        if not entries:
            self.stdout.write(_("No audit entries."))
            return
        for entry in entries:
            self.stdout.write(self._line(entry))
            for name, values in entry.changes.items():
                if isinstance(values, list) and len(values) == 2:
                    self.stdout.write(f"    {name}: {_shown(values[0])} → {_shown(values[1])}")
                else:
                    self.stdout.write(f"    {name}: {_shown(values)}")
            if entry.reason:
                self.stdout.write("    " + _("reason: %(reason)s") % {"reason": entry.reason})

    def _object_filter(self, text: str) -> dict:
        label, sep, object_id = text.partition(":")
        app_label, dot, model = label.partition(".")
        if not (sep and dot and object_id):
            raise CommandError(_("Cannot read “%(object)s”: expected APP.MODEL:ID, e.g. org.agency:3.") % {
                "object": text})
        try:
            ct = ContentType.objects.get_by_natural_key(app_label.lower(), model.lower())
        except ContentType.DoesNotExist:
            raise CommandError(_("There is no record type “%(label)s”.") % {"label": label}) from None
        return {"content_type": ct, "object_id": object_id}

    def _line(self, entry: AuditEntry) -> str:
        when = timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S")
        actor = entry.actor_repr or _("system")
        target = ""
        if entry.content_type_id:
            target = f"{entry.target_label}:{entry.object_id} {entry.object_repr}".rstrip()
        parts = [f"#{entry.sequence}", when, actor, entry.ip or "-", str(entry.get_action_display()), target]
        return "  ".join(p for p in parts if p)


def _shown(value) -> str:
    if value is None:
        return "∅"
    return str(value)
