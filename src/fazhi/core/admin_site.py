from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _


class FazhiAdminSite(AdminSite):
    """The Django admin, for system administrators only (superusers), never for ledger staff."""

    site_header = _("fazhi system administration")
    site_title = _("fazhi administration")
    index_title = _("System administration")

    @property
    def login_form(self):
        from fazhi.core.forms import AdminLoginForm

        return AdminLoginForm

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
