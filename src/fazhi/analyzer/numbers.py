"""Read numbers as Chinese reports print them: 1,234 / 1.87万 / 两期 / 一百零五 / 百分之九十 / 3万余.

cn2an fails on the mixed and approximate forms reports use (余, 约, %, 1.87万), so this is our own reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fazhi.analyzer import rx

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
MULTIPLIERS = CN_BIG

APPROX_BEFORE = ("约", "近", "大约", "将近", "接近", "超过", "逾", "不到", "不足", "达", "共")
APPROX_AFTER = ("余", "多", "以上", "左右", "有余", "余次")

# Full-width digits and signs map one to one onto ASCII, so offsets survive the normalisation.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_ANY_FULLWIDTH = rx.compile("[０-９％．]")

_ARABIC = rx.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
_CN_CHARS = set(CN_DIGITS) | set(CN_UNITS) | set(CN_BIG) | {"点"}


def normalize_digits(text: str) -> str:
    """Return ``text`` with full-width digits, % and . made ASCII; the length never changes."""
    # Translating is slow on long texts; most have nothing to translate.
    return text.translate(_FULLWIDTH) if _ANY_FULLWIDTH.search(text) else text


def _tidy(value: float) -> float | int:
    value = round(value, 6)
    return int(value) if value == int(value) else value


@lru_cache(maxsize=1024)  # headings and dates repeat the same few numerals
def parse_cn_integer(text: str) -> int:
    """Return the integer written in Chinese numerals: 十五 → 15, 一百零五 → 105, 二〇二二 → 2022, 3万 → 30000."""
    if not text:
        raise ValueError("empty numeral")
    # Digit-by-digit form (二〇二二, 一九九八) has no positional characters.
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0  # parts already closed by 亿
    section = 0  # parts already closed by 万
    current = 0  # part below 万
    digit: int | None = None
    for ch in text:
        if ch.isdigit():
            digit = (digit or 0) * 10 + int(ch)
        elif ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            current += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            part = current + (digit or 0)
            if CN_BIG[ch] == 10_000:
                section += (part or 1) * 10_000
            else:
                total = (total + section + part or 1) * 100_000_000
                section = 0
            current, digit = 0, None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + current + (digit or 0)


@dataclass(frozen=True)
class Number:
    """A number as read: the absolute value, whether it is a percentage, and whether it was approximate."""

    value: float | int
    percent: bool = False
    approx: bool = False


def parse_number(text: str) -> Number:
    """Return the absolute value of a printed number.

    Accepts Arabic numerals with thousands separators and decimals, a trailing 万/亿 multiplier (1.87万 →
    18700), Chinese numerals (两, 一百零五, 十二点五), 百分之… and trailing %, and approximate markers
    around the number (约, 近, 余, 多, 以上), which set ``approx`` and are dropped from the value.
    """
    s = normalize_digits(text.strip())
    approx = False
    changed = True
    while changed:
        changed = False
        for marker in APPROX_BEFORE:
            if s.startswith(marker) and len(s) > len(marker):
                s, approx, changed = s[len(marker) :], approx or marker not in ("达", "共"), True
        for marker in APPROX_AFTER:
            if s.endswith(marker) and len(s) > len(marker):
                s, approx, changed = s[: -len(marker)], True, True
    percent = False
    if s.startswith("百分之"):
        s, percent = s[3:], True
    elif s.endswith("%"):
        s, percent = s[:-1], True
    # An approximate marker may sit between the number and its multiplier: 1800余万, 3万余.
    s, inner = re.subn(r"(?<=[\d〇零一二两三四五六七八九十百千])[余多](?=[万亿])", "", s)
    approx = approx or bool(inner)
    if s.endswith(("余", "多")) and len(s) > 1:
        s, approx = s[:-1], True
    if not s:
        raise ValueError(f"not a number: {text!r}")
    multiplier = 1
    while s and s[-1] in CN_BIG and len(s) > 1 and (s[-2].isdigit() or s[-2] in _CN_CHARS):
        head = s[:-1]
        # 一万 / 十万 are numerals in their own right; 1.87万 is a decimal times 万.
        if _ARABIC.match(head.replace(",", "")) or _ARABIC.match(head):
            multiplier *= CN_BIG[s[-1]]
            s = head
        else:
            break
    if _ARABIC.match(s):
        value = float(s.replace(",", "")) * multiplier
        return Number(_tidy(value), percent, approx)
    if "点" in s:
        whole, _, frac = s.partition("点")
        if not frac or not all(ch in CN_DIGITS for ch in frac):
            raise ValueError(f"not a number: {text!r}")
        base = parse_cn_integer(whole) if whole else 0
        value = float(f"{base}.{''.join(str(CN_DIGITS[ch]) for ch in frac)}") * multiplier
        return Number(_tidy(value), percent, approx)
    if all(ch in _CN_CHARS or ch.isdigit() for ch in s):
        return Number(_tidy(parse_cn_integer(s) * multiplier), percent, approx)
    raise ValueError(f"not a number: {text!r}")


def parse_value(text: str) -> float | int:
    """Return just the absolute value of ``text`` (see :func:`parse_number`)."""
    return parse_number(text).value
