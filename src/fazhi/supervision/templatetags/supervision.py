from django import template

register = template.Library()


#: The most bodies the assign form offers at once; a province's register is found by name beyond that.
ASSIGN_CHOICES = 50


@register.inclusion_tag("supervision/_assign.html", takes_context=True)
def register_assignment(context, report):
    """The register body an uploaded report belongs to, and the form that assigns it, for the analyzed report's
    page. The person chooses among the bodies of the register they keep, for the report's year: those whose name
    holds the words searched for (``?body_q=``), else those of the region the analyzer resolved, else the first
    ones; at most ``ASSIGN_CHOICES``, the body it belongs to always among them."""
    from fazhi.supervision.forms import AssignForm
    from fazhi.supervision.models import ReportingBody
    from fazhi.supervision.views import may_manage

    request = context["request"]
    user = request.user
    current = list(ReportingBody.objects.visible_to(user).filter(analyzed=report).order_by("name"))
    query = request.GET.get("body_q", "").strip()[:100]
    form = None
    shown = total = 0
    if may_manage(user):
        bodies = ReportingBody.objects.managed_by(user)
        if report.year and bodies.filter(year=report.year).exists():
            bodies = bodies.filter(year=report.year)
        words = query.split()
        if words:
            for word in words:
                bodies = bodies.filter(name__icontains=word)
        elif report.region_code and bodies.filter(region__code=report.region_code).exists():
            bodies = bodies.filter(region__code=report.region_code)
        total = bodies.count()
        ids = list(bodies.order_by("region_path", "name").values_list("pk", flat=True)[:ASSIGN_CHOICES])
        shown = len(ids)
        ids += [b.pk for b in current if b.pk not in ids]
        if ids or words:
            choices = ReportingBody.objects.filter(pk__in=ids).order_by("region_path", "name")
            form = AssignForm(bodies=choices, initial={"body": current[0].pk if current else None},
                              auto_id="assign-%s")
    if not current and form is None:
        return {"assign": None}
    return {"assign": {"report": report, "current": current, "form": form, "query": query, "shown": shown,
                       "total": total}}


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
