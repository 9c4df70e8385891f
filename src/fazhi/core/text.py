"""Typography of Chinese text: full-width brackets around or beside Chinese (村（社区）, not 村(社区))."""

from __future__ import annotations

import re

from django.utils.translation import get_language

_CJK = "\u3400-\u9fff"
# A bracketed run holding Chinese, or following a Chinese character; never a %(name)s placeholder.
_HALF = re.compile(rf"(?<!%)\(([^()]*[{_CJK}][^()]*)\)|(?<=[{_CJK}])\(([^()]*)\)")


def full_width_brackets(text: str) -> str:
    """Return ``text`` with the half-width brackets of its Chinese made full-width."""
    return _HALF.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)


def bracketed(value) -> str:
    """Return ``value`` in brackets after the text before it: （…） in Chinese, " (…)" in other languages."""
    if (get_language() or "zh-hans").startswith("zh"):
        return f"（{value}）"
    return f" ({value})"
