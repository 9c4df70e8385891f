"""The Word round trip: comments in the exported DOCX, an edited DOCX uploaded back section by section, and the
DOCX with tracked changes against an earlier version. Every text typed here is test text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from fazhi.audit.actions import attachments_for, history_for
from fazhi.audit.models import AuditEntry
from fazhi.core.tests.clients import csrf_client
from fazhi.reports import actions, versions, word_import, word_revisions
from fazhi.reports.export import export_report
from fazhi.reports.models import Part, ReportSection
from fazhi.reports.textdiff import DELETE, EQUAL, INSERT, segments

pytestmark = pytest.mark.django_db

#: Test text typed into the DOCX as an office would in Word.
EDITED = "测试段落：这是在文字处理软件中改写后的第一段。"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def topic_section(report) -> ReportSection:
    return report.sections.exclude(topic="").order_by("part", "order").first()


def exported(report) -> Document:
    return Document(io.BytesIO(export_report(report, "docx").content))


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def rewrite(document, old: str, new: str) -> None:
    """Replace the paragraph whose text is ``old`` with ``new``, keeping its formatting (its first run).

    Spaces and line breaks do not count: the title's lines are broken within its paragraph."""
    paragraph = next(p for p in document.paragraphs if unspaced(p.text) == unspaced(old))
    paragraph.runs[0].text = new
    for run in paragraph.runs[1:]:
        run.text = ""


def edited_docx(report, section) -> bytes:
    document = exported(report)
    rewrite(document, section.text.splitlines()[0].strip(), EDITED)
    return saved(document)


def upload(client, report, data: bytes, name: str = "修改稿.docx"):
    return client.post(reverse("reports:word_upload", args=[report.pk]),
                       {"file": SimpleUploadedFile(name, data, content_type=DOCX)})


def token_of(response) -> str:
    return re.search(r"/word/([0-9a-f]{32})/", response["Location"]).group(1)


def texts(report) -> dict[int, str]:
    return dict(report.sections.values_list("pk", "text"))


def messages_of(client, url) -> str:
    return client.get(url).content.decode()


# The diff ------------------------------------------------------------------------------------------------------


def test_segments_mark_words_within_their_sentence():
    found = segments("全年办理案件一百件。其余不变。", "全年共办理案件一百二十件。其余不变。")
    assert [(s.op, s.text) for s in found] == [
        (EQUAL, "全年"), (INSERT, "共"), (EQUAL, "办理案件一百"), (INSERT, "二十"), (EQUAL, "件。其余不变。")]
    rewritten = segments("甲乙丙丁。", "戊己庚辛。")
    assert [s.op for s in rewritten] == [DELETE, INSERT, EQUAL]


# Comments in the export ------------------------------------------------------------------------------------------


