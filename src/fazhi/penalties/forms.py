"""Forms of the penalty-case pages: one per action, each field named as the action names it in a refusal (so the
refusal lands at its field); the actions check the rules."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.enforcement.models import Certificate, EnforcementBody, Officer, valid_on_q
from fazhi.ledgers.forms import date_field as _date
from fazhi.ledgers.forms import text_field as _text
from fazhi.ledgers.forms import today as _today
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for
from fazhi.penalties.models import Case, CaseRecord, DiscretionStandard, LenientItem

B = EnforcementBody


def writable_agencies(user):
    """The agencies whose penalty cases ``user`` keeps (``enforcement.actions.can_write``)."""
    scope = scope_for(user)
    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.write_agencies)


def writable_bodies(user):
    """The active enforcement bodies of the agencies ``user`` keeps."""
    return (B.objects.filter(status=B.Status.ACTIVE, withdrawn_at__isnull=True, agency__in=writable_agencies(user))
            .select_related("agency").order_by("agency__name", "name"))


def certified_officers(day=None, **filters):
    """Officers (not withdrawn) holding a certificate valid on ``day`` (today by default)."""
    day = day or timezone.localdate()
    valid = Certificate.objects.filter(valid_on_q(day), officer=OuterRef("pk"))
    return (Officer.objects.filter(withdrawn_at__isnull=True, **filters).filter(Exists(valid))
            .select_related("body").order_by("body__name", "name"))


def _money(label, **kwargs):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=14, decimal_places=2, **kwargs)


class _PartyForm(TextRules, forms.Form):
    """Filing fields shared by an ordinary case and an on-the-spot decision: the body, officers and the party.

    The officers offered are those of the chosen body with a certificate valid today; before a body is chosen,
    those of every body the person keeps, named with their body."""

    body = forms.ModelChoiceField(label=_("Enforcement body"), queryset=B.objects.none())
    number = forms.CharField(label=_("Case number"), max_length=60)
    title = forms.CharField(label=_("Case name"), max_length=200, help_text=_("The party and the violation (案由)."))
    domain = forms.CharField(label=_("Enforcement domain"), max_length=60, required=False)
    party_kind = forms.ChoiceField(label=_("Kind of party"), choices=Case.PartyKind.choices)
    party_name = forms.CharField(label=_("Party"), max_length=200)
    party_code = forms.CharField(
        label=_("Party's code"), max_length=18, required=False,
        help_text=_("Unified social credit code of an organisation, or a citizen's identity card number (only its "
                    "last four characters are kept)."), widget=forms.TextInput(attrs={"autocomplete": "off"}))
    party_address = forms.CharField(label=_("Party's address"), max_length=300, required=False)
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers in charge"), queryset=Officer.objects.none(),
        help_text=_("At least two officers with a valid enforcement certificate (行政处罚法 第42条)."))
    sole_officer_basis = forms.CharField(
        label=_("Law allowing one officer"), max_length=200, required=False,
        help_text=_("Only when a law lets one officer act: cite it (行政处罚法 第42条)."))

    def __init__(self, *args, user, body_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bodies = writable_bodies(user)
        self.bodies = bodies
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"
        chosen = self.data.get("body") if self.is_bound else body_id
        if not self.is_bound and body_id:
            self.fields["body"].initial = body_id
        elif not self.is_bound and len(bodies) == 1:
            chosen = bodies[0].pk
            self.fields["body"].initial = chosen
        officers = certified_officers(body__in=bodies)
        if chosen and str(chosen).isdigit():
            officers = officers.filter(body_id=int(chosen))
        self.fields["officers"].queryset = officers
        self.fields["officers"].label_from_instance = lambda o: f"{o.name}（{o.body.name}）"

    def clean(self):
        data = super().clean()
        body, officers = data.get("body"), data.get("officers")
        if body is not None and officers:
            strangers = [o.name for o in officers if o.body_id != body.pk]
            if strangers:
                self.add_error("officers", _("Not officers of %(body)s: %(names)s.") % {
                    "body": body.name, "names": "、".join(strangers)})
        return data


class OpenCaseForm(_PartyForm):
    violation_on = _date(_("Violation committed on"))
    violation_ended_on = _date(_("Continuing violation ended on"), required=False,
                               help_text=_("行政处罚法 第36条: for a continuing violation the limitation runs from "
                                           "its end."))
    serious_harm = forms.BooleanField(
        label=_("Endangers life, health or financial security with harmful consequences"), required=False,
        help_text=_("行政处罚法 第36条: the limitation period is then 5 years instead of 2."))
    discovered_on = _date(_("Discovered on"))
    opened_on = _date(_("Filed on (立案)"), initial=_today)

    field_order = ["body", "number", "title", "domain", "party_kind", "party_name", "party_code", "party_address",
                   "violation_on", "violation_ended_on", "serious_harm", "discovered_on", "opened_on", "officers",
                   "sole_officer_basis"]


class OnTheSpotForm(_PartyForm):
    on = _date(_("Decided on"), initial=_today)
    penalty_types = forms.MultipleChoiceField(
        label=_("Penalties"), widget=forms.CheckboxSelectMultiple,
        choices=[(Case.PenaltyType.WARNING.value, Case.PenaltyType.WARNING.label),
                 (Case.PenaltyType.FINE.value, Case.PenaltyType.FINE.label)],
        help_text=_("On the spot: a warning, or a fine up to 200 yuan on a citizen or 3,000 yuan on an "
                    "organisation (行政处罚法 第51条)."))
    fine = _money(_("Fine (yuan)"))
    facts = _text(_("Facts"), rows=3)
    legal_basis = _text(_("Legal basis"), rows=2)
    performance = _text(_("Manner and deadline of performance"), rows=2, required=False)
    remedy = _text(_("Route and deadline for reconsideration or litigation"), rows=2)

    field_order = ["body", "number", "title", "domain", "party_kind", "party_name", "party_code", "party_address",
                   "on", "officers", "sole_officer_basis", "penalty_types", "fine", "facts", "legal_basis",
                   "performance", "remedy"]


# The steps of a case ---------------------------------------------------------------------------------------------


class _CaseStepForm(TextRules, forms.Form):
    """A step of one case; ``case`` sets the choices that depend on it."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case


