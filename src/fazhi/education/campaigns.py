"""The national legal-education campaigns an activity may be part of, as dated data with their source.

An activity tagged with a campaign is held within the campaign's days of its year (``Campaign.window``); the refusal
names the campaign's days and where they come from. Nothing here imports Django but lazy translation.

Sources (legal-rules §8.3 and §12 row 35):

- 国家宪法日, 4 December: 全国人大常委会关于设立国家宪法日的决定 (2014-11-01);
- 宪法宣传周, 1–7 December: the national legal-education office's yearly notice (seen for 2025, the 12th Constitution
  Day); the week is set each year, so its days are data a deployment may change (UNCONFIRMED as a fixed rule);
- 全民国家安全教育日, 15 April: 国家安全法 (2015) 第14条;
- 民法典宣传月, May: the yearly notice of 中央宣传部、司法部、全国普法办 since 2021 (UNCONFIRMED: not seen in
  legal-rules; the month is the one those notices name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Campaign:
    """A campaign held every year from ``start`` to ``end`` (month, day), since ``since`` (a year)."""

    key: str
    name: str | Promise
    start: tuple[int, int]
    end: tuple[int, int]
    source: str
    since: int

    def window(self, year: int) -> tuple[dt.date, dt.date]:
        """The campaign's first and last day in ``year``."""
        return dt.date(year, *self.start), dt.date(year, *self.end)

    def holds(self, day: dt.date) -> bool:
        first, last = self.window(day.year)
        return day.year >= self.since and first <= day <= last


CAMPAIGNS = (
    Campaign("constitution_week", _("Constitution Week (宪法宣传周)"), (12, 1), (12, 7),
             "全国普法办 宪法宣传周通知（2025年为12月1日至7日）", 2018),
    Campaign("constitution_day", _("National Constitution Day (国家宪法日)"), (12, 4), (12, 4),
             "全国人大常委会关于设立国家宪法日的决定（2014年11月1日）", 2014),
    Campaign("civil_code_month", _("Civil Code Month (民法典宣传月)"), (5, 1), (5, 31),
             "中央宣传部、司法部、全国普法办 民法典宣传月通知", 2021),
    Campaign("national_security_day", _("National Security Education Day (全民国家安全教育日)"), (4, 15), (4, 15),
             "国家安全法 第14条", 2016),
)
BY_KEY = {campaign.key: campaign for campaign in CAMPAIGNS}
CHOICES = [(campaign.key, campaign.name) for campaign in CAMPAIGNS]
CONSTITUTION_WEEK = BY_KEY["constitution_week"]


def campaign_of(key: str) -> Campaign | None:
    return BY_KEY.get(key)
