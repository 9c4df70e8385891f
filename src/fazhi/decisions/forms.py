"""Forms of the decisions pages: one per action, parsed here, acted on by ``actions``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.decisions import rules
from fazhi.decisions.models import Category, Evaluation
from fazhi.ledgers.forms import date_field, text_field

# The catalogue ----------------------------------------------------------------------------------------


class CatalogForm(TextRules, forms.Form):
    body = forms.ModelChoiceField(queryset=None, label=_("Decision-making body"))
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Catalogue title"), max_length=200, required=False,
                            help_text=_("Leave empty for “<body><year>年度重大行政决策事项目录”."))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class ItemForm(TextRules, forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=_("Lead unit (承办单位)"))
    name = forms.CharField(label=_("Matter"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices,
                                 help_text=_("重大行政决策程序暂行条例 第3条."))
    planned_completion = date_field(_("To be completed by"))
    description = text_field(_("Description"), required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ReasonForm(TextRules, forms.Form):
    reason = text_field(_("Reason"), rows=2)


class ApproveCatalogForm(TextRules, forms.Form):
    approved_on = date_field(_("Party committee agreed on"))
    reference = forms.CharField(label=_("Approval reference"), max_length=200, required=False,
                                help_text=_("E.g. the meeting of the county Party committee that agreed."))


class PublishCatalogForm(TextRules, forms.Form):
    published_on = date_field(_("Published on"))
    channel = forms.CharField(label=_("Published in"), max_length=200, initial="政府门户网站")
    url = forms.URLField(label=_("URL"), required=False, assume_scheme="https")


class ChangeApprovalForm(TextRules, forms.Form):
    reason = text_field(_("Reason for the change"), rows=2)
    approved_on = date_field(_("Change approved on"))


class AddItemForm(ItemForm, ChangeApprovalForm):
    pass


class ChangeItemForm(ChangeApprovalForm):
    name = forms.CharField(label=_("Matter"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    planned_completion = date_field(_("To be completed by"))


# The decision -----------------------------------------------------------------------------------------


class StartForm(TextRules, forms.Form):
    title = forms.CharField(label=_("Decision title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the catalogue matter's name."))
    summary = text_field(_("Summary of the draft"), required=False)
    concerns_market = forms.BooleanField(
        label=_("Concerns market entities' economic activity"), required=False,
        help_text=_("Then a fair-competition review (公平竞争审查) is required before the collective discussion."))


class ConsultationForm(TextRules, forms.Form):
    title = forms.CharField(label=_("Title of the draft"), max_length=200)
    body = text_field(_("Draft text"), rows=8, help_text=_("Paragraphs separated by a blank line."))
    explanation = text_field(_("Explanatory note (起草说明)"), required=False)
    opens_on = date_field(_("Open from"))
    closes_on = date_field(_("Open until"), help_text=_("Generally at least 30 days (第15条)."))
    shortened_reason = text_field(_("Reason for a shorter period"), required=False, rows=2)


class DoneOnMixin(TextRules, forms.Form):
    done_on = date_field(_("Date"))


class ParticipationForm(DoneOnMixin):
    methods = forms.CharField(label=_("Methods"), max_length=200,
                              help_text=_("E.g. open consultation online, forums, questionnaires (第14条)."))
    adoption = text_field(_("How the opinions were handled"), help_text=_("第18条."))


class HearingForm(TextRules, forms.Form):
    done_on = date_field(_("Hearing held on"))
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = text_field(_("Participants"), help_text=_("Names or groups, one per line."))
    record = text_field(_("Record of the hearing"), rows=5, help_text=_("Confirmed and signed by the participants "
                                                                         "(第17条)."))
    materials_sent_on = date_field(_("Materials sent on"), required=False,
                                   help_text=_("At least 7 days before the hearing (第16条)."))


class ExpertForm(DoneOnMixin):
    form = forms.CharField(label=_("Form"), max_length=100, help_text=_("Argumentation meeting, written "
                                                                         "consultation or commissioned study."))
    experts = text_field(_("Experts"), help_text=_("One per line: name, post."))
    opinions = text_field(_("Opinions"), rows=5)
    organiser = forms.CharField(label=_("Organised by"), max_length=200, required=False)


class RiskForm(DoneOnMixin):
    assessor = forms.CharField(label=_("Assessed by"), max_length=200)
    level = forms.ChoiceField(label=_("Risk level"), choices=rules.RISK_LEVELS)
    conclusion = text_field(_("Conclusion"), rows=4)


class FairCompetitionForm(TextRules, forms.Form):
    done_on = date_field(_("Reviewed on"))
    conclusion = forms.ChoiceField(label=_("Review conclusion"), choices=rules.FAIR_COMPETITION_CONCLUSIONS)
    reviewer = forms.CharField(label=_("Reviewed by"), max_length=200,
                               help_text=_("E.g. the county market regulation bureau with the drafting unit "
                                           "(公平竞争审查条例 第14条)."))
    opinion = text_field(_("Review opinion"), rows=4,
                         help_text=_("Attach the review report under Attachments below."))


class PartyReportForm(DoneOnMixin):
    reference = forms.CharField(label=_("Reference of the report"), max_length=200)
    reply = text_field(_("Reply of the Party committee"), required=False, rows=2)


class PublicationForm(DoneOnMixin):
    channel = forms.CharField(label=_("Published in"), max_length=200, initial="政府门户网站")
    url = forms.URLField(label=_("URL"), required=False, assume_scheme="https")


class ArchivingForm(DoneOnMixin):
    reference = forms.CharField(label=_("Archive reference"), max_length=200)


STEP_FORMS = {
    rules.PARTICIPATION: ParticipationForm, rules.HEARING: HearingForm, rules.EXPERT: ExpertForm,
    rules.RISK: RiskForm, rules.FAIR_COMPETITION: FairCompetitionForm, rules.PARTY_REPORT: PartyReportForm, rules.PUBLICATION: PublicationForm,
    rules.ARCHIVING: ArchivingForm,
}


class SubmitReviewForm(TextRules, forms.Form):
    submitted_on = date_field(_("Sent for review on"))
    materials = text_field(_("Materials sent"), required=False, rows=2,
                           help_text=_("Draft, legal bases, account of the procedures performed (第26条)."))


class OpinionForm(TextRules, forms.Form):
    opinion = text_field(_("Review opinion"), rows=4)
    opinion_on = date_field(_("Opinion dated"))
    passed = forms.TypedChoiceField(label=_("Result"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("lawful: may go to discussion")),
                                             ("no", _("not lawful: returned for revision"))])
    reviewed_by = forms.CharField(label=_("Reviewed by"), max_length=100, required=False)


class DiscussionForm(TextRules, forms.Form):
    meeting = forms.ChoiceField(label=_("Meeting"), choices=rules.MEETING_KINDS)
    meeting_name = forms.CharField(label=_("Which meeting"), max_length=100, required=False,
                                   help_text=_("E.g. 县政府第12次常务会议."))
    held_on = date_field(_("Held on"))
    result = forms.ChoiceField(label=_("Result"), choices=rules.DISCUSSION_RESULTS)
    dissent = text_field(_("Dissenting views"), required=False, rows=2,
                         help_text=_("Recorded truthfully, as in the minutes (第30条)."))
    minutes = forms.CharField(label=_("Minutes reference"), max_length=200, required=False)


class DecideForm(TextRules, forms.Form):
    decided_on = date_field(_("Decided on"))
    document_number = forms.CharField(label=_("Document number"), max_length=100, required=False)


class ScheduleEvaluationForm(TextRules, forms.Form):
    scheduled_on = date_field(_("To be done by"))
    reason = text_field(_("Why it is evaluated"), required=False, rows=2)


class RecordEvaluationForm(TextRules, forms.Form):
    evaluation = forms.IntegerField(widget=forms.HiddenInput)
    evaluator = forms.CharField(label=_("Evaluator"), max_length=200,
                                help_text=_("Not the body that made the pre-decision assessment (第36条)."))
    findings = text_field(_("Findings"), rows=4)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Evaluation.Recommendation.choices)
    done_on = date_field(_("Done on"))


class MarketForm(TextRules, forms.Form):
    concerns_market = forms.BooleanField(
        label=_("Concerns market entities' economic activity"), required=False,
        help_text=_("Then a fair-competition review (公平竞争审查) is required before the collective discussion; "
                    "otherwise that step does not apply."))


class WithdrawForm(TextRules, forms.Form):
    reason = text_field(_("Reason for withdrawing"), rows=2,
                        help_text=_("Kept on the record; the catalogue matter is removed with this reason."))
    confirm = forms.BooleanField(label=_("Yes, withdraw this decision. This cannot be undone."), required=True,
                                 error_messages={"required": _("Tick the box to confirm the withdrawal.")})


class DatedReasonForm(TextRules, forms.Form):
    reason = text_field(_("Reason"), rows=2)
    on = date_field(_("Date"))


class AdjustForm(DatedReasonForm):
    major = forms.BooleanField(label=_("Major adjustment: repeat the procedure"), required=False)