def test_comments_are_word_comments_by_the_commenting_agency(world, gov_report):
    report = actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 20))
    section = topic_section(report)
    on_section = actions.add_comment(report, by=world.owner, text="测试意见：建议补充一项数据。", section=section)
    actions.respond_comment(on_section, by=world.office, response="测试答复：已补充。")
    actions.add_comment(report, by=world.colleague, text="测试意见：全文通顺。")
    content = export_report(report, "docx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        comments_xml = archive.read("word/comments.xml").decode()
        body_xml = archive.read("word/document.xml").decode()
    assert comments_xml.count("<w:comment ") == 2
    assert f'w:author="{world.agency("sfx-scj").name}"' in comments_xml
    assert f'w:author="{world.agency("sfx-jyj").name}"' in comments_xml
    assert "测试意见：建议补充一项数据。" in comments_xml and "答复：测试答复：已补充。" in comments_xml
    assert 'w:date="2026-02-10T10:00:00"' in comments_xml
    assert body_xml.count("<w:commentRangeStart") == 2 and body_xml.count("<w:commentReference") == 2
    document = Document(io.BytesIO(content))
    by_author = {c.author: c for c in document.comments}
    assert by_author[world.agency("sfx-scj").name].text.splitlines()[1] == "答复：测试答复：已补充。"
    # The section's comment is on its heading, the report-wide one on the title.
    anchored = [p.text for p in document.paragraphs if p._p.xpath(".//w:commentRangeStart")]
    assert unspaced(anchored[0]) == report.title and section.title.split("）")[-1] in anchored[1]


def test_a_report_without_comments_has_no_comments_part(world, gov_report):
    with zipfile.ZipFile(io.BytesIO(export_report(gov_report, "docx").content)) as archive:
        assert "word/comments.xml" not in archive.namelist()


def test_the_final_copy_carries_no_comments(world, gov_report):
    from fazhi.reports.models import Report

    report = actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 20))
    actions.add_comment(report, by=world.owner, text="测试意见：内部讨论。")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.SIGNED)
    report.refresh_from_db()
    with zipfile.ZipFile(io.BytesIO(export_report(report, "docx").content)) as archive:
        assert "word/comments.xml" not in archive.namelist()
        assert "内部讨论" not in archive.read("word/document.xml").decode()


# Uploading an edited DOCX back --------------------------------------------------------------------------------------


def test_an_edited_section_is_shown_and_accepted_with_an_audit_entry(world, gov_report):
    section = topic_section(gov_report)
    first_line = section.text.splitlines()[0]
    client = csrf_client(world.office)
    assert reverse("reports:word_upload", args=[gov_report.pk]) in messages_of(
        client, reverse("reports:report_detail", args=[gov_report.pk]))
    response = upload(client, gov_report, edited_docx(gov_report, section))
    assert response.status_code == 302
    token = token_of(response)
    html = client.get(response["Location"]).content.decode()
    assert f'data-section="{section.pk}"' in html and html.count('class="card word-change"') == 1
    assert "在文字处理软件中改写后的第一段" in html and "<ins>" in html and "<del>" in html
    assert f'value="{section.pk}"' in html
    assert texts(gov_report)[section.pk] == section.text  # nothing changes before acceptance
    accept = reverse("reports:word_accept", args=[gov_report.pk, token])
    response = client.post(accept, {"section": [str(section.pk)]})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text.splitlines()[0] == EDITED and first_line not in section.text
    entry = history_for(section).filter(action="change").last()
    assert entry.changes["text"][1] == section.text and entry.actor == world.office
    upload_entry = AuditEntry.objects.for_object(gov_report).filter(changes__has_key="word_upload").get()
    assert upload_entry.changes["word_upload"][1]["sections"] == [section.pk]
    assert [a.original_name for a in attachments_for(gov_report)] == ["修改稿.docx"]
    assert not word_revisions.load_pending(gov_report, token, by=world.office)  # used once
    assert client.get(reverse("reports:word_changes", args=[gov_report.pk, token])).status_code == 302


def test_sections_not_ticked_are_left_as_they_are(world, gov_report):
    first, second = list(gov_report.sections.exclude(topic="").order_by("part", "order"))[:2]
    document = exported(gov_report)
    rewrite(document, first.text.splitlines()[0].strip(), EDITED)
    rewrite(document, second.text.splitlines()[0].strip(), "测试段落：第二节也改了。")
    client = csrf_client(world.office)
    token = token_of(upload(client, gov_report, saved(document)))
    html = client.get(reverse("reports:word_changes", args=[gov_report.pk, token])).content.decode()
    assert html.count('class="card word-change"') == 2
    before = texts(gov_report)
    client.post(reverse("reports:word_accept", args=[gov_report.pk, token]), {"section": [str(second.pk)]})
    after = texts(gov_report)
    assert after[first.pk] == before[first.pk] and after[second.pk] != before[second.pk]


