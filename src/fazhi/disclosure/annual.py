"""The statistical tables of an agency's annual disclosure report (政府信息公开工作年度报告, 政府信息公开条例 第50条),
counted from the ledger in the national format's rows and columns (国办公开办函〔2021〕30号: the table of requests
received and handled, and the table of reconsiderations and lawsuits over disclosure).

The requests table:
- columns: the requester, a natural person or an organisation by its kind (商业企业, 科研机构, 社会公益组织, 法律服务机构,
  其他), and the total;
- rows: the requests received in the year, those carried over from earlier years (received before and not yet handled
  on 1 January), the year's results by reply and ground, and those carried into the next year. A request is handled
  on the day of its reply, or on the day it was closed as given up (第30条). So the requests received and carried
  over always equal the results and the requests carried into the next year.

Where the ledger's replies meet the format's rows (the judgement is ours, the format names no article):
- an "already public" reply (第36条第1项) counts as disclosed;
- "not this agency's" (第36条第5项) and "another law governs access" (第36条第7项) count under 其他处理;
- a request closed as given up counts as not corrected in time.

The reconsiderations and lawsuits table counts those applied for or filed in the year (第51条) by their result; a
lawsuit after a reconsideration is counted apart from one brought directly. Withdrawn records never count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.disclosure.models import Request

RT, G = Request.ReplyType, Request.Ground

#: The requests table's columns: (key, label, the group heading it sits under or "").
COLUMNS = (
    ("person", _("Natural persons"), ""),
    ("business", _("Businesses"), _("Legal persons or other organisations")),
    ("research", _("Research institutions"), _("Legal persons or other organisations")),
    ("nonprofit", _("Public-interest organisations"), _("Legal persons or other organisations")),
    ("legal_service", _("Legal service providers"), _("Legal persons or other organisations")),
    ("other", _("Others"), _("Legal persons or other organisations")),
    ("total", _("Total"), ""),
)
KEYS = tuple(key for key, _label, _group in COLUMNS)


@dataclass
class Row:
    key: str
    label: str
    #: 0 a numbered part (一、), 1 a result (（一）), 2 an item of a result (1.).
    level: int
    counts: dict[str, int] = field(default_factory=dict)

    def cells(self) -> list[int]:
        return [self.counts.get(key, 0) for key in KEYS]


#: The rows of the year's results: (key, label, level, the (reply type, grounds) that fall in it).
RESULTS = (
    ("disclosed", _("(1) Disclosed"), 1, ((RT.DISCLOSED, ()), (RT.ALREADY_PUBLIC, ()))),
    ("partly", _("(2) Partly disclosed (counted here only, when information was separated)"), 1,
     ((RT.PARTLY_DISCLOSED, ()),)),
    ("withheld", _("(3) Not disclosed"), 1, ()),
    ("withheld.state_secret", _("1. A state secret"), 2, ((RT.NOT_DISCLOSED, (G.STATE_SECRET,)),)),
    ("withheld.law_forbids", _("2. Another law or regulation forbids disclosure"), 2,
     ((RT.NOT_DISCLOSED, (G.LAW_FORBIDS,)),)),
    ("withheld.security", _("3. Would endanger security or social stability"), 2,
     ((RT.NOT_DISCLOSED, (G.SECURITY,)),)),
    ("withheld.third_party", _("4. Protects a third party's lawful rights"), 2, ((RT.NOT_DISCLOSED, (G.THIRD_PARTY,)),)),
    ("withheld.internal", _("5. Internal matters of the agency"), 2, ((RT.NOT_DISCLOSED, (G.INTERNAL,)),)),
    ("withheld.process", _("6. Process information"), 2, ((RT.NOT_DISCLOSED, (G.PROCESS,)),)),
    ("withheld.enforcement_file", _("7. An enforcement case file"), 2, ((RT.NOT_DISCLOSED, (G.ENFORCEMENT_FILE,)),)),
    ("withheld.inquiry", _("8. An administrative inquiry matter"), 2, ((RT.NOT_DISCLOSED, (G.INQUIRY,)),)),
    ("unavailable", _("(4) Cannot be provided"), 1, ()),
    ("unavailable.not_held", _("1. The agency does not hold the information"), 2,
     ((RT.NOT_EXIST, (G.NOT_HELD, "")),)),
    ("unavailable.needs_creation", _("2. No ready information: it would have to be made"), 2,
     ((RT.NOT_EXIST, (G.NEEDS_CREATION,)),)),
    ("unavailable.still_unclear", _("3. Still unclear after correction"), 2, ((RT.NOT_EXIST, (G.STILL_UNCLEAR,)),)),
    ("not_processed", _("(5) Not processed"), 1, ()),
    ("not_processed.petition", _("1. A petition, report or complaint"), 2, ((RT.NOT_PROCESSED, (G.PETITION,)),)),
    ("not_processed.repeat", _("2. A repeated request"), 2, ((RT.REPEAT, ()),)),
    ("not_processed.publication", _("3. Asks for a publication"), 2, ((RT.NOT_PROCESSED, (G.PUBLICATION,)),)),
    ("not_processed.excessive", _("4. Many repeated requests without good reason"), 2,
     ((RT.NOT_PROCESSED, (G.EXCESSIVE,)),)),
    ("not_processed.confirmation", _("5. Asks to confirm or reissue information already obtained"), 2,
     ((RT.NOT_PROCESSED, (G.CONFIRMATION,)),)),
    ("other", _("(6) Otherwise handled"), 1, ()),
    ("other.not_corrected", _("1. Not corrected in time without good cause: no longer handled"), 2, ()),
    ("other.fee_unpaid", _("2. The fee not paid in time: no longer handled"), 2, ()),
    ("other.other", _("3. Other"), 2, ((RT.NOT_OURS, ()), (RT.OTHER_REGIME, ()))),
    ("results_total", _("(7) Total"), 1, ()),
)
#: The results whose figures are the sums of their items.
GROUPS = {"withheld", "unavailable", "not_processed", "other"}


def _column(requester_kind: str, organisation_kind: str) -> str:
    if requester_kind == Request.RequesterKind.PERSON:
        return "person"
    return organisation_kind if organisation_kind in KEYS else "other"


def _result(reply_type: str, ground: str, status: str) -> str:
    """The results row of a handled request (an unknown combination counts as otherwise handled)."""
    if status == Request.Status.ABANDONED:
        return "other.not_corrected"
    for key, _label, _level, matches in RESULTS:
        for kind, grounds in matches:
            if reply_type == kind and (not grounds or ground in grounds):
                return key
    return "other.other"


def requests_table(agency, year: int) -> list[Row]:
    """The table of requests received and handled by ``agency`` in ``year``, row by row."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = {"received": Row("received", _("I. New requests received this year"), 0),
            "carried_in": Row("carried_in", _("II. Requests carried over from last year"), 0)}
    rows |= {key: Row(key, label, level) for key, label, level, _matches in RESULTS}
    rows["carried_out"] = Row("carried_out", _("IV. Requests carried over to next year"), 0)
    records = (Request.objects.filter(agency=agency, withdrawn_at__isnull=True, received_on__lte=last)
               .exclude(replied_on__lt=first).exclude(closed_on__lt=first, replied_on__isnull=True)
               .values_list("received_on", "replied_on", "closed_on", "status", "reply_type", "reply_ground",
                            "requester_kind", "organisation_kind"))
    for received_on, replied_on, closed_on, status, reply_type, ground, requester_kind, organisation_kind in records:
        handled_on = replied_on or (closed_on if status == Request.Status.ABANDONED else None)
        column = _column(requester_kind, organisation_kind)
        keys = ["received" if received_on >= first else "carried_in"]
        if handled_on and handled_on <= last:
            result = _result(reply_type, ground, status)
            keys += [result, "results_total"]
            if "." in result:
                keys.append(result.split(".")[0])
        else:
            keys.append("carried_out")
        for key in keys:
            for col in (column, "total"):
                rows[key].counts[col] = rows[key].counts.get(col, 0) + 1
    ordered = [rows["received"], rows["carried_in"], Row("results", _("III. Results this year"), 0)]
    ordered += [rows[key] for key, _label, _level, _matches in RESULTS]
    return [*ordered, rows["carried_out"]]


