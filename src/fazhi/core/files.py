"""Upload and download attachments of ledger records, checked through the record's scope.

Attachments are never served from MEDIA_ROOT directly: a download is answered only for a person who may
see the record the file belongs to.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attach_file, attachments_for
from fazhi.audit.exceptions import AttachmentRefused
from fazhi.audit.models import Attachment
from fazhi.core.ledger import LedgerRecord
from fazhi.org.scope import get_editable_or_404, get_visible_or_404, scope_for


def _ledger_model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not issubclass(model, LedgerRecord):
        raise Http404
    return model


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return fallback
    return target


@login_required
@require_POST
def upload(request, label: str, pk: int):
    """Attach the uploaded files to a record the person may change; refused files are named with the reason."""
    record = get_editable_or_404(request.user, _ledger_model(label), pk=pk)
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, _("Choose a file to upload."))
    for uploaded in files:
        try:
            attach_file(record, uploaded, by=request.user, description=request.POST.get("description", ""))
        except AttachmentRefused as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": uploaded.name})
    if request.htmx:
        return render(request, "core/_attachments.html", {"record": record, "label": label,
                                                            "attachments": attachments_for(record),
                                                            "can_upload": True})
    return HttpResponseRedirect(_back(request, "/"))


@login_required
def download(request, attachment_id: int):
    """Send an attachment to a person who may see its record, as a download under its original name."""
    attachment = get_object_or_404(Attachment.objects.select_related("target_type"), pk=attachment_id)
    model = attachment.target_type.model_class()
    if model is None or not hasattr(model, "scope_field"):
        raise Http404
    get_visible_or_404(request.user, model, pk=attachment.target_id)
    if attachment.is_withdrawn and not scope_for(request.user).is_admin:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type.split(";")[0])
    response["X-Content-Type-Options"] = "nosniff"
    return response
