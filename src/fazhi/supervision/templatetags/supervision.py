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


@register.inclusion_tag("supervision/_feedback_body.html", takes_context=True)
def body_feedback(context, body):
    """A register body's feedback the person may read, and the form that shares more (for who keeps the body)."""
    from fazhi.supervision import feedback as actions
    from fazhi.supervision.feedback_forms import ShareForm
    from fazhi.supervision.models import Feedback

    request = context["request"]
    rows = list(Feedback.objects.visible_to(request.user).filter(body=body).select_related("shared_by")[:50])
    form = None
    if body.agency_id and actions.may_share(request.user, body):
        form = ShareForm(initial={"kind": Feedback.Kind.EVALUATION if body.analyzed_id else Feedback.Kind.FINDING},
                         auto_id=f"share-{body.pk}-%s")
    return {"body": body, "rows": rows, "share_form": form, "in_fazhi": bool(body.agency_id),
            "may_share": form is not None, "next": request.get_full_path()}


@register.inclusion_tag("supervision/_feedback_report.html", takes_context=True)
def report_feedback(context, report):
    """On an uploaded report's page: a form sharing its evaluation with each body of the register it belongs to
    that the person keeps, and the feedback those bodies had."""
    from fazhi.supervision import feedback as actions
    from fazhi.supervision.feedback_forms import ShareForm
    from fazhi.supervision.models import Feedback, ReportingBody

    request = context["request"]
    user = request.user
    bodies = list(ReportingBody.objects.managed_by(user).filter(analyzed=report, agency__isnull=False)
                  .order_by("name")[:10])
    shares = [{"body": b, "form": ShareForm(initial={"kind": Feedback.Kind.EVALUATION},
                                             auto_id=f"share-{b.pk}-%s")}
              for b in bodies if actions.may_share(user, b)]
    rows = list(Feedback.objects.visible_to(user).filter(body__analyzed=report).select_related("body")[:20])
    return {"shares": shares, "rows": rows, "next": request.get_full_path()}


@register.inclusion_tag("supervision/_feedback_home.html", takes_context=True)
def home_feedback(context):
    """The home page's feedback: what the person's bodies have to answer, and the answers waiting for the person
    who shared (or supervises) to close or reopen."""
    from fazhi.supervision.home import feedback_panel

    return {"panel": feedback_panel(context["request"].user)}
