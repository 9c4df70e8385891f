from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import agenda
from fazhi.core.forms import LoginForm
from fazhi.core.middleware import CurrentAgencyMiddleware
from fazhi.org import identity
from fazhi.org.scope import scope_for


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
            identity.changed()  # an update sends no signal; other processes keep the person as they were
        messages.success(self.request, _("Your password was changed."))
        return response


@login_required
def home(request):
    """The person's home page: what needs them today, from every registered ledger."""
    today = timezone.localdate()
    items = agenda.items_for(request.user, today)
    scope = scope_for(request.user)
    role = request.membership.role if request.membership else ("admin" if scope.is_admin else None)
    # Read-only supervisors watch counties; the office and leaders watch agencies; a clerk sees a list.
    by = {"supervisor": "region", "office": "agency", "leader": "agency", "admin": "region"}.get(role)
    context = {
        "role": role,
        "tally": agenda.tally(items, by) if by else [],
        "tally_by": by,
        "today": today,
        "overdue": [i for i in items if i.state == "overdue"],
        "due_today": [i for i in items if i.state == "today"],
        "due_soon": [i for i in items if i.state == "soon"],
        "agency_count": scope.agencies().count(),
        "scope": scope,
        "calendar_gap": _calendar_gap(today) if role in ("admin", "office") else None,
        "register": _register_panel(request.user, today) if role in ("admin", "office", "supervisor") else None,
    }
    return render(request, "core/home.html", context)


def _register_panel(user, today):
    from fazhi.supervision.home import panel

    return panel(user, today)


def _calendar_gap(today):
    from fazhi.deadlines.coverage import calendar_gap

    return calendar_gap(today)


@login_required
@require_POST
def switch_membership(request):
    """Make another of the person's memberships the current one."""
    try:
        chosen = int(request.POST.get("membership", ""))
    except ValueError:
        chosen = None
    if not any(m.pk == chosen for m in request.memberships):
        messages.error(request, _("You do not hold that role."))
    else:
        request.session[CurrentAgencyMiddleware.session_key] = chosen
    target = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("home")
    return HttpResponseRedirect(target)
