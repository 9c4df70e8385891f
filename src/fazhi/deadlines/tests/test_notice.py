"""Entering a year's holiday notice: the parser, the action, the calendar page, the command and the reminder."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.clock import HolidayTable, WorkCalendar
from fazhi.core.models import Notification
from fazhi.core.tick import run_tick
from fazhi.deadlines.actions import enter_notice
from fazhi.deadlines.coverage import calendar_gap
from fazhi.deadlines.models import CalendarYear, HolidayOverride
from fazhi.deadlines.notice import parse_notice
from fazhi.deadlines.service import due_date, work_calendar

D = dt.date

#: The 2026 arrangements as legal-rules §10 summarises the notice of 2025-11-04, typed as a clerk would.
NOTICE_2026 = """
# 2026年部分节假日安排
元旦 1月1日 至 1月3日 放假
元旦 1月4日 上班
春节 2月15日 至 2月23日 放假
春节 2月14日 上班
春节 2月28日 上班
清明节 4月4日 至 4月6日 放假
劳动节 5月1日 至 5月5日 放假
劳动节 5月9日 上班
端午节 6月19日 至 6月21日 放假
中秋节 9月25日 至 9月27日 放假
国庆节 10月1日 至 10月7日 放假
国庆节 9月20日 上班
国庆节 10月10日 上班
"""

#: Invented test data shaped like a notice; NOT the real 2027 schedule.
NOTICE_2027 = """
元旦 2027-01-01 至 2027-01-03 放假
春节 2月6日 至 2月13日 放假
春节 2月20日 上班
清明节 4月5日 放假
劳动节 5月1日 至 5月3日 放假
端午节 6月9日 放假
中秋节 9月15日 放假
国庆节 10月1日~10月7日 休
国庆节 10月9日 补班
"""
#: The days off and the make-up working days of NOTICE_2027.
DAYS_OFF_2027, MAKEUP_2027 = 3 + 8 + 1 + 3 + 1 + 1 + 7, 2
#: The rest of NOTICE_2027 without its 春节 lines, for notices that vary the Spring Festival.
OTHERS_2027 = "\n".join(line for line in NOTICE_2027.splitlines() if not line.startswith("春节"))


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # pages too
    with translation.override("en"):
        yield


def _kinds(calendar: WorkCalendar, year: int) -> list[tuple[dt.date, str]]:
    day, out = D(year, 1, 1), []
    while day.year == year:
        out.append((day, calendar.day(day).kind))
        day += dt.timedelta(days=1)
    return out


def test_the_2026_notice_typed_in_gives_the_same_working_days_as_the_shipped_data():
    notice = parse_notice(NOTICE_2026, 2026)
    assert notice.ok and notice.warnings == []
    typed = HolidayTable.build("typed", [2026], ((d.date, d.kind, d.name) for d in notice.days))
    assert _kinds(WorkCalendar([typed], include_chinese_calendar=False), 2026) == _kinds(WorkCalendar(), 2026)
    assert ("春节", 9, 2, D(2026, 2, 14), D(2026, 2, 28)) in notice.summary()


def test_every_bad_line_is_named_with_its_number():
    notice = parse_notice(
        "元旦 1月1日 放假\n"
        "春节 2月10日 上班\n"  # Wednesday 10 Feb 2027
        "元旦 2027-01-01 放假\n"  # given twice
        "清明节 4月31日 放假\n"  # no such day
        "劳动节 5月5日 至 5月1日 放假\n"
        "国庆节 10月1日 至 10月7日 调班\n"
        "端午节 2029-06-01 放假\n"
        "只有名字\n",
        2027,
    )
    assert not notice.ok
    text = "\n".join(notice.errors)
    assert "Line 2" in text and "2027-02-10 is a weekday" in text
    assert "Line 3" in text and "already given on line 1" in text
    assert "Line 4" in text and "does not exist" in text
    assert "Line 5" in text and "ends before it starts" in text
    assert "Line 6" in text and "调班" in text
    assert "Line 7" in text and "not in 2027" in text
    assert "Line 8" in text
    assert len(notice.errors) == 7


def test_an_empty_notice_is_an_error():
    assert parse_notice("# only a comment\n\n", 2027).errors


def test_a_december_date_on_a_new_years_line_is_the_year_before():
    notice = parse_notice("元旦 12月31日 至 1月2日 放假", 2028)
    assert [d.date for d in notice.days] == [D(2027, 12, 31), D(2028, 1, 1), D(2028, 1, 2)]


def test_more_than_six_working_days_in_a_row_is_a_warning_not_an_error():
    # A make-up Saturday after a full week is six days in a row, which the regulations allow.
    assert parse_notice(OTHERS_2027 + "\n春节 2月6日 至 2月14日 放假\n春节 2月20日 上班", 2027).warnings == []
    # Both Saturday 20 and Sunday 21 Feb: Mon 15 – Fri 26 Feb is 12 working days in a row.
    notice = parse_notice(OTHERS_2027 + "\n春节 2月6日 至 2月14日 放假\n春节 2月20日 至 2月21日 上班", 2027)
    assert notice.ok
    assert len(notice.warnings) == 1 and "2027-02-15 to 2027-02-26 are 12 working days" in notice.warnings[0]


@pytest.mark.django_db
def test_entering_a_notice_covers_the_year_and_deadlines_cross_it(world):
    with pytest.raises(Exception, match="2027"):
        due_date("disclosure.reply", D(2027, 1, 25))
    enter_notice(year=2027, source="测试用通知（虚构）", text=NOTICE_2027, published_on=D(2026, 11, 10),
                 by=world.admin)
    calendar = work_calendar()
    assert calendar.covers(2027) and calendar.is_holiday(D(2027, 2, 8)) and calendar.is_working_day(D(2027, 2, 20))
    assert CalendarYear.objects.get(year=2027).source == "测试用通知（虚构）"
    assert HolidayOverride.objects.filter(date__year=2027).count() == DAYS_OFF_2027 + MAKEUP_2027
    # 20 working days from Mon 25 Jan 2027: 9 before 春节, none from Sat 6 to Sun 14 Feb, then 15-19 Feb, the
    # make-up Saturday 20 Feb and 22-26 Feb. Without the make-up day it would be Monday 1 March.
    assert due_date("disclosure.reply", D(2027, 1, 25)).due == D(2027, 2, 26)
    entry = AuditEntry.objects.filter(object_repr="2027 测试用通知（虚构）").latest("sequence")
    assert entry.action == "create" and entry.changes["days_off"] == [None, DAYS_OFF_2027]


@pytest.mark.django_db
def test_a_corrected_notice_replaces_the_days_it_changes_only_when_confirmed(world):
    enter_notice(year=2027, source="第一版", text=NOTICE_2027, by=world.admin)
    corrected = OTHERS_2027 + "\n春节 2月6日 至 2月12日 放假\n春节 2月20日 上班"

    with pytest.raises(ValidationError, match="2027-02-13"):
        enter_notice(year=2027, source="更正版", text=corrected, by=world.admin)
    assert HolidayOverride.objects.filter(date__year=2027).count() == DAYS_OFF_2027 + MAKEUP_2027

    plan = enter_notice(year=2027, source="更正版", text=corrected, replace=True, by=world.admin)

    assert [(c.date, c.before[:2], c.after) for c in plan.changes] == [(D(2027, 2, 13), ("holiday", "春节"), None)]
    assert HolidayOverride.objects.filter(date__year=2027).count() == DAYS_OFF_2027 - 1 + MAKEUP_2027
    assert CalendarYear.objects.get(year=2027).source == "更正版"
    entry = AuditEntry.objects.filter(object_repr="2027 更正版").get()
    assert entry.changes["replaced_days"] == [["2027-02-13 holiday 春节 (第一版)"], None]


@pytest.mark.django_db
def test_the_same_notice_again_changes_nothing(world):
    enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)

    plan = enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)

    assert plan.changes == []
    assert HolidayOverride.objects.filter(date__year=2027).count() == DAYS_OFF_2027 + MAKEUP_2027


@pytest.mark.django_db
def test_a_year_entered_again_keeps_the_december_days_of_the_next_years_notice(world):
    invented_2028 = """
