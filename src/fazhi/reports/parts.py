"""Parts two, three and four of the annual report, drafted from what the data and the bodies say.

Part two (不足和原因) starts from the data: a figure that is better higher and fell, one that is better
lower and rose, rectification left open; then the problems the bodies sent, each with a cause. Part four
(下一年度安排) answers those problems, then takes the plans the bodies sent and the standing tasks. Part three
(第一责任人) states only the reporting body's own records: its leaders' meetings, study sessions, 述法 and
appearances in court, never another body's.

These drafts are the director's starting point, not a text to sign as it stands: a report whose part two or
four was never edited is not sent for review (``fazhi.reports.review``). Official text stays Chinese.
"""

from __future__ import annotations

import re

from fazhi.reports.figures import MetricInfo, change_of, figure_entry, plain_number
from fazhi.reports.prose import CN_ORDINALS, Material, good_news, notable, pick, sentence

__all__ = ["first_responsible", "items_of", "next_year", "shortcomings", "weak_figures"]

#: How part two names a weakness in a topic, and the cause it offers for the director to confirm or correct.
WEAKNESS = {
    "leadership": ("法治建设责任落实还不够均衡", "个别单位对法治建设重视程度不够，推进机制落实不到位"),
    "functions": ("政府职能转变还需持续深化", "部门之间协同不够，改革举措落地存在温差"),
    "normative": ("规范性文件管理还需加强", "部分起草单位程序意识不强，审核力量不足"),
    "decisions": ("重大行政决策程序执行还不够严格", "对决策程序的刚性约束认识不到位"),
    "enforcement": ("行政执法质效还有提升空间", "基层执法力量薄弱，执法人员培训针对性不强"),
    "supervision": ("监督和整改还不够到位", "整改责任传导不够，跟踪问效机制不健全"),
    "disputes": ("矛盾纠纷化解质效有待提高", "基层调解力量不足，部门联动化解机制还不顺畅"),
    "education": ("普法宣传的针对性和实效性有待增强", "普法形式较为单一，精准普法机制不健全"),
    "digital": ("数字政府建设还有短板", "数据共享不够充分，信息化建设投入不足"),
}
#: How part four answers a weakness of a topic.
REMEDY = {
    "leadership": "压紧压实党政主要负责人履行推进法治建设第一责任人职责，把法治建设成效纳入综合考核",
    "functions": "持续深化“放管服”改革，推动改革举措落地见效，打造法治化营商环境",
    "normative": "严格落实规范性文件合法性审核和备案审查制度，加强审核队伍建设",
    "decisions": "严格执行重大行政决策法定程序，加强决策全过程记录和后评估",
    "enforcement": "分领域开展执法人员轮训，深化案卷评查，提升行政执法规范化水平",
    "supervision": "健全问题整改台账和跟踪问效机制，确保整改事项按期清零",
    "disputes": "健全矛盾纠纷多元化解机制，加强基层调解力量，推动纠纷就地化解",
    "education": "推进精准普法，用好以案释法，提升普法实效",
    "digital": "推动政务数据共享和业务协同，提升数字政府建设水平",
}
#: Standing tasks of every year's plan, taken when the weaknesses and the bodies' plans leave room.
STANDING = (
    "深入学习贯彻习近平法治思想，把法治政府建设各项任务落到实处",
    "严格规范公正文明执法，全面落实行政执法三项制度",
    "深入推进依法科学民主决策，强化行政权力制约和监督",
    "深化法治宣传教育，推动全社会尊法学法守法用法",
)
SHORTCOMING_OPENINGS = (
    "对照法治政府建设要求和人民群众期待，{subject}法治政府建设工作还存在一些差距和不足：",
    "在肯定成绩的同时，我们也清醒认识到，{subject}法治政府建设还存在一些问题和不足：",
    "{subject}法治政府建设虽然取得了一定成效，但仍存在一些短板：",
)
PLAN_OPENINGS = (
    "{next}年，{subject}将坚持以习近平法治思想为指导，持续推进法治政府建设，重点做好以下工作：",
    "{next}年，{subject}将紧紧围绕法治政府建设目标任务，针对存在的不足，着力抓好以下工作：",
)
#: Part three's points: the heading and the body's own figures that show it.
DUTIES = (
    ("带头研究部署法治建设", ("leadership_party_committee_meetings", "leadership_meetings_on_law",
                             "leadership_reports_heard")),
    ("带头尊法学法", ("leadership_study_sessions", "leadership_pre_meeting_study")),
    ("带头述法", ("leaders_shufa",)),
    ("带头出庭应诉", ("litigation_leader_appearances",)),
    ("带头督促落实", ()),
)
DUTY_WORDS = {
    "带头研究部署法治建设": "主要负责人亲自主持研究法治建设重要事项",
    "带头尊法学法": "坚持会前学法和集体学法制度",
    "带头述法": "将述法纳入年终述职内容，接受评议",
    "带头出庭应诉": "行政机关负责人带头出庭应诉，出庭出声",
    "带头督促落实": "对照职责清单抓落实，对法治建设重要事项亲自督办",
}
_PLAN_PREFIX = re.compile(r"^(?:\d{4}年|下一步|明年|今后)?[，,]?(?:我[县区市镇乡局]|本单位)?(?:将|要)?")


def _overlaps(text: str, other: str, width: int = 4) -> bool:
    """True when two items share a phrase of ``width`` characters: the same task said twice."""
    return any(text[i:i + width] in other for i in range(len(text) - width + 1))


_ITEM = re.compile(r"[一二三四五六七八九十]是")


