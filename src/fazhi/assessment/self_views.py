"""The pages of a self-assessment beyond the generic record page: its tree of indicators with the claims, the
evidence and (once visible) the office's scores and its gaps (``detail_extra``, shown on the record's page), and the
page of one indicator, where the body records its claim, attaches files and links records of fazhi, and the office
scores it and turns a gap into a rectification item.

Everything is read through the person's scope (``get_visible_or_404``: an outsider gets 404); the office's scores
and comments show to the body only once its result is published (``scoring.scores_visible``).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.assessment import scoring
from fazhi.assessment.evidence import any_records, records, source_of, sources
from fazhi.assessment.forms import EntryForm, EvidenceFileForm, GapForm, LinkForm, ScoreForm
from fazhi.assessment.models import EvidenceLink, IndicatorEntry, SelfAssessment
from fazhi.core import params
from fazhi.ledgers.forms import errors_into
from fazhi.org.scope import get_visible_or_404

S = SelfAssessment.Status
R = IndicatorEntry.Result


def _record(user, pk: int) -> SelfAssessment:
    return get_visible_or_404(user, SelfAssessment.objects.filter(withdrawn_at__isnull=True)
                              .select_related("agency", "system"), pk=pk)


def _entry(record: SelfAssessment, indicator_id: int) -> IndicatorEntry:
    return get_object_or_404(IndicatorEntry.objects.select_related("indicator", "rectification"),
                             assessment=record, indicator_id=indicator_id)


def entry_url(record: SelfAssessment, indicator_id: int) -> str:
    return reverse("assessment:self_assessment_entry", args=[record.pk, indicator_id])


def _evidence_counts(record: SelfAssessment) -> dict[int, int]:
    """Files and linked records of each entry, by entry id."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from fazhi.audit.models import Attachment

    counts = dict(record.entries.annotate(n=Count("links")).values_list("pk", "n"))
    kind = ContentType.objects.get_for_model(IndicatorEntry)
    files = Attachment.objects.filter(target_type=kind, target_id__in=[str(pk) for pk in counts],
                                      withdrawn_at__isnull=True).values("target_id").annotate(n=Count("pk"))
    for row in files:
        counts[int(row["target_id"])] = counts.get(int(row["target_id"]), 0) + row["n"]
    return counts


def totals(record: SelfAssessment, entries, visible: bool) -> dict:
    """The body's claimed total and, when visible, the office's score with its caveats."""
    from fazhi.assessment.ranking import rank, rows_for

    system = record.system
    applicable = [e for e in entries if e.claimed_result and e.claimed_result != R.NOT_APPLICABLE]
    out = {
        "answered": sum(1 for e in entries if e.claimed_result), "leaves": len(entries),
        "claimed": sum((e.claimed_score or Decimal(0) for e in applicable), Decimal(0)) if system.has_points else None,
        "met": sum(1 for e in entries if e.claimed_result == R.MET),
    }
    if visible and record.status in (S.SCORED, S.PUBLISHED):
        row = rank(rows_for([record], None, as_office=True), system.has_points, system.total_points)[0]
        out["score"], out["caveats"] = row.score, [c.text() for c in row.caveats if c.code != "tie"]
        out["office_total"] = row.office_total
    return out


def detail_extra(request, record: SelfAssessment) -> dict:
    """The tree, totals and gaps on the self-assessment's page."""
    visible = scoring.scores_visible(request.user, record)
    entries = {e.indicator_id: e for e in record.entries.select_related("rectification")}
    counts = _evidence_counts(record)
    tree = []
    for indicator in record.system.indicators.order_by("position"):
        entry = entries.get(indicator.pk)
        tree.append({"indicator": indicator, "entry": entry,
                     "evidence": counts.get(entry.pk, 0) if entry else 0,
                     "url": entry_url(record, indicator.pk) if entry else ""})
    can_score = scoring.can_score(request.user, record)
    return {
        "tree": tree, "scores_visible": visible, "system": record.system,
        "totals": totals(record, list(entries.values()), visible),
        "gaps": [(entry, why, entry_url(record, entry.indicator_id)) for entry, why in scoring.gaps(record)],
        "can_fill": record.status == S.DRAFT and scoring.can_fill(request.user, record),
        "can_score": can_score,
    }


