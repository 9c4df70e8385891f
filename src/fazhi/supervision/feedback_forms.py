"""Forms of supervision feedback: each one's cleaned data is its action's keyword arguments (``feedback``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import text_field

from .models import Feedback


class ShareForm(TextRules, forms.Form):
    """``share``: the kind, a title and the text."""

    kind = forms.ChoiceField(label=_("Kind of feedback"), choices=Feedback.Kind.choices,
                             initial=Feedback.Kind.EVALUATION)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty, an evaluation is titled with its year."))
    text = text_field(_("Text"), rows=4, required=False,
                      help_text=_("What you found or note; for an evaluation, your comment on its scores."))


class AnswerForm(TextRules, forms.Form):
    text = text_field(_("Answer"), rows=4)


class ReopenForm(TextRules, forms.Form):
    reason = text_field(_("Why the answer is not enough"), rows=2)
