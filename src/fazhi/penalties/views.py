"""Pages of the penalty-case ledger."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def case_list(request):
    return HttpResponse("")


def public_list(request):
    return HttpResponse("")
