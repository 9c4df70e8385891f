"""The demo county's file review, through the actions, after the penalty cases (``fazhi.penalties.demo``).

The county's rule-of-law office adopts the default rubric and opens a campaign on this year's closed cases of the
three enforcement departments' bodies, draws the sample with a fixed seed, names two reviewers of its staff, and
scores most of the files: one fails (a veto item failed) and gets a rectification item; two are still to be scored,
so the campaign is under review. ``build()`` is idempotent: it does nothing once a campaign exists, and creates
nothing when the bodies closed no case in the year. Every name and text is invented.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.enforcement.models import EnforcementBody
from fazhi.filereview import actions
from fazhi.filereview.models import Campaign
from fazhi.org.models import Agency, User
from fazhi.penalties.models import Case

OFFICE = "sfx-office"
AGENCIES = ("sfx-scj", "sfx-zfj", "sfx-jtj")
#: The seed of the demo's sample: fixed, so that the demo is the same every time it is built.
SEED = "f11e2026ca5ef11e"
#: Deductions a reviewer notes: (section of the item, points off, why).
DEDUCTIONS = [
    ("documents", 2, "送达回证未载明送达方式，文书填写不完整。"),
    ("archive", 1, "卷内目录与材料顺序不一致。"),
    ("discretion", 2, "裁量理由表述简单，未说明适用的裁量档次。"),
]


@transaction.atomic
def build(today: dt.date | None = None) -> dict:
    """Create the county office's file review of this year if missing; return counts of what was created."""
    today = today or timezone.localdate()
    nothing = {"campaigns": 0, "files": 0, "scores": 0, "rectifications": 0}
    office = Agency.objects.filter(code=OFFICE).select_related("region").first()
    staff = [User.objects.filter(username=name).first() for name in ("office", "director")]
    staff = [user for user in staff if user is not None]
    if office is None or not staff or Campaign.objects.filter(agency=office).exists():
        return nothing
    bodies = list(EnforcementBody.objects.filter(agency__code__in=AGENCIES, status=EnforcementBody.Status.ACTIVE,
                                                 withdrawn_at__isnull=True).order_by("pk"))
    year = today.year
    if not Case.objects.filter(body__in=bodies, status=Case.Status.CLOSED, closed_on__year=year,
                               withdrawn_at__isnull=True).exists():
        return nothing  # no closed case this year (the penalty demo not built): nothing to review
    by = staff[0]
    opened_on = max(dt.date(year, 1, 1), today - timedelta(days=20))

    def day(days: int) -> dt.date:
        """A date counted from the opening, never after today."""
        return min(today, opened_on + timedelta(days=days))

    campaign = actions.open_campaign(office=office, by=by, year=year, title=f"{year}年度行政处罚案卷评查",
                                     bodies=bodies, opened_on=opened_on)
    actions.draw_sample(campaign, by=by, on=day(2), seed=SEED)
    actions.assign_reviewers(campaign, by=by, reviewers=staff)
    actions.start_review(campaign, by=by, on=day(3))
    files = list(campaign.files.filter(withdrawn_at__isnull=True).select_related("case").order_by("pk"))
    items = campaign.rubric.ordered_items()
    counts = dict(nothing, campaigns=1, files=len(files))
    for index, file in enumerate(files[:-2] if len(files) > 2 else files[:1]):  # the last two still to score
        reviewer = staff[index % len(staff)]
        lines = {item.pk: {"points": item.max_score, "note": "", "failed": False} for item in items}
        section, off, why = DEDUCTIONS[index % len(DEDUCTIONS)]
        for item in items:
            if item.section == section and not item.veto:
                lines[item.pk] = {"points": item.max_score - off, "note": why, "failed": False}
                break
        failing = index == 1
        if failing:  # the main evidence is missing: a veto item fails the file
            veto = next(item for item in items if item.veto and item.section == "evidence")
            lines[veto.pk] = {"points": 0, "note": "关键证据仅有当事人陈述，无其他证据佐证，主要证据不足。",
                              "failed": True}
        actions.score_file(file, by=reviewer, on=day(5 + index % 10), lines=lines,
                           comments="案卷整体规范。" if not failing else "主要证据不足，案卷评为不合格。")
        counts["scores"] += 1
        if failing:
            actions.order_rectification(file, by=by, description="补强证据收集，建立重大案件证据审查清单，"
                                                                 "对同类案件开展自查并报送整改报告。")
            counts["rectifications"] += 1
    return counts
