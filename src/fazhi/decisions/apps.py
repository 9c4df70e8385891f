from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = _("Major administrative decisions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda

        from .metrics import register_all
        from .models import CatalogItem, Decision

        register_all()
        # A decision's next deadline: the comment period's end, the reviewer's time, the planned completion,
        # a scheduled evaluation. A listed matter nobody has started shows its planned completion.
        agenda.register(agenda.LedgerAgenda(
            Decision, label=_("Major decisions"), url_name="decisions:detail", title_field="title", horizon_days=14,
        ))
        agenda.register(agenda.LedgerAgenda(
            CatalogItem, label=_("Decision catalogue matters"), url_name="decisions:item_detail",
            title_field="name", horizon_days=30,
        ))
