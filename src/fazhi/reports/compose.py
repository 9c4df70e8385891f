"""The report composer: the outline of the five mandated contents, generated text with figures, staleness.

``build_sections`` writes a new report's outline (legal-rules.md §1.3): part 1 with one sub-section per
topic that has figures, each opening with generated official text stating its figures and their change on
last year; parts 2–5 with starter text (drafting prompts marked ``【待完善】``). Every section keeps the
figures it printed (``ReportSection.figures``), so ``figure_states`` can tell when the data changed after
the text was written, and ``update_figures`` can put the new numbers into the staff's edited text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fazhi.reports.figures import FIRST_RESPONSIBLE_METRICS, MetricInfo, figure_entry
from fazhi.reports.models import Part, Report, ReportSection
from fazhi.reports.prose import Material, cited_in, pick, restate_change, topic_text, valued

__all__ = [
    "DRAFT_MARK", "FigureState", "build_sections", "figure_states", "figure_url", "part_heading", "regenerate_section",
    "render_section_html", "report_title", "stale_sections", "topic_heading", "update_figures",
]

#: Marks starter text the staff must replace; a check before sign-off can look for it.
DRAFT_MARK = "【待完善】"

CN_NUMERALS = "一二三四五六七八九十"

#: Sub-section headings of part 1, by topic (fazhi.metrics.models.Topic), without their numeral.
TOPIC_HEADINGS = {
    "leadership": "加强组织领导，压实法治建设责任",
    "functions": "依法全面履行政府职能，持续优化法治化营商环境",
    "normative": "加强制度建设，提升行政规范性文件质量",
    "decisions": "严格落实重大行政决策程序，推进决策科学化民主化法治化",
    "enforcement": "严格规范公正文明执法，提升行政执法质效",
    "supervision": "强化行政权力制约和监督，全面推进政务公开",
    "disputes": "依法有效化解社会矛盾纠纷，发挥行政复议主渠道作用",
    "education": "深化法治宣传教育，提升全社会法治素养",
    "digital": "加快数字法治政府建设，提升政务服务效能",
}

# Headings and titles ----------------------------------------------------------------------------------


def cn_numeral(n: int) -> str:
    """Return 1–99 as a Chinese numeral (一, 十, 十二, 二十一)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[units - 1] if units else "")


def report_title(issuer: str, year: int) -> str:
    """Return the title as reports print it: 示范县人民政府关于2025年法治政府建设情况的报告."""
    return f"{issuer}关于{year}年法治政府建设情况的报告"


def part_heading(part: int, year: int) -> str:
    """Return the heading of a mandated content with its numeral, e.g. 二、存在的不足和原因."""
    text = {
        Part.MEASURES: f"{year}年推进法治政府建设的主要举措和成效",
        Part.SHORTCOMINGS: "存在的不足和原因",
        Part.FIRST_RESPONSIBLE: "党政主要负责人履行推进法治建设第一责任人职责情况",
        Part.NEXT_YEAR: f"{year + 1}年推进法治政府建设的主要安排",
        Part.OTHER: "其他需要报告的情况",
    }[Part(part)]
    return f"{cn_numeral(part)}、{text}"


def topic_heading(topic: str, number: int) -> str:
    return f"（{cn_numeral(number)}）{TOPIC_HEADINGS.get(topic, topic)}"


_NUMBERED = re.compile(rf"^\s*(?:[{CN_NUMERALS}]+\s*[、.．]|[（(]\s*[{CN_NUMERALS}\d]+\s*[)）]\s*[、.．]?)\s*")


def strip_numeral(heading: str) -> str:
    """Return a heading without its leading 一、 or （一）, so exports can number it afresh."""
    return _NUMBERED.sub("", heading).strip()


# Who speaks in the text ------------------------------------------------------------------------------


def _place(report: Report) -> str:
    """Return the level word of the reporting body's region: 县, 区, 市, 镇, 乡 or 街道."""
    name = report.agency.region.name
    return "街道" if name.endswith("街道") else name[-1:]


def _subject(report: Report) -> str:
    if report.body_kind == Report.BodyKind.DEPARTMENT:
        return "我局" if report.agency.name.endswith("局") else "本单位"
    place = _place(report)
    return "本街道" if place == "街道" else f"我{place}"


#: The words a catalog sentence may hold, for a body whose kind is not known (a figure's state, the API).
PLAIN_WORDS = {"whole": "", "level": "", "meeting": "常务会议"}


