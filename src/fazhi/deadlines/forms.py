from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules

#: A year's notice is some thirty lines; the cap keeps a pasted-in document from costing a long check.
MAX_NOTICE_CHARS = 5000


def _next_year():
    return timezone.localdate().year + 1


class NoticeForm(TextRules, forms.Form):
    year = forms.IntegerField(label=_("Year of the notice"), min_value=2000, max_value=2200, initial=_next_year)
    source = forms.CharField(
        label=_("Notice"), max_length=200,
        help_text=_("Its title or number, e.g. 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕X号)."),
    )
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Arrangements, one per line"), max_length=MAX_NOTICE_CHARS,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false",
                                     "placeholder": "元旦 1月1日 至 1月3日 放假\n春节 2月6日 至 2月13日 放假\n春节 2月14日 上班"}),
        help_text=_("The holiday's name, a date or a range with 至, then 放假 (days off) or 上班 (a make-up working "
                    "day on a Saturday or Sunday). Dates as 2027-01-01 or 1月1日."),
    )


class PeriodForm(TextRules, forms.Form):
    rule_code = forms.ChoiceField(label=_("Deadline"))
    length = forms.IntegerField(label=_("Length"), min_value=1, max_value=366,
                                help_text=_("In the rule's unit: days for a filing period."))
    source = forms.CharField(label=_("Provincial instrument"), max_length=300,
                             help_text=_("The provincial instrument and article, e.g. 示范省行政规范性文件管理办法 第二十条."))
    valid_from = forms.DateField(label=_("Applies from"), widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Start events on or after this date use the length."))

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_code"].choices = [(rule.code, rule.name_zh) for rule in rules]
