"""The demo county's random inspections (双随机、一公开), through the actions.

For the 县市场监管局 (its body and officers come from ``fazhi.enforcement.demo``): a list of three inspection items,
the year's plan filed with the city's regulator, a directory of 40 entities over the four risk levels, its eight
officers in the directory of inspectors (those without a valid certificate on the day are not drawn), one recusal,
one draw with a fixed seed, its inspections with results (one published late, one still to be carried out) and an
inspection outside a draw (a complaint). ``build()`` is idempotent: it does nothing once the first item exists.
Every name and code is invented (codes of the fictional region 990102, with a valid check character).
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.inspections import actions
from fazhi.inspections.models import Inspection, InspectionItem, Risk, credit_check_character
from fazhi.org.models import Agency, User

AGENCY = "sfx-scj"
BODY = "示范县市场监督管理局"
#: The seed of the demo's draw: fixed, so that the demo is the same every time it is built.
SEED = "d2026a5eedc0ffee"
ITEMS = [
    ("食品经营者经营活动监督检查", "《中华人民共和国食品安全法》《食品生产经营监督检查管理办法》",
     "经营许可、进货查验记录、食品贮存条件、从业人员健康管理、食品标签标识", InspectionItem.Method.ON_SITE),
    ("企业年度报告公示信息抽查", "《企业信息公示暂行条例》",
     "企业年度报告公示的经营状况、资产状况、股东出资等信息的真实性", InspectionItem.Method.DOCUMENTS),
    ("特种设备使用单位监督检查", "《中华人民共和国特种设备安全法》《特种设备安全监督检查办法》",
     "特种设备使用登记、定期检验、安全管理人员和作业人员持证情况", InspectionItem.Method.ON_SITE),
]
PLACES = ["城关", "河西", "东岭", "南湖", "北山", "桥头", "新集", "柳庄", "石门", "青林"]
TRADES = [("餐饮管理有限公司", "餐饮服务"), ("食品商贸有限公司", "食品销售"), ("农产品专业合作社", "农产品销售"),
          ("机械制造有限公司", "工业产品生产")]
#: How many entities of each risk level the directory holds (40 in all).
RISKS = [Risk.HIGH] * 6 + [Risk.MEDIUM_HIGH] * 8 + [Risk.MEDIUM] * 14 + [Risk.LOW] * 12
RESULTS = [Inspection.Result.NO_PROBLEM, Inspection.Result.CORRECTED, Inspection.Result.NO_PROBLEM,
           Inspection.Result.NOT_FOUND]
NOTES = {Inspection.Result.CORRECTED: "进货查验记录不全，已当场责令限期改正，复查时已改正。",
         Inspection.Result.NOT_FOUND: "通过登记的住所无法联系，已按规定标注。"}


def credit_code(serial: int) -> str:
    """An invented unified social credit code of the fictional region 990102 (GB 32100-2015 check character)."""
    first17 = f"92990102MA{serial:07d}"
    return first17 + credit_check_character(first17)


@transaction.atomic
def build(today: dt.date | None = None) -> dict:
    """Create the 县市场监管局's random inspections if missing; return counts of what was created."""
    today = today or timezone.localdate()
    nothing = {"items": 0, "entities": 0, "inspectors": 0, "draws": 0, "inspections": 0}
    agency = Agency.objects.filter(code=AGENCY).select_related("region").first()
    body = EnforcementBody.objects.filter(agency=agency, name=BODY, withdrawn_at__isnull=True).first()
    by = User.objects.filter(username="clerk").first() or User.objects.filter(username="admin").first()
    if agency is None or body is None or by is None:
        return nothing
    if InspectionItem.objects.filter(agency=agency, name=ITEMS[0][0]).exists():
        return nothing
    counts = dict(nothing)
    items = [actions.register_item(agency=agency, by=by, body=body, name=name, legal_basis=basis, matter=matter,
                                   method=method) for name, basis, matter, method in ITEMS]
    counts["items"] = len(items)
    drawn_on = today - timedelta(days=70)
    plan = actions.draw_up_plan(agency=agency, by=by, year=drawn_on.year, items=items, batches=2,
                                planned_entities=12, scope="按照风险等级差异化确定抽查比例，上半年、下半年各开展一批次。")
    filed_on = min(today, max(dt.date(drawn_on.year, 1, 20), drawn_on - timedelta(days=60)))
    actions.file_plan(plan, by=by, filed_on=filed_on, filed_with="示范市市场监督管理局")
    entities = []
    for index, risk in enumerate(RISKS):
        trade, domain = TRADES[index % len(TRADES)]
        entities.append(actions.register_entity(
            agency=agency, by=by, name=f"示范县{PLACES[index % len(PLACES)]}{'甲乙丙丁'[index // 10]}{trade}",
            credit_code=credit_code(index + 1), address=f"示范县{PLACES[index % len(PLACES)]}镇{index + 1}号",
            domain=domain, risk=risk))
    counts["entities"] = len(entities)
    for officer in Officer.objects.filter(agency=agency, withdrawn_at__isnull=True).order_by("pk"):
        actions.add_inspector(agency=agency, by=by, officer=officer, on=min(today, drawn_on - timedelta(days=10)))
        counts["inspectors"] += 1
    first = Officer.objects.filter(agency=agency, withdrawn_at__isnull=True).order_by("pk").first()
    actions.record_recusal(agency=agency, by=by, officer=first, entity=entities[0], reason="其近亲属在该企业担任负责人",
                           on=drawn_on - timedelta(days=5))
    draw = actions.draw_inspections(agency=agency, by=by, item=items[0], plan=plan, batch=1, drawn_on=drawn_on,
                                    seed=SEED)
    counts["draws"] = 1
    inspections = list(draw.inspections.order_by("pk"))
    for index, inspection in enumerate(inspections[:-1]):  # the last one is still to be carried out
        counts["inspections"] += 1
        inspected_on = drawn_on + timedelta(days=5 + index * 2)
        result = RESULTS[index % len(RESULTS)]
        recorded = actions.record_result(inspection, by=by, inspected_on=inspected_on, result=result,
                                         finished_on=inspected_on + timedelta(days=1),
                                         result_note=NOTES.get(result, ""))
        late = index == 1  # published after its due day, in red on the ledger
        actions.publish_result(recorded, by=by, on=min(today, recorded.finished_on + timedelta(
            days=45 if late else 7)))
    counts["inspections"] += 1
    team = list(Officer.objects.filter(pk__in=draw.inspectors_snapshot).order_by("pk")[:2])
    actions.record_inspection(
        agency=agency, by=by, entity=entities[20], kind=Inspection.Kind.COMPLAINT, officers=team,
        inspected_on=drawn_on + timedelta(days=20), legal_basis=ITEMS[0][1], result=Inspection.Result.CORRECTED,
        result_note="核查群众投诉举报的过期食品问题，已责令下架并立案调查。")
    return counts
