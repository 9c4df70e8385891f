"""Turn a Deadline's steps into a readable explanation in Chinese or English.

The explanation is built from the structured steps only, so what it says is what was computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.clock import _text as t
from fazhi.clock.calendar import CHINESE_CALENDAR, DayInfo, DayKind
from fazhi.clock.rules import CIVIL_PROCEDURE_LAW, Citation, PauseKind, Unit

if TYPE_CHECKING:
    from fazhi.clock.compute import Deadline, Step

__all__ = ["explain"]

_PAUSE_ZH = {
    PauseKind.CORRECTION: "补正",
    PauseKind.THIRD_PARTY: "征求第三方意见",
    PauseKind.OTHER_AGENCY: "征求其他机关意见",
    PauseKind.SUSPENSION: "中止",
    PauseKind.HEARING: "听证",
    PauseKind.SPECIAL_EXCLUSION: "依特别规定不计入期限的时间",
}
_PAUSE_EN = {
    PauseKind.CORRECTION: "correction of the application",
    PauseKind.THIRD_PARTY: "consultation of a third party",
    PauseKind.OTHER_AGENCY: "consultation of another agency",
    PauseKind.SUSPENSION: "suspension",
    PauseKind.HEARING: "hearing",
    PauseKind.SPECIAL_EXCLUSION: "time excluded by a special provision",
}


def _runs(days: list[DayInfo]) -> list[list[DayInfo]]:
    """Split days into runs of consecutive dates."""
    runs: list[list[DayInfo]] = []
    for info in sorted(days, key=lambda d: d.date):
        if runs and (info.date - runs[-1][-1].date).days == 1:
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


def _names(days: list[DayInfo], lang: str) -> list[str]:
    names: list[str] = []
    for info in days:
        name = info.name(lang)
        if name and name not in names:
            names.append(name)
    return names


def _step(deadline: Deadline, kind) -> list[Step]:
    return [s for s in deadline.steps if s.kind == kind]


def explain(deadline: Deadline, lang: str = "zh") -> str:
    """Return the explanation of ``deadline`` in ``lang`` (``zh`` or ``en``)."""
    if lang.lower().startswith("en"):
        return "\n".join(_English(deadline).lines())
    return "\n".join(_Chinese(deadline).lines())


class _Base:
    def __init__(self, deadline: Deadline):
        from fazhi.clock.compute import StepKind

        self.d = deadline
        self.rule = deadline.rule
        self.K = StepKind

    def _last_day(self, day) -> DayInfo | None:
        """The last day's calendar entry when it is a make-up working day (调休上班日), else None."""
        from fazhi.clock.calendar import CalendarNotCovered

        calendar = self.d.calendar
        if calendar is None or day is None:
            return None
        try:
            info = calendar.day(day)
        except CalendarNotCovered:
            return None
        return info if info.kind == DayKind.MAKEUP_WORKDAY else None

    def lines(self) -> list[str]:
        out = [self.title(), self.basis(), self.start_line(), self.period_line()]
        for step in self.d.steps:
            line = self.render(step)
            if line:
                out.append(line)
        if self.d.provisional_years:
            out.append(self.provisional(sorted(self.d.provisional_years)))
        return [line for line in out if line]

    def render(self, step: Step) -> str:
        K = self.K
        handler = {
            K.RESTART: self.restart,
            K.PAUSE: self.pause,
            K.PAUSED: self.paused,
            K.PAUSE_IGNORED: self.pause_ignored,
            K.SKIPPED: self.skipped,
            K.MAKEUP_COUNTED: self.makeup,
            K.BASE_DUE: self.base_due,
            K.EXTENSION: self.extension,
            K.ROLLOVER: self.rollover,
            K.WARNING: self.warning,
            K.DUE: self.due,
        }.get(step.kind)
        return handler(step) if handler else ""

    def rollover_citations(self) -> list[Citation]:
        basis = [c for c in self.rule.counting_basis if c.instrument != CIVIL_PROCEDURE_LAW]
        return [*basis, Citation(CIVIL_PROCEDURE_LAW, 85)]