元旦 12月31日 至 1月2日 放假
春节 1月25日 至 2月1日 放假
春节 2月12日 上班
清明节 4月4日 放假
劳动节 5月1日 至 5月3日 放假
端午节 5月28日 放假
国庆节、中秋节 10月1日 至 10月8日 放假
"""
    enter_notice(year=2027, source="二〇二七年", text=NOTICE_2027, by=world.admin)
    enter_notice(year=2028, source="二〇二八年", text=invented_2028, by=world.admin)
    assert HolidayOverride.objects.filter(date=D(2027, 12, 31), notice__year=2028).exists()

    plan = enter_notice(year=2027, source="二〇二七年", text=NOTICE_2027, by=world.admin)

    assert plan.changes == [] and HolidayOverride.objects.filter(date=D(2027, 12, 31)).exists()


@pytest.mark.django_db
def test_a_supplement_changes_only_the_days_it_names(world):
    enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)
    supplement = ("关于调整2027年劳动节放假安排的通知\n2027年劳动节放假调整为：5月1日（周六）至5日（周三）放假调休，共5天。"
                  "4月25日（周日）上班。")

    plan = enter_notice(text=supplement, source="测试补充", by=world.admin)

    assert plan.notice.kind == "supplement" and plan.replaces == []
    assert HolidayOverride.objects.filter(date__year=2027).count() == DAYS_OFF_2027 + MAKEUP_2027 + 3
    assert HolidayOverride.objects.get(date=D(2027, 10, 1)).source == "测试"
    assert HolidayOverride.objects.get(date=D(2027, 5, 5)).notice.kind == "supplement"
    assert CalendarYear.objects.get(year=2027).source == "测试"


def test_a_typed_notice_of_another_year_is_refused_by_the_lunar_calendar():
    notice = parse_notice(OTHERS_2027.replace("9月15日", "9月21日") + "\n春节 2月11日 至 2月17日 放假", 2027)

    assert any("春节" in e and "2027-02-06" in e for e in notice.errors)
    assert any("中秋节" in e and "2027-09-15" in e for e in notice.errors)


def test_a_single_line_is_not_a_years_notice():
    notice = parse_notice("春节 2月6日 至 2月12日 放假", 2027)

    assert any("missing" in error and "国庆节" in error for error in notice.errors)


@pytest.mark.django_db
def test_a_bad_notice_or_a_non_administrator_stores_nothing(world):
    with pytest.raises(ValidationError) as caught:
        enter_notice(year=2027, source="x", text=NOTICE_2027 + "春节 2月10日 上班\n", by=world.admin)
    assert "Line 11" in " ".join(caught.value.messages)
    with pytest.raises(PermissionDenied):
        enter_notice(year=2027, source="x", text=NOTICE_2027, by=world.office)
    with pytest.raises(ValidationError):
        enter_notice(year=2027, source="  ", text=NOTICE_2027, by=world.admin)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not HolidayOverride.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_the_gap_warns_from_november_and_is_urgent_in_the_year_itself(settings, world):
    assert calendar_gap(D(2026, 10, 31)) is None
    gap = calendar_gap(D(2026, 11, 1))
    assert gap.year == 2027 and not gap.urgent
    assert calendar_gap(D(2027, 1, 4)).urgent
    settings.FAZHI_CALENDAR_WARN_FROM = "12-15"
    assert calendar_gap(D(2026, 12, 14)) is None
    enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)
    assert calendar_gap(D(2026, 12, 20)) is None and calendar_gap(D(2027, 6, 1)) is None


@pytest.mark.django_db
def test_tick_tells_each_administrator_once(world):
    run_tick(D(2026, 11, 20))
    run_tick(D(2026, 11, 21))
    notes = Notification.objects.filter(key__startswith="deadlines.calendar:2027")
    assert list(notes.values_list("user__username", flat=True)) == [world.admin.username]
    assert notes.get().level == "warning"
    run_tick(D(2026, 10, 20), dry_run=True)
    assert notes.count() == 1


@pytest.mark.django_db
def test_home_page_warns_the_office_not_the_clerk(world, client):
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tick=False):
        client.force_login(world.office)
        assert 'data-testid="calendar-gap"' in client.get("/").content.decode()
        client.force_login(world.owner)
        assert 'data-testid="calendar-gap"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_calendar_page_previews_then_saves_for_the_administrator(world, client):
    client.force_login(world.admin)
    data = {"year": 2027, "source": "测试用通知（虚构）", "published_on": "2026-11-10", "text": NOTICE_2027}
    page = client.post("/calendar/", {**data, "preview": "1"}).content.decode()
    assert 'data-testid="notice-preview"' in page and "春节" in page
    assert not CalendarYear.objects.filter(year=2027).exists()
    bad = client.post("/calendar/", {**data, "text": "春节 2月10日 上班", "save": "1"})
    assert bad.status_code == 400 and "is a weekday" in bad.content.decode()
    response = client.post("/calendar/", {**data, "save": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="arrangements"' in page and "测试用通知（虚构）" in page


@pytest.mark.django_db
def test_the_page_reads_an_uploaded_page_shows_its_months_and_asks_before_replacing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.tests.clients import csrf_client
    from fazhi.deadlines.tests.test_published import notice_text

    client = csrf_client(world.admin)
    page = SimpleUploadedFile("通知.html", notice_text(2026).encode("gbk"))
    preview = client.post("/calendar/", {"file": page, "preview": "1"})
    body = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="notice-preview"' in body
    assert "国办发明电〔2025〕7号" in body and body.count('data-testid="month-grid"') == 7  # Jan, Feb, Apr, May, Jun, Sep, Oct
    assert 'class="off"' in body and 'class="on"' in body
    client.post("/calendar/", {"text": notice_text(2026), "save": "1"})

    changed = notice_text(2026).replace("共3天。1月4日（周日）上班。", "共3天。")
    asked = client.post("/calendar/", {"text": changed, "source": "更正", "save": "1"})
    assert asked.status_code == 400 and 'data-testid="notice-replaces"' in asked.content.decode()
    assert HolidayOverride.objects.filter(date=D(2026, 1, 4)).exists()

    done = client.post("/calendar/", {"text": changed, "source": "更正", "replace": "on", "save": "1"})
    assert done.status_code == 302 and not HolidayOverride.objects.filter(date=D(2026, 1, 4)).exists()
    again = client.post("/calendar/", {"text": changed, "source": "更正", "preview": "1"}).content.decode()
    assert 'data-testid="notice-unchanged"' in again


@pytest.mark.django_db
def test_calendar_page_is_read_only_for_staff(world, client):
    client.force_login(world.office)
    page = client.get("/calendar/?year=2026").content.decode()
    assert "国庆节" in page and 'data-testid="notice-form"' not in page
    client.post("/calendar/", {"year": 2027, "source": "x", "text": NOTICE_2027, "save": "1"})
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert 'data-testid="not-covered"' in client.get("/calendar/?year=2027").content.decode()


@pytest.mark.django_db
def test_calendar_command_checks_and_imports(tmp_path):
    good = tmp_path / "2027.txt"
    good.write_text(NOTICE_2027, encoding="utf-8")
    out = StringIO()
    call_command("calendar", "import", str(good), "--year", "2027", "--source", "测试", "--check", stdout=out)
    assert "春节" in out.getvalue() and not CalendarYear.objects.exists()
    call_command("calendar", "import", str(good), "--year", "2027", "--source", "测试", stdout=StringIO())
    assert work_calendar().covers(2027)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(NOTICE_2027.encode("gbk"))
    again = StringIO()
    call_command("calendar", "import", str(gbk), "--year", "2027", "--source", "测试", stdout=again)
    assert "nothing changed" in again.getvalue()
    garbled = tmp_path / "garbled.bin"
    garbled.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(CommandError, match="garbled.bin"):
        call_command("calendar", "import", str(garbled), "--year", "2028", "--source", "x")
    bad = tmp_path / "bad.txt"
    bad.write_text("春节 2月9日 上班\n", encoding="utf-8")  # Wednesday 9 Feb 2028
    with pytest.raises(CommandError, match="Line 1"):
        call_command("calendar", "import", str(bad), "--year", "2028", "--source", "x")
    status = StringIO()
    call_command("calendar", "status", stdout=status)
    assert "2004-2027" in status.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "big5"])
def test_the_command_reads_a_published_notice_and_prints_its_days_as_json(tmp_path, encoding):
    from fazhi.deadlines.tests.test_published import _shipped, notice_text

    text = notice_text(2026)
    if encoding == "big5":
        import zhconv

        text = zhconv.convert(text, "zh-tw")
    path = tmp_path / "notice.html.txt"
    path.write_bytes(text.encode(encoding))
    out = StringIO()

    call_command("calendar", "import", str(path), "--check", "--format", "json", stdout=out)

    printed = json.loads(out.getvalue())
    assert printed["year"] == 2026 and printed["kind"] == "annual" and printed["source"] == "国办发明电〔2025〕7号"
    assert {(d["date"], d["status"]) for d in printed["days"]} == {
        (day.isoformat(), kind) for day, (kind, _name) in _shipped(2026).items()}
    assert {"date": "2026-02-17", "status": "holiday", "holiday": "春节"} in printed["days"]
    assert not CalendarYear.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_year_that_disagrees_and_replaces_only_when_told(tmp_path):
    from fazhi.deadlines.tests.test_published import notice_text

    path = tmp_path / "notice.txt"
    path.write_text(notice_text(2026), encoding="utf-8")
    with pytest.raises(CommandError, match="for 2026, not 2027"):
        call_command("calendar", "import", str(path), "--year", "2027")
    call_command("calendar", "import", str(path), stdout=StringIO())
    changed = tmp_path / "changed.txt"
    changed.write_text(notice_text(2026).replace("共3天。1月4日（周日）上班。", "共3天。"), encoding="utf-8")

    with pytest.raises(CommandError, match="--replace"):
        call_command("calendar", "import", str(changed), "--source", "更正")
    call_command("calendar", "import", str(changed), "--source", "更正", "--replace", stdout=StringIO())

    assert not HolidayOverride.objects.filter(date=D(2026, 1, 4)).exists()
    listed = StringIO()
    call_command("calendar", "days", "--year", "2026", "--format", "json", stdout=listed)
    days = json.loads(listed.getvalue())["days"]
    assert {"date": "2026-01-01", "status": "holiday", "holiday": "元旦", "source": "国办发明电〔2025〕7号"} in days


@pytest.mark.django_db
def test_the_year_lists_holidays_in_date_order():
    from fazhi.deadlines.views import arrangements

    names = [row["name"] for row in arrangements(2026)]
    # 国庆节's make-up Sunday (20 Sep) comes before 中秋节, but the holidays follow their days off.
    assert names == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]


def test_a_notice_longer_than_the_limit_is_refused_naming_the_limit(world, client):
    from fazhi.deadlines.forms import MAX_NOTICE_CHARS

    client.force_login(world.admin)
    text = "春节 2月10日 至 2月17日 放假\n" * (MAX_NOTICE_CHARS // 10)
    response = client.post("/calendar/", {"year": 2027, "source": "通知", "text": text, "preview": "1"})
    assert response.status_code == 400
    assert f"{MAX_NOTICE_CHARS}" in response.content.decode()
    assert response.context["preview"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("counts, due_on", [(True, D(2026, 3, 27)), (False, D(2026, 3, 30))])
def test_the_setting_decides_whether_a_consultations_first_day_counts(settings, counts, due_on):
    settings.FAZHI_PAUSE_START_DAY_COUNTS = counts
    pauses = [("correction", D(2026, 1, 28), D(2026, 2, 10)), ("third_party", D(2026, 2, 24), D(2026, 3, 6))]

    assert due_date("disclosure.reply", D(2026, 1, 26), pauses=pauses).due == due_on


@pytest.mark.django_db
def test_an_extension_adds_the_days_up_to_the_new_last_day(world):
    enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)
    extension = ("关于延长2027年春节假期的通知\n"
                 "延长2027年春节假期至2月15日（农历正月初十、周一），2月16日（周二）起正常上班。")

    plan = enter_notice(text=extension, source="测试延长", by=world.admin)

    assert plan.notice.kind == "supplement" and plan.replaces == []
    assert sorted(plan.days) == [D(2027, 2, 14), D(2027, 2, 15)]
    assert work_calendar().is_holiday(D(2027, 2, 15)) and work_calendar().is_working_day(D(2027, 2, 16))
    assert HolidayOverride.objects.get(date=D(2027, 2, 20)).kind == "workday"  # the annual notice's day stays


@pytest.mark.django_db
def test_an_extension_without_its_years_notice_is_refused(world):
    with pytest.raises(ValidationError, match="needs 2031"):
        enter_notice(text="延长2031年春节假期至2月2日（周日）。", source="x", by=world.admin)
    assert not HolidayOverride.objects.exists()


@pytest.mark.django_db
def test_the_service_gives_a_provisional_deadline_only_when_asked(world):
    with pytest.raises(Exception, match="2027"):
        due_date("disclosure.reply", D(2026, 12, 21))

    deadline = due_date("disclosure.reply", D(2026, 12, 21), provisional=True)
    assert deadline.due == D(2027, 1, 18) and deadline.provisional_years == {2027}

    enter_notice(year=2027, source="测试", text=NOTICE_2027, by=world.admin)
    settled = due_date("disclosure.reply", D(2026, 12, 21), provisional=True)
    assert settled.due == D(2027, 1, 19) and not settled.provisional  # 1 Jan is 元旦 now
