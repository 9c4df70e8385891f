from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Region

from . import actions
from .models import ReportingBody


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyForm(forms.ModelForm):
    """A body's dates, publication and contact; for a body outside fazhi, its name, region and kind too.

    A body in fazhi reads its filing and publication from its own annual report, so those fields are not offered
    once it has one (one source of truth)."""

    region_code = forms.CharField(
        label=_("region code"), max_length=12,
        help_text=_("The GB/T 2260 code of the body's county (or township), within your register."),
    )

    published_url = forms.URLField(label=_("published at"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = ReportingBody
        fields = ["name", "kind", "demonstration", "filed_on", "published_on", "published_url", "email", "note"]
        widgets = {"filed_on": DateInput(), "published_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions  # the regions whose bodies the person keeps: a queryset of Region
        body = self.instance
        if body.pk and body.in_fazhi:
            for name in ("name", "kind", "region_code"):
                del self.fields[name]
        else:
            self.fields["region_code"].initial = body.region.code if body.region_id else ""
        if body.report_id:
            for name in ("filed_on", "published_on", "published_url"):
                del self.fields[name]

    def clean_region_code(self):
        code = self.cleaned_data["region_code"].strip()
        region = self.regions.filter(code=code).first() if self.regions is not None else None
        if region is None:
            raise forms.ValidationError(_("No region %(code)s in your register.") % {"code": code})
        return region

    def clean(self):
        data = super().clean()
        if "filed_on" in self.fields:
            try:
                actions.check_dates(data.get("filed_on"), data.get("published_on"), data.get("published_url") or "",
                                    timezone.localdate())
            except forms.ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    if name in self.fields and name not in self.errors:
                        self.add_error(name, messages)
        return data

    def save(self, commit=False):
        body = super().save(commit=False)
        region = self.cleaned_data.get("region_code")
        if isinstance(region, Region):
            body.region = region
        if "published_on" in self.changed_data:
            body.published_source = ""
        return body

    def validate_unique(self):
        # The region is set after the fields are cleaned: check the name in it here.
        region = self.cleaned_data.get("region_code")
        name = self.cleaned_data.get("name")
        if isinstance(region, Region) and name:
            clash = ReportingBody.objects.filter(year=self.instance.year, region=region, name=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("%(name)s is in this year's register already.") % {"name": name})
        super().validate_unique()


class AssignForm(forms.Form):
    """Choose the register body an uploaded report belongs to (empty: none)."""

    body = forms.ModelChoiceField(queryset=ReportingBody.objects.none(), required=False, label=_("Reporting body"),
                                  empty_label=_("— none —"))

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            self.fields["body"].queryset = bodies
