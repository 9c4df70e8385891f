"""Formatting helpers for explanations: Chinese numerals, dates and citations in Chinese and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from fazhi.clock.rules import Citation, Unit

_DIGITS = "零一二三四五六七八九"
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def cn_numeral(n: int) -> str:
    """Return ``n`` (1–9999) in Chinese numerals as articles are numbered: 十, 十五, 一百零一, 一百一十."""
    if not 0 < n < 10000:
        raise ValueError(f"{n} is out of range")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def date_zh(day: dt.date, *, weekday: bool = True) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{_WEEKDAYS_ZH[day.weekday()]}）" if weekday else text


def date_en(day: dt.date, *, weekday: bool = True) -> str:
    text = f"{day.day} {day:%B} {day.year}"
    return f"{day:%a} {text}" if weekday else text


def weekday_zh(day: dt.date) -> str:
    return _WEEKDAYS_ZH[day.weekday()]


def range_zh(first: dt.date, last: dt.date) -> str:
    if first == last:
        return date_zh(first, weekday=False)
    end = f"{last.month}月{last.day}日" if first.year == last.year else date_zh(last, weekday=False)
    return f"{date_zh(first, weekday=False)}至{end}"


def range_en(first: dt.date, last: dt.date) -> str:
    if first == last:
        return date_en(first, weekday=False)
    return f"{date_en(first, weekday=False)} to {date_en(last, weekday=False)}"


def _article_zh(c: Citation) -> str:
    if c.article is None:
        return ""
    text = f"第{cn_numeral(c.article)}条"
    return text + (f"第{cn_numeral(c.paragraph)}款" if c.paragraph else "")


def _article_en(c: Citation) -> str:
    if c.article is None:
        return ""
    return f"{c.article}({c.paragraph})" if c.paragraph else str(c.article)


def _by_instrument(citations: Iterable[Citation]) -> list[tuple[object, list[Citation]]]:
    """Group consecutive citations of the same instrument, keeping their order."""
    groups: list[tuple[object, list[Citation]]] = []
    for c in citations:
        if groups and groups[-1][0] == c.instrument:
            groups[-1][1].append(c)
        else:
            groups.append((c.instrument, [c]))
    return groups


def cite_zh(citations: Iterable[Citation], sep: str = "；") -> str:
    """Return citations grouped by instrument: 《中华人民共和国行政复议法》第六十二条第一款、第八十八条第一款."""
    parts = []
    for instrument, items in _by_instrument(citations):
        name = instrument.name_zh if instrument.local else f"《{instrument.name_zh}》"
        parts.append(name + "、".join(a for a in (_article_zh(c) for c in items) if a))
    return sep.join(parts)


def cite_en(citations: Iterable[Citation], sep: str = "; ") -> str:
    """Return citations grouped by instrument: Arts. 62(1) and 88(1) of the Administrative … Law of the PRC."""
    parts = []
    for instrument, items in _by_instrument(citations):
        articles = [a for a in (_article_en(c) for c in items) if a]
        if not articles:
            parts.append(instrument.name_en)
            continue
        label = "Art." if len(articles) == 1 else "Arts."
        joined = articles[0] if len(articles) == 1 else ", ".join(articles[:-1]) + " and " + articles[-1]
        parts.append(f"{label} {joined} of the {instrument.name_en}")
    return sep.join(parts)


def unit_zh(length: int, unit: Unit) -> str:
    return {
        Unit.CALENDAR_DAY: f"{length}日",
        Unit.CALENDAR_DAY_ROLLOVER: f"{length}日",
        Unit.WORKING_DAY: f"{length}个工作日",
        Unit.MONTH: f"{length}个月",
    }[unit]


def unit_en(length: int, unit: Unit) -> str:
    plural = "" if length == 1 else "s"
    return {
        Unit.CALENDAR_DAY: f"{length} calendar day{plural}",
        Unit.CALENDAR_DAY_ROLLOVER: f"{length} calendar day{plural}",
        Unit.WORKING_DAY: f"{length} working day{plural}",
        Unit.MONTH: f"{length} month{plural}",
    }[unit]


def join_zh(items: list[str]) -> str:
    return "、".join(items)


def join_en(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
