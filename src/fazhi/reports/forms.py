"""Forms of the annual report's pages: one per workflow step; the actions check the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.limits import TextRules
from fazhi.ledgers.forms import date_field as _date_field
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for
from fazhi.reports.models import Report, ReportDelivery


class ReportCreateForm(TextRules, forms.Form):
    agency = forms.ModelChoiceField(label=_("Reporting body"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Reporting year"), min_value=2015)
    body_kind = forms.ChoiceField(
        label=_("Kind of reporting body"), required=False,
        choices=[("", _("From the agency (government, department or township)"))] + list(Report.BodyKind.choices),
        help_text=_("Choose “Party committee and government (joint report)” for a report issued jointly."),
    )
    demonstration = forms.BooleanField(
        label=_("Demonstration area (files by the end of January)"), required=False,
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=160,
        help_text=_("Leave empty for “<issuer>关于<year>年法治政府建设情况的报告”."),
    )

    def __init__(self, *args, user, **kwargs):
        from fazhi.reports.actions import BODY_KIND_OF

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            scope_for(user).editable_agencies().filter(kind__in=list(BODY_KIND_OF), is_active=True)
            .select_related("region").order_by("region__code", "kind", "name")
        )
        self.fields["agency"].label_from_instance = lambda a: f"{a.name}（{a.region.name}）"
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year - 1


class SectionForm(TextRules, forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12}))


class OpenCommentsForm(TextRules, forms.Form):
    due = _date_field(_("Comments due by"))


class CommentForm(TextRules, forms.Form):
    section = forms.TypedChoiceField(label=_("On section"), required=False, coerce=int, empty_value=None)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole report"))] + [
            (s.pk, s.title) for s in report.sections.all()
        ]


class RespondForm(TextRules, forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 2}))


class SendForReviewForm(TextRules, forms.Form):
    override_reason = forms.CharField(
        label=_("Why the reviewer's findings stand"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the reviewer has findings you keep on purpose; the audit trail keeps the reason."),
    )


class SignOffForm(TextRules, forms.Form):
    post = forms.CharField(label=_("Post"), max_length=60, required=False, help_text=_("E.g. 县长, 县委书记."))
    opinion = forms.CharField(label=_("Opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(TextRules, forms.Form):
    reason = forms.CharField(label=_("Reason for returning to drafting"), widget=forms.Textarea(attrs={"rows": 2}))


class AdoptForm(TextRules, forms.Form):
    meeting = forms.CharField(label=_("Adopting meeting"), max_length=120, help_text=_("E.g. 县政府第12次常务会议."))
    adopted_on = _date_field(_("Adopted on"))


class DeliveryForm(TextRules, forms.Form):
    include = forms.BooleanField(label=_("Delivered"), required=False)
    kind = forms.ChoiceField(label=_("Addressee kind"), choices=ReportDelivery.Kind.choices)
    addressee = forms.CharField(label=_("Addressee"), max_length=120, required=False)
    delivered_on = _date_field(_("Delivered on"), required=False)
    reference = forms.CharField(label=_("Reference"), max_length=80, required=False,
                                help_text=_("文号 or receipt number."))

    def clean(self):
        data = super().clean()
        if data.get("include"):
            if not data.get("addressee"):
                self.add_error("addressee", _("Name the addressee."))
            if not data.get("delivered_on"):
                self.add_error("delivered_on", _("Give the delivery date."))
        return data


DeliveryFormSet = forms.formset_factory(DeliveryForm, extra=0)


class ClearForm(TextRules, forms.Form):
    reviewer = forms.CharField(label=_("Confidentiality reviewer"), max_length=60)
    opinion = forms.CharField(label=_("Confidentiality opinion"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    cleared_on = _date_field(_("Reviewed on"))


class PublishForm(TextRules, forms.Form):
    published_on = _date_field(_("Published on"))
    url = forms.URLField(label=_("Published at (web address)"), required=False, assume_scheme="https")