def body_words(report: Report) -> dict[str, str]:
    """Return the words a catalog sentence takes for the reporting body: {whole} 全县/全镇/全局, {level} 县/市/省,
    {meeting} 政府常务会议/镇长办公会/局长办公会议 (see the ``sentence`` of ``data/catalog.json``)."""
    place = _place(report)
    if report.body_kind == Report.BodyKind.DEPARTMENT:
        bureau = report.agency.name.endswith("局")
        return {"whole": "全局" if bureau else "本单位", "level": place,
                "meeting": "局长办公会议" if bureau else "办公会议"}
    if place == "街道":
        return {"whole": "全街道", "level": place, "meeting": "街道办事处主任办公会议"}
    if report.body_kind == Report.BodyKind.TOWNSHIP or place in ("镇", "乡"):
        return {"whole": f"全{place}", "level": place, "meeting": f"{place}长办公会议"}
    return {"whole": f"全{place}", "level": place, "meeting": "政府常务会议"}


def _leaders(report: Report) -> str:
    place = _place(report)
    if report.body_kind == Report.BodyKind.DEPARTMENT:
        return "本单位主要负责人"
    if place == "街道":
        return "街道党工委、街道办事处主要负责人"
    if report.body_kind == Report.BodyKind.TOWNSHIP:
        return f"{place}党委、{place}政府主要负责人"
    if report.body_kind == Report.BodyKind.JOINT:
        return f"{place}委、{place}政府主要负责人"
    return f"{place}政府主要负责人"


# Figures ----------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What a report is written from: the catalog of its year, the figures of the year and the one before,
    the bodies' narrative material, and who is speaking (``seed`` varies the wording per body and year)."""

    infos: dict[str, MetricInfo]
    current: dict[str, Decimal | None]
    previous: dict[str, Decimal | None]
    material: dict[tuple[str, str], list[Material]] = field(default_factory=dict)
    cited: list[str] | None = None
    seed: tuple = ()
    year: int = 0
    own: dict[str, Decimal | None] = field(default_factory=dict)
    previous_own: dict[str, Decimal | None] = field(default_factory=dict)
    region_wide: bool = True


def metric_infos(year: int, body_kind: str | None = None, words: dict | None = None) -> dict[str, MetricInfo]:
    """Return the metrics in force for ``year`` in the catalog's order (topic order, then order, code).

    With ``body_kind``, only those that fit that kind of body (a township is not reported a 常务会议); with
    ``words`` (see ``body_words``), sentences say 全镇 or 局长办公会议 where the body calls them so.
    """
    from fazhi.metrics.models import Metric, Topic

    topic_rank = {value: rank for rank, value in enumerate(Topic.values)}
    metrics = sorted(
        (m for m in Metric.objects.for_year(year).select_related("numerator", "denominator")
         if body_kind is None or m.fits(body_kind)),
        key=lambda m: (topic_rank.get(m.topic, 99), m.order, m.code),
    )
    words = words or PLAIN_WORDS
    return {m.code: MetricInfo.of(m, index, words) for index, m in enumerate(metrics)}


def current_figures(report: Report, year: int | None = None) -> dict[str, Decimal | None]:
    """Return the figures the report's body states for ``year`` (default: the report's year)."""
    from fazhi.collection.rollup import figures_for

    return figures_for(report.agency, report.year if year is None else year)


def material_for(report: Report) -> dict[tuple[str, str], list[Material]]:
    """Return the narrative material the bodies sent for the report's year, by (kind, topic).

    A government's or township's report draws on every body of its region, each named (县市场监管局…) unless
    it speaks for the region itself; a department's on its own. The same text sent twice is taken once. The
    clerks' explanations of figures that changed a lot or got worse come as ("explanation", metric code), each
    only while the figure is still the one it explains.
    """
    from fazhi.collection.models import Explanation, Narrative, Value
    from fazhi.collection.rollup import COUNTED, speaks_for_region

    def of_the_report(queryset):
        queryset = queryset.filter(submission__year=report.year, submission__status__in=COUNTED,
                                   submission__withdrawn_at__isnull=True)
        if speaks_for_region(report.agency):
            return queryset.filter(submission__agency__region__path__startswith=report.agency.region.path)
        return queryset.filter(submission__agency=report.agency)

    def source(agency) -> str:
        own = agency.pk == report.agency_id or (agency.region_id == report.agency.region_id
                                                 and speaks_for_region(agency))
        return "" if own else agency.brief

    found: dict[tuple[str, str], list[Material]] = {}
    seen: set[str] = set()

    def add(key, text, agency):
        text = text.strip()
        if text and text not in seen:
            seen.add(text)
            found.setdefault(key, []).append(Material(text, source(agency)))

    order = ("submission__agency__kind", "submission__agency__name")
    for narrative in of_the_report(Narrative.objects).select_related("submission__agency").order_by(
            *order, "kind", "topic"):
        add((narrative.kind, narrative.topic), narrative.text, narrative.submission.agency)
    explanations = list(of_the_report(Explanation.objects.exclude(text="")).select_related(
        "metric", "submission__agency").order_by(*order, "metric__order"))
    rows = Value.objects.filter(submission__in={e.submission_id for e in explanations}).values_list(
        "submission_id", "metric_id", "value")
    values = {(submission, metric): value for submission, metric, value in rows}
    for explanation in explanations:
        if values.get((explanation.submission_id, explanation.metric_id)) == explanation.value:
            add(("explanation", explanation.metric.code), explanation.text, explanation.submission.agency)
    return found


