"""Attachments: what is accepted, what is refused (and leaves nothing behind), withdrawal."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from fazhi.audit import actions
from fazhi.audit.actions import (
    AttachmentRefused,
    attach_file,
    attachments_for,
    history_for,
    withdraw_attachment,
)
from fazhi.audit.models import AppendOnlyError, Attachment, AuditEntry
from fazhi.audit.tests import samples
from fazhi.audit.tests.conftest import files_under
from fazhi.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def upload(name, content, browser_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=browser_type)


def refused(record, clerk, media, name, content):
    """Attach, expect a refusal, check nothing was kept; return the exception."""
    with translation.override("en"), pytest.raises(AttachmentRefused) as info:
        attach_file(record, upload(name, content, "application/pdf"), by=clerk)
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.exists()
    assert files_under(media) == []
    assert isinstance(info.value, ValidationError)
    return info.value


# Refusals.


def test_empty_file_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "空.pdf", b"")
    assert exc.code == "empty" and str(exc) == "“空.pdf” is empty."


@override_settings(FAZHI_UPLOAD_MAX_MB=1)
def test_file_over_the_limit_is_refused_with_size_and_limit(record, clerk, media):
    exc = refused(record, clerk, media, "big.txt", b"a" * (1536 * 1024))
    assert exc.code == "too_large"
    assert str(exc) == "“big.txt” is 1.5 MB; the largest file accepted is 1 MB."


@override_settings(FAZHI_UPLOAD_MAX_MB=1)
def test_file_just_over_the_limit_when_size_is_unknown(record, clerk, media, monkeypatch):
    monkeypatch.setattr(actions, "_declared_size", lambda f: None)
    exc = refused(record, clerk, media, "big.txt", b"a" * (1024 * 1024 + 1))
    assert exc.code == "too_large" and "1.1 MB" in str(exc)


@pytest.mark.parametrize("content", [samples.ELF, samples.PE], ids=["elf", "mz"])
def test_executable_content_is_refused_whatever_its_name(record, clerk, media, content):
    exc = refused(record, clerk, media, "通知.pdf", content)
    assert exc.code == "executable" and "program or script" in str(exc)


def test_shell_script_named_txt_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "notes.txt", b"#!/bin/sh\nrm -rf /\n")
    assert exc.code == "executable"


@pytest.mark.parametrize("name", ["setup.exe", "run.BAT", "a.js", "x.pdf.exe", "tool.ps1", "app.apk", "evil.exe. "])
def test_executable_extensions_are_refused(record, clerk, media, name):
    exc = refused(record, clerk, media, name, samples.pdf())
    assert exc.code == "executable"


def test_exe_extension_message(record, clerk, media):
    exc = refused(record, clerk, media, "setup.exe", b"hello")
    assert str(exc) == "“setup.exe” is a program or script: .exe files are not accepted."


def test_zip_renamed_pdf_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "决定书.pdf", samples.plain_zip())
    assert exc.code == "mismatch"
    assert str(exc) == "“决定书.pdf” is named as a PDF document, but its content is a ZIP archive."


def test_png_renamed_docx_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "照片.docx", samples.png())
    assert exc.code == "mismatch"
    assert str(exc) == "“照片.docx” is named as a Word document (DOCX), but its content is a PNG image."


def test_docx_that_is_not_ooxml_is_refused(record, clerk, media):
    assert refused(record, clerk, media, "a.docx", samples.plain_zip()).code == "mismatch"


def test_xlsx_named_docx_is_refused(record, clerk, media):
    assert refused(record, clerk, media, "a.docx", samples.xlsx()).code == "mismatch"


def test_xls_named_doc_is_refused(record, clerk, media):
    assert refused(record, clerk, media, "a.doc", samples.cfb("Workbook")).code == "mismatch"


def test_text_named_pdf_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "a.pdf", "只是文字".encode())
    assert exc.code == "mismatch" and "plain text" in str(exc)


def test_unknown_content_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "data.pdf", bytes(range(256)) * 4)
    assert exc.code == "unsupported" and "PDF" in str(exc) and "OFD" in str(exc)


def test_unsupported_extension_is_refused_even_with_good_content(record, clerk, media):
    assert refused(record, clerk, media, "photo.heic", samples.png()).code == "unsupported"


def test_recognised_but_unsupported_type_is_refused(record, clerk, media):
    assert refused(record, clerk, media, "song.mp3", b"ID3\x03\x00\x00\x00" + b"\x00" * 200).code == "unsupported"


def test_password_protected_office_file_is_refused(record, clerk, media):
    exc = refused(record, clerk, media, "secret.docx", samples.cfb("EncryptionInfo", "EncryptedPackage"))
    assert exc.code == "encrypted" and "password" in str(exc)


def test_damaged_zip_is_refused(record, clerk, media):
    assert refused(record, clerk, media, "a.zip", b"PK\x03\x04" + b"\x00\xff" * 200).code == "damaged"


# Accepted files.


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("决定书.pdf", samples.pdf(), "application/pdf"),
        ("报告.docx", samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("表.xlsx", samples.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("稿.odt", samples.odt(), "application/vnd.oasis.opendocument.text"),
        ("公文.ofd", samples.ofd(), "application/ofd"),
        ("旧稿.doc", samples.cfb("WordDocument", "1Table"), "application/msword"),
        ("旧表.xls", samples.cfb("Workbook"), "application/vnd.ms-excel"),
        ("材料.zip", samples.plain_zip(), "application/zip"),
        ("报告打包.zip", samples.docx(), "application/zip"),
        ("现场.png", samples.png(), "image/png"),
        ("现场.JPG", samples.jpeg(), "image/jpeg"),
        ("说明.txt", "繁峙县司法局\n".encode(), "text/plain; charset=utf-8"),
        ("说明.txt", "繁峙县司法局\n".encode("gbk"), "text/plain; charset=gb18030"),
        ("名单.csv", "MZ_CODE,名称\n1,张三\n".encode("gb18030"), "text/csv; charset=gb18030"),
        ("无扩展名", samples.pdf(), "application/pdf"),
    ],
)
def test_good_files_are_stored_with_checksum_size_and_type(record, clerk, media, name, content, mime):
    att = attach_file(record, upload(name, content), by=clerk, description="说明")
    att.refresh_from_db()
    assert att.original_name == name and att.size == len(content) and att.content_type == mime
    assert att.sha256 == hashlib.sha256(content).hexdigest()
    assert att.target == record and att.uploaded_by == clerk and att.description == "说明"
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.[a-z]+", att.file.name)
    stored = files_under(media)
    assert len(stored) == 1 and stored[0].read_bytes() == content
    assert name.rsplit(".", 1)[0] not in str(stored[0])


def test_attaching_is_audited(record, clerk, media):
    att = attach_file(record, upload("决定书.pdf", samples.pdf()), by=clerk)
    entry = history_for(record).get()
    assert entry.action == "attach" and entry.actor == clerk
    assert entry.changes["attachment"][1] == {
        "id": att.pk, "name": "决定书.pdf", "size": att.size, "sha256": att.sha256, "content_type": "application/pdf",
    }
    assert verify_chain() == []


def test_directories_in_the_uploaded_name_are_dropped(record, clerk, media):
    att = attach_file(record, upload("C:\\fakepath\\材料.pdf", samples.pdf()), by=clerk)
    assert att.original_name == "材料.pdf"


def test_failure_after_storing_removes_the_file(record, clerk, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(actions, "record_event", broken)
    with pytest.raises(RuntimeError):
        attach_file(record, upload("a.pdf", samples.pdf()), by=clerk)
    assert not Attachment.objects.exists() and files_under(media) == []


# Withdrawal, never deletion.


def test_withdraw_needs_a_reason(record, clerk, media):
    att = attach_file(record, upload("a.pdf", samples.pdf()), by=clerk)
    with pytest.raises(ValidationError) as info:
        withdraw_attachment(att, by=clerk, reason="  ")
    assert info.value.code == "reason_required"
    assert Attachment.objects.get().withdrawn_at is None


def test_withdraw_keeps_the_file_and_is_audited(record, clerk, other, media):
    att = attach_file(record, upload("a.pdf", samples.pdf()), by=clerk)
    withdraw_attachment(att, by=other, reason="上传错了")
    att.refresh_from_db()
    assert att.is_withdrawn and att.withdrawn_by == other and att.withdrawn_reason == "上传错了"
    assert len(files_under(media)) == 1
    assert list(attachments_for(record)) == []
    assert list(attachments_for(record, include_withdrawn=True)) == [att]
    entry = history_for(record).last()
    assert entry.action == "withdraw" and entry.actor == other and entry.reason == "上传错了"
    assert entry.changes["attachment"][0]["sha256"] == att.sha256
    with pytest.raises(ValidationError) as info:
        withdraw_attachment(att, by=other, reason="again")
    assert info.value.code == "already_withdrawn"
    assert verify_chain() == []


def test_attachments_cannot_be_deleted(record, clerk, media):
    att = attach_file(record, upload("a.pdf", samples.pdf()), by=clerk)
    with pytest.raises(AppendOnlyError):
        att.delete()
    with pytest.raises(AppendOnlyError):
        Attachment.objects.all().delete()
    assert Attachment.objects.count() == 1 and len(files_under(media)) == 1


def test_a_zip_with_more_members_than_the_limit_is_refused_before_its_directory_is_read(record, clerk, media,
                                                                                       settings):
    from fazhi.core.tests.hostile import zip_of

    settings.FAZHI_UPLOAD_MAX_ZIP_MEMBERS = 50
    exc = refused(record, clerk, media, "photos.zip", zip_of((f"{i}.txt", b"x") for i in range(80)))
    assert exc.code == "limit"
    assert str(exc) == "“photos.zip”: The file holds 80 files; the limit is 50."
    attach_file(record, upload("photos.zip", zip_of((f"{i}.txt", b"x") for i in range(50))), by=clerk)
    assert Attachment.objects.count() == 1
