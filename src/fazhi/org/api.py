"""Organisation endpoints: the current user, regions and agencies, all through the scope."""


from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fazhi.api.types import Code, Line, Search
from fazhi.org.models import Agency, Membership, Region
from fazhi.org.scope import get_visible_or_404, scope_for

router = Router(tags=["organisation"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    region_code: str
    region_name: str
    parent_code: str | None = None

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class MembershipOut(Schema):
    id: int
    role: str
    title: str
    agency: AgencyOut


class MeOut(Schema):
    username: str
    display_name: str
    phone: str
    is_system_admin: bool
    memberships: list[MembershipOut]


class MeIn(Schema):
    display_name: Line(60, 1)
    phone: str = Field("", max_length=30, pattern=r"^[0-9+\-() ]*$")


def _me(user) -> dict:
    memberships = Membership.objects.filter(user=user, is_active=True).select_related("agency__region",
                                                                                      "agency__parent")
    return {
        "username": user.username, "display_name": user.display_name, "phone": user.phone,
        "is_system_admin": user.is_superuser, "memberships": list(memberships),
    }


@router.get("/me", response=MeOut, summary="The person calling")
def me(request):
    return _me(request.user)


@router.patch("/me", response=MeOut, summary="Change one's display name and phone")
def update_me(request, payload: MeIn):
    user = request.user
    user.display_name = payload.display_name.strip()
    user.phone = payload.phone.strip()
    user.save(update_fields=["display_name", "phone"])
    return _me(user)


@router.get("/regions", response=list[RegionOut], summary="Regions the caller may see")
@paginate
def list_regions(request, parent: Code | None = None, level: Region.Level | None = None):
    qs = scope_for(request.user).regions().select_related("parent")
    if parent:
        qs = qs.filter(parent__code=parent)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


@router.get("/regions/{code}", response=RegionOut, summary="One region")
def get_region(request, code: Code):
    return get_object_or_404(scope_for(request.user).regions().select_related("parent"), code=code)


@router.get("/agencies", response=list[AgencyOut], summary="Agencies the caller may see")
@paginate
def list_agencies(request, region: Code | None = None, kind: Agency.Kind | None = None, q: Search | None = None):
    qs = Agency.objects.visible_to(request.user).select_related("region", "parent")
    if region:
        qs = qs.filter(region__code=region)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("region__code", "name")


@router.get("/agencies/{code}", response=AgencyOut, summary="One agency")
def get_agency(request, code: Code):
    return get_visible_or_404(request.user, Agency.objects.select_related("region", "parent"), code=code)
