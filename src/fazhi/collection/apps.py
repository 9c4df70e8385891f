from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "fazhi.collection"
    label = "collection"
    verbose_name = _("Data collection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fazhi.core import agenda, tick

        from .actions import refresh_open_rounds
        from .agenda import SubmissionAgenda
        from .models import Round, Submission
        from .previews import clean_previews

        # A clerk sees the agency's pending submission from the day the round opens (rounds run for weeks);
        # the office sees its open rounds as they come due, and every late submission.
        agenda.register(
            SubmissionAgenda(
                Submission,
                label=_("Data collection"),
                url_name="collection:submission_detail",
                horizon_days=92,
            )
        )
        agenda.register(
            agenda.LedgerAgenda(
                Round,
                label=_("Collection rounds"),
                url_name="collection:round_detail",
                horizon_days=14,
            )
        )
        # Each pass of ``fazhi tick`` brings ledger-computed figures of forms not yet submitted up to date.
        tick.register_job(
            "collection.refresh_computed", refresh_open_rounds, label=_("Computed figures updated")
        )
        # Excel uploads checked but never confirmed would stay in the file storage forever.
        tick.register_job(
            "collection.clean_previews", clean_previews, label=_("Stale upload previews deleted")
        )