def own_figures(report: Report, infos: dict[str, MetricInfo], current: dict, year: int | None = None) -> dict:
    """Return the reporting body's own records: its own figure of every metric, never the bodies' below.

    An ``own`` metric is already the body's own in ``current`` (the region's bodies speaking for it); any
    other is taken from the body's own submission.
    """
    from fazhi.collection.rollup import agency_values

    mine = agency_values(report.year if year is None else year, report.agency)
    return {code: current.get(code) if info.aggregation == "own" else mine.get(code) for code, info in infos.items()}


def _with_ledger_material(report: Report, material: dict) -> dict:
    """``material`` with what the ledgers say of the reporting body's own work put first (the education ledger's
    responsibility list, campaigns and activities: the body's own records only, never the bodies' below)."""
    from fazhi.education.service import report_material

    own = [Material(text) for text in report_material(report.agency, report.year)]
    if own:
        key = ("practice", "education")
        material = {**material, key: [*own, *material.get(key, [])]}
    return material


def context_for(report: Report) -> Context:
    from fazhi.collection.rollup import speaks_for_region
    from fazhi.metrics.models import body_kind_of

    infos = metric_infos(report.year, body_kind_of(report.agency), body_words(report))
    current, previous = current_figures(report), current_figures(report, report.year - 1)
    return Context(infos, current, previous, _with_ledger_material(report, material_for(report)), report.cited,
                   (report.agency.code, report.year), report.year, own_figures(report, infos, current),
                   own_figures(report, infos, previous, report.year - 1), speaks_for_region(report.agency))


def _part_one_infos(ctx: Context) -> dict[str, MetricInfo]:
    """The metrics part one may state: all but part three's own leadership records."""
    return {c: i for c, i in ctx.infos.items() if c not in FIRST_RESPONSIBLE_METRICS}


def citable(ctx: Context, topic: str) -> list[MetricInfo]:
    """Return the figures a topic of part one may cite: its metrics with a value this year, in catalog order."""
    stated = _stated(ctx.current, ctx.own)
    return [i for i in _part_one_infos(ctx).values() if i.topic == topic and valued(i, stated)]


#: What a body's own legal advisers and public-sector lawyers did for it (法律顾问出具法律意见, 列席会议, 审查合同,
#: 聘请法律顾问): part one states the reporting body's own figures, computed from its own records in the advisers
#: ledger, never the sum of the bodies below (a county's departments and townships engage advisers of their own).
#: The count of public-sector lawyers stays the region's: its sentence speaks of the whole (全县共有公职律师).
OWN_FIGURES = ("decisions_adviser_opinions", "decisions_adviser_meetings", "decisions_contracts_reviewed",
               "education_legal_advisers")


def _stated(figures: dict, own: dict) -> dict:
    """The figures part one states: the body's own for ``OWN_FIGURES``, the others as reported."""
    return {**figures, **{code: own.get(code) for code in OWN_FIGURES if code in figures or code in own}}


def cited_codes(ctx: Context, topic: str) -> list[str]:
    """Return the figures a topic cites: the office's choice (``Report.cited``), else the defaults."""
    return cited_in(topic, _part_one_infos(ctx), ctx.cited, _stated(ctx.current, ctx.own))


