"""The JSON API at /api/v1 (OpenAPI docs at /api/v1/docs), assembled from each app's routers."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from fazhi.org.models import ApiToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer fz_…`` with a token issued by ``fazhi token``."""

    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="fazhi API",
    version="1",
    description=str(_("The fazhi JSON API. Every answer is limited to what the caller may see.")),
    auth=[django_auth, BearerToken()],
    urls_namespace="api-1",
)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    """Say which field is wrong and why, in the request's language."""
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload")]
        errors.append({"field": ".".join(loc) or None, "message": err.get("msg", ""), "type": err.get("type")})
    return api.create_response(
        request, {"detail": str(_("The request is not valid.")), "errors": errors}, status=422
    )


def _register_routers():
    from fazhi.collection.api import router as collection_router
    from fazhi.consultation.api import router as consultation_router
    from fazhi.decisions.api import router as decisions_router
    from fazhi.normative.api import router as normative_router
    from fazhi.org.api import router as org_router
    from fazhi.reports.api import router as reports_router

    api.add_router("/", org_router)
    api.add_router("/", normative_router)
    api.add_router("/", decisions_router)
    api.add_router("/", consultation_router)
    api.add_router("/", collection_router)
    api.add_router("/", reports_router)


_register_routers()

__all__ = ["api"]
