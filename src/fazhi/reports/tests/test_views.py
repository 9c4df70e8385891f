"""The annual report's pages: scoped reads, thin forms over the actions, refused input keeps what was typed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.reports import actions
from fazhi.reports.models import Part, Report

from .conftest import OVERRIDE, at, finish_text

pytestmark = pytest.mark.django_db
S = Report.Status


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def detail(report):
    return reverse("reports:report_detail", args=[report.pk])


def step(report, name):
    return reverse("reports:report_step", args=[report.pk, name])


def test_pages_need_a_log_in(world, client):
    response = client.get(reverse("reports:report_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_office_list_shows_the_regions_bodies_and_their_reports(world, gov_report, as_user):
    html = as_user(world.office).get(reverse("reports:report_list"), {"year": 2025}).content.decode()
    assert gov_report.title in html
    assert 'data-agency="sfx-scj"' in html and "No report yet" in html
    assert 'data-agency="sfx-t01"' in html
    assert "lsx-sfj" not in html


def test_outsider_list_does_not_show_the_county(world, gov_report, as_user):
    html = as_user(world.outsider).get(reverse("reports:report_list"), {"year": 2025}).content.decode()
    assert gov_report.title not in html and 'data-agency="lsx-sfj"' in html


def test_list_marks_a_missing_report_red_after_the_deadline(world, gov_report, as_user):
    with at(date(2026, 3, 5)):
        html = as_user(world.office).get(reverse("reports:report_list"), {"year": 2025}).content.decode()
    assert gov_report.title in html
    assert 'data-state="overdue"' in html


def test_office_creates_a_report_through_the_form(world, round_2025, feb_2026, as_user):
    client = as_user(world.office)
    assert client.get(reverse("reports:report_create")).status_code == 200
    response = client.post(reverse("reports:report_create"),
                           {"agency": world.agency("sfx-gov").pk, "year": 2025, "body_kind": "joint"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(report)
    assert report.issuer == "中共示范县委 示范县人民政府"


def test_create_form_shows_a_refusal_and_keeps_the_input(world, gov_report, as_user):
    response = as_user(world.office).post(reverse("reports:report_create"),
                                          {"agency": world.agency("sfx-gov").pk, "year": 2025, "title": "我的标题"})
    html = response.content.decode()
    assert response.status_code == 200 and "already has a report for 2025" in html and "我的标题" in html


def test_create_form_offers_only_editable_reporting_bodies(world, feb_2026, as_user):
    response = as_user(world.owner).post(reverse("reports:report_create"),
                                         {"agency": world.agency("sfx-gov").pk, "year": 2025})
    assert "Select a valid choice" in response.content.decode() and not Report.objects.exists()


def test_detail_shows_the_five_contents_with_linked_figures(world, gov_report, as_user):
    html = as_user(world.office).get(detail(gov_report)).content.decode()
    positions = [html.index(f'data-part="{p}"') for p in Part.values]
    assert positions == sorted(positions)
    assert "存在的不足和原因" in html and "其他需要报告的情况" in html
    assert 'class="figure"' in html and 'data-metric="reconsideration_received"' in html
    assert 'data-testid="form-open_comments"' in html
    for fmt in ("docx", "pdf", "html", "json"):
        assert reverse("reports:report_export", args=[gov_report.pk, fmt]) in html


def test_outsider_gets_404_on_detail_and_export(world, gov_report, as_user):
    client = as_user(world.outsider)
    assert client.get(detail(gov_report)).status_code == 404
    assert client.get(reverse("reports:report_export", args=[gov_report.pk, "json"])).status_code == 404
    section = gov_report.sections.first()
    assert client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "x"}).status_code == 404


def test_supervisor_reads_but_cannot_change(world, gov_report, as_user):
    client = as_user(world.supervisor)
    html = client.get(detail(gov_report)).content.decode()
    assert gov_report.title in html
    assert 'data-testid="form-open_comments"' not in html and "section-tools" not in html
    section = gov_report.sections.first()
    assert client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "x"}).status_code == 403
    response = client.post(step(gov_report, "open_comments"), {"due": "2026-02-20"})
    assert response.status_code == 400 and "Only the rule-of-law office" in response.content.decode()
    gov_report.refresh_from_db()
    assert gov_report.status == S.DRAFT


def test_department_reads_and_comments_only_during_the_comment_period(world, gov_report, as_user):
    client = as_user(world.colleague)
    assert client.get(detail(gov_report)).status_code == 404
    actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 20))
    html = client.get(detail(gov_report)).content.decode()
    assert 'data-testid="form-comment"' in html, html[html.find("comments-h"):][:3000]
    assert "section-tools" not in html
    response = client.post(step(gov_report, "comment"), {"text": "建议补充教育系统普法数据。", "section": ""})
    assert response.status_code == 302
    assert gov_report.comments.get().agency.code == "sfx-jyj"


def test_section_edit_with_htmx_returns_the_fragment(world, gov_report, as_user):
    client = as_user(world.office)
    section = gov_report.sections.get(part=Part.SHORTCOMINGS, order=0)
    url = reverse("reports:section_edit", args=[section.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and "<textarea" in form
    response = client.post(url, {"text": "一是基层执法力量不足。"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "一是基层执法力量不足。" in response.content.decode()
    section.refresh_from_db()
    assert section.text == "一是基层执法力量不足。"


def test_section_edit_without_javascript_redirects(world, gov_report, as_user):
    client = as_user(world.office)
    section = gov_report.sections.get(part=Part.OTHER, order=0)
    url = reverse("reports:section_edit", args=[section.pk])
    assert "<textarea" in client.get(url).content.decode()
    response = client.post(url, {"text": "无。"})
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{section.pk}")


def test_stale_figures_are_flagged_and_updated(world, gov_report, as_user):
    from fazhi.collection.models import Value

    Value.objects.filter(metric__code="reconsideration_received").update(value=40)
    section = gov_report.sections.get(topic="disputes")
    client = as_user(world.office)
    html = client.get(detail(gov_report)).content.decode()
    assert f'data-testid="stale-{section.pk}"' in html and "35件 → 40件" in html
    client.post(reverse("reports:section_refresh", args=[section.pk, "figures"]))
    section.refresh_from_db()
    assert "40件" in section.text and "35件" not in section.text


def test_refused_step_keeps_what_was_typed(world, gov_report, as_user):
    finish_text(gov_report, world.office)
    actions.send_for_review(gov_report, by=world.office, override_reason=OVERRIDE)
    actions.sign_off(gov_report, by=world.leader)
    response = as_user(world.office).post(step(gov_report, "adopt"),
                                          {"meeting": "县政府第9次常务会议", "adopted_on": "2026-02-20"})
    html = response.content.decode()
    assert response.status_code == 400 and "cannot be in the future" in html and "县政府第9次常务会议" in html


def test_invalid_date_is_refused_per_field(world, gov_report, as_user):
    response = as_user(world.office).post(step(gov_report, "open_comments"), {"due": "not a date"})
    assert response.status_code == 400 and "Enter a valid date" in response.content.decode()


def test_leader_sees_the_sign_off_form_and_signs(world, gov_report, as_user):
    finish_text(gov_report, world.office)
    actions.send_for_review(gov_report, by=world.office, override_reason=OVERRIDE)
    assert 'data-testid="form-sign_off"' not in as_user(world.office).get(detail(gov_report)).content.decode()
    client = as_user(world.leader)
    assert 'data-testid="form-sign_off"' in client.get(detail(gov_report)).content.decode()
    assert client.post(step(gov_report, "sign_off"), {"post": "县长", "opinion": "同意"}).status_code == 302
    gov_report.refresh_from_db()
    assert gov_report.status == S.SIGNED


def test_submission_form_is_prefilled_from_the_agency_tree(world, gov_report, as_user):
    finish_text(gov_report, world.office)
    actions.send_for_review(gov_report, by=world.office, override_reason=OVERRIDE)
    actions.sign_off(gov_report, by=world.leader)
    actions.adopt(gov_report, by=world.office, meeting="常务会议", adopted_on=date(2026, 2, 10))
    client = as_user(world.office)
    html = client.get(detail(gov_report)).content.decode()
    assert "示范县人民代表大会常务委员会" in html and "中共示范县委员会" in html
    data = {"delivery-TOTAL_FORMS": "2", "delivery-INITIAL_FORMS": "2",
            "delivery-0-include": "on", "delivery-0-kind": "own", "delivery-0-addressee": "中共示范县委员会",
            "delivery-0-delivered_on": "2026-02-10",
            "delivery-1-include": "on", "delivery-1-kind": "npc", "delivery-1-addressee": "",
            "delivery-1-delivered_on": "2026-02-10"}
    response = client.post(step(gov_report, "submit"), data)
    assert response.status_code == 400 and "Name the addressee." in response.content.decode()
    data["delivery-1-addressee"] = "县人大常委会"
    response = client.post(step(gov_report, "submit"), data)
    assert response.status_code == 400 and "Party committee and government one level up" in response.content.decode()
    assert not gov_report.deliveries.exists()


def test_unknown_step_is_404(world, gov_report, as_user):
    assert as_user(world.office).post(step(gov_report, "explode")).status_code == 404


def test_export_downloads_and_is_audited(world, gov_report, as_user):
    from fazhi.audit.models import AuditEntry

    response = as_user(world.supervisor).get(reverse("reports:report_export", args=[gov_report.pk, "json"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", object_id=str(gov_report.pk)).exists()
    assert as_user(world.office).get(reverse("reports:report_export", args=[gov_report.pk, "exe"])).status_code == 404


def test_home_page_warns_the_office_and_turns_red_when_overdue(world, gov_report, as_user):
    client = as_user(world.office)
    html = client.get(reverse("home")).content.decode()
    soon = html[html.index('data-testid="agenda-soon"'):]
    assert gov_report.title in soon and "2026-03-01" in soon
    with at(date(2026, 3, 5)):
        client.force_login(world.office)  # the session of February has expired
        html = client.get(reverse("home")).content.decode()
    overdue = html[html.index('data-testid="agenda-overdue"'):]
    assert gov_report.title in overdue and 'class="badge red"' in overdue


def test_office_answers_a_comment(world, gov_report, as_user):
    report = actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 20))
    comment = actions.add_comment(report, by=world.owner, text="建议补充数据。")
    url = reverse("reports:comment_respond", args=[comment.pk])
    assert as_user(world.owner).post(url, {"response": "自己答复"}).status_code == 302
    comment.refresh_from_db()
    assert comment.response == ""  # the commenter cannot answer for the office
    as_user(world.office).post(url, {"response": "已采纳，见第一部分。"})
    comment.refresh_from_db()
    assert comment.response == "已采纳，见第一部分。"


def test_the_report_page_shows_its_charts_and_an_outsider_gets_none(world, catalog, gov_report):
    from django.test import Client
    from django.urls import reverse

    from fazhi.reports.tests.conftest import make_round

    make_round(world, catalog, year=2024)  # last year's figures: the year-on-year chart has something to show
    report = gov_report
    client = Client()
    client.force_login(world.office)
    page = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert reverse("reports:report_chart", args=[report.pk, 0]) in page
    # A specific text alternative, and the same figures as a table beside it.
    alt = re.search(r'<img src="[^"]*/charts/0\.svg" alt="([^"]*)"', page).group(1)
    assert alt.startswith("柱状图，2025年与2024年主要指标对比：") and "报告数据图表" not in page
    table = page[page.index('data-testid="chart-data"'):]
    table = table[:table.index("</table>")]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table)
    assert cells[:3] == ["指标", "2024年", "2025年"] and len(cells) > 3
    for label in cells[3::3]:
        assert label.split("（")[0] in alt, label
    chart = client.get(reverse("reports:report_chart", args=[report.pk, 0]))
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    assert chart.content.startswith(b"<svg") and "<title>柱状图，" in chart.content.decode()
    assert chart["Content-Security-Policy"] == "default-src 'none'"  # opened on its own, it runs nothing
    assert client.get(reverse("reports:report_chart", args=[report.pk, 9])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("reports:report_chart", args=[report.pk, 0])).status_code == 404


def test_the_report_page_links_to_each_content_and_states_each_heading_once(world, gov_report):
    from django.test import Client

    client = Client()
    client.force_login(world.office)
    page = client.get(reverse("reports:report_detail", args=[gov_report.pk])).content.decode()
    index = page[page.index('data-testid="section-index"'):]
    index = index[:index.index("</nav>")]
    assert re.findall(r'href="#(part-\d)"', index) == [f"part-{n}" for n in range(1, 6)]
    for n in range(1, 6):
        assert f'id="part-{n}"' in page
    headings = re.findall(r'<h3 id="part-\d-h">([^<]*)</h3>', page)
    assert len(headings) == 5 and headings[1] == "二、存在的不足和原因"  # no subtitle saying it again


def test_office_chooses_the_figures_a_topic_cites(world, gov_report, as_user):
    from fazhi.audit.actions import history_for

    section = gov_report.sections.get(topic="disputes")
    client = as_user(world.office)
    html = client.get(detail(gov_report)).content.decode()
    assert f'data-testid="cite-{section.pk}"' in html and 'value="reconsideration_correction_rate"' in html
    url = reverse("reports:section_cite", args=[section.pk])
    chosen = ["reconsideration_decided", "reconsideration_corrected", "reconsideration_correction_rate"]
    assert client.post(url, {"metric": chosen}).status_code == 302
    section.refresh_from_db()
    gov_report.refresh_from_db()
    assert "审结33件" in section.text and "纠错率12.1%" in section.text and "受理行政复议申请" not in section.text
    choices = [e for e in history_for(gov_report) if "cited" in (e.changes or {})]
    assert choices[-1].actor == world.office and choices[-1].changes["cited"][1] == gov_report.cited

    # A hand-edited text is kept; the choice is saved and the page says how to apply it.
    actions.edit_section(section, section.text + "（另附典型案例。）", world.office)
    response = client.post(url, {"metric": ["reconsideration_received"]}, follow=True)
    assert "was edited by hand" in response.content.decode()
    section.refresh_from_db()
    gov_report.refresh_from_db()
    assert "（另附典型案例。）" in section.text and "reconsideration_received" in gov_report.cited

    # Another topic's figure is refused, and nothing changes.
    response = client.post(url, {"metric": ["enforcement_cases"]}, follow=True)
    assert "not figures of" in response.content.decode()
    assert gov_report.cited == Report.objects.get(pk=gov_report.pk).cited


def test_outsiders_cannot_choose_figures_even_with_a_valid_csrf_token(world, gov_report):
    from django.test import Client

    from fazhi.core.tests.clients import csrf_client

    section = gov_report.sections.get(topic="disputes")
    url = reverse("reports:section_cite", args=[section.pk])
    for user, status in ((world.outsider, 404), (world.colleague, 404), (world.supervisor, 403)):
        assert csrf_client(user).post(url, {"metric": ["reconsideration_decided"]}).status_code == status
        tokenless = Client(enforce_csrf_checks=True)
        tokenless.force_login(user)
        assert tokenless.post(url, {"metric": ["reconsideration_decided"]}).status_code == 403
    assert Report.objects.get(pk=gov_report.pk).cited is None


def test_the_report_page_lists_the_figures_not_cited_in_the_annex(world, gov_report, as_user):
    html = as_user(world.office).get(detail(gov_report)).content.decode()
    annex = html[html.index('data-testid="annex"'):]
    annex = annex[:annex.index("</section>")]
    stated = {f["metric"] for s in gov_report.sections.all() for f in s.figures}
    assert 'data-metric="reconsideration_correction_rate"' in annex  # a rate the text does not state
    assert not any(f'data-metric="{code}"' in annex for code in stated)


def test_last_years_shortcomings_and_plans_are_offered_item_by_item(world, gov_report, as_user):
    last = actions.create_report(world.agency("sfx-gov"), 2024, by=world.office)
    shortcomings = last.sections.get(part=Part.SHORTCOMINGS)
    actions.edit_section(shortcomings, "存在以下不足：一是乡镇法治审核力量薄弱；二是执法案卷不够规范。", world.office)
    html = as_user(world.office).get(detail(gov_report)).content.decode()
    panel = html[html.index('data-testid="last-year-2"'):]
    panel = panel[:panel.index("</details>")]
    assert "乡镇法治审核力量薄弱。" in panel and "执法案卷不够规范。" in panel
    assert panel.count("Rectification:") == 2
    # The supervisor reads the report, not the drafting aids.
    assert 'data-testid="last-year-2"' not in as_user(world.supervisor).get(detail(gov_report)).content.decode()


def test_staff_download_the_annex_and_a_copy_whose_links_work_once_downloaded(world, gov_report, as_user, settings):
    import io

    from openpyxl import load_workbook

    client = as_user(world.office)
    response = client.get(reverse("reports:report_annex", args=[gov_report.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    sources = {row[0]: row[5] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert any("个单位数据报送汇总" in s for s in sources.values())
    html = client.get(reverse("reports:report_export", args=[gov_report.pk, "html"])).content.decode()
    assert 'href="http://testserver/collection/rollup/2025/' in html  # absolute: it works from the downloaded file
    settings.FAZHI_SITE_URL = "https://fazhi.example.gov.cn/"
    html = client.get(reverse("reports:report_export", args=[gov_report.pk, "html"])).content.decode()
    assert 'href="https://fazhi.example.gov.cn/collection/rollup/2025/' in html
    assert as_user(world.outsider).get(reverse("reports:report_annex", args=[gov_report.pk])).status_code == 404


def test_a_reader_who_may_not_drill_down_gets_links_to_the_catalog(world, round_2025, feb_2026, as_user):
    report = actions.create_report(world.agency("sfx-scj"), 2025, by=world.owner)
    html = as_user(world.owner).get(reverse("reports:report_export", args=[report.pk, "html"])).content.decode()
    assert 'href="http://testserver/metrics/' in html and "/collection/rollup/" not in html