def _topic_text(topic: str, ctx: Context) -> tuple[str, list]:
    material = ctx.material.get(("practice", topic), [])
    text, figures = topic_text(topic, _part_one_infos(ctx), _stated(ctx.current, ctx.own),
                               _stated(ctx.previous, ctx.previous_own), cited=cited_codes(ctx, topic),
                               material=material, seed=(*ctx.seed, topic), year=ctx.year,
                               region_wide=ctx.region_wide)
    for figure in figures:
        if figure["metric"] in OWN_FIGURES:
            figure["own"] = True  # checked and updated against the body's own figures (``own_figures``)
    return text, figures


#: The opening of part one, in variants; {subject} is 我县, 我局….
MEASURES_OPENINGS = (
    "{year}年，{subject}坚持以习近平法治思想为指导，深入贯彻落实党中央、国务院关于法治政府建设的决策部署，"
    "扎实推进依法行政，法治政府建设各项工作取得新的成效。",
    "{year}年，{subject}深入学习贯彻习近平法治思想，认真落实法治政府建设实施纲要，统筹推进依法行政各项工作，"
    "法治政府建设取得积极进展。",
    "{year}年，在上级党委、政府的坚强领导下，{subject}坚持法治政府建设与经济社会发展同谋划、同推进，"
    "各项工作稳步推进。",
)


def _explanations(ctx: Context) -> dict[str, list[Material]]:
    """The clerks' explanations by metric; a rate is explained by what explains its numerator or denominator."""
    found = {code: items for (kind, code), items in ctx.material.items() if kind == "explanation"}
    for code, info in ctx.infos.items():
        if info.is_rate and code not in found:
            parts = [m for c in (info.numerator, info.denominator) for m in found.get(c, [])]
            if parts:
                found[code] = parts
    return found


def _part_text(report: Report, part: int, ctx: Context) -> tuple[str, list]:
    """Return the draft of a mandated content's own section, and the figures it states."""
    from fazhi.reports import parts

    year, subject, seed = report.year, _subject(report), ctx.seed
    if part == Part.MEASURES:
        text = pick(MEASURES_OPENINGS, *seed, "opening").format(year=year, subject=subject)
        honours = [m.text for m in ctx.material.get(("honour", ""), [])][:3]
        innovations = [m.text for m in ctx.material.get(("innovation", ""), [])][:2]
        for item in innovations + honours:
            text += "".join(f"{item.strip().rstrip('。')}。")
        return text, []
    weak = parts.weak_figures(ctx.infos, ctx.current, ctx.previous)
    if part == Part.SHORTCOMINGS:
        from fazhi.assessment.service import shortcoming_text

        explanations = _explanations(ctx)
        rectification = shortcoming_text(report.agency, year, region_wide=ctx.region_wide)
        text = parts.shortcomings(subject, weak, ctx.material.get(("problem", ""), []), seed, explanations,
                                  rectification)
        return text or (
            f"{DRAFT_MARK}对照法治政府建设要求，{subject}法治政府建设工作还存在一些不足：一是……；二是……。"
            "请逐条写明存在的不足及其原因。"
        ), []
    if part == Part.FIRST_RESPONSIBLE:
        records = _leadership_records(report)
        text, figures = parts.first_responsible(_leaders(report), ctx.infos, ctx.own, ctx.previous_own, seed, records)
        if not figures and not records:
            text += f"\n{DRAFT_MARK}请补充主要负责人学法、述法和研究部署法治工作的具体情况。"
        return text, figures
    if part == Part.NEXT_YEAR:
        return parts.next_year(subject, year, weak, ctx.material.get(("plan", ""), []), seed), []
    return "本年度无其他需要报告的情况。", []


def _leadership_records(report: Report) -> dict[str, list[str]]:
    """Part three's sentences from the reporting body's own leadership records (its meetings on law, study, 述法,
    duty lists and instructions), none when the leadership ledger is not installed."""
    from django.apps import apps

    if not apps.is_installed("fazhi.leadership"):
        return {}
    from fazhi.leadership.report import part_three

    return part_three(report.agency, report.body_kind, report.year)


def _generate(section: ReportSection, ctx: Context) -> tuple[str, list]:
    if section.topic:
        return _topic_text(section.topic, ctx)
    if section.order == 0:
        return _part_text(section.report, section.part, ctx)
    raise ValueError(_("The section “%(title)s” was added by hand and has no generated text.")
                     % {"title": section.title})


