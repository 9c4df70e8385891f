"""Chinese typography: full-width brackets around or beside Chinese, the page language's brackets for remarks."""

from django.utils import translation

from fazhi.core.text import bracketed, full_width_brackets


def test_brackets_around_or_beside_chinese_become_full_width():
    assert full_width_brackets("配备法律顾问的村(社区)") == "配备法律顾问的村（社区）"
    assert full_width_brackets("县(市、区)和乡镇(街道)") == "县（市、区）和乡镇（街道）"
    assert full_width_brackets("审结(2024年)") == "审结（2024年）"
    assert full_width_brackets("见附件(1)") == "见附件（1）"  # beside Chinese


def test_placeholders_and_latin_text_keep_their_brackets():
    assert full_width_brackets("“%(name)s”是空文件") == "“%(name)s”是空文件"
    assert full_width_brackets("GB/T 9704 (2012)") == "GB/T 9704 (2012)"
    assert full_width_brackets("plain (text)") == "plain (text)"


def test_a_remark_takes_the_brackets_of_the_page_language():
    with translation.override("zh-hans"):
        assert "上一级政府" + bracketed("抄送") == "上一级政府（抄送）"
    with translation.override("en"):
        assert "Upper government" + bracketed("copy") == "Upper government (copy)"
