"""The portal's pages of the disclosure ledger (no log-in): send a request to an agency, and follow it with the
tracking code.

A request sent here is received the day it is sent (政府信息公开条例 第31条: online, the day both sides confirm it;
the page showing its number and tracking code is that confirmation). The tracking code is shown once, after the
sending, on a page the browser reaches by a redirect (the code travels in the session, never in an address, so it
stays out of the server's logs and the browser's history). The status page takes the code in a form sent by POST
for the same reason, and shows the one request it names: its status, its deadline and the reply, never the
requester's particulars nor anything of another request; a code that names none learns nothing but that.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache

from fazhi.audit.context import client_ip
from fazhi.disclosure import actions
from fazhi.disclosure.forms import PublicRequestForm, TrackingForm, issue_token, public_kwargs
from fazhi.ledgers.forms import errors_into

#: Where the sent request's particulars wait for the confirmation page, read once.
SENT = "fazhi.disclosure.sent"


def client_fingerprint(request) -> str:
    """A keyed hash of the client's address (never the address itself), for the rate limit; the key derives from
    SECRET_KEY."""
    return salted_hmac("fazhi.disclosure.client", client_ip(request) or "unknown", algorithm="sha256").hexdigest()


@never_cache
def public_new(request):
    """The form to send a request to an agency; after the sending, the confirmation with the tracking code."""
    if request.method == "GET" and request.GET.get("sent"):
        sent = request.session.pop(SENT, None)
        if sent:
            return render(request, "disclosure/public_sent.html", {"sent": sent})
    status = 200
    if request.method == "POST":
        form = PublicRequestForm(request.POST)
        if form.is_valid():
            try:
                sent = actions.submit_online(**public_kwargs(form), client_hash=client_fingerprint(request))
            except ValidationError as exc:
                errors_into(form, exc)
                status = 429 if getattr(exc, "code", None) == "rate_limited" else 400
            else:
                request.session[SENT] = {
                    "code": sent.tracking_code, "number": sent.number, "agency": sent.agency.name,
                    "received_on": sent.received_on.isoformat(),
                    "reply_due": sent.reply_due.isoformat() if sent.reply_due else "",
                }
                return redirect(reverse("disclosure:public_new") + "?sent=1")
        else:
            status = 400
        # Show the form again with a fresh stamp and an empty honeypot; what the person typed is kept.
        form.data = form.data.copy()
        form.data["token"] = issue_token()
        form.data["website"] = ""
    else:
        form = PublicRequestForm(initial={"token": issue_token()})
    return render(request, "disclosure/public_new.html", {"form": form}, status=status)


@never_cache
def public_status(request):
    """The status of the request the typed tracking code names: status, deadline and reply."""
    found = None
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            found = actions.find_by_tracking_code(form.cleaned_data["code"])
            status = 200 if found else 404
        else:
            status = 400
    else:
        form = TrackingForm()
    return render(request, "disclosure/public_status.html", {
        "form": form, "found": found, "asked": request.method == "POST",
        "paused": bool(found and found.status in ("correcting", "consulting") and not found.reply_due),
    }, status=status)
