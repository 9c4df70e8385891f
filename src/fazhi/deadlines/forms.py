from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules

#: A notice copied from its web page, with the site's text around it, is a few thousand characters; the cap keeps a
#: pasted-in document from costing a long check.
MAX_NOTICE_CHARS = 20000
#: An uploaded page or text file of the notice.
MAX_NOTICE_BYTES = 512 * 1024


class NoticeForm(TextRules, forms.Form):
    text = forms.CharField(
        label=_("The notice"), max_length=MAX_NOTICE_CHARS, required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false",
                                     "placeholder": "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：……"}),
        help_text=_("Paste the notice as published, the whole page if you like: the arrangements are found in it. "
                    "Or type one arrangement per line: 春节 2月6日 至 2月13日 放假 / 春节 2月14日 上班."),
    )
    file = forms.FileField(label=_("Or upload it"), required=False,
                           help_text=_("The saved page or a text file: UTF-8, GBK or Big5."))
    year = forms.IntegerField(label=_("Year of the notice"), min_value=2000, max_value=2200, required=False,
                              help_text=_("Read from the notice; give it for a notice typed line by line."))
    source = forms.CharField(
        label=_("Notice number or title"), max_length=200, required=False,
        help_text=_("Read from the notice where it gives one, e.g. 国办发明电〔2026〕X号."),
    )
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    replace = forms.BooleanField(label=_("Replace the days another notice set"), required=False,
                                 help_text=_("Needed when the preview lists days this notice changes."))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_NOTICE_BYTES:
                self.add_error("file", _("The file is larger than %(kb)d KB.") % {"kb": MAX_NOTICE_BYTES // 1024})
            else:
                from fazhi.deadlines.published import decode

                try:
                    data["text"] = decode(upload.read())
                except ValueError as exc:
                    self.add_error("file", str(exc))
        elif not data.get("text", "").strip() and "text" not in self.errors:
            self.add_error("text", _("Paste the notice or upload it."))
        return data


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