#: The reconsiderations and lawsuits table's columns, each of its three parts.
OUTCOMES = (
    (Request.ReviewOutcome.UPHELD, _("Upheld")),
    (Request.ReviewOutcome.CORRECTED, _("Corrected")),
    (Request.ReviewOutcome.OTHER, _("Other result")),
    (Request.ReviewOutcome.PENDING, _("Not concluded")),
    ("total", _("Total")),
)
PARTS = (
    ("reconsideration", _("Administrative reconsideration")),
    ("direct", _("Lawsuits brought directly")),
    ("after_reconsideration", _("Lawsuits after reconsideration")),
)


def reviews_table(agency, year: int) -> dict[str, dict[str, int]]:
    """The reconsiderations and lawsuits over ``agency``'s disclosure applied for or filed in ``year``, by result:
    ``{part: {outcome: n}}`` with each part's total."""
    table = {part: dict.fromkeys((key for key, _label in OUTCOMES), 0) for part, _label in PARTS}
    records = (Request.objects.filter(agency=agency, withdrawn_at__isnull=True)
               .filter(_in_year("reconsideration_filed_on", year) | _in_year("litigation_filed_on", year))
               .values_list("reconsideration_filed_on", "reconsideration_outcome", "litigation_filed_on",
                            "litigation_outcome"))
    for reconsidered_on, reconsideration_outcome, sued_on, litigation_outcome in records:
        counted = []
        if reconsidered_on and reconsidered_on.year == year:
            counted.append(("reconsideration", reconsideration_outcome))
        if sued_on and sued_on.year == year:
            counted.append(("after_reconsideration" if reconsidered_on else "direct", litigation_outcome))
        for part, outcome in counted:
            outcome = outcome or Request.ReviewOutcome.PENDING
            table[part][outcome] += 1
            table[part]["total"] += 1
    return table


