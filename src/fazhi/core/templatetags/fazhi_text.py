"""Template filters for text: ``{{ x|bracketed }}`` puts a remark in the brackets of the page's language."""

from django import template

from fazhi.core import text

register = template.Library()
register.filter("bracketed", text.bracketed)
