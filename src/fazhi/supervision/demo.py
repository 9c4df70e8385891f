"""The demo city's register of reporting bodies for the demo's last year (and the year under way): the bodies of
the org tree, three bodies of 邻水县 that do not work in fazhi and whose published reports the city office uploaded
to the analyzer (one the analyzer cannot name, left to be assigned by hand), and one reminder sent.

The uploaded reports are short invented texts in the genre of a department's annual report; no real report's
wording. Idempotent: a second run finds everything in place."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from fazhi.org.models import Agency, Region, User

from . import actions
from .models import ReportingBody

CITY = "990100"
NEIGHBOUR = "990103"
BATCH_NAME = "邻水县部门法治政府建设年度报告"


def _report_text(issuer: str | None, year: int, signed: date, focus: str) -> str:
    """A short report in the genre: title, the five mandated parts, the issuer and date under it."""
    title = f"{issuer}关于{year}年法治政府建设情况的报告" if issuer else f"{year}年度法治政府建设工作情况报告"
    return (
        f"{title}\n\n"
        f"{year}年，我们坚持以法治思维推进各项工作，现将有关情况报告如下。\n\n"
        f"一、{year}年推进法治政府建设的主要举措和成效\n"
        f"（一）健全依法决策机制。全年提请合法性审核的文件8件，均按程序完成审核。\n"
        f"（二）规范执法行为。{focus}，全年开展执法检查36次，办理案件12件，无被复议纠错案件。\n"
        f"（三）加强普法宣传。组织法治宣传活动15场，参加干部职工320人次。\n\n"
        f"二、存在的不足和原因\n"
        f"一是执法人员业务能力不够均衡；二是法治宣传形式较为单一。原因在于培训机制还需完善。\n\n"
        f"三、党政主要负责人履行推进法治建设第一责任人职责情况\n"
        f"主要负责人带头学法，主持召开专题会议3次，研究部署法治建设重点任务。\n\n"
        f"四、{year + 1}年推进法治政府建设的主要安排\n"
        f"一是完善执法制度；二是加强执法队伍培训；三是创新普法方式。\n\n"
        f"五、其他需要报告的情况\n无。\n\n"
        f"{issuer or ''}\n{signed.year}年{signed.month}月{signed.day}日\n"
    )


def build_demo_register() -> dict:
    """Build the demo city's register; return what was added."""
    from fazhi.analyzer.actions import process_batch
    from fazhi.analyzer.models import AnalyzedReport, Batch
    from fazhi.demo.activity import current_year

    year = current_year() - 1
    city = Region.objects.get(code=CITY)
    neighbour = Region.objects.get(code=NEIGHBOUR)
    built = actions.build_register(city, year)
    built_now = actions.build_register(city, year + 1)  # the year under way: nothing due yet
    # The neighbouring county's government is in fazhi but keeps no report here: its dates are typed in.
    ReportingBody.objects.filter(year=year, agency__code="lsx-gov", filed_on__isnull=True).update(
        filed_on=date(year + 1, 2, 26), published_on=date(year + 1, 3, 27), published_source="hand",
        published_url="https://www.example.gov.cn/lsx/fzzf/ndbg.html")
    outside = {}
    for name, email in (("邻水县教育局", "fzb-jyj@example.org"), ("邻水县卫生健康局", "fzb-wjj@example.org"),
                        ("邻水县农业农村局", "")):
        outside[name], _created = ReportingBody.objects.get_or_create(
            year=year, region=neighbour, name=name,
            defaults={"kind": ReportingBody.Kind.DEPARTMENT, "email": email,
                      "note": "不在平台内办公；报告由市委依法治市办从其门户网站收集。"})
    # A county department outside fazhi whose dates the county office typed in from its website.
    outside["示范县医疗保障局"], _created = ReportingBody.objects.get_or_create(
        year=year, region=Region.objects.get(code="990102"), name="示范县医疗保障局",
        defaults={"kind": ReportingBody.Kind.DEPARTMENT, "filed_on": date(year + 1, 2, 25),
                  "published_on": date(year + 1, 3, 18), "published_source": ReportingBody.Source.HAND,
                  "published_url": "https://www.example.gov.cn/sfx/ybj/fzzf.html",
                  "note": "不在平台内办公；日期由县委依法治县办从其门户网站核实录入。"})
    supervisor = User.objects.get(username="supervisor")
    uploaded = 0
    if not Batch.objects.filter(name=BATCH_NAME).exists():
        batch = Batch.objects.create(agency=Agency.objects.get(code="sfs-office"), name=BATCH_NAME,
                                     created_by=supervisor)
        texts = [
            ("邻水县教育局.txt", _report_text("邻水县教育局", year, date(year + 1, 4, 15), "落实校外培训执法")),
            ("邻水县卫生健康局.txt", _report_text("邻水县卫生健康局", year, date(year + 1, 3, 20), "开展医疗卫生监督")),
            ("法治政府建设报告.txt", _report_text(None, year, date(year + 1, 3, 25), "加强农业综合执法")),
        ]
        for position, (name, text) in enumerate(texts):
            data = text.encode()
            report = AnalyzedReport(batch=batch, position=position, source_name=name,
                                    sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            report.file.save(name, ContentFile(data), save=False)
            report.save()
        uploaded = process_batch(batch)  # attaches the reports that name a body of the register
    # One reminder sent and logged: the county government, whose report is still a draft.
    missing_gov = ReportingBody.objects.filter(year=year, agency__code="sfx-gov", reminder_count=0).first()
    reminded = 0
    if missing_gov is not None:
        reminded = len(actions.remind([missing_gov], by=supervisor, today=timezone.localdate()).reminded)
    return {"bodies": built["added"] + built_now["added"] + len(outside), "uploaded": uploaded, "reminded": reminded}

