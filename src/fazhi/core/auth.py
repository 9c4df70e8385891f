"""Authentication with a delay per client address and a lock per account (``fazhi.core.throttle``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import Least

from fazhi.core import throttle


class AccountLocked(PermissionDenied):
    """The account is locked after too many failed log-ins from many addresses."""


class AddressThrottled(PermissionDenied):
    """Log-ins from this client address must wait; ``wait`` says how long."""

    def __init__(self, wait: throttle.Wait):
        super().__init__(wait.seconds)
        self.wait = wait


_COUNT_MAX = 32767  # the largest PositiveSmallIntegerField value on every database

#: Set on a request whose log-in was refused unchecked, so the failed log-in is not audited once per try.
THROTTLED_MARK = "fazhi_login_throttled"


class LockoutModelBackend(ModelBackend):
    """Check passwords only for addresses that need not wait, and never for a locked account."""

    def get_user(self, user_id):
        """The person, from what this process keeps while nobody's identity changed (``fazhi.org.identity``)."""
        from fazhi.org import identity

        return identity.kept_user(user_id, super().get_user)

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        wait = throttle.wait_for(throttle.address_key(request))
        if wait:
            if request is not None:
                setattr(request, THROTTLED_MARK, True)
            raise AddressThrottled(wait)
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check, against timing attacks
            throttle.record_failure(request)
            return None
        if user.is_locked:
            throttle.record_failure(request)  # counts for the address, not the account
            raise AccountLocked
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
                user.failed_login_count, user.locked_until = 0, None
            throttle.forget_account(user)
            return user
        register_failure(request, user)
        return None


def register_failure(request, user) -> throttle.Wait:
    """Count one wrong password on ``user`` from the request's address; return the address's wait."""
    User = type(user)
    User.objects.filter(pk=user.pk).update(failed_login_count=Least(F("failed_login_count") + 1, _COUNT_MAX))
    return throttle.record_failure(request, user)