class RecordForm(_CaseStepForm):
    action = forms.ChoiceField(label=_("Action"), choices=CaseRecord.Action.choices)
    on = _date(_("Date"), initial=_today)
    officers = forms.ModelMultipleChoiceField(label=_("Officers"), queryset=Officer.objects.none())
    description = _text(_("Written record"), rows=3)
    av_reference = forms.CharField(
        label=_("Audio-video record"), max_length=200, required=False,
        help_text=_("Where the recording is kept (recorder and file number, or archive reference); required for "
                    "seizure, forced demolition and questioning in the case-handling premises (国办发〔2018〕118号)."))
    file = forms.FileField(label=_("Attach a file"), required=False,
                           help_text=_("A scan of the written record, a photograph (optional)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = (Officer.objects.filter(withdrawn_at__isnull=True,
                                                                   body_id=self.case.body_id)
                                            .order_by("name"))
        self.fields["officers"].initial = [o.pk for o in self.case.officers.all()]


class InvestigationEndForm(_CaseStepForm):
    investigation_ended_on = _date(_("Investigation ended on"), initial=_today)


class MajorForm(_CaseStepForm):
    major_categories = forms.MultipleChoiceField(
        label=_("Why the case is major"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=Case.MajorCategory.choices,
        help_text=_("行政处罚法 第58条; the fine, the discretion standard and a hearing add their own reasons."))
    complex_case = forms.BooleanField(
        label=_("Complex or major case for collective discussion"), required=False,
        help_text=_("行政处罚法 第57条第2款: the agency's leaders discuss it collectively."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major_categories"].initial = list(self.case.major_categories)
        self.fields["complex_case"].initial = self.case.complex_case


class NoticeForm(_CaseStepForm):
    notified_on = _date(_("Notice sent on"), initial=_today)
    penalty_types = forms.MultipleChoiceField(label=_("Intended penalties"), choices=Case.PenaltyType.choices,
                                              widget=forms.CheckboxSelectMultiple)
    fine = _money(_("Fine (yuan)"))
    confiscation = _money(_("Confiscated gains and property (yuan)"))
    discretion = forms.ModelChoiceField(label=_("Discretion standard applied"), required=False,
                                        queryset=DiscretionStandard.objects.none())
    discretion_reason = _text(_("Reason for departing from the discretion standard"), rows=2, required=False,
                              help_text=_("Required when the fine lies outside the standard's range."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discretion"].queryset = DiscretionStandard.objects.filter(agency_id=self.case.agency_id,
                                                                               active=True)


class NoticeReceivedForm(_CaseStepForm):
    notice_received_on = _date(_("Notice received by the party on"), initial=_today)


class HearingRequestForm(_CaseStepForm):
    hearing_requested_on = _date(_("Hearing requested on"), initial=_today)


class HearingNoticeForm(_CaseStepForm):
    hearing_notified_on = _date(_("Hearing notice sent on"), initial=_today)


class HearingForm(_CaseStepForm):
    hearing_on = _date(_("Hearing held on"), initial=_today)
    hearing_chair = forms.CharField(label=_("Hearing chair"), max_length=60,
                                    help_text=_("Not one of the officers who investigated (行政处罚法 第64条第4项)."))
    hearing_record = _text(_("Hearing record"), rows=4)


class StatementForm(_CaseStepForm):
    statement = _text(_("The party's statement and defence"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].initial = self.case.statement


class ReviewSubmitForm(_CaseStepForm):
    review_submitted_on = _date(_("Submitted for legal review on"), initial=_today)


class ReviewForm(_CaseStepForm):
    reviewed_on = _date(_("Legal review concluded on"), initial=_today)
    reviewer = forms.CharField(label=_("Legal reviewer"), max_length=60)
    reviewer_qualification = forms.CharField(
        label=_("Reviewer's legal professional qualification"), max_length=60,
        help_text=_("The number of the certificate of the national legal professional qualification (行政处罚法 "
                    "第58条第2款)."))
    review_result = forms.ChoiceField(label=_("Legal review result"), choices=Case.ReviewResult.choices)
    review_opinion = _text(_("Legal review opinion"), rows=3)


class DiscussionForm(_CaseStepForm):
    discussed_on = _date(_("Collective discussion on"), initial=_today)
    discussion_record = _text(_("Collective discussion record"), rows=3)


class ExtendForm(_CaseStepForm):
    extension_days = forms.IntegerField(label=_("Days of approved extension"), min_value=1, max_value=365)
    extension_reason = _text(_("Reason for the extension"), rows=2,
                             help_text=_("The reason and the rule that allows it (行政处罚法 第60条)."))
    extension_approver = forms.CharField(label=_("Extension approved by"), max_length=60)


class PauseForm(_CaseStepForm):
    start = _date(_("Excluded from"))
    end = _date(_("Excluded until"), required=False, help_text=_("Empty while it lasts."))
    reason = _text(_("Reason"), rows=2,
                   help_text=_("The reason and the rule that excludes the time: hearing, testing, expert "
                               "opinion… (行政处罚法 第60条)."))


class DecideForm(_CaseStepForm):
    decided_on = _date(_("Decided on"), initial=_today)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    lenient_item = forms.ModelChoiceField(
        label=_("List item applied"), required=False, queryset=LenientItem.objects.none(),
        help_text=_("For a first or minor violation not penalised: the item of the agency's list (行政处罚法 "
                    "第33条)."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    facts = _text(_("Facts and evidence"), rows=3, required=False)
    legal_basis = _text(_("Legal basis"), rows=2, required=False)
    performance = _text(_("Manner and deadline of performance"), rows=2, required=False)
    remedy = _text(_("Route and deadline for reconsideration or litigation"), rows=2, required=False)
    party_present = forms.BooleanField(label=_("Decision delivered to the party on the spot"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lenient_item"].queryset = LenientItem.objects.filter(agency_id=self.case.agency_id,
                                                                          active=True)
        self.fields["lenient_item"].label_from_instance = lambda i: f"{i.get_kind_display()} · {i}"


class ServeForm(_CaseStepForm):
    served_on = _date(_("Served on"), initial=_today)
    service_method = forms.CharField(label=_("Manner of service"), max_length=60,
                                     help_text=_("Direct, by post, electronic, by announcement…"))


class ExecuteForm(_CaseStepForm):
    executed_on = _date(_("Carried out on"), initial=_today)
    execution = forms.CharField(label=_("How it was carried out"), max_length=200)


class CloseForm(_CaseStepForm):
    closed_on = _date(_("Closed on"), initial=_today)


class DropForm(_CaseStepForm):
    dropped_on = _date(_("Dropped on"), initial=_today)
    drop_reason = _text(_("Reason for dropping the case"), rows=2)


class PublishForm(_CaseStepForm):
    published_on = _date(_("Published on"), initial=_today)


class RevokeForm(_CaseStepForm):
    revoked_on = _date(_("Decision changed or revoked on"), initial=_today)
    revocation = forms.ChoiceField(label=_("What happened to the decision"), choices=Case.Revocation.choices)
    revocation_reason = _text(_("Reason"), rows=2,
                              help_text=_("With the reconsideration decision or judgment behind it."))


class WithdrawForm(_CaseStepForm):
    publication_withdrawn_on = _date(_("Publication withdrawn on"), initial=_today)


# The discretion standard and the lenient lists --------------------------------------------------------------------


class _ListForm(TextRules, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = writable_agencies(user)
        self.fields["agency"].queryset = self.agencies
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        if len(self.agencies) == 1:
            self.fields["agency"].initial = self.agencies[0].pk


class DiscretionForm(_ListForm):
    domain = forms.CharField(label=_("Enforcement domain"), max_length=60)
    code = forms.CharField(label=_("Item number"), max_length=30)
    violation = forms.CharField(label=_("Violation"), max_length=300)
    legal_basis = _text(_("Legal basis of the penalty"), rows=2)
    circumstance = forms.CharField(label=_("Circumstance"), max_length=120,
                                   help_text=_("The degree the range applies to, e.g. minor, ordinary, serious."))
    fine_min = _money(_("Lowest fine (yuan)"))
    fine_max = _money(_("Highest fine (yuan)"))
    other_penalties = forms.CharField(label=_("Other penalties"), max_length=300, required=False)


class LenientForm(_ListForm):
    kind = forms.ChoiceField(label=_("List"), choices=LenientItem.Kind.choices)
    domain = forms.CharField(label=_("Enforcement domain"), max_length=60)
    code = forms.CharField(label=_("Item number"), max_length=30)
    violation = forms.CharField(label=_("Violation"), max_length=300)
    legal_basis = _text(_("Legal basis"), rows=2)
    conditions = _text(_("Conditions"), rows=2, help_text=_("When the item applies: harm, correction, first time."))


class RetireForm(TextRules, forms.Form):
    reason = _text(_("Reason"), rows=2)


class ImportForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Enforcement body"), queryset=B.objects.none(),
                                  help_text=_("Every case of the workbook is filed with this body."))
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = writable_bodies(user)
        self.fields["body"].queryset = self.bodies
        self.fields["body"].label_from_instance = lambda b: f"{b.name}（{b.agency.name}）"
        if len(self.bodies) == 1:
            self.fields["body"].initial = self.bodies[0].pk
