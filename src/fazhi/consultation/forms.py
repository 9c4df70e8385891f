"""The public comment form and its abuse protection, without a CAPTCHA.

- a honeypot field people never see (``website``): a bot that fills every field is refused;
- a signed timestamp issued with the form (``token``): a submission sooner than
  ``FAZHI_CONSULTATION_MIN_SECONDS`` (default 3) after the form was shown, or a day later, is refused;
- the rate limit per client and consultation, the maximum length and duplicate texts are checked by
  ``actions.submit_comment`` (the client is a keyed hash of its address: ``client_fingerprint``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.audit.context import client_ip
from fazhi.consultation.actions import MAX_COMMENT_CHARS
from fazhi.consultation.models import Comment
from fazhi.core.limits import TextRules

TOKEN_SALT = "fazhi.consultation.comment-form"
#: A form older than this is refused (the page was left open too long); the text is kept for a second try.
MAX_FORM_AGE_SECONDS = 24 * 3600
DEFAULT_MIN_SECONDS = 3


def min_seconds() -> float:
    return float(getattr(settings, "FAZHI_CONSULTATION_MIN_SECONDS", DEFAULT_MIN_SECONDS))


def client_fingerprint(request) -> str:
    """Return a keyed hash of the client's address (never the address itself), for the rate limit.

    The address is the one the audit trail uses: REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy
    (``FAZHI_TRUST_X_FORWARDED_FOR``). The key derives from SECRET_KEY, so the hash cannot be reversed by
    trying every address without it.
    """
    ip = client_ip(request) or "unknown"
    return salted_hmac("fazhi.consultation.client", ip, algorithm="sha256").hexdigest()


def issue_token(consultation_id: int, now=None) -> str:
    """Return the signed "form shown at" stamp for the comment form of one consultation."""
    moment = (now or timezone.now()).timestamp()
    return signing.dumps({"c": consultation_id, "t": round(moment, 3)}, salt=TOKEN_SALT)


class CommentForm(TextRules, forms.Form):
    paragraph = forms.TypedChoiceField(
        label=gettext_lazy("Paragraph"), required=False, coerce=int, empty_value=None,
        help_text=gettext_lazy("Optional: the paragraph of the draft your comment is about."),
    )
    text = forms.CharField(
        label=gettext_lazy("Your comment"), max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=gettext_lazy("Comments are published after moderation."),
    )
    author_name = forms.CharField(
        label=gettext_lazy("Name (optional)"), required=False, max_length=60,
        help_text=gettext_lazy("Published with the comment; leave empty to comment anonymously."),
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact (optional)"), required=False, max_length=120,
        help_text=gettext_lazy("Telephone or e-mail, in case the drafting agency wants to ask you; never published."),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled by bots that fill every field.
    website = forms.CharField(label=gettext_lazy("Leave this field empty"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        choices = [("", _("The draft as a whole"))]
        for number, text in enumerate(consultation.paragraphs(), start=1):
            summary = Truncator(text).chars(30)
            choices.append((str(number), _("Paragraph %(n)d: %(text)s") % {"n": number, "text": summary}))
        self.fields["paragraph"].choices = choices
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["text"].widget.attrs["maxlength"] = MAX_COMMENT_CHARS

    def clean(self):
        data = super().clean()
        if (self.data.get(self.add_prefix("website")) or "").strip():
            raise forms.ValidationError(
                _("Your comment was not accepted: a field that must stay empty was filled in, as automatic "
                  "programs do. If you are a person, reload the page and send your comment again."),
                code="honeypot",
            )
        token = self.data.get(self.add_prefix("token")) or ""
        try:
            stamp = signing.loads(token, salt=TOKEN_SALT)
            consultation_id, shown_at = int(stamp["c"]), float(stamp["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                _("The form could not be checked. Reload the page and send your comment again."), code="token",
            ) from None
        elapsed = timezone.now().timestamp() - shown_at
        if consultation_id != self.consultation.pk:
            raise forms.ValidationError(
                _("The form belongs to another draft. Reload the page and send your comment again."), code="token")
        if elapsed < min_seconds():
            raise forms.ValidationError(
                _("Your comment was sent too quickly: to keep out automatic programs, comments sent within "
                  "%(seconds)s seconds of opening the page are not accepted. Your text is kept: check it and "
                  "send it again.") % {"seconds": f"{min_seconds():g}"},
                code="too_fast",
            )
        if elapsed > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError(
                _("The page was open for too long and the form has expired. Your text is kept: send it again."),
                code="expired",
            )
        return data


def comment_kwargs(form: CommentForm) -> dict:
    """Return the arguments of ``actions.submit_comment`` from a valid form."""
    data = form.cleaned_data
    return {"text": data["text"], "paragraph": data.get("paragraph"), "author_name": data.get("author_name", ""),
            "contact": data.get("contact", "")}


class AdoptionForm(TextRules, forms.Form):
    adoption = forms.ChoiceField(label=gettext_lazy("Adoption"),
                                 choices=[c for c in Comment.Adoption.choices if c[0]])
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
