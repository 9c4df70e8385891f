from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fazhi.core import throttle


class LoginForm(AuthenticationForm):
    """Log-in that makes a client address wait after repeated failures, and says when an account is locked.

    A waiting address is told how long, and its log-in is not checked at all (a right password included).
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is wrong. Both are case-sensitive."),
        "locked": _("This account is locked after too many failed log-ins. Try again in %(minutes)s minutes "
                    "or ask your system administrator."),
        "throttled": _("Too many failed log-ins from your network address. Wait %(wait)s, then try again."),
    }

    def clean(self):
        wait = throttle.wait_for(throttle.address_key(self.request))
        if wait:
            raise self._throttled_error(wait)
        username = self.cleaned_data.get("username")
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked:
            raise self._locked_error(user)  # refused unchecked: no guess was made
        try:
            return super().clean()
        except forms.ValidationError:
            if user is not None:
                user.refresh_from_db(fields=["locked_until"])
                if user.is_locked:
                    raise self._locked_error(user) from None
            wait = throttle.wait_for(throttle.address_key(self.request))
            if wait:
                raise forms.ValidationError(
                    [self.error_messages["invalid_login"], self._throttled_error(wait)], code="invalid_login",
                ) from None
            left = throttle.tries_left(throttle.address_key(self.request))
            if 0 < left <= 3:
                raise forms.ValidationError(
                    [self.error_messages["invalid_login"],
                     ngettext("%(n)d try left before log-ins from your network address must wait.",
                              "%(n)d tries left before log-ins from your network address must wait.", left)
                     % {"n": left}],
                    code="invalid_login",
                ) from None
            raise

    def _throttled_error(self, wait):
        return forms.ValidationError(self.error_messages["throttled"], code="throttled",
                                     params={"wait": throttle.wait_text(wait.seconds)})

    def _locked_error(self, user):
        minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
        return forms.ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's log-in, with the same protection (and the admin's own staff check)."""

    error_messages = {**AdminAuthenticationForm.error_messages, **LoginForm.error_messages}
