"""Managers that filter through the organisation scope (``fazhi.org.scope``)."""

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """Adds ``visible_to(user)`` and ``editable_by(user)`` using the model's ``scope_field``.

    ``scope_field`` is the path from the model to its owning agency ("agency", "document__agency"),
    or "" for Agency itself.
    """

    def visible_to(self, user):
        from fazhi.org.scope import scope_for

        return scope_for(user).visible(self, self.model.scope_field)

    def editable_by(self, user):
        from fazhi.org.scope import scope_for

        return scope_for(user).editable(self, self.model.scope_field)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
