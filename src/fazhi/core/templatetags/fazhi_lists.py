"""Template tags that spare the list pages (and every page's frame) most of the template engine's work per request.

``{% options choices selected %}``: a filter's ``<option>`` elements, built in one pass instead of a loop of
nodes per option; the same markup as ``{% for value, label in choices %}<option value="{{ value }}"{% if value
== selected %} selected{% endif %}>{{ label }}</option>{% endfor %}`` (plain values stand for their own label).

``{% memo "name" value… %}…{% endmemo %}``: markup that is the same for everyone who shares the page's language,
the URL configuration and the given values (the navigation: a dozen ``{% url %}`` and translations) is rendered
once per worker process and then reused. Only for markup made of those things: never anything of a person's
(names, counts, tokens) beyond the values listed, which become part of the key.
"""

from __future__ import annotations

import html

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

#: Rendered ``{% memo %}`` blocks by key. Bounded: cleared if it ever grows past this many (a handful of
#: navigations in two languages are expected; a key built from unbounded values would be a misuse).
MEMO_LIMIT = 512
_memo: dict[tuple, str] = {}


def _text(value) -> str:
    """``value`` as ``{{ value }}`` shows it (escaped, numbers localised), without the template machinery."""
    if isinstance(value, Promise):  # a lazy label: translated now
        value = str(value)
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else html.escape(value)
    return conditional_escape(localize(value))


@register.simple_tag
def options(choices, selected):
    """The ``<option>`` elements of ``choices`` ((value, label) pairs, or values), ``selected`` marked."""
    parts = []
    for choice in choices:
        value, label = choice if isinstance(choice, (tuple, list)) else (choice, choice)
        parts.append(f'<option value="{_text(value)}"{" selected" if value == selected else ""}>{_text(label)}'
                     "</option>")
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


class MemoNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        key = (self.name, get_language(), get_script_prefix(), get_urlconf(),
               *(value.resolve(context) for value in self.values))
        html = _memo.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(_memo) >= MEMO_LIMIT:
                _memo.clear()
            _memo[key] = html
        return html


@register.tag
def memo(parser, token):
    """``{% memo "name" value… %}…{% endmemo %}`` (see the module's docstring)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% memo %} needs a name: {% memo \"name\" value… %}")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


@register.filter
def for_row(form, key):
    """``form`` with its fields' ids made the row's own (``id_<key>_reason``), for one small form repeated on every
    row of a list (take out, lift, retire): a label then names its row's field, not the first row's."""
    import copy

    row = copy.copy(form)
    row.auto_id = f"id_{key}_%s"
    row._bound_fields_cache = {}
    return row
