"""Authentication with lock-out after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone


class AccountLocked(PermissionDenied):
    """The account is locked after too many failed log-ins."""


class LockoutModelBackend(ModelBackend):
    """Count failed passwords per account; lock it for a while after ``FAZHI_LOGIN_MAX_FAILURES``."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, against timing attacks
            return None
        if user.is_locked:
            raise AccountLocked
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
                user.failed_login_count, user.locked_until = 0, None
            return user
        register_failure(user)
        return None


def register_failure(user) -> None:
    """Count one failed log-in; lock the account when the limit is reached."""
    User = type(user)
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count"])
    if user.failed_login_count >= settings.FAZHI_LOGIN_MAX_FAILURES:
        until = timezone.now() + timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
        user.locked_until = until
