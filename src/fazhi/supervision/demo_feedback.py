"""The demo city's supervision feedback: the city supervisor evaluated the county government's circulated report
on the demo's last year and shared the evaluation, which the county's office answered; and shared a finding (the
report neither filed nor published in time) that waits for its answer, so that the director's home page shows it.

The texts are invented for the demo. Idempotent: a second run finds everything in place."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile

from fazhi.org.models import Agency, User

from . import actions, feedback
from .demo import _report_text
from .models import Feedback, ReportingBody

BATCH_NAME = "示范县人民政府法治政府建设年度报告（送审稿）"
EVALUATION_TITLE = "市委依法治市办对县政府{year}年度报告的评估"
FINDING_TITLE = "县政府{year}年度报告未按期报送和公开"


def build_demo_feedback() -> dict:
    """Share the demo's two pieces of feedback with the county government; return how many were shared now."""
    from fazhi.analyzer.actions import process_batch
    from fazhi.analyzer.models import AnalyzedReport, Batch
    from fazhi.demo.activity import current_year

    year = current_year() - 1
    body = ReportingBody.objects.filter(year=year, agency__code="sfx-gov").first()
    if body is None:
        return {"shared": 0}
    supervisor = User.objects.get(username="supervisor")
    director = User.objects.get(username="director")
    if body.analyzed_id is None:
        batch = Batch.objects.filter(name=BATCH_NAME).first()
        if batch is None:
            batch = Batch.objects.create(agency=Agency.objects.get(code="sfs-office"), name=BATCH_NAME,
                                         created_by=supervisor)
            data = _report_text("示范县人民政府", year, date(year + 1, 3, 28), "深化综合行政执法改革").encode()
            report = AnalyzedReport(batch=batch, position=0, source_name="示范县人民政府.txt",
                                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            report.file.save("示范县人民政府.txt", ContentFile(data), save=False)
            report.save()
            process_batch(batch)
            body.refresh_from_db()
        if body.analyzed_id is None:
            actions.assign(body, batch.reports.order_by("position").first(), by=supervisor)
            body.refresh_from_db()
    shared = 0
    title = EVALUATION_TITLE.format(year=year)
    if not Feedback.objects.filter(body=body, title=title).exists():
        evaluation = feedback.share(
            body, by=supervisor, kind=Feedback.Kind.EVALUATION, title=title,
            text="报告结构完整，五项法定内容齐全；存在问题部分仍以原则性表述为主，请对照评估逐项说明，"
                 "并在下一年度报告中用数据反映整改情况。")
        feedback.answer(evaluation, by=director,
                        text="已组织县司法局对照评估逐项梳理，存在问题部分将补充具体事例和数据，"
                             "整改情况纳入下一年度报告。")
        shared += 1
    title = FINDING_TITLE.format(year=year)
    if not Feedback.objects.filter(body=body, title=title).exists():
        feedback.share(
            body, by=supervisor, kind=Feedback.Kind.FINDING, title=title,
            text=f"截至督察时，县政府{year}年度法治政府建设情况报告仍为送审稿，未报送市委依法治市办，"
                 "也未在政府门户网站公开（厅字〔2019〕28号：3月1日前报送，4月1日前公开）。请说明原因，"
                 "明确报送和公开的时间。")
        shared += 1
    return {"shared": shared}
