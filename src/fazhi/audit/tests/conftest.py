import pytest
from django.utils import translation

from fazhi.org.models import Region, User


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the 简体中文 catalogue belongs to the lead."""
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(db):
    return User.objects.create_user("clerk", password="x-not-used-1234", display_name="张三")


@pytest.fixture
def other(db):
    return User.objects.create_user("other", password="x-not-used-1234")


@pytest.fixture
def record(db):
    """Any saved model instance stands for a ledger record."""
    return Region.objects.create(code="140000", name="山西省", level=Region.Level.PROVINCE)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
