from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The name the portal keeps its list of published decisions under (``fazhi.core.lists.portal_page``).
PORTAL = "penalties"


class PenaltiesConfig(AppConfig):
    name = "fazhi.penalties"
    label = "penalties"
    verbose_name = _("Administrative penalties")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda

        from .agenda import CaseAgenda
        from .metrics import register_all

        agenda.register(CaseAgenda())
        register_all()
        self._portal_follows_the_ledger()

    def _portal_follows_the_ledger(self):
        """Any change to a case or to an enforcement body (whose name the portal shows) starts the portal's list of
        decisions afresh: a publication, a withdrawal or a takedown shows at once."""
        from django.db.models.signals import post_delete, post_save

        from fazhi.core.lists import portal_changed
        from fazhi.enforcement.models import EnforcementBody

        from .models import Case

        def changed(sender, **kwargs):
            portal_changed(PORTAL)

        for model in (Case, EnforcementBody):
            post_save.connect(changed, sender=model, dispatch_uid=f"penalties-portal-{model.__name__}", weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=f"penalties-portal-del-{model.__name__}",
                                weak=False)