def test_nothing_ticked_changes_nothing(world, gov_report):
    section = topic_section(gov_report)
    client = csrf_client(world.office)
    token = token_of(upload(client, gov_report, edited_docx(gov_report, section)))
    before = texts(gov_report)
    response = client.post(reverse("reports:word_accept", args=[gov_report.pk, token]), {})
    assert response.status_code == 302 and texts(gov_report) == before
    assert word_revisions.load_pending(gov_report, token, by=world.office) is not None


def test_headings_match_despite_numbering_spaces_and_width(world, gov_report):
    section = topic_section(gov_report)
    document = exported(gov_report)
    heading = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    heading.runs[0].text = "(1)  " + heading.text.split("）", 1)[1].replace("，", ",")
    rewrite(document, section.text.splitlines()[0].strip(), EDITED)
    reading = word_import.read_docx(gov_report, SimpleUploadedFile("x.docx", saved(document)))
    found = {f.section.pk: f for f in reading.sections}
    assert found[section.pk].text.splitlines()[0] == EDITED
    assert not reading.missing and not reading.unknown and not reading.warnings
    # Title, preamble, signature and annex are no section's text.
    everything = "\n".join(f.text for f in reading.sections)
    assert gov_report.title not in everything and "现将" not in everything and "附件" not in everything
    assert gov_report.issuer not in everything


def test_unknown_headings_and_missing_sections_are_listed(world, gov_report):
    document = exported(gov_report)
    last = gov_report.sections.filter(part=Part.OTHER).get()
    heading = next(p for p in document.paragraphs if p.text.startswith("五、"))
    heading.runs[0].text = "五、测试用的新标题"
    reading = word_import.read_docx(gov_report, SimpleUploadedFile("x.docx", saved(document)))
    assert reading.unknown == ["五、测试用的新标题"] and reading.missing == [last]


def test_another_years_file_warns_and_may_still_be_accepted(world, gov_report):
    section = topic_section(gov_report)
    document = exported(gov_report)
    rewrite(document, gov_report.title, gov_report.title.replace("2025年", "2023年"))
    rewrite(document, section.text.splitlines()[0].strip(), EDITED)
    client = csrf_client(world.office)
    token = token_of(upload(client, gov_report, saved(document)))
    html = client.get(reverse("reports:word_changes", args=[gov_report.pk, token])).content.decode()
    assert 'data-testid="word-warnings"' in html and "2023" in html
    client.post(reverse("reports:word_accept", args=[gov_report.pk, token]), {"section": [str(section.pk)]})
    section.refresh_from_db()
    assert section.text.startswith(EDITED)


