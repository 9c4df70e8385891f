"""Pages of the Word round trip: upload the report's DOCX revised in Word or WPS, see its changes section by
section, accept the ones wanted; download the report with tracked changes against an earlier version.

Uploading and accepting are for whoever may edit the report while its text may change (``actions.can_edit``,
``actions.EDITABLE``): someone outside the report's scope gets 404, a reader 403. The comparison is a download
for those who read the report through the organisation scope (not for a department that only comments).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fazhi.audit.actions import record_event
from fazhi.org.scope import scope_for
from fazhi.reports import actions, versions, word_import, word_revisions
from fazhi.reports.views import _editable_report, _error_text, _readable_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _back(report) -> str:
    return reverse("reports:report_detail", args=[report.pk]) + "#word"


@login_required
@require_POST
def word_upload(request, pk: int):
    """Read an uploaded DOCX of the report; show its changes (nothing changes until some are accepted)."""
    report = _editable_report(request, pk)
    try:
        actions._require_editable_text(report, request.user)
        reading = word_import.read_docx(report, request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_back(report))
    token = word_revisions.save_pending(report, reading, reading.data, by=request.user)
    return redirect("reports:word_changes", report.pk, token)


def _gone(request, report):
    messages.error(request, _("This upload is no longer stored (uploads wait %(hours)d hours for acceptance). "
                              "Upload the file again.")
                   % {"hours": int(word_revisions.MAX_AGE.total_seconds() // 3600)})
    return redirect(_back(report))


@login_required
def word_changes(request, pk: int, token: str):
    """The uploaded file's changes, section by section, each with its "accept" checkbox."""
    report = _editable_report(request, pk)
    pending = word_revisions.load_pending(report, token, by=request.user)
    if pending is None:
        return _gone(request, report)
    found, same = word_revisions.changes(report, pending)
    sections = {s.pk: s for s in report.sections.all()}
    return render(request, "reports/word_changes.html", {
        "report": report, "pending": pending, "token": token, "changes": found, "same": same,
        "missing": [sections[pk] for pk in pending.missing if pk in sections],
        "editable": report.status in actions.EDITABLE,
    })


def _accepted_messages(request, result, name: str) -> None:
    if result.accepted:
        messages.success(request, ngettext(
            "%(n)d section now has the text of “%(name)s”: %(sections)s.",
            "%(n)d sections now have the text of “%(name)s”: %(sections)s.", len(result.accepted),
        ) % {"n": len(result.accepted), "name": name, "sections": "；".join(s.title for s in result.accepted)})
    if result.conflicts:
        messages.warning(request, _("Not changed, because they were edited in fazhi after the file was read "
                                    "(upload the file again to compare with their new text): %(sections)s.")
                         % {"sections": "；".join(s.title for s in result.conflicts)})


@login_required
@require_POST
def word_accept(request, pk: int, token: str):
    """Apply the file's text to the sections ticked (each change audited); the others are left as they are."""
    report = _editable_report(request, pk)
    pending = word_revisions.load_pending(report, token, by=request.user)
    if pending is None:
        return _gone(request, report)
    chosen = [value for value in request.POST.getlist("section") if value.isdigit()]
    if not chosen:
        messages.error(request, _("Tick the sections whose changes you accept."))
        return redirect("reports:word_changes", report.pk, token)
    try:
        result = word_revisions.accept(report, pending, chosen, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("reports:word_changes", report.pk, token)
    _accepted_messages(request, result, pending.name)
    if not result.accepted:
        if not result.conflicts:
            messages.info(request, _("The sections ticked already have the file's text; nothing changed."))
        return redirect("reports:word_changes", report.pk, token)
    word_revisions.discard_pending(token)
    return redirect(reverse("reports:report_detail", args=[report.pk]) + "#outline-h")


@login_required
def word_compare(request, pk: int, since: str):
    """The report as DOCX with its changes since an earlier version as tracked changes (see ``versions``)."""
    from fazhi.reports.export import filename_for
    from fazhi.reports.export.tracked import render_compare_docx

    report = _readable_report(request, pk)
    if not scope_for(request.user).can_read_agency(report.agency_id):
        raise Http404
    earlier = versions.baseline(report, versions.previous(report).key if since == "previous" else since)
    if earlier is None:
        raise Http404
    response = HttpResponse(render_compare_docx(report, earlier), content_type=DOCX)
    stem = filename_for(report, "docx").removesuffix(".docx")
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}（修订）.docx")
    response["X-Content-Type-Options"] = "nosniff"
    record_event(action="export", target=report, actor=request.user,
                 changes={"format": [None, "docx"], "compared_with": [None, earlier.key]})
    return response
