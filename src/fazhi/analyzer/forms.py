"""The upload form: a batch name and one or many report files (or a zip of them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.htm,.html,.docx,.pdf,.zip"}))
        kwargs.setdefault("allow_empty_file", True)  # an empty file gets its own error; the batch goes on
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else super().clean(data, initial)


class BatchForm(TextRules, forms.Form):
    name = forms.CharField(
        label=_("Batch name"), max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "2025年度各县报告"}),
        help_text=_("What the reports are, e.g. 2025年度各县报告."),
    )
    files = MultipleFileField(
        label=_("Report files"),
        help_text=_("One or many published annual reports (.txt, .html, .docx, .pdf) or a zip of them."),
    )