def _context(request, record: SelfAssessment, entry: IndicatorEntry, forms: dict | None = None) -> dict:
    from fazhi.audit.actions import attachments_for, history_for

    forms = forms or {}
    indicator = entry.indicator
    can_fill = record.status == S.DRAFT and scoring.can_fill(request.user, record)
    can_score = scoring.can_score(request.user, record)
    visible = scoring.scores_visible(request.user, record)
    found = sources()
    links = [{"link": link, "url": found[link.source].url(link.target_id) if link.source in found else "",
              "ledger": found[link.source].label if link.source in found else link.source}
             for link in entry.links.all()]
    linked = {(link.source, link.target_id) for link in entry.links.all()}
    suggested, searched = [], []
    source = source_of(indicator)
    if can_fill:
        found_records = ([(source, r) for r in records(source, record, request.user)] if source is not None
                         else any_records(record, request.user))
        suggested = [(s, r, s.url(r.pk)) for s, r in found_records if (s.key, r.pk) not in linked]
    asked = params.text(request, "source", 40)
    q = params.text(request, "q", 100)
    if can_fill and asked in found:
        searched = [(found[asked], r, found[asked].url(r.pk))
                    for r in records(found[asked], record, request.user, q=q, limit=20)
                    if (asked, r.pk) not in linked]
    leaves = list(record.system.leaves().order_by("position").values_list("pk", flat=True))
    at = leaves.index(indicator.pk) if indicator.pk in leaves else 0
    ancestors = []
    node = indicator.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    rectify = None
    if can_score and entry.rectification_id is None and record.submitted_on:
        rectify = reverse("assessment:self_assessment_rectify", args=[record.pk, indicator.pk])
    return {
        "record": record, "entry": entry, "indicator": indicator, "ancestors": ancestors, "system": record.system,
        "can_fill": can_fill, "can_score": can_score and record.status in (S.SUBMITTED, S.SCORED),
        "scores_visible": visible,
        "claim_form": forms.get("claim") or EntryForm(prefix="claim", initial={
            "claimed_result": entry.claimed_result, "claimed_score": entry.claimed_score,
            "explanation": entry.explanation}),
        "score_form": forms.get("score") or ScoreForm(prefix="score", initial={
            "office_result": entry.office_result, "office_score": entry.office_score,
            "office_comment": entry.office_comment}),
        "file_form": forms.get("file") or EvidenceFileForm(prefix="file"),
        "link_error": forms.get("link_error"),
        "attachments": attachments_for(entry), "links": links, "suggested": suggested, "searched": searched,
        "source": source, "sources": sorted(((key, str(s.label)) for key, s in found.items()), key=lambda p: p[1]),
        "asked": asked, "q": q, "rectify": rectify,
        "history": history_for(entry)[:50] if can_score else [],
        "previous": entry_url(record, leaves[at - 1]) if at > 0 else "",
        "next": entry_url(record, leaves[at + 1]) if at + 1 < len(leaves) else "",
        "detail": reverse("assessment:self_assessments:detail", args=[record.pk]),
    }


def _entry_step(request, record, item, key: str, form, run, done, refusal=lambda exc: exc):
    """Run a step of an indicator's page that takes a form: back to the page when done, else the page again with
    the form's errors (each refusal at its field, ``refusal`` mapping it first) and the entry as saved."""
    if form.is_valid():
        try:
            run(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, refusal(exc))
        else:
            messages.success(request, done(form) if callable(done) else done)
            return redirect(entry_url(record, item.indicator_id))
    item.refresh_from_db()
    return render(request, "assessment/entry.html", _context(request, record, item, {key: form}), status=422)


@login_required
def entry(request, pk: int, indicator_id: int):
    """An indicator of the self-assessment: GET shows it, POST saves the body's claim."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    if request.method != "POST":
        return render(request, "assessment/entry.html", _context(request, record, item))
    return _entry_step(request, record, item, "claim", EntryForm(request.POST, prefix="claim"), scoring.record_entry,
                       _("Saved."))


@login_required
@require_POST
def entry_score(request, pk: int, indicator_id: int):
    """The office's score of the indicator."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    return _entry_step(request, record, item, "score", ScoreForm(request.POST, prefix="score"),
                       scoring.score_indicator, _("Score saved."))


@login_required
@require_POST
def entry_file(request, pk: int, indicator_id: int):
    """A file of evidence attached to the indicator."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    return _entry_step(
        request, record, item, "file", EvidenceFileForm(request.POST, request.FILES, prefix="file"),
        scoring.attach_evidence,
        lambda form: _("“%(name)s” was attached.") % {"name": form.cleaned_data["upload"].name}, refusal=_as_upload)


def _as_upload(exc: ValidationError) -> ValidationError:
    """The action's refusal of the file, at the form's field."""
    if hasattr(exc, "error_dict") and "file" in exc.error_dict:
        return ValidationError({"upload": exc.error_dict["file"]})
    return exc


@login_required
@require_POST
def entry_link(request, pk: int, indicator_id: int):
    """A record of fazhi linked as evidence of the indicator."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    form = LinkForm(request.POST)
    error = _("Choose a record to link.")
    if form.is_valid():
        try:
            scoring.link_evidence(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The record was linked as evidence."))
            return redirect(entry_url(record, indicator_id))
    return render(request, "assessment/entry.html", _context(request, record, item, {"link_error": error}),
                  status=422)


@login_required
@require_POST
def entry_unlink(request, pk: int, indicator_id: int, link_id: int):
    """A linked record taken off the indicator's evidence."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    link = get_object_or_404(EvidenceLink, pk=link_id, entry=item)
    try:
        scoring.unlink_evidence(link, by=request.user)
    except ValidationError as exc:
        return render(request, "assessment/entry.html", _context(request, record, item, {
            "link_error": " ".join(exc.messages)}), status=422)
    messages.success(request, _("The record is no longer linked."))
    return redirect(entry_url(record, indicator_id))


@login_required
def entry_rectify(request, pk: int, indicator_id: int):
    """A gap of the self-assessment assigned for rectification (the rectification ledger's own action)."""
    record = _record(request.user, pk)
    item = _entry(record, indicator_id)
    if not scoring.can_score(request.user, record):
        raise Http404
    indicator = item.indicator
    initial = {"inspection_reference": _("Self-assessment %(year)d-%(pk)d") % {"year": record.year, "pk": record.pk},
               "description": f"{indicator.number}{indicator.title}"}
    form = GapForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rectification = scoring.rectify_gap(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The gap is now a rectification item."))
            return redirect(reverse("assessment:detail", args=[rectification.pk]))
    return render(request, "assessment/rectify.html", {
        "record": record, "entry": item, "indicator": indicator, "form": form,
        "back": entry_url(record, indicator_id)}, status=422 if request.method == "POST" else 200)
