"""``{% unread_notifications as n %}``: the person's unread notification count, for the bell in the header."""

from django import template

from fazhi.core.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return unread_count(user)
