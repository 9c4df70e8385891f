"""Template filters for a record's history (see ``fazhi.audit.display``)."""

from django import template

from fazhi.audit import display

register = template.Library()
register.filter("actor_name", display.actor_name)
register.filter("status_change", display.status_change)