def _in_year(name: str, year: int) -> Q:
    return Q(**{f"{name}__year": year})


def view(request, pages):
    """The tables of one agency's year (``?agency=&year=``; the person's own agency and last year by default), on the
    page or as a workbook (``&format=xlsx``). Only an agency the person may see can be asked for."""
    from django.http import Http404
    from django.shortcuts import render
    from django.utils import timezone

    from fazhi.core import params
    from fazhi.org.scope import scope_for

    scope = scope_for(request.user)
    visible = scope.agencies().order_by("region__code", "name")
    code = params.text(request, "agency", 64)
    agency = (visible.filter(code=code).first() if code
              else scope.editable_agencies().order_by("region__code", "name").first() or visible.first())
    if agency is None:
        raise Http404
    today = timezone.localdate()
    year = params.year(request) or today.year - 1
    rows, reviews = requests_table(agency, year), reviews_table(agency, year)
    if request.GET.get("format") == "xlsx":
        return _workbook(request, pages, agency, year, rows, reviews)
    return render(request, "disclosure/annual.html", {
        "pages": pages, "agency": agency, "year": year, "rows": rows, "columns": COLUMNS,
        "agencies": list(visible.values_list("code", "name")), "years": range(today.year, today.year - 8, -1),
        "parts": PARTS, "outcomes": OUTCOMES,
        "reviews": [(part, list(reviews[part].values())) for part, _label in PARTS],
    })


def _workbook(request, pages, agency, year: int, rows: list[Row], reviews: dict):
    from fazhi.ledgers.excel import Sheet, export_response

    item = str(_("Item"))
    header = [item, *(f"{group}：{label}" if group else str(label) for _key, label, group in COLUMNS)]
    requests = Sheet(str(_("Requests")), header, [[str(row.label), *(row.cells() if row.key != "results" else [])] for row in rows])
    review_rows = [[str(label), *reviews[part].values()] for part, label in PARTS]
    reviews_sheet = Sheet(str(_("Reconsiderations and lawsuits")),
                          [item, *(str(label) for _key, label in OUTCOMES)], review_rows)
    return export_response(request, ledger=pages.key, sheets=[requests, reviews_sheet],
                           filters={"agency": agency.code, "year": year}, name=f"{pages.key}-annual-{year}")
