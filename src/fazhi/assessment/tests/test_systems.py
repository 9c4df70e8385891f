"""Indicator systems as versioned data: the shipped files load once (a second load changes nothing, a system in use is
never rebuilt), their shapes are those legal-rules §9.2 gives, a faulty file names each fault, the office's workbook
imports all or nothing, and two editions show side by side."""

from __future__ import annotations

import copy
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.assessment import systems
from fazhi.assessment.models import Indicator, IndicatorSystem
from fazhi.core.tests.clients import csrf_client

pytestmark = pytest.mark.django_db

NATIONAL_2021 = "national-demonstration-2021"
NATIONAL_2025 = "national-demonstration-2025"
PROVINCE = "shifan-province-assessment-2024"


@pytest.fixture
def loaded(world):
    systems.load_shipped()
    return {s.code: s for s in IndicatorSystem.objects.all()}


def _small(**values) -> dict:
    """A small system of our own: two areas, three indicators with points (10 in all)."""
    data = {"code": "test-county-2026", "family": "test-county", "name": "测试县考核指标", "edition_year": 2026,
            "kind": "other", "has_points": True, "total_points": "10", "indicators": [
                {"number": "一、", "title": "制度建设", "points": "6", "children": [
                    {"number": "（1）", "title": "文件审核", "points": "4", "metric": "normative_review_rate",
                     "ledger": "normative"},
                    {"number": "（2）", "title": "文件清理", "points": "2"}]},
                {"number": "二、", "title": "组织领导", "points": "4", "children": [
                    {"number": "（3）", "title": "述法", "points": "4", "ledger": "leadership_shufa"}]}]}
    data.update(values)
    return data


def test_the_shipped_systems_have_the_shapes_of_legal_rules(loaded):
    assert systems.shape(loaded[NATIONAL_2021]) == {1: 8, 2: 30, 3: 100}
    assert systems.shape(loaded[NATIONAL_2025]) == {1: 10, 2: 34, 3: 104}
    province = loaded[PROVINCE]
    assert province.has_points and province.total_points == Decimal(100)
    assert sum(i.points for i in province.leaves()) == Decimal(100)
    assert not loaded[NATIONAL_2021].has_points and loaded[NATIONAL_2021].total_points is None


def test_the_national_tables_say_what_is_known_and_what_is_paraphrased(loaded):
    note = loaded[NATIONAL_2021].note
    assert "（24）" in note and "专家组" in note and loaded[NATIONAL_2021].is_draft
    assert "结构草稿" in loaded[NATIONAL_2025].note and loaded[NATIONAL_2025].is_draft
    third = {i.number: i for i in loaded[NATIONAL_2021].leaves()}
    assert "30日" in third["（24）"].title and third["（24）"].parent.number == "2."
    assert third["（27）"].metric_code == "normative_filing_rate" and third["（100）"].level == 3
    # Second-level numbers restart within each area; third-level ones run across the table.
    areas = list(loaded[NATIONAL_2021].indicators.filter(level=1).order_by("position"))
    assert [a.children.order_by("position").first().number for a in areas] == ["1."] * 8


def test_loading_twice_changes_nothing(loaded, capsys):
    before = list(Indicator.objects.order_by("pk").values_list("pk", "title"))
    call_command("load_indicator_systems")
    assert list(Indicator.objects.order_by("pk").values_list("pk", "title")) == before
    assert IndicatorSystem.objects.count() == 3
    assert capsys.readouterr().out.count("unchanged") == 3


def test_the_province_system_applies_in_the_demo_province(loaded):
    assert loaded[PROVINCE].region.code == "990000"
    assert loaded[NATIONAL_2021].region is None


def test_a_changed_file_rebuilds_a_system_unused_and_never_one_in_use(world, loaded):
    from fazhi.assessment import scoring

    data = _small()
    assert systems.load_system(data).outcome == "created"
    changed = copy.deepcopy(data)
    changed["indicators"][0]["children"][1]["title"] = "规范性文件清理"
    assert systems.load_system(changed).outcome == "updated"
    system = IndicatorSystem.objects.get(code="test-county-2026")
    assert system.indicators.filter(title="规范性文件清理").exists()
    scoring.open_self_assessment(agency=world.agency("sfx-scj"), by=world.office, system=system, year=2026)
    again = copy.deepcopy(changed)
    again["indicators"][0]["children"][1]["title"] = "又改了"
    assert systems.load_system(again).outcome == "in use"
    assert not system.indicators.filter(title="又改了").exists()


def test_a_faulty_file_names_every_fault_and_loads_nothing(world):
    data = _small(total_points="12", code="Bad Code")
    data["indicators"][0]["children"][0]["metric"] = "no_such_metric"
    data["indicators"][1]["children"][0]["ledger"] = "nowhere"
    data["indicators"][1]["children"].append({"number": "（4）", "title": "无分值"})
    with pytest.raises(systems.SystemFileError) as refused:
        systems.load_system(data)
    text = "\n".join(refused.value.problems)
    for expected in ("Bad Code", "no_such_metric", "nowhere", "has none", "12"):
        assert expected in text
    assert not IndicatorSystem.objects.exists()


def test_two_editions_show_side_by_side_matched_by_metric_or_title(loaded):
    pairs = systems.compare(loaded[NATIONAL_2021], loaded[NATIONAL_2025])
    by_left = {p.left.number: p for p in pairs if p.left is not None and p.left.level == 3}
    assert by_left["（27）"].how == "metric" and by_left["（27）"].right.metric_code == "normative_filing_rate"
    assert by_left["（24）"].how == "title" and by_left["（24）"].right.title == by_left["（24）"].left.title
    only_right = [p.right.title for p in pairs if p.left is None]
    assert any("突发事件" in title for title in only_right)  # the 2025 areas 2021 did not have
    assert sum(1 for p in pairs if p.right is None and p.left.level == 3) == 6  # the six 2025 dropped