@transaction.atomic
def build_sections(report: Report, *, by) -> list[ReportSection]:
    """Create the outline of a new report: the five contents in order, part 1 with a section per topic."""
    from fazhi.metrics.models import Topic

    if report.sections.exists():
        raise ValueError(_("The report “%(title)s” already has sections.") % {"title": report.title})
    ctx = context_for(report)
    now = timezone.now()
    sections: list[ReportSection] = []

    def add(part, order, title, topic, text, figures):
        sections.append(ReportSection(
            report=report, part=part, order=order, title=title, topic=topic, text=text, generated_text=text,
            figures=figures, written_at=now, updated_by=by,
        ))

    for part in Part.values:
        text, figures = _part_text(report, part, ctx)
        add(part, 0, part_heading(part, report.year), "", text, figures)
        if part == Part.MEASURES:
            number = 0
            for topic in Topic.values:
                text, figures = _topic_text(topic, ctx)
                if figures:
                    number += 1
                    add(part, number, topic_heading(topic, number), topic, text, figures)
    for section in sections:
        section.save()
    return sections


def figure_url(report: Report, metric_code: str) -> str:
    """Return the drill-down link of a figure (who contributed what), or "" where there is none."""
    try:
        return reverse("collection:contributions", args=[report.year, report.agency.region.code, metric_code])
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class FigureState:
    """A figure printed in a section, compared with the data now."""

    metric: str
    label: str
    written: str  # as printed when written, e.g. "35件"
    current: str | None  # as it would print now; None when the figure is no longer in the data
    stale: bool  # the data changed since the text was written
    found: bool  # the printed figure is still in the text
    url: str
    written_value: str = ""
    current_value: str | None = None


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _figure_pattern(display: str) -> re.Pattern:
    tail = r"(?![\d.])" if display[-1:].isdigit() else ""
    return re.compile(rf"(?<![\d.]){re.escape(display)}{tail}")


