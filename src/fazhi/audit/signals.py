"""Log-ins, log-outs and failed log-ins go into the audit trail (never the password tried)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from fazhi.audit.context import client_ip


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="fazhi.audit.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="fazhi.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="fazhi.audit.login_failed")


def _ip(request):
    return client_ip(request) if request is not None else None


def on_logged_in(sender, request, user, **kwargs):
    from fazhi.audit.actions import Action, record_event

    record_event(action=Action.LOGIN, target=user, actor=user, ip=_ip(request))


def on_logged_out(sender, request, user, **kwargs):
    from fazhi.audit.actions import Action, record_event

    if user is None or not user.is_authenticated:
        return  # logging out while not logged in changes nothing
    record_event(action=Action.LOGOUT, target=user, actor=user, ip=_ip(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Record the user name tried (and the account, if it exists); ``credentials`` also holds the password."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.audit.actions import Action, _append

    if request is not None and getattr(request, "fazhi_login_throttled", False):
        return  # refused unchecked while its address waits: the start of the wait is audited, not each try
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    content_type = ContentType.objects.get_for_model(User) if account is not None else None
    _append(
        action=Action.LOGIN_FAILED,
        content_type=content_type,
        object_id=str(account.pk) if account is not None else "",
        object_repr=str(account) if account is not None else "",
        actor=None,  # nobody: even a person already logged in here is not the one who failed
        changes={"username": [None, username]},
        reason="",
        ip=_ip(request),
    )