class _Chinese(_Base):
    def title(self) -> str:
        return f"【{self.rule.name_zh}】"

    def basis(self) -> str:
        if self.rule.instrument.local:
            main = self.d.length_source or f"{self.rule.instrument.name_zh}（本省期限未配置）"
        else:
            main = t.cite_zh([self.rule.citation])
        text = f"依据：{main}"
        if self.rule.counting_basis:
            text += f"；期间计算：{t.cite_zh(self.rule.counting_basis)}"
        return text + "。"

    def start_line(self) -> str:
        counted = "起算日当日计入" if self.rule.start_day_counts else "起算日当日不计入，自次日起算"
        return f"起算：自{t.date_zh(self.d.start)}{self.rule.start_event_zh}之日起计算，{counted}。"

    def period_line(self) -> str:
        unit = self.rule.unit
        n = self.d.length
        if unit == Unit.WORKING_DAY:
            calendar = self.d.calendar
            makeup = "计为" if calendar is None or calendar.count_makeup_workdays else "不计为"
            detail = f"不含法定节假日和周末休息日，调休上班日{makeup}工作日"
        elif unit == Unit.CALENDAR_DAY:
            detail = "自然日，期间内的节假日照常计算"
        elif unit == Unit.CALENDAR_DAY_ROLLOVER:
            detail = "自然日，期间内的节假日照常计算；届满日为法定休假日的，顺延至休假日后的第一日"
        else:
            detail = "到期月的对应日为期间最后一日，没有对应日的，以该月末日为最后一日"
        text = f"期限：{t.unit_zh(n, unit)}（{detail}）"
        if self.d.length_source and not self.rule.instrument.local:
            text += f"，期限依据：{self.d.length_source}"
        return text + "。"

    def _unit_days(self, n: int) -> str:
        return f"{n}个工作日" if self.rule.unit == Unit.WORKING_DAY else f"{n}日"

    def restart(self, s: Step) -> str:
        label = _PAUSE_ZH[s.pause_kind]
        cite = t.cite_zh([s.pause_rule.basis]) if s.pause_rule else ""
        return (
            f"{label}：{t.date_zh(s.date, weekday=False)}期限停止计算，{t.date_zh(s.end, weekday=False)}"
            f"{'收到补正材料' if s.pause_kind == PauseKind.CORRECTION else '恢复'}；依照{cite}，"
            f"期限自该日起重新计算（该日不计入）。"
        )

    def pause(self, s: Step) -> str:
        label = _PAUSE_ZH[s.pause_kind]
        cite = t.cite_zh([s.pause_rule.basis]) if s.pause_rule else ""
        return f"{label}：{t.range_zh(s.date, s.end)}，其间{self._unit_days(s.length)}不计入期限（{cite}）。"

    def paused(self, s: Step) -> str:
        label = _PAUSE_ZH[s.pause_kind] if s.pause_kind else "暂停"
        return (
            f"{label}：自{t.date_zh(s.date, weekday=False)}起期限暂停计算，尚余{self._unit_days(s.length)}；"
            f"恢复计算后方可确定截止日期。"
        )

    def pause_ignored(self, s: Step) -> str:
        label = _PAUSE_ZH[s.pause_kind]
        return f"提示：{t.date_zh(s.date, weekday=False)}开始的{label}在期限届满之后，不影响期限计算。"

    def skipped(self, s: Step) -> str:
        holidays = [d for d in s.days if d.kind == DayKind.HOLIDAY]
        weekends = [d for d in s.days if d.kind == DayKind.WEEKEND]
        makeup = [d for d in s.days if d.kind == DayKind.MAKEUP_WORKDAY]
        parts = []
        for run in _runs(holidays):
            names = t.join_zh(_names(run, "zh")) or "法定节假日"
            parts.append(f"遇{names}假期（{t.range_zh(run[0].date, run[-1].date)}，共{len(run)}日）不计入")
        if weekends:
            parts.append(f"周末休息日{len(weekends)}日不计入")
        for info in makeup:
            parts.append(f"{t.date_zh(info.date)}调休上班日按设置不计为工作日")
        return "跳过：" + "；".join(parts) + "。"

    def makeup(self, s: Step) -> str:
        items = []
        for info in s.days:
            name = f"{info.name_zh}" if info.name_zh else ""
            items.append(f"{t.date_zh(info.date)}为{name}调休上班日")
        return "调休：" + "，".join(items) + "，计为工作日。"

    def base_due(self, s: Step) -> str:
        return f"原期限届满日：{t.date_zh(s.date)}。"

    def extension(self, s: Step) -> str:
        approver = s.approver or self.rule.extension_approver_zh or "有权机关"
        text = f"延长：经{approver}批准"
        if s.date:
            text += f"（{t.date_zh(s.date, weekday=False)}）"
        text += f"延长{t.unit_zh(s.length, s.unit)}"
        if s.reason:
            text += f"，理由：{s.reason}"
        if self.rule.max_extension:
            maximum, unit = self.rule.max_extension
            text += f"；{t.cite_zh([self.rule.citation])}规定最多延长{t.unit_zh(maximum, unit)}"
        return text + "。"

    def rollover(self, s: Step) -> str:
        names = _names([d for d in s.days if d.kind == DayKind.HOLIDAY], "zh")
        what = f"{t.join_zh(names)}假期" if names else "休息日"
        cite = t.cite_zh(self.rollover_citations(), sep="、")
        return (
            f"顺延：期间届满日{t.date_zh(s.date)}为{what}（法定休假日），依照{cite}，"
            f"以休假日后的第一日{t.date_zh(s.end)}为期间届满日。"
        )

    def warning(self, s: Step) -> str:
        from fazhi.clock.compute import WarningCode as W

        instrument = f"《{self.rule.instrument.name_zh}》" if not self.rule.instrument.local else "本省规定"
        if s.warning == W.ROLLOVER_UNCONFIRMED:
            info = s.days[0] if s.days else None
            what = f"{info.name_zh}假期" if info and info.kind == DayKind.HOLIDAY and info.name_zh else "休息日"
            advice = f"建议在此前最后一个工作日{t.date_zh(s.end)}前办结" if s.end else "建议提前办结"
            return (
                f"提示：截止日{t.date_zh(s.date)}为{what}。{instrument}对该期限届满日遇法定休假日是否顺延未作规定"
                f"（待确认事项），本系统未予顺延；{advice}。"
            )
        if s.warning == W.ROLLOVER_BY_SETTING:
            return f"提示：{instrument}对该期限是否顺延未作规定（待确认事项），本系统按部署设置予以顺延。"
        if s.warning == W.DUE_NOT_CHECKED:
            return f"提示：工作日历尚未覆盖{s.date.year}年，无法核对截止日是否为法定休假日。"
        if s.warning == W.PAUSE_INFERRED:
            cite = t.cite_zh([s.pause_rule.basis]) if s.pause_rule else instrument
            return f"提示：{_PAUSE_ZH[s.pause_kind]}期间不计入期限，系依{cite}规定的中止推定，法律未作明文规定。"
        if s.warning == W.PAUSE_START_DAY:
            cite = t.cite_zh([s.pause_rule.basis])
            day = t.date_zh(s.date, weekday=False)
            if s.length:
                return (f"提示：{cite}未明确{_PAUSE_ZH[s.pause_kind]}期间自哪一日起算；按本系统设置取截止日期较早的理解，"
                        f"{day}当日计入期限，自次日起不计入。")
            return f"提示：{cite}未明确{_PAUSE_ZH[s.pause_kind]}期间自哪一日起算；按本系统设置，{day}当日即不计入期限。"
        if s.warning == W.EXTENSION_AFTER_EXPIRY:
            return f"提示：延长于{t.date_zh(s.date, weekday=False)}批准，晚于原期限届满日。"
        if s.warning == W.DEFAULT_LENGTH:
            return f"提示：{self.rule.default_length_note_zh}。"
        return ""

    def provisional(self, years: list[int]) -> str:
        named = "、".join(f"{year}年" for year in years)
        return (f"暂定：{named}的节假日安排尚未录入，该年按周末计算（未计法定节假日和调休）；录入后将重新计算，"
                f"截止日期可能推后。")

    def due(self, s: Step) -> str:
        text = f"截止日期：{t.date_zh(s.date)}。"
        info = self._last_day(s.date)
        if info is not None:
            source = "软件内置的国务院办公厅节假日安排" if info.source == CHINESE_CALENDAR else info.source
            text += f"该日为{info.name_zh}调休上班日，依{source}。" if source else f"该日为{info.name_zh}调休上班日。"
        return text


