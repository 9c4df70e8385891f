"""Uploads and downloads of attachments go through the record's scope; bad files are refused and nothing is kept."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fazhi.audit.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload_url(case):
    return reverse("attachment_upload", args=["sampleledger.samplecase", case.pk])


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_owner_uploads_and_downloads(world, sample_cases, client, media):
    case = sample_cases["owner"]
    client.force_login(world.owner)
    client.post(upload_url(case), {"file": SimpleUploadedFile("决定书.pdf", PDF)})
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest() and attachment.original_name == "决定书.pdf"
    response = client.get(reverse("attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"


def test_outsider_and_colleague_cannot_download(world, sample_cases, client):
    case = sample_cases["owner"]
    client.force_login(world.owner)
    client.post(upload_url(case), {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = Attachment.objects.get()
    for who in (world.outsider, world.colleague):
        client.force_login(who)
        assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404
    client.force_login(world.supervisor)
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 200


def test_outsider_cannot_upload_and_leader_is_read_only(world, sample_cases, client, media):
    case = sample_cases["owner"]
    client.force_login(world.outsider)
    assert client.post(upload_url(case), {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    client.force_login(world.leader)
    assert client.post(upload_url(case), {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    assert not Attachment.objects.exists() and not stored_files(media)


def test_disguised_file_is_refused_with_its_name_and_nothing_is_kept(world, sample_cases, client, media):
    client.force_login(world.owner)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = client.post(upload_url(sample_cases["owner"]), {"file": SimpleUploadedFile("报告.docx", png)},
                           follow=True)
    html = response.content.decode()
    assert "报告.docx" in html and "PNG" in html
    assert not Attachment.objects.exists() and not stored_files(media)


@override_settings(FAZHI_UPLOAD_MAX_MB=1)
def test_oversize_file_is_refused_and_the_batch_goes_on(world, sample_cases, client, media):
    client.force_login(world.owner)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024 + 10))
    good = SimpleUploadedFile("good.pdf", PDF)
    html = client.post(upload_url(sample_cases["owner"]), {"file": [big, good]}, follow=True).content.decode()
    assert "big.pdf" in html and "1 MB" in html
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["good.pdf"]


def test_unknown_record_type_is_404(world, client):
    client.force_login(world.admin)
    assert client.post(reverse("attachment_upload", args=["org.agency", 1])).status_code == 404
    assert client.post(reverse("attachment_upload", args=["nope.nothing", 1])).status_code == 404
