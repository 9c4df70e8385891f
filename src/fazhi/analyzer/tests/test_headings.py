"""The heading rules, each on short texts written for the test: the top level read from the report's own
numbering scheme, run-in headings, watermarks, line breaks inside a heading, headings glued to a paragraph,
part titles above the 一、 lists and run-in lead-ins."""

from __future__ import annotations

import re

from fazhi.analyzer.document import layout
from fazhi.analyzer.structure import find_headings, strip_watermark

INTRO = "2030年，样例县坚持依法行政，各项工作取得新进展。现将有关情况报告如下。"
PARA = "全县召开专题会议六次，研究部署相关工作。"
MARK = "样例之家—全网资源每日更新www.example.com"


def _text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _all(text: str):
    return find_headings(text, layout(text), 2030)


def _top(text: str) -> list[str]:
    return [h.heading for h in _all(text) if h.level == 1 and h.kind == "heading"]


def _spans_hold(text: str) -> None:
    for h in _all(text):
        span = text[h.start : h.heading_end]
        assert re.sub(r"\s", "", span).startswith(re.sub(r"\s", "", h.heading)[:2]), (span, h.heading)
        assert h.start < h.heading_end <= len(text)


# A run-in heading ends before the 。 that closes it.


def test_run_in_heading_ends_before_its_stop():
    text = _text(INTRO, "一、加强组织领导。全县成立工作专班，明确职责分工。", "二、规范执法行为。" + PARA)
    assert _top(text) == ["一、加强组织领导", "二、规范执法行为"]
    _spans_hold(text)


def test_heading_on_its_own_line_keeps_its_words_and_colon():
    text = _text(INTRO, "一、主要工作举措和成效", PARA, "二、存在的问题：", PARA)
    assert _top(text) == ["一、主要工作举措和成效", "二、存在的问题："]


# The top level is the highest-ranked marker style that the report numbers from 1.


def test_sub_heading_before_the_first_part_is_not_top_level():
    text = _text(INTRO, "（一）这是引言中的一项。", "一、主要举措", PARA, "（一）完善制度", PARA, "二、下一步打算", PARA)
    assert _top(text) == ["一、主要举措", "二、下一步打算"]
    levels = {h.heading: h.level for h in _all(text)}
    assert levels["（一）完善制度"] == 2


def test_parenthesised_numbers_are_top_level_without_a_higher_scheme():
    text = _text(INTRO, "（一）完善制度建设", PARA, "（二）规范执法行为", PARA)
    assert _top(text) == ["（一）完善制度建设", "（二）规范执法行为"]


def test_numbered_parts_above_the_lists_are_top_level():
    text = _text(
        INTRO, "第一部分 年度工作情况", "一、完善制度", PARA, "二、规范执法", PARA, "第二部分 下一年度打算", "一、深化改革", PARA
    )
    assert _top(text) == ["第一部分 年度工作情况", "第二部分 下一年度打算"]


def test_a_lone_chapter_reference_does_not_outrank_the_list():
    text = _text(INTRO, "第一章规定的程序已全部落实到位。", "一、完善制度", PARA, "二、规范执法", PARA)
    assert _top(text) == ["一、完善制度", "二、规范执法"]


# Run-in lead-ins (一是…) are never a part of the report.


def test_run_in_lead_ins_alone_are_not_top_level():
    text = _text(INTRO, "一是完善制度建设。" + PARA + "二是规范执法行为。" + PARA)
    secs = _all(text)
    assert [h.heading for h in secs if h.kind == "runin"] == ["一是完善制度建设。", "二是规范执法行为。"]
    assert _top(text) == []
    assert all(h.level >= 2 for h in secs)


def test_run_in_lead_ins_sit_under_their_heading():
    text = _text(INTRO, "一、完善制度", "一是健全规则。" + PARA + "二是清理文件。" + PARA)
    levels = {h.heading: h.level for h in _all(text)}
    assert levels == {"一、完善制度": 1, "一是健全规则。": 2, "二是清理文件。": 2}


# A mirror site's watermark glued into a heading, or on a line of its own inside it.


def test_watermark_inside_a_heading_is_cut_out():
    text = _text(INTRO, f"一、坚持依法决策{MARK}，完善决策机制", PARA, "二、规范执法", PARA)
    assert _top(text) == ["一、坚持依法决策，完善决策机制", "二、规范执法"]
    _spans_hold(text)


def test_watermark_before_a_heading_is_cut_out():
    text = _text(INTRO, f"{MARK}一、坚持依法决策", PARA)
    assert _top(text) == ["一、坚持依法决策"]
    _spans_hold(text)


