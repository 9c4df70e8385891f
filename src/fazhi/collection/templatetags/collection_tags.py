"""Template filters for collected figures."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value) -> str:
    """Show a figure without trailing zeros (12, 12.5, 33.33); an empty figure as "—"."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return str(value)
    value = value.normalize()
    return f"{value:f}"


@register.filter
def get_item(mapping, key):
    """Return ``mapping[key]`` (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