def test_the_comparison_page_puts_both_trees_in_one_table(world, loaded):
    page = csrf_client(world.owner).get(reverse("assessment:systems_compare"), {
        "left": loaded[NATIONAL_2021].pk, "right": loaded[NATIONAL_2025].pk}).content.decode()
    assert "2021" in page and "2025" in page and 'data-how="metric"' in page and 'data-how="title"' in page
    pairs = systems.compare(loaded[NATIONAL_2021], loaded[NATIONAL_2025])
    # The areas renamed (7 and 9: one kept its name), the four new items and the 6 + 10 indicators on one side only.
    assert page.count('data-how="none"') == sum(1 for p in pairs if not p.how) == 7 + 9 + 4 + 6 + 10


def test_the_office_imports_a_system_from_the_workbook_and_it_round_trips(world, loaded):
    data = systems.export_workbook(loaded[PROVINCE])
    outcome = systems.import_workbook(data, {
        "code": "shifan-province-assessment-2026", "family": "shifan-province-assessment", "name": "示范省考核指标（2026年版）",
        "edition_year": 2026, "kind": "provincial", "issued_by": "", "has_points": True,
        "total_points": Decimal(100), "is_draft": False, "note": ""}, by=world.office,
        region=world.agency("sfx-office").region)
    assert outcome.system is not None, (outcome.result, outcome.problems)
    assert systems.shape(outcome.system) == systems.shape(loaded[PROVINCE])
    assert outcome.system.source == "imported" and outcome.system.region.code == "990102"
    pairs = systems.compare(loaded[PROVINCE], outcome.system)
    assert all(p.how for p in pairs)


def test_a_workbook_row_out_of_order_is_refused_with_its_row_and_nothing_is_imported(world):
    from openpyxl import load_workbook as open_book

    from fazhi.ledgers.excel import FIRST_ROW, save_workbook

    book = open_book(io.BytesIO(systems.template_bytes()))
    ws = book.active
    for offset, row in enumerate([(1, "一、", "制度建设", None), (3, "（1）", "跳级的指标", "2"), (2, "1.", "", None)]):
        for column, value in enumerate(row, start=2):
            ws.cell(row=FIRST_ROW + offset, column=column, value=value)
    outcome = systems.import_workbook(save_workbook(book), {
        "code": "broken-2026", "family": "", "name": "坏表", "edition_year": 2026, "kind": "other", "issued_by": "",
        "has_points": False, "total_points": None, "is_draft": False, "note": ""}, by=world.office)
    assert outcome.system is None
    assert [(e.row, e.column) for e in outcome.result.errors] == [(FIRST_ROW + 1, "B"), (FIRST_ROW + 2, "D")]
    assert not IndicatorSystem.objects.filter(code="broken-2026").exists()


def test_a_shipped_code_is_never_replaced_by_an_import(world, loaded):
    outcome = systems.import_workbook(systems.export_workbook(loaded[NATIONAL_2021]), {
        "code": NATIONAL_2021, "family": "", "name": "替换", "edition_year": 2021, "kind": "demonstration",
        "issued_by": "", "has_points": False, "total_points": None, "is_draft": False, "note": ""}, by=world.office)
    assert outcome.system is None and NATIONAL_2021 in outcome.problems[0]
    assert IndicatorSystem.objects.get(code=NATIONAL_2021).name.startswith("市县")


def test_the_import_page_is_the_offices(world, loaded):
    assert csrf_client(world.owner).get(reverse("assessment:systems_import")).status_code == 403
    assert csrf_client(world.owner).get(reverse("assessment:systems_template")).status_code == 403
    client = csrf_client(world.office)
    assert client.get(reverse("assessment:systems_import")).status_code == 200
    book = load_workbook(io.BytesIO(client.get(reverse("assessment:systems_template")).content))
    assert book.active["A1"].value == systems.MARKER
    upload = io.BytesIO(systems.export_workbook(loaded[PROVINCE]))
    upload.name = "province.xlsx"
    response = client.post(reverse("assessment:systems_import"), {
        "code": "county-own-2026", "name": "示范县自定考核指标", "edition_year": 2026, "kind": "other",
        "has_points": "on", "total_points": "100", "file": upload})
    assert response.status_code == 302
    assert IndicatorSystem.objects.get(code="county-own-2026").indicators.count() == 56


def test_the_systems_list_and_tree_show_to_the_people_of_the_province(world, loaded):
    for user in (world.owner, world.outsider, world.supervisor):
        page = csrf_client(user).get(reverse("assessment:systems")).content.decode()
        assert "示范省法治政府建设考核指标" in page and "市县法治政府建设示范指标体系（2021年版）" in page
    page = csrf_client(world.owner).get(reverse("assessment:system", args=[loaded[PROVINCE].pk])).content.decode()
    assert "normative_review_rate" in page and 'data-indicator="2.1.1"' in page
    export = csrf_client(world.owner).get(reverse("assessment:system_export", args=[loaded[PROVINCE].pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_office_import_shows_only_where_it_applies(world, loaded):
    system = systems.load_system(_small(), source="imported", region=world.agency("sfx-office").region).system
    assert csrf_client(world.owner).get(reverse("assessment:system", args=[system.pk])).status_code == 200
    assert csrf_client(world.outsider).get(reverse("assessment:system", args=[system.pk])).status_code == 404
