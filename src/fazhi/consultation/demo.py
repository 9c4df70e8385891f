"""Demo comments on the consultations the normative and decisions demos open (all invented).

``build_demo_consultation()`` adds, to each consultation in the demo county that has no comment yet:
on an open one, published comments, one awaiting moderation and one hidden; on a closed one (or one whose
window has passed), published comments with their adoption and then the feedback (采纳情况). A concluded
one is left as it is: its feedback already says what was received. Idempotent; a no-op without
consultations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.db import transaction
from django.utils import timezone

from fazhi.consultation import actions
from fazhi.consultation.models import Comment, Consultation
from fazhi.demo.county import COUNTY
from fazhi.org.models import Membership, User

# (author, text, adoption, reason): invented comments of the kind a county's residents and businesses send.
COMMENTS = [
    ("张先生", "建议明确办理时限，并在政府网站公布办理进度查询方式。", "adopted", ""),
    ("", "第二段中“相关部门”表述不清，建议列明具体牵头单位和配合单位。", "adopted", ""),
    ("县个体劳动者协会", "建议对小微经营者设置过渡期，给予六个月的整改时间。", "partly",
     "过渡期设为三个月，兼顾整改需要与管理要求。"),
    ("李女士", "希望增加线上办理渠道，方便外出务工人员。", "adopted", ""),
    ("", "建议取消申请材料中的户籍证明，改为部门间信息核验。", "partly", "已取消户籍证明，其余材料暂无法共享核验。"),
    ("王某", "建议将补贴标准提高一倍。", "not_adopted", "补贴标准已按县级财力测算确定，暂不调整。"),
    ("某建材公司", "建议听证会通知提前十五日发布，并公开报名条件。", "adopted", ""),
    ("", "草案对违规行为的处理措施过重，建议以教育提醒为主。", "not_adopted", "处理措施与上位法规定一致，不宜减轻。"),
]
PENDING = ("赵先生", "建议在乡镇便民服务中心同步张贴公告，方便不上网的群众了解。")
HIDDEN = ("", "低价代办各类证照，联系微信：＊＊＊＊＊＊", "广告信息，与草案无关")


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 21), rng.randint(0, 59),
                       tzinfo=timezone.get_current_timezone())


def _add(consultation: Consultation, rng: random.Random, count: int, until: dt.date, *, status: str,
         decide: bool) -> list[Comment]:
    span = max(0, (min(until, consultation.closes_on) - consultation.opens_on).days)
    rows = []
    for author, text, adoption, reason in rng.sample(COMMENTS, count):
        day = consultation.opens_on + dt.timedelta(days=rng.randint(0, span))
        created = _moment(day, rng)
        rows.append(Comment(
            consultation=consultation, author_name=author, text=text, created_at=created, status=status,
            paragraph=rng.choice([None, *range(1, len(consultation.paragraphs()) + 1)]),
            text_digest=hashlib.sha256(actions.normalise_text(text).casefold().encode()).hexdigest(),
            client_hash=hashlib.sha256(f"demo-{consultation.pk}-{text}".encode()).hexdigest(),
            moderated_at=created + dt.timedelta(hours=20) if status != Comment.Status.PENDING else None,
            adoption=adoption if decide else "", adoption_reason=reason if decide else "",
        ))
    return Comment.objects.bulk_create(rows)


def _extra(consultation, author, text, rng, until, **fields) -> Comment:
    created = _moment(min(until, consultation.closes_on), rng)
    return Comment.objects.create(
        consultation=consultation, author_name=author, text=text, created_at=created,
        text_digest=hashlib.sha256(actions.normalise_text(text).casefold().encode()).hexdigest(), **fields)


@transaction.atomic
def build_demo_consultation(today: dt.date | None = None) -> dict:
    """Add invented comments and feedback to the demo county's consultations; return what was added."""
    today = today or timezone.localdate()
    office = User.objects.filter(memberships__role=Membership.Role.OFFICE, memberships__is_active=True,
                                 memberships__agency__region__code=COUNTY[0]).order_by("pk").first()
    consultations = (
        Consultation.objects.filter(agency__region__path__contains=f"/{COUNTY[0]}/", withdrawn_at__isnull=True,
                                    opens_on__lte=today)
        .exclude(comments__isnull=False)
        .exclude(status__in=[Consultation.Status.DRAFT, Consultation.Status.CONCLUDED]).order_by("pk")
    )
    added = {"comments": 0, "concluded": 0}
    for consultation in consultations:
        rng = random.Random(f"consultation-{consultation.pk}")
        window_open = consultation.status == Consultation.Status.OPEN and today <= consultation.closes_on
        if window_open:
            rows = _add(consultation, rng, 3, today, status=Comment.Status.PUBLISHED, decide=False)
            rows.append(_extra(consultation, *PENDING, rng, today))
            rows.append(_extra(consultation, HIDDEN[0], HIDDEN[1], rng, today, status=Comment.Status.HIDDEN,
                               hidden_reason=HIDDEN[2], moderated_at=timezone.now()))
            added["comments"] += len(rows)
            continue
        if office is None:
            continue
        rows = _add(consultation, rng, rng.randint(2, 4), today, status=Comment.Status.PUBLISHED, decide=True)
        added["comments"] += len(rows)
        adopted = sum(1 for c in rows if c.adoption in ("adopted", "partly"))
        feedback = (f"征求意见期间共收到意见{len(rows)}条，采纳或部分采纳{adopted}条。"
                    "未采纳的意见均已逐条说明理由，详见下表。")
        actions.conclude_consultation(consultation, by=office, feedback=feedback)
        added["concluded"] += 1
    return added
