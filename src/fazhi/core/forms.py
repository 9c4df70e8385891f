from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginForm(AuthenticationForm):
    """Log-in that says when an account is locked and how many tries are left."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is wrong. Both are case-sensitive."),
        "locked": _("This account is locked after too many failed log-ins. Try again in %(minutes)s minutes "
                    "or ask your system administrator."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked:
            raise self._locked_error(user)
        try:
            return super().clean()
        except forms.ValidationError:
            if user is not None:
                user.refresh_from_db(fields=["locked_until", "failed_login_count"])
                if user.is_locked:
                    raise self._locked_error(user) from None
                left = settings.FAZHI_LOGIN_MAX_FAILURES - user.failed_login_count
                if 0 < left <= 3:
                    raise forms.ValidationError(
                        [self.error_messages["invalid_login"],
                         ngettext("%(n)d try left before the account is locked.",
                                  "%(n)d tries left before the account is locked.", left) % {"n": left}],
                        code="invalid_login",
                    ) from None
            raise

    def _locked_error(self, user):
        minutes = max(1, int((user.locked_until - timezone.now()).total_seconds() // 60) + 1)
        return forms.ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})
