from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "fazhi.core"
    label = "core"
    verbose_name = _("Workbench")

    def ready(self):
        from fazhi.core import checks  # noqa: F401 (the checks register themselves)
        from fazhi.ledgers.pages import register_agendas

        register_agendas()  # the declared ledgers' records due on the home page and in ``fazhi tick``


class FazhiAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "fazhi.core.admin_site.FazhiAdminSite"
