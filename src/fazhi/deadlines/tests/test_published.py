"""The holiday notice read as published: every year's layout since 2015, the forms a reposting site gives it, and
the checks that refuse another year's notice, a cut copy or a wrong weekday.

The notices here are written by the tests in the published layout from the days chinese-calendar ships (and from
invented years): never copies of the State Council's text.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
import zhconv
from django.utils import translation
from lunardate import LunarDate

from fazhi.deadlines import published
from fazhi.deadlines.published import ANNUAL, HOLIDAY, SUPPLEMENT, WORKDAY

NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
         "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节", "National Day": "国庆节",
         "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}
ORDER = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "抗战胜利70周年纪念日"]
NUMERALS = "一二三四五六七八九十"
LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the messages are checked in English
        yield


def _shipped(year: int) -> dict[dt.date, tuple[str, str]]:
    """The days chinese-calendar has for the notice of ``year``: its year's, and the late December days that lead
    into its New Year break."""
    days = {}
    for table, kind in ((chinese_calendar.holidays, HOLIDAY), (chinese_calendar.workdays, WORKDAY)):
        for day, name in table.items():
            if name is None or name not in NAMES:
                continue
            new_years_eve = day.month == 12 and NAMES[name] == "元旦"  # leads into the next year's break
            if day.year == (year - 1 if new_years_eve else year):
                days[day] = (kind, NAMES[name])
    return days


def _lunar(day: dt.date) -> str:
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    tens = {0: "初", 1: "十", 2: "二十", 3: "三十"}
    if lunar.day <= 10:
        word = "初" + ("十" if lunar.day == 10 else NUMERALS[lunar.day - 1])
    elif lunar.day in (20, 30):
        word = tens[lunar.day // 10]
    else:
        word = tens[lunar.day // 10] + NUMERALS[lunar.day % 10 - 1]
    return f"农历{LUNAR_MONTHS[lunar.month - 1]}月{word}"


def _say(day: dt.date, year: int, previous: dt.date | None, weekday: str, lunar: bool) -> str:
    text = f"{day.year}年" if day.year != year or (previous is not None and previous.year != day.year) else ""
    if text or previous is None or previous.month != day.month:
        text += f"{day.month}月"
    note = f"{weekday}{'一二三四五六日'[day.weekday()]}"
    if lunar:
        note = f"{_lunar(day)}、{note}"
    return f"{text}{day.day}日（{note}）"


def notice_text(year: int, *, weekday: str = "周", lunar_spring: bool = True, number: int = 7,
                festivals: list[str] | None = None, one_line: bool = False, clutter: bool = True) -> str:
    """A notice for ``year`` in the published layout, from ``_shipped(year)``."""
    days = _shipped(year)
    by_name: dict[str, dict[str, list[dt.date]]] = {}
    for day, (kind, name) in sorted(days.items()):
        by_name.setdefault(name, {HOLIDAY: [], WORKDAY: []})[kind].append(day)
    if "国庆节" in by_name and "中秋节" not in by_name:  # one arrangement for both when 八月十五 is in the break
        by_name["国庆节、中秋节"] = by_name.pop("国庆节")
    lines = []
    names = [n for n in ORDER if n in by_name] + [n for n in by_name if n not in ORDER]
    for index, name in enumerate(n for n in names if festivals is None or n in festivals):
        off, on = by_name[name][HOLIDAY], by_name[name][WORKDAY]
        runs: list[list[dt.date]] = []
        for day in off:
            if runs and (day - runs[-1][-1]).days == 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        parts = []
        for position, run in enumerate(runs):
            lunar = lunar_spring and name == "春节"
            said = _say(run[0], year, None, weekday, lunar)
            if len(run) > 1:
                said += "至" + _say(run[-1], year, run[0], weekday, lunar)
            if position == 0:
                said += "放假调休" if on else "放假"
                if len(run) > 1 and len(runs) == 1:
                    said += f"，共{len(run)}天"
            else:
                said += "补休"
            parts.append(said)
        sentence = "，".join(parts) + "。"
        if on:
            sentence += "、".join(_say(d, year, None, weekday, False) for d in on) + "上班。"
        elif len(runs) == 1 and len(runs[0]) == 1:
            sentence = sentence[:-1] + "，与周末连休。"
        prefix = f"{NUMERALS[index]}、" if name in ORDER[:7] or "、" in name else ""
        lines.append(f"　　{prefix}{name}：{sentence}")
    head = [f"国务院办公厅关于{year}年部分节假日安排的通知", f"国办发明电〔{year - 1}〕{number}号",
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            f"　　经国务院批准，现将{year}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。"]
    tail = ["　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。", "国务院办公厅",
            f"{year - 1}年11月10日"]
    body = head + lines + tail
    if clutter:
        body = ["首页 > 信息公开 > 通知公告", "字号：大 中 小  打印本页", *body, "相关链接：关于我们 | 网站地图"]
    return ("" if one_line else "\n").join(body) if one_line else "\n".join(body)


def _as_days(reading) -> dict[dt.date, str]:
    return {d.date: d.kind for d in reading.days}


@pytest.mark.parametrize("year", range(2015, 2027))
def test_every_shipped_year_reads_back_day_by_day(year):
    reading = published.read(notice_text(year, weekday="星期" if year < 2022 else "周"))

    assert reading.errors == []
    assert reading.year == year and reading.kind == ANNUAL
    assert reading.number == f"国办发明电〔{year - 1}〕7号"
    assert _as_days(reading) == {day: kind for day, (kind, _name) in _shipped(year).items()}


@pytest.mark.parametrize("form", ["one line", "traditional", "ascii", "pinyin", "no clutter"])
def test_the_forms_a_reposting_site_gives_read_the_same(form):
    text = notice_text(2025, one_line=form == "one line", clutter=form != "no clutter")
    if form == "traditional":
        text = zhconv.convert(text, "zh-tw")
    elif form == "ascii":
        text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",").replace("〔", "[")
        text = text.replace("〕", "]")
    elif form == "pinyin":
        text = text.replace("春节", "春节(jié)").replace("国庆", "国(guó)庆")

    reading = published.read(text)

    assert reading.errors == []
    assert _as_days(reading) == {day: kind for day, (kind, _name) in _shipped(2025).items()}


def test_the_year_given_must_agree_with_the_notice():
    reading = published.read(notice_text(2021), year=2027)

    assert reading.errors == ["The notice is for 2021, not 2027."] or "2021" in reading.errors[0]
    assert reading.days == []


def test_another_years_dates_under_a_year_are_refused_by_the_lunar_calendar():
    # 2021 and 2027 share their weekdays: only the lunar calendar tells the two notices apart.
    text = notice_text(2021, lunar_spring=False).replace("2021年", "2027年").replace("〔2020〕", "〔2026〕")

    reading = published.read(text)

    assert any("正月初一" in e and "2027-02-06" in e for e in reading.errors), reading.errors


def test_a_lunar_note_that_does_not_match_its_date_is_refused():
    text = notice_text(2021).replace("2021年", "2027年").replace("〔2020〕", "〔2026〕")

    reading = published.read(text)

    assert any("2027-02-11" in e and "腊月三十" in e for e in reading.errors), reading.errors


def test_a_copy_cut_before_the_national_day_is_refused():
    reading = published.read(notice_text(2024, festivals=["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节"]))

    assert any("国庆节" in error and "cut short" in error for error in reading.errors)


def test_a_weekday_note_that_does_not_match_its_date_is_refused():
    text = notice_text(2026).replace("1月4日（周日）上班", "1月4日（周六）上班")

    reading = published.read(text)

    assert any("2026-01-04" in error and "周日" in error and "周六" in error for error in reading.errors)
    assert any(error.startswith("Line 7 (一、元旦：") for error in reading.errors)  # the line the arrangement is on


def test_a_day_both_off_and_on_and_a_weekday_make_up_day_are_refused():
    text = """国务院办公厅关于2031年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月22日（周三）至28日（周二）放假调休，共7天。1月25日（周六）、1月29日（周三）上班。"""

    reading = published.read(text)

    assert any("2031-01-25" in e and "both" in e for e in reading.errors)
    assert any("2031-01-29" in e and "Saturday or Sunday" in e for e in reading.errors)


def test_a_count_of_days_that_does_not_match_the_range_is_refused():
    reading = published.read("国务院办公厅关于2031年部分节假日安排的通知\n三、清明节：4月5日（周六）至7日（周一）放假，共4天。")

    assert any("4" in e and "3" in e and "days off" in e for e in reading.errors)


@pytest.mark.parametrize("text, year, expected", [
    ("关于调整2031年劳动节放假安排的通知\n国办发明电〔2031〕2号\n2031年劳动节放假调整为：5月1日（周四）至4日（周日）放假调休，"
     "共4天。4月27日（周日）上班。", None,
     {dt.date(2031, 5, d): HOLIDAY for d in (1, 2, 3, 4)} | {dt.date(2031, 4, 27): WORKDAY}),
    ("经批准，某某纪念日：9月3日（周三）放假1天。", 2031, {dt.date(2031, 9, 3): HOLIDAY}),
])
def test_a_supplement_sets_only_the_days_it_names(text, year, expected):
    reading = published.read(text, year=year)

    assert reading.errors == []
    assert reading.kind == SUPPLEMENT and _as_days(reading) == expected


def test_an_extension_names_the_new_last_day():
    reading = published.read("关于延长2031年春节假期的通知\n延长2031年春节假期至1月31日（农历正月初九、周五），2月1日（周六）起正常上班。")

    assert reading.errors == [] and reading.kind == SUPPLEMENT
    assert reading.extensions == {"春节": dt.date(2031, 1, 31)}


def test_text_without_an_arrangement_is_not_a_notice():
    assert not published.looks_published("元旦 2027-01-01 至 2027-01-03 放假")
    reading = published.read("国务院办公厅关于2031年部分节假日安排的通知\n节假日期间，各地区要妥善安排好值班。")
    assert reading.errors and reading.days == []
