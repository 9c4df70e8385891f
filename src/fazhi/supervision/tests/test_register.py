"""The register of reporting bodies: building it, its status in SQL, the reports read live, auto-attach and hand
assignment of uploaded reports, reminders."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.core.models import Notification
from fazhi.org.models import Region
from fazhi.supervision import actions, rules
from fazhi.supervision.models import ReportingBody

from .conftest import CITY, at, make_report

pytestmark = pytest.mark.django_db


def _status(body, today):
    return rules.annotate_status(ReportingBody.objects.filter(pk=body.pk), body.year, today).get().status


def test_build_takes_every_government_and_department_below_the_city_once(world):
    city = Region.objects.get(code=CITY)
    first = actions.build_register(city, 2025)
    names = set(ReportingBody.objects.filter(year=2025).values_list("name", flat=True))
    assert "示范县人民政府" in names and "邻水县人民政府" in names  # the counties' governments
    assert "示范县城关镇人民政府" in names  # townships (FAZHI_REGISTER_TOWNSHIPS)
    assert "示范县市场监督管理局" in names and "邻水县司法局" in names  # departments
    assert "示范市人民政府" not in names  # the city itself reports to the province
    assert "中共示范县委员会" not in names and "示范县人民法院" not in names
    assert first["added"] == len(names) == 28
    assert actions.build_register(city, 2025) == {"added": 0, "linked": 0}
    call_command("register", "build", "--year", "2025", "--region", CITY)
    assert ReportingBody.objects.filter(year=2025).count() == 28


def test_build_without_townships(world, settings):
    settings.FAZHI_REGISTER_TOWNSHIPS = False
    actions.build_register(Region.objects.get(code=CITY), 2025)
    assert not ReportingBody.objects.filter(name="示范县城关镇人民政府").exists()


def test_the_sql_status_is_the_rule(city_register):
    county = Region.objects.get(code="990102")
    combos = [(None, None), (date(2026, 2, 20), None), (date(2026, 3, 5), None), (None, date(2026, 3, 20)),
              (date(2026, 2, 20), date(2026, 3, 20)), (date(2026, 2, 20), date(2026, 4, 8))]
    bodies = [ReportingBody.objects.create(year=2025, region=county, name=f"外部单位{i}", kind="department",
                                           filed_on=f, published_on=p) for i, (f, p) in enumerate(combos)]
    for today in (date(2026, 2, 1), date(2026, 3, 10), date(2026, 12, 1)):
        due = rules.deadlines(2025)
        sql = dict(rules.annotate_status(ReportingBody.objects.filter(pk__in=[b.pk for b in bodies]), 2025, today)
                   .values_list("pk", "status"))
        for body in bodies:
            assert sql[body.pk] == rules.status_of(filed_on=body.filed_on, published_on=body.published_on, due=due,
                                                   today=today), (body.filed_on, body.published_on, today)


def test_a_demonstration_place_files_by_the_end_of_january(city_register):
    body = ReportingBody.objects.get(name="示范县人民政府")
    body.demonstration, body.filed_on = True, date(2026, 2, 10)
    body.save()
    assert _status(body, date(2026, 2, 20)) == rules.LATE


def test_a_body_in_fazhi_reads_its_report_live(city_register, world):
    body = ReportingBody.objects.get(agency__code="sfx-scj")
    assert _status(body, date(2026, 6, 1)) == rules.MISSING
    report = make_report(world.agency("sfx-scj"), submitted_on=date(2026, 2, 20))  # linked when created
    body.refresh_from_db()
    assert body.report_id == report.pk
    assert _status(body, date(2026, 3, 10)) == rules.FILED
    report.published_on = date(2026, 4, 8)
    report.save()
    assert _status(body, date(2026, 6, 1)) == rules.LATE


def test_build_links_reports_written_before(world):
    report = make_report(world.agency("sfx-jyj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 3, 2))
    assert actions.build_register(Region.objects.get(code=CITY), 2025)["linked"] == 1
    assert ReportingBody.objects.get(agency__code="sfx-jyj").report == report


@pytest.mark.parametrize(("filed", "published", "url", "field"), [
    (date(2026, 3, 10), date(2026, 3, 1), "", "published_on"),
    (date(2026, 12, 20), None, "", "filed_on"),
    (None, None, "ftp://example.org/report", "published_url"),
])
def test_impossible_dates_are_refused(filed, published, url, field):
    with pytest.raises(ValidationError) as caught:
        actions.check_dates(filed, published, url, date(2026, 12, 7))
    assert field in caught.value.message_dict


def _batch(world, *reports):
    from fazhi.analyzer.models import AnalyzedReport, Batch

    batch = Batch.objects.create(agency=world.agency("sfs-office"), name="2025年度各县报告", created_by=world.supervisor)
    made = []
    for i, fields in enumerate(reports):
        made.append(AnalyzedReport.objects.create(batch=batch, position=i, source_name=f"r{i}.txt", sha256="0" * 64,
                                                  **{"status": "analysed", "year": 2025, **fields}))
    return made


def test_an_uploaded_report_attaches_to_the_body_it_names(city_register, world):
    outside = ReportingBody.objects.create(year=2025, region=Region.objects.get(code="990103"), name="邻水县教育局",
                                           kind="department")
    named, unnamed = _batch(world, {"government": "示范市邻水县教育局", "region_code": "990103",
                                    "result": {"publication_date": "2026-04-15"}},
                            {"government": "", "region_code": ""})
    with at(date(2026, 12, 7)):
        assert actions.attach_analyzed(named) == outside
        assert actions.attach_analyzed(unnamed) is None
    outside.refresh_from_db()
    assert outside.analyzed == named
    assert (outside.published_on, outside.published_source) == (date(2026, 4, 15), "analyzer")
    assert _status(outside, date(2026, 12, 7)) == rules.LATE
    actions.detach(outside, by=world.supervisor)
    outside.refresh_from_db()
    assert outside.analyzed is None and outside.published_on is None


def test_a_place_name_alone_names_its_government(city_register, world):
    county, township, department = _batch(world, {"government": "示范县"}, {"government": "城关镇"},
                                          {"government": "示范县司法局"})
    assert [b.name for b in actions.matching_bodies(county)] == ["示范县人民政府"]
    assert [b.name for b in actions.matching_bodies(township)] == ["示范县城关镇人民政府"]
    assert [b.name for b in actions.matching_bodies(department)] == ["示范县司法局"]
    # A place of that name in two counties names neither.
    other = Region.objects.create(code="990103001", name="城关镇", level=Region.Level.TOWNSHIP,
                                  parent=Region.objects.get(code="990103"))
    ReportingBody.objects.create(year=2025, region=other, name="邻水县城关镇人民政府", kind="government")
    assert actions.attach_analyzed(township) is None
    with at(date(2026, 12, 7)):
        assert actions.attach_analyzed(county).name == "示范县人民政府"


def test_an_upload_by_another_region_never_attaches(city_register, world):
    from fazhi.analyzer.models import AnalyzedReport, Batch

    batch = Batch.objects.create(agency=world.agency("lsx-office"), name="邻县", created_by=world.outsider)
    report = AnalyzedReport.objects.create(batch=batch, source_name="x.txt", sha256="1" * 64, status="analysed",
                                           year=2025, government="示范县人民政府", region_code="990102")
    assert actions.attach_analyzed(report) is None  # 邻水县's office cannot reach 示范县's register


def test_analysing_a_report_attaches_it(city_register, world):
    from django.core.files.base import ContentFile

    from fazhi.analyzer.actions import analyse_report

    text = ("示范县人民政府关于2025年法治政府建设情况的报告\n\n2025年，我县深入推进法治政府建设。\n"
            "一、主要举措和成效\n全年审查规范性文件12件。\n二、存在的不足和原因\n基层力量薄弱。\n"
            "三、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人带头学法。\n"
            "四、2026年主要安排\n持续推进。\n五、其他需要报告的情况\n无。\n\n示范县人民政府\n2026年3月20日\n")
    (report,) = _batch(world, {"status": "pending"})
    report.file.save("r.txt", ContentFile(text.encode()), save=True)
    analyse_report(report)
    report.refresh_from_db()
    body = ReportingBody.objects.get(name="示范县人民政府")
    assert report.government.endswith("示范县人民政府"), report.government
    assert body.analyzed_id == report.pk


def test_a_reminder_notifies_is_counted_and_audited(city_register, world):
    body = ReportingBody.objects.get(agency__code="sfx-jyj")
    result = actions.remind([body], by=world.supervisor, today=date(2026, 12, 7))
    body.refresh_from_db()
    assert [b.pk for b in result.reminded] == [body.pk]
    assert (body.reminder_count, body.reminded_by) == (1, world.supervisor)
    note = Notification.objects.get(user=world.colleague)
    assert "2026-03-01" in note.body and "2026-03-31" in note.body and "厅字〔2019〕28号" in note.body
    assert any(e.changes.get("reminder_count") == [0, 1] for e in AuditEntry.objects.for_object(body))


def test_a_body_outside_fazhi_is_reminded_by_email(city_register, world, mailoutbox):
    body = ReportingBody.objects.create(year=2025, region=Region.objects.get(code="990103"), name="邻水县卫生健康局",
                                        kind="department", email="fzb@example.org")
    result = actions.remind([body], by=world.supervisor, today=date(2026, 12, 7))
    assert result.mailed == 1 and mailoutbox[0].to == ["fzb@example.org"]
    assert "2026-03-31" in mailoutbox[0].body


def test_bodies_on_time_are_not_reminded(city_register, world):
    body = ReportingBody.objects.get(agency__code="sfx-scj")
    make_report(world.agency("sfx-scj"), submitted_on=date(2026, 2, 20), published_on=date(2026, 3, 20))
    body.refresh_from_db()
    assert actions.remind([body], by=world.supervisor, today=date(2026, 12, 7)).reminded == []


def test_a_body_in_fazhi_stays(city_register, world):
    with pytest.raises(ValidationError):
        actions.remove_body(ReportingBody.objects.get(agency__code="sfx-scj"), by=world.supervisor)
