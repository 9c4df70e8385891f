"""State changes of the register of reporting bodies: build a year from the org tree, keep bodies outside fazhi,
attach uploaded reports, remind the missing and late. Each change is audited (``fazhi.audit``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit import actions as audit
from fazhi.org.models import Agency, Membership, Region

from . import rules
from .models import ReportingBody

log = logging.getLogger(__name__)

#: The kinds of agency that report, and the kind of body each is in the register.
REPORTING_KINDS = {
    Agency.Kind.GOVERNMENT: ReportingBody.Kind.GOVERNMENT,
    Agency.Kind.TOWNSHIP: ReportingBody.Kind.GOVERNMENT,
    Agency.Kind.DEPARTMENT: ReportingBody.Kind.DEPARTMENT,
}


def reporting_agencies(region: Region):
    """Return the agencies below ``region`` that must report (legal-rules.md §1.2): the governments of the regions
    strictly below it (counties, and townships when ``FAZHI_REGISTER_TOWNSHIPS``), and the departments of county
    level and above in its subtree (their own government's department included: they report to it)."""
    below = Q(region__path__startswith=region.path) & ~Q(region_id=region.pk)
    governments = Q(kind=Agency.Kind.GOVERNMENT) & below
    if settings.FAZHI_REGISTER_TOWNSHIPS:
        governments |= Q(kind=Agency.Kind.TOWNSHIP) & below
    departments = (Q(kind=Agency.Kind.DEPARTMENT, region__path__startswith=region.path)
                   & ~Q(region__level=Region.Level.TOWNSHIP))
    return Agency.objects.filter(is_active=True).filter(governments | departments)


@transaction.atomic
def build_register(region: Region, year: int, *, by=None) -> dict:
    """Add to ``year``'s register every reporting agency below ``region`` not in it yet, and point each body in
    fazhi to its annual report; idempotent. Return how many bodies were added and reports linked."""
    agencies = list(reporting_agencies(region).select_related("region").order_by("region__path", "name"))
    have = set(ReportingBody.objects.filter(year=year, agency__isnull=False).values_list("agency_id", flat=True))
    taken = set(ReportingBody.objects.filter(year=year, region__path__startswith=region.path)
                .values_list("region_id", "name"))
    new = [
        ReportingBody(year=year, region=a.region, region_path=a.region.path, agency=a, name=a.name,
                      kind=REPORTING_KINDS[a.kind])
        for a in agencies if a.pk not in have and (a.region_id, a.name) not in taken
    ]
    ReportingBody.objects.bulk_create(new, batch_size=500)
    linked = link_reports(year, [a.pk for a in agencies])
    if new or linked:
        audit.record_event(action="other", actor=by, reason=_("Register of reporting bodies built"),
                           changes={"region": [None, region.code], "year": [None, year],
                                    "added": [None, len(new)], "linked": [None, linked]})
    return {"added": len(new), "linked": linked}


def link_reports(year: int, agency_ids) -> int:
    """Point the bodies of ``agency_ids`` in ``year``'s register to their fazhi report; return how many."""
    from fazhi.reports.models import Report

    reports = dict(Report.objects.filter(year=year, agency_id__in=agency_ids).values_list("agency_id", "pk"))
    bodies = list(ReportingBody.objects.filter(year=year, agency_id__in=list(reports), report__isnull=True))
    for body in bodies:
        body.report_id = reports[body.agency_id]
    ReportingBody.objects.bulk_update(bodies, ["report"], batch_size=500)
    return len(bodies)


def check_dates(filed_on: date | None, published_on: date | None, url: str, today: date) -> None:
    """Refuse dates a report cannot have: in the future, or published before it was filed."""
    errors = {}
    if filed_on and filed_on > today:
        errors["filed_on"] = _("The filing date %(d)s is in the future.") % {"d": filed_on.isoformat()}
    if published_on and published_on > today:
        errors["published_on"] = _("The publication date %(d)s is in the future.") % {"d": published_on.isoformat()}
    if filed_on and published_on and published_on < filed_on and "published_on" not in errors:
        errors["published_on"] = _("The report was published on %(p)s, before it was filed on %(f)s.") % {
            "p": published_on.isoformat(), "f": filed_on.isoformat()}
    if url and not url.lower().startswith(("http://", "https://")):
        errors["published_url"] = _("Give the address of the page as http:// or https://.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_body(body: ReportingBody, *, by, changes: dict | None = None) -> ReportingBody:
    """Save a body added or changed by hand, and audit it."""
    created = body.pk is None
    if body.published_on and not body.published_source:
        body.published_source = ReportingBody.Source.HAND
    if not body.published_on:
        body.published_source = ReportingBody.Source.NONE
    body.save()
    audit.record_event(action="create" if created else "change", target=body, actor=by, changes=changes or None)
    return body


@transaction.atomic
def remove_body(body: ReportingBody, *, by) -> None:
    """Remove a body outside fazhi from the register (a fazhi agency's body comes back with the org tree)."""
    if body.in_fazhi:
        raise ValidationError(_("A body in fazhi stays in the register; deactivate its agency instead."))
    audit.record_event(action="delete", target=body, actor=by, reason=_("Removed from the register"))
    body.delete()


# Uploaded reports ------------------------------------------------------------------------------------------


def _publication_date(analyzed) -> date | None:
    raw = (analyzed.result or {}).get("publication_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None


def matching_bodies(analyzed) -> list[ReportingBody]:
    """Return the register bodies the analyzer's metadata names: same year, within the uploading office's region,
    the body's name equal to or ending the name read (忻州市繁峙县人民政府 names 繁峙县人民政府), or the government of
    the region the name read is (示范县 names 示范县人民政府). Those in the place
    of the region code read come first; a code of another place (a name the registry resolves to a real county)
    falls back to the name alone."""
    government = (analyzed.government or "").strip()
    if not government or not analyzed.year:
        return []
    tails = [government[i:] for i in range(max(len(government) - 2, 1))]  # 3 characters at least
    batch_region = analyzed.batch.agency.region
    qs = ReportingBody.objects.filter(year=analyzed.year, region_path__startswith=batch_region.path, name__in=tails)
    # A government's report names its place alone (示范县2025年度…报告): the government of the region of that name.
    qs = qs | ReportingBody.objects.filter(year=analyzed.year, region_path__startswith=batch_region.path,
                                           kind=ReportingBody.Kind.GOVERNMENT, region__name__in=tails)
    found = []
    if analyzed.region_code:
        found = list(qs.filter(Q(region__code=analyzed.region_code) | Q(region__parent__code=analyzed.region_code)))
    found = found or list(qs)
    longest = max((len(b.name) for b in found), default=0)
    return [b for b in found if len(b.name) == longest]  # 示范县教育局 rather than 教育局


def attach_analyzed(analyzed) -> ReportingBody | None:
    """Attach an analysed report to the one register body its metadata names, unless that body has an uploaded
    report already; return the body, or None when no single body matches."""
    if analyzed.status != "analysed":
        return None
    found = matching_bodies(analyzed)
    if len(found) != 1 or found[0].analyzed_id is not None:
        return None
    body = ReportingBody.objects.get(pk=found[0].pk)
    return assign(body, analyzed, by=None, reason=_("Attached as the analyzer named the body"))


@transaction.atomic
def assign(body: ReportingBody, analyzed, *, by, reason: str = "") -> ReportingBody:
    """Make ``analyzed`` the body's uploaded report; its publication date fills an empty one (marked as read)."""
    before = body.analyzed_id
    body.analyzed = analyzed
    fields = ["analyzed", "updated_at"]
    changes = {"analyzed": [before, analyzed.pk]}
    day = _publication_date(analyzed)
    if day and body.report_id is None and body.published_on is None and day <= timezone.localdate():
        body.published_on, body.published_source = day, ReportingBody.Source.ANALYZER
        fields += ["published_on", "published_source"]
        changes["published_on"] = [None, day]
    body.save(update_fields=fields)
    audit.record_event(action="change", target=body, actor=by, changes=changes,
                       reason=reason or _("Uploaded report assigned by hand"))
    return body


@transaction.atomic
def detach(body: ReportingBody, *, by) -> ReportingBody:
    """Take the uploaded report off the body, and the publication date read from it."""
    changes = {"analyzed": [body.analyzed_id, None]}
    body.analyzed = None
    if body.published_source == ReportingBody.Source.ANALYZER:
        changes["published_on"] = [body.published_on, None]
        body.published_on, body.published_source = None, ReportingBody.Source.NONE
    body.save(update_fields=["analyzed", "published_on", "published_source", "updated_at"])
    audit.record_event(action="change", target=body, actor=by, changes=changes, reason=_("Uploaded report detached"))
    return body


# Reminders ------------------------------------------------------------------------------------------------


@dataclass
class RemindResult:
    reminded: list[ReportingBody] = field(default_factory=list)
    notified: int = 0  # people notified in the app (and by their e-mail digest)
    mailed: int = 0  # e-mails sent to bodies outside fazhi
    unreachable: list[str] = field(default_factory=list)  # bodies with nobody to notify and no address
    failed: list[str] = field(default_factory=list)


def recipients(body: ReportingBody) -> list[int]:
    """The people who answer for the body's report: its agency's clerks and staff, and for a government the
    rule-of-law office of its region."""
    if not body.agency_id:
        return []
    q = Q(agency_id=body.agency_id)
    if body.kind == ReportingBody.Kind.GOVERNMENT:
        q |= Q(agency__region_id=body.region_id, agency__kind=Agency.Kind.RULE_OF_LAW_OFFICE,
               role=Membership.Role.OFFICE)
    return list(Membership.objects.filter(q, is_active=True, user__is_active=True, agency__is_active=True)
                .exclude(role=Membership.Role.SUPERVISOR).values_list("user_id", flat=True).distinct())


def reminder_text(body: ReportingBody, status: str) -> tuple[str, str]:
    """The subject and text of a reminder, citing the statutory dates."""
    due = rules.deadlines(body.year, demonstration=body.demonstration)
    subject = _("Reminder: annual report on law-based government for %(year)d (%(body)s)") % {
        "year": body.year, "body": body.name}
    what = (_("The register shows your report as late.") if status == rules.LATE
            else _("The register shows no report from you, or no publication, past its deadline."))
    text = _(
        "%(body)s: %(what)s Under %(source)s, the annual report on law-based government for %(year)d is filed with "
        "its addressees by %(filing)s and made public by %(publication)s (第24条). Please file and publish it, and "
        "tell the rule-of-law office the date and the address where it was published."
    ) % {"body": body.name, "what": what, "source": rules.SOURCE, "year": body.year,
         "filing": due.filing.isoformat(), "publication": due.publication.isoformat()}
    return subject, text


def remind(bodies, *, by, today: date) -> RemindResult:
    """Remind each missing or late body: notify its people in the app (their e-mail digest follows), e-mail a body
    outside fazhi at its address, count and audit the reminder. Bodies on time are skipped; a failed e-mail is
    reported, never raised."""
    from fazhi.core.notifications import notify

    result = RemindResult()
    now = timezone.now()
    for body in bodies:
        status = getattr(body, "status", None) or rules.status_of(
            filed_on=body.report.submitted_on if body.report_id else body.filed_on,
            published_on=body.report.published_on if body.report_id else body.published_on,
            due=rules.deadlines(body.year, demonstration=body.demonstration), today=today)
        if status not in rules.REMINDABLE:
            continue
        subject, text = reminder_text(body, status)
        with transaction.atomic():
            count = body.reminder_count + 1
            ReportingBody.objects.filter(pk=body.pk).update(reminder_count=count, reminded_at=now, reminded_by=by)
            audit.record_event(action="change", target=body, actor=by, reason=_("Reminder to file and publish"),
                               changes={"reminder_count": [body.reminder_count, count]})
            body.reminder_count, body.reminded_at, body.reminded_by = count, now, by
        result.reminded.append(body)
        people = recipients(body)
        if people:
            result.notified += notify(people, key=f"supervision.remind.{body.pk}.{count}", title=subject, body=text,
                                      url=reverse("supervision:body_detail", args=[body.pk]), level="danger" if status == rules.MISSING else "warning")
        if body.email:
            try:
                send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [body.email], fail_silently=False)
            except Exception as exc:  # the mail server down or refusing: report it, keep the reminder
                log.warning("Reminder e-mail to %s failed: %s", body.name, exc)
                result.failed.append(f"{body.name}: {exc}")
            else:
                result.mailed += 1
        if not people and not body.email:
            result.unreachable.append(body.name)
    return result