def test_watermark_line_splitting_a_heading_is_skipped():
    text = _text(INTRO, "一、党政主要负责人切实履行推进法治建设第一", MARK, "责任人职责", PARA)
    assert _top(text) == ["一、党政主要负责人切实履行推进法治建设第一责任人职责"]
    _spans_hold(text)


def test_strip_watermark_leaves_plain_text_alone():
    assert strip_watermark("全县政务网站访问量明显上升。") == "全县政务网站访问量明显上升。"
    assert strip_watermark(f"依法{MARK}行政") == "依法行政"


# A heading broken over two lines is one heading.


def test_heading_broken_before_a_short_rest_is_joined():
    text = _text(INTRO, "一、党政主要负责人切实履行推进法治建设第一责任人", "职责情况", PARA)
    assert _top(text) == ["一、党政主要负责人切实履行推进法治建设第一责任人职责情况"]
    _spans_hold(text)


def test_heading_broken_after_a_comma_is_joined():
    text = _text(INTRO, "一、坚持依法行政，", "全面推进政府职能转变", PARA)
    assert _top(text) == ["一、坚持依法行政，全面推进政府职能转变"]


def test_heading_with_an_open_quote_takes_the_rest_up_to_the_stop():
    text = _text(INTRO, "一、深化“放管服", "”改革。全县精简审批事项。")
    assert _top(text) == ["一、深化“放管服”改革"]


def test_short_heading_is_not_joined_to_the_next_line():
    text = _text(INTRO, "一、主要工作", "制度建设情况", PARA)
    assert _top(text) == ["一、主要工作"]


def test_a_short_sentence_after_a_heading_stays_a_paragraph():
    text = _text(INTRO, "一、严格规范公正文明执法，执法质量稳步提升", "案卷评查合格率达到百分之九十。")
    assert _top(text) == ["一、严格规范公正文明执法，执法质量稳步提升"]


def test_a_line_after_a_blank_line_is_not_joined():
    text = _text(INTRO, "", "一、党政主要负责人履行推进法治建设第一责任人", "", "职责情况", "", PARA)
    assert _top(text) == ["一、党政主要负责人履行推进法治建设第一责任人"]


# A heading glued after the paragraph above it, where a copy lost the line break.


def test_heading_glued_after_a_paragraph_is_found():
    text = _text(INTRO + "一、强化组织领导，法治建设持续推进\u3000\u3000" + PARA, "二、规范执法", PARA)
    assert _top(text) == ["一、强化组织领导，法治建设持续推进", "二、规范执法"]
    _spans_hold(text)


def test_run_in_heading_glued_after_a_paragraph_is_found():
    text = _text(INTRO + "一、加强组织领导。" + PARA)
    assert _top(text) == ["一、加强组织领导"]


def test_inline_lists_are_not_headings():
    text = _text(
        INTRO + "一、二季度共办理案件十件。",
        "主要问题如下。一、制度不健全；二、人员不足。",
        INTRO + "一、这一句话很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。",
    )
    assert _top(text) == []


# An unnumbered part title printed above each 一、 list is the top level.


def test_part_titles_above_the_lists_are_top_level():
    text = _text(
        INTRO, "2030年法治政府建设工作", "一、完善制度", PARA, "二、规范执法", PARA, "2031年工作打算", "一、深化改革", PARA
    )
    assert _top(text) == ["2030年法治政府建设工作", "2031年工作打算"]
    levels = {h.heading: h.level for h in _all(text)}
    assert levels["一、完善制度"] == 2 and levels["一、深化改革"] == 2


def test_a_line_before_any_prose_is_not_a_part_title():
    text = _text("样例县法治政府建设工作", "一、完善制度", PARA, "二、规范执法", PARA)
    assert _top(text) == ["一、完善制度", "二、规范执法"]


def test_a_signature_or_report_line_is_not_a_part_title():
    text = _text(INTRO, "样例县人民政府", "一、完善制度", PARA)
    assert _top(text) == ["一、完善制度"]
    text = _text(INTRO, "样例县年度工作报告", "一、完善制度", PARA)
    assert _top(text) == ["一、完善制度"]


# A marker alone on its line takes the heading on the next line.


def test_marker_alone_on_its_line_takes_the_next_line():
    text = _text(INTRO, "一、", "主要举措和成效", PARA, "二、", "存在的不足", PARA)
    assert _top(text) == ["一、主要举措和成效", "二、存在的不足"]
    for h in _all(text):
        assert re.sub(r"\s", "", text[h.start : h.heading_end]) == h.heading