def locate(text: str, figures: list[dict]) -> list[tuple[int, int, int]]:
    """Return ``(start, end, index)`` of each figure found in ``text``, in text order, without overlaps.

    Figures are looked for in their order, each after the previous one found (generated text states them
    in that order), then anywhere in the text still free, so edits that move a sentence keep their links.
    """
    taken: list[tuple[int, int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b, _ in taken)

    cursor = 0
    for index, figure in enumerate(figures):
        display = figure.get("display") or ""
        if not display:
            continue
        pattern = _figure_pattern(display)
        match = next((m for m in pattern.finditer(text, cursor) if free(m.start(), m.end())), None)
        if match is None:
            match = next((m for m in pattern.finditer(text) if free(m.start(), m.end())), None)
        if match is not None:
            taken.append((match.start(), match.end(), index))
            cursor = match.end()
    return sorted(taken)


def figure_states(section: ReportSection, current: dict | None = None, *,
                  infos: dict[str, MetricInfo] | None = None) -> list[FigureState]:
    """Return the state of every figure the section printed: current value, stale, still in the text, link.

    ``current`` (the figures of the report's body now) and ``infos`` (the year's catalog) may be passed
    in when the states of several sections are needed, to query them once.
    """
    report = section.report
    if not section.figures:
        return []
    current = current_figures(report) if current is None else current
    infos = metric_infos(report.year) if infos is None else infos
    found = {index for _, _, index in locate(section.text, section.figures)}
    own = own_figures(report, infos, current) if any(f.get("own") for f in section.figures) else {}
    states = []
    for index, figure in enumerate(section.figures):
        code = figure["metric"]
        now = (own if figure.get("own") else current).get(code)
        info = infos.get(code)
        written = _decimal(figure.get("value"))
        states.append(FigureState(
            metric=code, label=figure.get("label", code), written=figure.get("display", figure.get("value", "")),
            current=None if now is None else (info.display(now) if info else str(now)),
            stale=(written is None) != (now is None) or (now is not None and written != Decimal(now)),
            found=index in found, url=figure_url(report, code),
            written_value=figure.get("value", ""), current_value=None if now is None else str(now),
        ))
    return states


def render_section_html(section: ReportSection, *, states: list[FigureState] | None = None,
                        mark_stale: bool = True, links: bool = True) -> SafeString:
    """Return the section's text as HTML paragraphs, each printed figure a link to its source.

    A figure whose data changed since it was written carries the class ``stale`` and the new value in
    its title. Everything else is escaped.
    """
    if states is None:
        states = figure_states(section) if (mark_stale or links) else []
    return mark_safe(paragraphs_html(section.text, section.figures, states, mark_stale=mark_stale, links=links))


def paragraphs_html(text: str, figures: list[dict], states: list[FigureState], *, mark_stale: bool = True,
                    links: bool = True) -> str:
    """Return ``text`` as escaped ``<p>`` paragraphs, each located figure wrapped in a link (or a plain span)."""
    by_index = dict(enumerate(states))
    out: list[str] = []
    pos = 0
    for start, end, index in locate(text, figures):
        out.append(escape(text[pos:start]))
        figure, state = figures[index], by_index.get(index)
        label = figure.get("label", figure["metric"])
        classes, title = "figure", f"{label}：{figure.get('display', '')}"
        if mark_stale and state is not None and state.stale:
            classes += " stale"
            title = _("%(label)s: the data changed since this was written; now %(current)s") % {
                "label": label, "current": state.current if state.current is not None else _("no figure"),
            }
        metric = escape(figure["metric"])
        if links:
            href = (state.url if state is not None else "") or "#"
            out.append(f'<a class="{classes}" href="{escape(href)}" data-metric="{metric}" '
                       f'title="{escape(title)}">{escape(text[start:end])}</a>')
        else:
            out.append(f'<span class="{classes}" data-metric="{metric}">{escape(text[start:end])}</span>')
        pos = end
    out.append(escape(text[pos:]))
    html = "".join(out)
    paragraphs = [p.strip() for p in re.split(r"\n+", html) if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _audit_change(section: ReportSection, by, before: dict) -> None:
    from fazhi.audit.actions import record_event

    after = {"text": section.text, "figures": section.figures}
    changes = {
        f"section {section.pk} {name}": [before[name], after[name]]
        for name in ("text", "figures") if before[name] != after[name]
    }
    if changes:
        record_event(action="change", target=section.report, actor=by, changes=changes)


@transaction.atomic
def regenerate_section(section: ReportSection, *, by) -> ReportSection:
    """Write the section afresh from the current data: new generated text and figures replace the text."""
    before = {"text": section.text, "figures": section.figures}
    text, figures = _generate(section, context_for(section.report))
    section.text = section.generated_text = text
    section.figures = figures
    section.written_at = timezone.now()
    section.updated_by = by
    section.save()
    _audit_change(section, by, before)
    return section


def _replace_figures(text: str, figures: list[dict], replacements: dict[int, dict]) -> str:
    """Return ``text`` with each located figure in ``replacements`` printed anew (and its change phrase)."""
    spans = [(s, e, i) for s, e, i in locate(text, figures) if i in replacements]
    for start, end, index in reversed(spans):
        old, new = figures[index], replacements[index]
        tail = text[end:]
        if old.get("change"):
            window = tail[:40]
            at = window.find(old["change"])
            if at >= 0 and "。" not in window[:at] and "；" not in window[:at]:
                # A change no longer worth saying goes with the comma before it.
                cut = at - 1 if not new["change"] and at and tail[at - 1] == "，" else at
                tail = tail[:cut] + new["change"] + tail[at + len(old["change"]):]
        text = text[:start] + new["display"] + tail
    return text


@transaction.atomic
def update_figures(section: ReportSection, *, by) -> ReportSection:
    """Put the current value of every stale figure into the section's text, keeping the rest of it."""
    report = section.report
    current = current_figures(report)
    previous = current_figures(report, report.year - 1)
    infos = metric_infos(report.year)
    if any(f.get("own") for f in section.figures):
        own = (own_figures(report, infos, current), own_figures(report, infos, previous, report.year - 1))
    replacements: dict[int, dict] = {}
    for index, state in enumerate(figure_states(section, current, infos=infos)):
        info = infos.get(state.metric)
        old = section.figures[index]
        now, before = own if old.get("own") else (current, previous)
        value = now.get(state.metric)
        if state.stale and info is not None and value is not None:
            last = before.get(state.metric)
            replacements[index] = figure_entry(info, value, last, restate_change(info, value, last, old.get("change", "")))
            if old.get("own"):
                replacements[index]["own"] = True
    if not replacements:
        return section
    before = {"text": section.text, "figures": section.figures}
    section.text = _replace_figures(section.text, section.figures, replacements)
    section.generated_text = _replace_figures(section.generated_text, section.figures, replacements)
    section.figures = [replacements.get(i, figure) for i, figure in enumerate(section.figures)]
    section.written_at = timezone.now()
    section.updated_by = by
    section.save()
    _audit_change(section, by, before)
    return section


def stale_sections(report: Report) -> list[ReportSection]:
    """Return the report's sections that print a figure whose data changed since."""
    current, infos = current_figures(report), metric_infos(report.year)
    return [
        section for section in report.sections.all()
        if section.figures and any(state.stale for state in figure_states(section, current, infos=infos))
    ]
