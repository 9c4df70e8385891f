"""Forms of the normative-document pages: one per step; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.normative.models import CleanupProposal, Document, Filing
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

#: Kinds of agency that draft normative documents.
DRAFTING_KINDS = [Agency.Kind.DEPARTMENT, Agency.Kind.GOVERNMENT, Agency.Kind.TOWNSHIP, Agency.Kind.OTHER]









class DocumentForm(TextRules, forms.Form):
    agency = forms.ModelChoiceField(label=_("Drafting agency"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("Document title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.DEPARTMENT)
    provisional = forms.BooleanField(
        label=_("Provisional (暂行 or 试行): valid for a shorter period"), required=False,
        help_text=_("Set automatically when the title contains 暂行 or 试行."),
    )
    concerns_market_entities = forms.BooleanField(
        label=_("Closely related to market entities (public comment ≥ 30 days)"), required=False,
    )
    summary = _text(_("Purpose and main content"), rows=3, required=False)
    full_text = _text(_("Full text"), rows=12, required=False)
    interpretation = _text(_("Policy interpretation (政策解读)"), rows=6, required=False,
                           help_text=_("Published together with the document."))

    def __init__(self, *args, user, document: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (scope_for(user).editable_agencies().filter(kind__in=DRAFTING_KINDS, is_active=True)
                    .select_related("region").order_by("region__code", "kind", "name"))
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        if document is not None:
            del self.fields["agency"]


class OpenCommentForm(TextRules, forms.Form):
    opens_on = _date(_("Open from"), initial=_today)
    closes_on = _date(_("Open until"))
    explanation = _text(_("Explanatory note (起草说明)"), rows=3, required=False)
    shortened_reason = _text(_("Reason for a shorter period"), rows=2, required=False,
                             help_text=_("Only when the period is shorter than the legal minimum."))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The period cannot end before it starts."))
        return data


class SubmitReviewForm(TextRules, forms.Form):
    submitted_on = _date(_("Submitted on"), initial=_today)
    skip_reason = _text(_("Reason for no public comment"), rows=2, required=False,
                        help_text=_("Needed only when the draft was not published for comment."))


class ReviewForm(TextRules, forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Passed: may go to collective deliberation")),
                 ("no", _("Not passed: returned to the drafting agency"))],
    )
    opinion = _text(_("Legality review opinion (审核意见)"), rows=4)
    reviewer = forms.CharField(label=_("Reviewer"), max_length=60, required=False,
                               help_text=_("Leave empty to record yourself."))
    signatory = forms.CharField(label=_("Signed by"), max_length=60, required=False,
                                help_text=_("Who signs the opinion letter (合法性审核意见书); the reviewer when empty."))
    completed_on = _date(_("Completed on"), initial=_today)


class DeliberationForm(TextRules, forms.Form):
    meeting = forms.CharField(label=_("Meeting"), max_length=120,
                              help_text=_("e.g. 县政府第12次常务会议 or 局务会议"))
    deliberated_on = _date(_("Deliberated on"), initial=_today)


class RegisterForm(TextRules, forms.Form):
    registered_on = _date(_("Registered on"), initial=_today)


class PublishForm(TextRules, forms.Form):
    published_on = _date(_("Published on"), initial=_today)
    channel = forms.CharField(label=_("Publication channel"), max_length=120,
                              help_text=_("e.g. 示范县人民政府门户网站"))
    effective_from = _date(_("In effect from"),
                           help_text=_("Normally 30 days after publication; on publication where delay would "
                                       "hinder implementation."))
    early_effect_reason = forms.CharField(
        label=_("Reason for taking effect early"), max_length=500, required=False,
        help_text=_("Required when it takes effect sooner than the local rule's days after publication."))
    interpretation = _text(_("Policy interpretation (政策解读)"), rows=5)


class FilingForm(TextRules, forms.Form):
    filed_on = _date(_("Filed on"), initial=_today)
    receipt = forms.CharField(label=_("Receipt"), max_length=120, required=False,
                              help_text=_("备案回执 number or note."))


class ExamineForm(TextRules, forms.Form):
    result = forms.ChoiceField(label=_("Examination result"),
                               choices=[c for c in Filing.Result.choices if c[0]])
    examined_on = _date(_("Examined on"), initial=_today)
    note = _text(_("Note"), rows=2, required=False)


class EndForm(TextRules, forms.Form):
    on = _date(_("Date"), initial=_today)
    reason = _text(_("Reason"), rows=2)


class CleanupForm(TextRules, forms.Form):
    office = forms.ModelChoiceField(label=_("Rule-of-law office"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("Name of the cleanup"), max_length=200)
    opened_on = _date(_("Opened on"), initial=_today)
    covers_until = _date(_("Documents published up to"), initial=_today)
    due_on = _date(_("Proposals and decisions due"))
    notes = _text(_("Notes"), rows=3, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = (scope_for(user).editable_agencies()
                                          .filter(kind=Agency.Kind.RULE_OF_LAW_OFFICE).order_by("name"))


class ProposalForm(TextRules, forms.Form):
    choice = forms.ChoiceField(label=_("Proposal"), choices=CleanupProposal.Choice.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class DecisionForm(TextRules, forms.Form):
    choice = forms.ChoiceField(label=_("Decision"), choices=CleanupProposal.Choice.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    decided_on = _date(_("Decided on"), initial=_today)


class PublishCleanupForm(TextRules, forms.Form):
    published_on = _date(_("Published on"), initial=_today)
