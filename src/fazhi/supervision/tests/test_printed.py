"""The supervisor's dashboards as PDF: the register's counts and months, the comparison's ranking and distribution,
a body's trend. Each file is opened again: its text has the charts' and the tables' figures; the charts are drawn
(SVG paths in the page); the scope holds (an outsider and a neighbouring city print nothing of the city)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.clients import csrf_client
from fazhi.supervision import rules
from fazhi.supervision.models import ReportingBody
from fazhi.supervision.printed import Series, draw_bars

from .test_dashboards import RATE, TODAY

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_the_register_dashboard_prints_its_counts_and_months(data, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    world, _outside = data
    text = _text(csrf_client(world.supervisor).get("/supervision/register/dashboard/print/?year=2025"))
    total = ReportingBody.objects.filter(year=2025).count()
    assert f"报告主体名录（2025年度报告）共{total}个报告主体" in text
    assert "各状态的报告主体" in text and "2026年各月报送和公开情况" in text
    with translation.override("zh-hans"):
        missing = str(rules.LABELS[rules.MISSING])
    missing_count = rules.annotate_status(ReportingBody.objects.filter(year=2025), 2025, TODAY).filter(
        status=rules.MISSING).count()
    assert missing_count > 1 and f"{missing}{missing_count}" in text  # the status table: a label and its count
    assert AuditEntry.objects.filter(changes__has_key="register-dashboard-pdf").exists()


def test_the_comparison_prints_the_ranking_and_the_distribution(data, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    world, outside = data
    text = _text(csrf_client(world.supervisor).get(f"/supervision/comparison/print/?year=2025&metric={RATE}"))
    assert "示范县司法局" in text and outside.name in text
    assert text.index("示范县司法局") < text.index("示范县城关镇人民政府")  # 10 % ranks before 20 %
    other = _text(csrf_client(world.outsider).get(f"/supervision/comparison/print/?year=2025&metric={RATE}"))
    assert "示范县司法局" not in other


def test_a_bodys_trend_prints_its_years(data, settings, other_city_supervisor):
    settings.LANGUAGE_CODE = "zh-hans"
    world, outside = data
    url = f"/supervision/register/{outside.pk}/trend/print/?metric={RATE}"
    text = _text(csrf_client(world.supervisor).get(url))
    assert outside.name in text and "2024" in text and "2025" in text
    assert csrf_client(other_city_supervisor).get(url).status_code == 404
    assert csrf_client(world.outsider).get(url).status_code == 404


def test_bars_are_drawn_in_proportion_with_a_legend_and_gaps():
    svg = draw_bars(["甲", "乙", "丙"], [Series("按时", "#111", [10, 5, None]), Series("逾期", "#222", [0, 2.5, 1])],
                    "说明")
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="12"', svg)]
    assert len(widths) == 4  # 10, 5, 2.5 and 1: no bar for an empty or a zero value
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2) == pytest.approx(4 * widths[2], abs=0.2)
    assert "按时" in svg and "逾期" in svg and "<title>说明</title>" in svg
    assert svg.count(">—</text>") == 1  # 丙 has no 按时 figure