def test_marker_alone_before_another_heading_is_not_joined():
    text = _text(INTRO, "（一）", "一、主要举措", PARA)
    assert _top(text) == ["一、主要举措"]


# A part title 第一部分 on a line of its own is the top level even before its 第二部分 (an opening of a report).


def test_first_part_title_alone_is_top_level():
    text = _text(INTRO, "第一部分 年度工作情况", "一、完善制度", PARA, "二、规范执法", PARA)
    assert _top(text) == ["第一部分 年度工作情况"]


def test_a_title_line_repeated_in_the_body_is_not_a_part_title():
    text = _text(INTRO, "样例县2030年法治政府建设情况", "一、完善制度", PARA)
    assert _top(text) == ["一、完善制度"]


# A top-level list goes on over a number lost in the copy or printed twice, not over prose.


def test_top_level_list_goes_on_over_a_lost_number():
    text = _text(INTRO, "一、完善制度", PARA, "二、规范执法", PARA, "四、化解纠纷", PARA, "五、下一步打算", PARA)
    assert _top(text) == ["一、完善制度", "二、规范执法", "四、化解纠纷", "五、下一步打算"]


def test_top_level_list_goes_on_over_a_number_printed_twice():
    text = _text(INTRO, "一、完善制度", PARA, "二、规范执法", PARA, "二、化解纠纷", PARA, "三、下一步打算", PARA)
    assert _top(text) == ["一、完善制度", "二、规范执法", "二、化解纠纷", "三、下一步打算"]


def test_a_numbered_sentence_out_of_sequence_is_not_a_part():
    long_sentence = "三、" + "各项工作全面推进" * 6 + "。"
    text = _text(INTRO, "一、完善制度", PARA, long_sentence, "五、规范执法", PARA)
    assert _top(text) == ["一、完善制度"]


# Through the whole analysis: the repair of a saved page cuts only the mark, not the heading's words after it.


def _analysed_top(text: str) -> list[str]:
    from fazhi.analyzer import analyze_text

    return [s["heading"] for s in analyze_text(text)["sections"] if s["level"] == 1]


def test_analysis_keeps_the_heading_words_after_a_glued_mark():
    text = _text(INTRO, f"一、推进依法行政{MARK}，完善制度体系", PARA, f"二、2030{MARK}年工作计划", PARA)
    assert _analysed_top(text) == ["一、推进依法行政，完善制度体系", "二、2030年工作计划"]


def test_analysis_leaves_a_cited_address_in_a_paragraph_to_the_furniture_rules():
    cited = "全部文件已在门户网站www.example.gov.cn公开，接受社会监督。"
    text = _text(INTRO, "一、推进政务公开", cited, "二、推进法治政府建设", PARA * 4)  # reads as a report
    assert _analysed_top(text) == ["一、推进政务公开", "二、推进法治政府建设"]


def test_short_heading_broken_at_a_watermark_line_is_joined():
    text = _text(INTRO, "一、存在", MARK, "的问题：", PARA)
    assert _top(text) == ["一、存在的问题："]


def test_heading_glued_after_a_colon_or_a_wide_space_is_found():
    text = _text(INTRO.replace("。现将有关情况报告如下。", "，现将有关情况报告如下：") + "一、主要举措", PARA)
    assert _top(text) == ["一、主要举措"]
    text = _text(INTRO, PARA + "\u3000\u3000一、主要举措", PARA)
    assert _top(text) == ["一、主要举措"]


# A copy without line breaks runs the first sub-heading straight on after a heading's words.


def test_heading_ends_where_its_first_sub_heading_is_glued_on():
    text = _text(INTRO + "一、主要举措（一）完善制度。" + PARA + "二、存在的问题：1.制度不够健全。" + PARA)
    assert _top(text) == ["一、主要举措", "二、存在的问题："]


def test_numbers_inside_a_heading_are_not_sub_headings():
    text = _text(INTRO, "一、推进“1+N”制度体系建设，完成2031.5版规划", PARA)
    assert _top(text) == ["一、推进“1+N”制度体系建设，完成2031.5版规划"]


def test_a_lead_in_to_the_list_is_not_a_part_title():
    for lead in ("主要工作情况如下：", "具体情况如下", "一年来主要工作："):
        text = _text(INTRO, lead, "一、完善制度", PARA, "二、规范执法", PARA)
        assert _top(text) == ["一、完善制度", "二、规范执法"], lead
