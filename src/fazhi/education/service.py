"""The education ledger's face to other apps: what the annual report says of a body's own legal education."""

from __future__ import annotations

from django.db.models import Count, Sum

#: The campaigns the report names, in the order it names them, and how (a body's own sentences, in Chinese).
_CAMPAIGN_WORDS = {
    "constitution_week": "围绕国家宪法日和“宪法宣传周”",
    "constitution_day": "围绕国家宪法日和“宪法宣传周”",
    "civil_code_month": "结合“民法典宣传月”",
    "national_security_day": "结合全民国家安全教育日",
}


def report_material(agency, year: int) -> list[str]:
    """Sentences on ``agency``'s own legal education in ``year`` for its annual report (never the bodies below): its
    published responsibility list, and its campaigns or, without one, its largest activity, each named."""
    from fazhi.education.models import Activity, ResponsibilityList

    sentences: list[str] = []
    published = (ResponsibilityList.objects.filter(agency=agency, year=year, withdrawn_at__isnull=True,
                                                   published_on__isnull=False)
                 .annotate(n=Count("items")).first())
    if published is not None and published.n:
        sentences.append(f"落实“谁执法谁普法”普法责任制，制定并公布《{published.title}》，明确普法任务{published.n}项")
    held = Activity.objects.filter(agency=agency, withdrawn_at__isnull=True, status=Activity.Status.HELD,
                                   held_on__year=year)
    said: set[str] = set()
    rows = (held.exclude(campaign="").values("campaign").annotate(n=Count("pk"), people=Sum("audience_size"))
            .order_by("-n", "campaign"))
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(_CAMPAIGN_WORDS.get(row["campaign"], ""), []).append(row)
    for words, group in groups.items():
        if not words or words in said:
            continue
        said.add(words)
        keys = [row["campaign"] for row in group]
        named = held.filter(campaign__in=keys).order_by("-audience_size", "held_on").first()
        count = sum(row["n"] for row in group)
        sentences.append(f"{words}，开展“{named.title}”等主题普法活动{count}场")
    if not said:
        biggest = held.order_by("-audience_size", "held_on").first()
        if biggest is not None:
            sentences.append(f"组织开展“{biggest.title}”等普法活动")
    return sentences

