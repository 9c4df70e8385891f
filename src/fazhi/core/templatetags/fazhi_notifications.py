"""``{% unread_notifications as n %}``: the person's unread notification count, for the bell in the header."""

from django import template

from fazhi.core.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if request is None:
        return unread_count(user)
    if not hasattr(request, "_fazhi_unread"):  # once per page, however many templates show the bell
        request._fazhi_unread = unread_count(user)
    return request._fazhi_unread
