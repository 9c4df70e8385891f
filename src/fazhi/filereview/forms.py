"""Forms of the file review pages: one per action; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.enforcement.actions import offices_for, supervised_agencies
from fazhi.enforcement.models import EnforcementBody
from fazhi.filereview.models import DEFAULT_MINIMUM, DEFAULT_RECTIFICATION_DAYS, Section, sample_percent
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency


def _last_year():
    return timezone.localdate().year - 1


class CampaignForm(TextRules, forms.Form):
    office = forms.ModelChoiceField(label=_("Rule-of-law office"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year reviewed"), min_value=2000, max_value=2100, initial=_last_year,
                              help_text=_("The penalty cases closed in this year are sampled."))
    bodies = forms.ModelMultipleChoiceField(label=_("Enforcement bodies reviewed"), queryset=EnforcementBody.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    sample_percent = forms.DecimalField(label=_("Share sampled (%)"), required=False, min_value=0, max_value=100,
                                        decimal_places=2)
    minimum_per_body = forms.IntegerField(label=_("Minimum files per body"), min_value=0, max_value=1000,
                                          initial=DEFAULT_MINIMUM,
                                          help_text=_("Or all of a body's files when it closed fewer."))
    rectification_days = forms.IntegerField(label=_("Days to rectify"), min_value=1, max_value=365,
                                            initial=DEFAULT_RECTIFICATION_DAYS,
                                            help_text=_("From the sending of the results."))
    opened_on = _date(_("Opened on"), initial=_today)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = offices_for(user)
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        if offices.count() == 1:
            self.fields["office"].initial = offices.get().pk
        self.fields["bodies"].queryset = (
            EnforcementBody.objects.filter(status=EnforcementBody.Status.ACTIVE, withdrawn_at__isnull=True,
                                           agency__in=supervised_agencies(user))
            .select_related("agency").order_by("agency__name", "name"))
        self.fields["bodies"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"
        try:
            default = sample_percent()
        except ImproperlyConfigured:  # reported by the system check (fazhi.filereview.E001)
            default = ""
        self.fields["sample_percent"].help_text = _("Empty: the setting, %(percent)s %%. Rounded up per body.") % {
            "percent": default}


class DayForm(TextRules, forms.Form):
    on = _date(_("Date"), initial=_today)


class ResampleForm(TextRules, forms.Form):
    on = _date(_("Drawn again on"), initial=_today)
    reason = _text(_("Reason"), rows=2, help_text=_("Kept with both samples and in the audit trail."))


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(label=_("Reviewers"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, campaign, **kwargs):
        from fazhi.filereview.actions import reviewer_choices

        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewer_choices(campaign.agency)
        self.fields["reviewers"].initial = list(campaign.reviewers.values_list("pk", flat=True))


class PublishForm(TextRules, forms.Form):
    on = _date(_("Published on"), initial=_today)
    report = _text(_("Report"), rows=6, help_text=_("The campaign's findings: common problems, the files that "
                                                    "failed, what the departments are to improve."))


class ScoreForm(TextRules, forms.Form):
    """Points, a note and (on a veto item) the failure, for every item of the rubric."""

    scored_on = _date(_("Scored on"), initial=_today)
    comments = _text(_("Comments"), rows=3, required=False)
    correction = _text(_("Reason for the correction"), rows=2, required=False,
                       help_text=_("Your earlier score is withdrawn with this reason; both stay in the file's history."))

    def __init__(self, *args, items, earlier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.earlier = earlier
        if earlier is None:
            del self.fields["correction"]
        else:
            self.fields["correction"].required = True
            self.initial.setdefault("comments", earlier.comments)
            for line in earlier.lines.all():
                self.initial.setdefault(f"points_{line.item_id}", line.points)
                self.initial.setdefault(f"note_{line.item_id}", line.note)
                self.initial.setdefault(f"failed_{line.item_id}", line.failed)
        for item in items:
            self.fields[f"points_{item.pk}"] = forms.DecimalField(
                label=_("Points (of %(max)s)") % {"max": item.max_score}, min_value=0, max_value=item.max_score,
                decimal_places=1, required=False, initial=item.max_score)
            self.fields[f"note_{item.pk}"] = forms.CharField(label=_("Reason for any deduction"), required=False,
                                                             max_length=1000)
            if item.veto:
                self.fields[f"failed_{item.pk}"] = forms.BooleanField(label=_("Fails the file (veto)"),
                                                                      required=False)

    def rows(self) -> list[dict]:
        """Each item with its bound fields, for the template."""
        return [{"item": item, "points": self[f"points_{item.pk}"], "note": self[f"note_{item.pk}"],
                 "failed": self[f"failed_{item.pk}"] if item.veto else None} for item in self.items]

    def lines(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {item.pk: {"points": data.get(f"points_{item.pk}"), "note": data.get(f"note_{item.pk}", ""),
                          "failed": data.get(f"failed_{item.pk}", False)} for item in self.items}


class RectificationForm(TextRules, forms.Form):
    description = _text(_("What to rectify"), rows=2)
    due_on = _date(_("Due on"), required=False,
                   help_text=_("Empty: the campaign's days to rectify, from the sending of the results."))


class CompleteForm(TextRules, forms.Form):
    on = _date(_("Rectified on"), initial=_today)
    note = _text(_("How it was rectified"), rows=2)


class RubricItemForm(TextRules, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    text = forms.CharField(label=_("What is checked"), max_length=300)
    max_score = forms.DecimalField(label=_("Maximum score"), min_value=0, max_value=100, decimal_places=1)
    veto = forms.BooleanField(label=_("Veto item (一票否决)"), required=False)


class PassMarkForm(TextRules, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    pass_mark = forms.DecimalField(label=_("Pass mark"), min_value=0, max_value=100, decimal_places=1)
