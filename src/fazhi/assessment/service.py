"""What other apps ask of the inspections and rectification ledger: the reporting body's rectification items for part
two of its annual report (存在的不足和原因).

A body's items are its own: a department's are those assigned to it; a government, Party committee, office or
township speaks for its region, so its items are those of the agencies in its region (as its figures are), each named.
Never another body's. Official text stays Chinese.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from fazhi.assessment.models import Inspection, Rectification

__all__ = ["RectificationNote", "rectification_notes", "shortcoming_text"]

#: The kinds of inspection as a report names them.
KIND_WORDS = {
    Inspection.Kind.COMPREHENSIVE: "综合督察", Inspection.Kind.SPECIAL: "专项督察", Inspection.Kind.FIELD: "实地督察",
    Inspection.Kind.WRITTEN: "书面督察", Inspection.Kind.UNANNOUNCED: "明察暗访", Inspection.Kind.OTHER: "督察",
}
#: How many items part two names of each kind, at most.
NAMED = 3


@dataclass(frozen=True)
class RectificationNote:
    """One item as part two states it."""

    problem: str
    agency: str  # the agency's short name, or "" when it is the reporting body itself
    inspection: str  # 专项督察, 实地督察…
    deadline: dt.date | None
    closed_on: dt.date | None
    overdue: bool


def rectification_notes(agency, year: int, *, region_wide: bool) -> tuple[list[RectificationNote],
                                                                          list[RectificationNote]]:
    """Return the body's items still open at the end of ``year`` (assigned by then, not closed by then), and those
    closed (销号) in ``year``; overdue ones first, then by deadline."""
    end = dt.date(year, 12, 31)
    items = Rectification.objects.filter(withdrawn_at__isnull=True).select_related("agency", "inspection")
    if region_wide:
        items = items.filter(agency__region__path__startswith=agency.region.path)
    else:
        items = items.filter(agency=agency)
    still_open = items.filter(assigned_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    closed = items.filter(status=Rectification.Status.CLOSED, closed_on__year=year)

    def note(item: Rectification, *, open_: bool) -> RectificationNote:
        own = item.agency_id == agency.pk
        deadline = item.deadline
        return RectificationNote(
            problem=item.title.rstrip("。；;，, "), agency="" if own else item.agency.brief,
            inspection=KIND_WORDS.get(item.inspection.kind, "督察"), deadline=deadline,
            closed_on=item.closed_on if not open_ else None,
            overdue=open_ and deadline is not None and deadline < end and item.status != Rectification.Status.REQUESTED)

    opened = sorted((note(i, open_=True) for i in still_open.order_by("deadline", "pk")),
                    key=lambda n: (not n.overdue, n.deadline or end))
    done = [note(i, open_=False) for i in closed.order_by("-closed_on", "pk")]
    return opened, done


def _day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _named(note: RectificationNote, *, closed: bool = False) -> str:
    where = [note.agency] if note.agency else []
    if closed and note.closed_on:
        where.append(f"{_day(note.closed_on)}销号")
    elif note.deadline:
        where.append(f"整改期限{_day(note.deadline)}" + ("，已逾期" if note.overdue else ""))
    return f"“{note.problem}”（{'，'.join(where)}）" if where else f"“{note.problem}”"


def shortcoming_text(agency, year: int, *, region_wide: bool) -> str:
    """Return part two's item on rectification, naming the body's open and recently closed items, or "" when it has
    none. The cause is offered for the director to confirm or correct, as the other items' are."""
    opened, done = rectification_notes(agency, year, region_wide=region_wide)
    if not opened and not done:
        return ""
    kinds = "、".join(dict.fromkeys(n.inspection for n in [*opened, *done]))
    if opened:
        late = sum(1 for n in opened if n.overdue)
        text = (f"督察发现问题整改还不够到位。{year}年{kinds}反馈的问题中，截至年底尚有{len(opened)}项未完成整改"
                + (f"，其中{late}项已超过整改期限" if late else "") + "："
                + "；".join(_named(n) for n in opened[:NAMED]) + ("等" if len(opened) > NAMED else "") + "。")
        if done:
            text += (f"年内已整改销号{len(done)}项，" + "、".join(_named(n, closed=True) for n in done[:2])
                     + "等问题虽已整改，但同类问题仍需防止反弹。")
        return text + "主要原因是整改责任传导不够，跟踪问效机制不健全，部分问题涉及体制机制调整，短期内难以整改到位。"
    return (f"督察发现问题的整改成果还需巩固。{year}年{kinds}反馈的{len(done)}项问题已全部整改销号，"
            + "、".join(_named(n, closed=True) for n in done[:NAMED]) + ("等" if len(done) > NAMED else "")
            + "问题的整改成效还需持续跟踪。主要原因是长效机制建设滞后于问题整改，举一反三不够。")
