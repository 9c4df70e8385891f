from django import template

register = template.Library()


@register.inclusion_tag("supervision/_assign.html", takes_context=True)
def register_assignment(context, report):
    """The register body an uploaded report belongs to, and the form that assigns it, for the analyzed report's
    page (the person chooses among the bodies of the register they keep)."""
    from fazhi.supervision.forms import AssignForm
    from fazhi.supervision.models import ReportingBody
    from fazhi.supervision.views import may_manage

    user = context["request"].user
    current = list(ReportingBody.objects.visible_to(user).filter(analyzed=report).order_by("name"))
    form = None
    if may_manage(user):
        bodies = ReportingBody.objects.managed_by(user).order_by("region_path", "name")
        if report.year and bodies.filter(year=report.year).exists():
            bodies = bodies.filter(year=report.year)
        if bodies.exists():
            form = AssignForm(bodies=bodies, initial={"body": current[0].pk if current else None},
                              auto_id="assign-%s")
    if not current and form is None:
        return {"assign": None}
    return {"assign": {"report": report, "current": current, "form": form}}
