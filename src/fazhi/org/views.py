"""Organisation pages: every list, detail and export goes through the scope."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.lists import render_list
from fazhi.org.models import Agency, Region
from fazhi.org.scope import get_visible_or_404, scope_for


def _filtered_agencies(request):
    qs = Agency.objects.visible_to(request.user).select_related("region", "parent")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
    if kind in Agency.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("region__code", "kind", "name"), q, kind


@login_required
def agency_list(request):
    qs, q, kind = _filtered_agencies(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "kind": kind, "kinds": Agency.Kind.choices}
    return render_list(request, "org/agency_list.html", "org/_agency_rows.html", context)


@login_required
def agency_detail(request, code):
    agency = get_visible_or_404(request.user, Agency.objects.select_related("region", "parent"), code=code)
    scope = scope_for(request.user)
    children = Agency.objects.visible_to(request.user).filter(parent=agency)
    members = agency.memberships.filter(is_active=True).select_related("user") if scope.can_write_agency(
        agency.pk) else None
    return render(request, "org/agency_detail.html", {"agency": agency, "children": children, "members": members})


@login_required
def agency_export(request):
    """Download the agencies the person may see as CSV (UTF-8 with BOM, so Excel reads the Chinese)."""
    qs, _q, _kind = _filtered_agencies(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="agencies-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Code"), _("Name"), _("Kind"), _("Region code"), _("Region"), _("Parent agency")])
    for a in qs:
        writer.writerow([a.code, a.name, a.get_kind_display(), a.region.code, a.region.name,
                         a.parent.name if a.parent else ""])
    return response


@login_required
def region_list(request):
    """Regions the person may see, one level at a time, with a drill-down."""
    regions = scope_for(request.user).regions()
    parent_code = request.GET.get("parent")
    parent = None
    if parent_code:
        parent = get_region_or_404(request.user, parent_code)
        rows = regions.filter(parent=parent)
    else:
        # The top of what this person sees: regions whose parent they cannot see.
        visible_codes = regions.values("code")
        rows = regions.exclude(parent__code__in=visible_codes)
    rows = rows.order_by("code")
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    # "Up" leads to the parent only when the person may open it; otherwise to the top of what they see.
    up = parent.parent if parent and parent.parent_id and regions.filter(pk=parent.parent_id).exists() else None
    return render(request, "org/region_list.html", {"page": page, "parent": parent, "up": up})


def get_region_or_404(user, code):
    from django.http import Http404

    try:
        return scope_for(user).regions().get(code=code)
    except Region.DoesNotExist:
        raise Http404 from None