class _English(_Base):
    def title(self) -> str:
        return f"[{self.rule.name_en}]"

    def basis(self) -> str:
        if self.rule.instrument.local:
            main = self.d.length_source or f"{self.rule.instrument.name_en} (not configured)"
        else:
            main = t.cite_en([self.rule.citation])
        text = f"Legal basis: {main}"
        if self.rule.counting_basis:
            text += f"; counting of periods: {t.cite_en(self.rule.counting_basis)}"
        return text + "."

    def start_line(self) -> str:
        counted = (
            "that day counts" if self.rule.start_day_counts else "that day is not counted; day 1 is the next day"
        )
        return f"Start: {self.rule.start_event_en} on {t.date_en(self.d.start)}; {counted}."

    def period_line(self) -> str:
        unit = self.rule.unit
        if unit == Unit.WORKING_DAY:
            calendar = self.d.calendar
            makeup = "count" if calendar is None or calendar.count_makeup_workdays else "do not count"
            detail = f"public holidays and weekends excluded; make-up working days (调休) {makeup}"
        elif unit == Unit.CALENDAR_DAY:
            detail = "holidays within the period count as ordinary days"
        elif unit == Unit.CALENDAR_DAY_ROLLOVER:
            detail = (
                "holidays within the period count; a last day on a rest day rolls over to the first day after it"
            )
        else:
            detail = "ending on the corresponding day of the last month, or its last day if there is none"
        text = f"Period: {t.unit_en(self.d.length, unit)} ({detail})"
        if self.d.length_source and not self.rule.instrument.local:
            text += f"; length set by {self.d.length_source}"
        return text + "."

    def _unit_days(self, n: int) -> str:
        return t.unit_en(n, Unit.WORKING_DAY if self.rule.unit == Unit.WORKING_DAY else Unit.CALENDAR_DAY)

    def restart(self, s: Step) -> str:
        label = _PAUSE_EN[s.pause_kind].capitalize()
        cite = t.cite_en([s.pause_rule.basis]) if s.pause_rule else ""
        event = "the corrected application arrived" if s.pause_kind == PauseKind.CORRECTION else "the clock resumed"
        return (
            f"{label}: the clock stopped on {t.date_en(s.date, weekday=False)}; {event} on "
            f"{t.date_en(s.end, weekday=False)} and under {cite} the period starts again from that day "
            f"(that day not counted)."
        )

    def pause(self, s: Step) -> str:
        label = _PAUSE_EN[s.pause_kind].capitalize()
        cite = t.cite_en([s.pause_rule.basis]) if s.pause_rule else ""
        return f"{label}: {t.range_en(s.date, s.end)}; {self._unit_days(s.length)} not counted ({cite})."

    def paused(self, s: Step) -> str:
        label = _PAUSE_EN[s.pause_kind].capitalize() if s.pause_kind else "Pause"
        return (
            f"{label}: the clock has been stopped since {t.date_en(s.date, weekday=False)} with "
            f"{self._unit_days(s.length)} left; the due date is set when it resumes."
        )

    def pause_ignored(self, s: Step) -> str:
        return (
            f"Note: the {_PAUSE_EN[s.pause_kind]} that began on {t.date_en(s.date, weekday=False)} came after "
            f"the period had run out and does not change it."
        )

    def skipped(self, s: Step) -> str:
        holidays = [d for d in s.days if d.kind == DayKind.HOLIDAY]
        weekends = [d for d in s.days if d.kind == DayKind.WEEKEND]
        makeup = [d for d in s.days if d.kind == DayKind.MAKEUP_WORKDAY]
        parts = []
        for run in _runs(holidays):
            names = t.join_en(_names(run, "en")) or "public holiday"
            plural = "" if len(run) == 1 else "s"
            parts.append(
                f"{names} holiday ({t.range_en(run[0].date, run[-1].date)}, {len(run)} day{plural}) not counted"
            )
        if weekends:
            plural = "" if len(weekends) == 1 else "s"
            parts.append(f"{len(weekends)} weekend day{plural} not counted")
        for info in makeup:
            parts.append(f"make-up working day {t.date_en(info.date)} not counted (setting)")
        return "Skipped: " + "; ".join(parts) + "."

    def makeup(self, s: Step) -> str:
        items = []
        for info in s.days:
            name = f" ({info.name_en})" if info.name_en else ""
            items.append(f"{t.date_en(info.date)} is a make-up working day{name}")
        return "Make-up working days: " + "; ".join(items) + "; counted as working days."

    def base_due(self, s: Step) -> str:
        return f"Original last day: {t.date_en(s.date)}."

    def extension(self, s: Step) -> str:
        approver = s.approver or self.rule.extension_approver_en or "the competent authority"
        text = f"Extension: {t.unit_en(s.length, s.unit)} approved by {approver}"
        if s.date:
            text += f" on {t.date_en(s.date, weekday=False)}"
        if s.reason:
            text += f" (reason: {s.reason})"
        if self.rule.max_extension:
            maximum, unit = self.rule.max_extension
            text += f"; {t.cite_en([self.rule.citation])} allows at most {t.unit_en(maximum, unit)}"
        return text + "."

    def rollover(self, s: Step) -> str:
        names = _names([d for d in s.days if d.kind == DayKind.HOLIDAY], "en")
        what = f"the {t.join_en(names)} holiday" if names else "a weekend"
        cite = t.cite_en(self.rollover_citations(), sep=" and ")
        return (
            f"Roll-over: the last day, {t.date_en(s.date)}, falls in {what}; under {cite} the period ends on "
            f"the first day after the rest days, {t.date_en(s.end)}."
        )

    def warning(self, s: Step) -> str:
        from fazhi.clock.compute import WarningCode as W

        instrument = "the provincial rule" if self.rule.instrument.local else f"the {self.rule.instrument.name_en}"
        if s.warning == W.ROLLOVER_UNCONFIRMED:
            info = s.days[0] if s.days else None
            what = (
                f"in the {info.name_en} holiday" if info and info.kind == DayKind.HOLIDAY and info.name_en
                else "on a rest day"
            )
            advice = f"act by the last working day before it, {t.date_en(s.end)}" if s.end else "act earlier"
            return (
                f"Warning: the last day, {t.date_en(s.date)}, falls {what}. Whether this period rolls over past "
                f"rest days is not settled by {instrument} (unconfirmed); it is not rolled over here, so {advice}."
            )
        if s.warning == W.ROLLOVER_BY_SETTING:
            return (
                f"Note: whether this period rolls over is not settled by {instrument} (unconfirmed); it is "
                f"rolled over under this deployment's setting."
            )
        if s.warning == W.DUE_NOT_CHECKED:
            return (
                f"Note: the working-day calendar does not cover {s.date.year} yet, so whether the last day is a "
                f"public holiday could not be checked."
            )
        if s.warning == W.PAUSE_START_DAY:
            cite = t.cite_en([s.pause_rule.basis])
            day = t.date_en(s.date, weekday=False)
            if s.length:
                return (f"Note: {cite} does not say from which day the {_PAUSE_EN[s.pause_kind]} runs; fazhi takes the "
                        f"reading that gives the earlier due date (a setting): {day} itself counts, the days after it "
                        f"do not.")
            return (f"Note: {cite} does not say from which day the {_PAUSE_EN[s.pause_kind]} runs; by this "
                    f"installation's setting, {day} itself is not counted.")
        if s.warning == W.PAUSE_INFERRED:
            cite = t.cite_en([s.pause_rule.basis]) if s.pause_rule else instrument
            return (
                f"Note: excluding the {_PAUSE_EN[s.pause_kind]} from the period is inferred from the suspension "
                f"under {cite}; the law does not say so expressly."
            )
        if s.warning == W.EXTENSION_AFTER_EXPIRY:
            return f"Warning: the extension was approved on {t.date_en(s.date, weekday=False)}, after the original last day."
        if s.warning == W.DEFAULT_LENGTH:
            return f"Note: {self.rule.default_length_note_en}."
        return ""

    def provisional(self, years: list[int]) -> str:
        named = ", ".join(str(year) for year in years)
        return (f"Provisional: the holiday notice for {named} has not been entered, so that year is counted on "
                f"weekends alone (no public holidays, no make-up working days); the deadline is worked out again once "
                f"the notice is in, and may move later.")

    def due(self, s: Step) -> str:
        text = f"Due: {t.date_en(s.date)}."
        info = self._last_day(s.date)
        if info is not None:
            name = f" ({info.name_en})" if info.name_en else ""
            source = ("the State Council's holiday notices shipped with fazhi" if info.source == CHINESE_CALENDAR
                      else info.source)
            text += f" It is a make-up working day{name}" + (f", set by {source}." if source else ".")
        return text