def _corrupt(data: bytes) -> bytes:
    """The DOCX with its document part's compressed bytes overwritten: the zip's directory is intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + b"\x00" * 64 + data[middle + 64:]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"not a word file at all", "笔记.txt", "不是 Word 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧格式.doc", "Word 97"),
    (b"PK\x03\x04 broken", "残缺.docx", "文件已损坏"),
    ("corrupt", "损坏.docx", "文件已损坏"),
    ("no headings", "空白.docx", "没有找到本报告的标题"),
])
def test_bad_files_are_refused_in_chinese_and_change_nothing(world, gov_report, data, name, message):
    if data == "corrupt":
        data = _corrupt(export_report(gov_report, "docx").content)
    elif data == "no headings":
        blank = Document()
        blank.add_paragraph("测试文件：没有任何标题的文档。")
        data = saved(blank)
    client = csrf_client(world.office)
    before = texts(gov_report)
    response = upload(client, gov_report, data, name)
    assert response.status_code == 302 and "/word/" not in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert message in html and name in html or message in html
    assert texts(gov_report) == before
    assert not AuditEntry.objects.for_object(gov_report).filter(changes__has_key="word_upload").exists()


def test_too_large_a_file_is_refused(world, gov_report, settings):
    settings.FAZHI_UPLOAD_MAX_MB = 0
    client = csrf_client(world.office)
    response = upload(client, gov_report, edited_docx(gov_report, topic_section(gov_report)))
    assert "/word/" not in response["Location"] and "0 MB" in client.get(response["Location"]).content.decode()


def test_outsider_gets_404_and_a_reader_403(world, gov_report):
    section = topic_section(gov_report)
    office = csrf_client(world.office)
    token = token_of(upload(office, gov_report, edited_docx(gov_report, section)))
    urls = {
        "upload": reverse("reports:word_upload", args=[gov_report.pk]),
        "changes": reverse("reports:word_changes", args=[gov_report.pk, token]),
        "accept": reverse("reports:word_accept", args=[gov_report.pk, token]),
        "compare": reverse("reports:word_compare", args=[gov_report.pk, "previous"]),
    }
    outsider = csrf_client(world.outsider)
    assert outsider.post(urls["upload"], {"file": SimpleUploadedFile("x.docx", b"x")}).status_code == 404
    assert outsider.get(urls["changes"]).status_code == 404
    assert outsider.post(urls["accept"], {"section": [str(section.pk)]}).status_code == 404
    assert outsider.get(urls["compare"]).status_code == 404
    supervisor = csrf_client(world.supervisor)  # reads the county's report, may not change it
    assert supervisor.post(urls["upload"], {"file": SimpleUploadedFile("x.docx", b"x")}).status_code == 403
    assert supervisor.post(urls["accept"], {"section": [str(section.pk)]}).status_code == 403
    assert supervisor.get(urls["compare"]).status_code == 200
    assert texts(gov_report)[section.pk] == section.text


def test_another_persons_token_is_not_theirs(world, gov_report):
    section = topic_section(gov_report)
    token = token_of(upload(csrf_client(world.office), gov_report, edited_docx(gov_report, section)))
    assert word_revisions.load_pending(gov_report, token, by=world.admin) is None
    assert word_revisions.load_pending(gov_report, "../../etc/passwd", by=world.office) is None


def test_a_section_edited_after_the_upload_is_not_overwritten(world, gov_report):
    section = topic_section(gov_report)
    client = csrf_client(world.office)
    token = token_of(upload(client, gov_report, edited_docx(gov_report, section)))
    actions.edit_section(section, "测试段落：同时在系统里改过。", world.office)
    client.post(reverse("reports:word_accept", args=[gov_report.pk, token]), {"section": [str(section.pk)]})
    section.refresh_from_db()
    assert section.text == "测试段落：同时在系统里改过。"


def test_upload_is_refused_once_the_text_is_locked(world, gov_report):
    from fazhi.reports.models import Report

    Report.objects.filter(pk=gov_report.pk).update(status=Report.Status.SIGNED)
    gov_report.refresh_from_db()
    client = csrf_client(world.office)
    html = client.get(reverse("reports:report_detail", args=[gov_report.pk])).content.decode()
    assert 'data-testid="form-word-upload"' not in html
    response = upload(client, gov_report, edited_docx(gov_report, topic_section(gov_report)))
    assert "/word/" not in response["Location"]


# Tracked changes ------------------------------------------------------------------------------------------------


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_compare_gives_tracked_changes_against_fazhis_draft(world, gov_report):
    section = topic_section(gov_report)
    lines = section.text.splitlines()
    actions.edit_section(section, "\n".join([lines[0] + "测试补充一句。", *lines[1:]]), world.office)
    client = csrf_client(world.office)
    html = client.get(reverse("reports:report_detail", args=[gov_report.pk])).content.decode()
    url = reverse("reports:word_compare", args=[gov_report.pk, "previous"])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    xml = _document_xml(response.content)
    assert "<w:ins " in xml and "测试补充一句。" in xml
    assert f'w:author="{world.office}"' in xml
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<w:trackRevisions/>" in archive.read("word/settings.xml").decode()
    assert AuditEntry.objects.for_object(gov_report).filter(changes__has_key="compared_with").exists()


def test_compare_with_the_text_before_the_last_upload_has_deletions(world, gov_report):
    section = topic_section(gov_report)
    old_first = section.text.splitlines()[0]
    client = csrf_client(world.office)
    token = token_of(upload(client, gov_report, edited_docx(gov_report, section)))
    client.post(reverse("reports:word_accept", args=[gov_report.pk, token]), {"section": [str(section.pk)]})
    section.refresh_from_db()
    assert [b.key for b in versions.baselines(gov_report)] == ["upload", "generated"]
    earlier = versions.baseline(gov_report, "upload")
    assert earlier.texts[section.pk].splitlines()[0] == old_first
    response = client.get(reverse("reports:word_compare", args=[gov_report.pk, "upload"]))
    xml = _document_xml(response.content)
    assert "<w:del " in xml and "<w:delText" in xml and "<w:ins " in xml
    # Read back as an upload would (inserted text counts, deleted text does not): the current text.
    reading = word_import.read_docx(gov_report, SimpleUploadedFile("修订.docx", response.content))
    assert {f.section.pk: f.text for f in reading.sections}[section.pk] == section.text.strip()
    assert client.get(reverse("reports:word_compare", args=[gov_report.pk, "review"])).status_code == 404


# The API ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    from ninja.testing import TestClient

    from fazhi.reports.api import router

    return TestClient(router)


def test_api_uploads_and_accepts_by_section(world, gov_report, api):
    section = topic_section(gov_report)
    data = edited_docx(gov_report, section)
    path = f"/reports/{gov_report.pk}/docx"
    body = api.post(path, FILES={"file": SimpleUploadedFile("x.docx", data)}, user=world.office).json()
    assert [s["id"] for s in body["sections"]] == [section.pk]
    assert body["sections"][0]["after"].startswith(EDITED)
    assert {"op": "insert", "text": EDITED} in body["sections"][0]["diff"] or any(
        d["op"] == "insert" for d in body["sections"][0]["diff"])
    accept = f"{path}/{body['token']}/accept"
    assert api.post(accept, json={"sections": [section.pk]}, user=world.outsider).status_code == 404
    assert api.post(accept, json={"sections": [section.pk]}, user=world.supervisor).status_code == 403
    result = api.post(accept, json={"sections": [section.pk]}, user=world.office)
    assert result.status_code == 200 and result.json()["accepted"] == [section.pk]
    section.refresh_from_db()
    assert section.text.startswith(EDITED)
    assert api.post(accept, json={"sections": [section.pk]}, user=world.office).status_code == 404


def test_api_refuses_a_bad_file_and_outsiders(world, gov_report, api):
    path = f"/reports/{gov_report.pk}/docx"
    bad = api.post(path, FILES={"file": SimpleUploadedFile("x.docx", b"nonsense")}, user=world.office)
    assert bad.status_code == 422 and "x.docx" in str(bad.json())  # the site's API names the field "file"
    assert api.post(path, FILES={"file": SimpleUploadedFile("x.docx", b"x")}, user=world.outsider).status_code == 404
    assert api.post(path, FILES={"file": SimpleUploadedFile("x.docx", b"x")}, user=world.supervisor).status_code == 403


def test_the_text_as_sent_for_comments_is_the_previous_version(world, gov_report):
    section = topic_section(gov_report)
    sent = section.text
    actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 20))
    actions.edit_section(section, "测试段落：征求意见后改写。", world.office)
    assert [b.key for b in versions.baselines(gov_report)] == ["comments", "generated"]
    earlier = versions.baseline(gov_report, versions.previous(gov_report).key)
    assert earlier.key == "comments" and earlier.texts[section.pk] == sent
    assert earlier.changed_by[section.pk][0] == str(world.office)
    other = gov_report.sections.exclude(pk=section.pk).first()
    assert earlier.texts[other.pk] == other.text