def items_of(text: str) -> list[str]:
    """Split a part's text into its items ("一是…；二是…"), each without its number; the opening and any text
    after the last item stay with their neighbours. A text without numbered items is one item."""
    text = re.sub(r"\s+", "", text or "")
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) < 2:
        return [text] if text else []
    ends = starts[1:] + [len(text)]
    return [text[start + 2:end].rstrip("；;。") + "。" for start, end in zip(starts, ends, strict=True)]


def _numbered(items: list[str]) -> str:
    """Return the items as "一是…。二是…。"; a single item is not numbered."""
    if len(items) == 1:
        return f"{items[0].rstrip('。')}。"
    return "".join(f"{CN_ORDINALS[i]}是{item.rstrip('。')}。" for i, item in enumerate(items))


def weak_figures(infos: dict[str, MetricInfo], current: dict, previous: dict) -> dict[str, list[tuple[str, str]]]:
    """Return, by topic, the facts that are bad news, each with its metric's code: good figures that fell, bad
    ones that rose, open rectification.

    Only a change big enough to speak of (``prose.notable``).
    """
    facts: dict[str, list[tuple[str, str]]] = {}
    for code, info in infos.items():
        change = change_of(info, current.get(code), previous.get(code))
        if not info.better or change is None or not change.amount or good_news(info, change) or not notable(change):
            continue
        if info.is_rate:
            word = "降低" if change.amount < 0 else "提高"
            fact = f"{info.label}为{info.number(change.value)}%，较上年{word}{plain_number(abs(change.size))}个百分点"
        else:
            word = "减少" if change.amount < 0 else "增加"
            fact = f"{info.label}由上年的{info.display(change.previous)}{word}到{info.display(change.value)}"
        facts.setdefault(info.topic, []).append((code, fact))
    found, fixed = current.get("supervision_findings"), current.get("supervision_rectified")
    if found and fixed is not None and found > fixed and "supervision_findings" in infos:
        facts.setdefault("supervision", []).append(("supervision_rectified",
            f"督察发现的{plain_number(found)}个问题中，尚有{plain_number(found - fixed)}个未完成整改"))
    return facts


def shortcomings(subject: str, weak: dict[str, list[tuple[str, str]]], problems: list[Material], seed: tuple,
                 explanations: dict[str, list[Material]] | None = None, rectification: str = "") -> str:
    """Return part two's draft, or "" when neither the data, the rectification ledger nor the bodies name a
    shortcoming.

    A fact's cause is what the bodies said when their clerk was asked about the figure (``explanations``, by
    metric code), else the topic's usual cause for the director to confirm or correct. ``rectification`` is the
    ledger's item naming the body's own open and recently closed rectification (``fazhi.assessment.service``); it
    comes first and stands for the supervision topic's figures.
    """
    items = [rectification] if rectification else []
    if rectification:
        weak = {topic: facts for topic, facts in weak.items() if topic != "supervision"}
    for topic, facts in list(weak.items())[:3]:
        title, cause = WEAKNESS.get(topic, ("相关工作还有差距", "工作机制还不够健全"))
        said = [m for code, _fact in facts[:2] for m in (explanations or {}).get(code, [])][:2]
        why = "".join(sentence(f"据{m.source}说明，{m.text}" if m.source else m.text) for m in said)
        facts_text = "，".join(fact for _code, fact in facts[:2])
        items.append(f"{title}。{facts_text}。{why}" if why else f"{title}。{facts_text}，主要原因是{cause}")
    for problem in problems[: max(1, 5 - len(items))]:
        items.append(sentence(problem.text))
    if not items:
        return ""
    return pick(SHORTCOMING_OPENINGS, *seed, "shortcomings").format(subject=subject) + _numbered(items)


def next_year(subject: str, year: int, weak: dict[str, list[str]], plans: list[Material], seed: tuple) -> str:
    """Return part four's draft: answers to the weaknesses, the bodies' plans, then standing tasks (3–5 in all)."""
    items = [REMEDY[t] for t in list(weak)[:3] if t in REMEDY]
    for plan in plans:
        if len(items) >= 5:
            break
        text = _PLAN_PREFIX.sub("", sentence(plan.text), count=1).strip("。")
        if text and not any(_overlaps(text, item) for item in items):
            items.append(text)
    for task in STANDING:
        if len(items) >= 3:
            break
        items.append(task)
    opening = pick(PLAN_OPENINGS, *seed, "plan").format(next=year + 1, subject=subject)
    return opening + _numbered(items)


def first_responsible(leaders: str, infos: dict[str, MetricInfo], own: dict, previous_own: dict,
                      seed: tuple, records: dict[str, list[str]] | None = None) -> tuple[str, list]:
    """Return part three's points from the body's own records, and the figures stated (marked ``own``).

    ``records`` are the sentences the leadership ledger draws from the body's own records, by point (its meetings on
    law and their topics, what its leaders studied, their 述法 and its evaluation, the duty lists and instructions:
    ``fazhi.leadership.report.part_three``); a point is stated when it has a figure or a sentence.
    """
    records = records or {}
    points, figures = [], []
    for title, codes in DUTIES:
        clauses = []
        for code in codes:
            info, value = infos.get(code), own.get(code)
            if info is None or value is None or value == 0:
                continue
            entry = figure_entry(info, value, previous_own.get(code))
            entry["own"] = True
            figures.append(entry)
            clauses.append(info.clause(value))
        said = records.get(title, [])
        if clauses or said:
            point = f"{title}。{DUTY_WORDS[title]}" + (f"，全年{'，'.join(clauses)}" if clauses else "")
            points.append(f"{point}。{''.join(said)}" if said else point)
    opening = (f"{leaders}认真履行推进法治建设第一责任人职责，"
               + pick(("对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。",
                       "把法治建设摆在全局工作的重要位置，带头尊法学法守法用法。"), *seed, "first"))
    return opening + _numbered(points), figures
