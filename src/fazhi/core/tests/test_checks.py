"""The workbench's own system checks."""

from fazhi.core.checks import check_site_url


def test_an_empty_site_url_is_a_warning_in_production_only(settings):
    settings.FAZHI_SITE_URL = ""
    settings.PRODUCTION = False
    assert check_site_url() == []
    settings.PRODUCTION = True
    assert [m.id for m in check_site_url()] == ["fazhi.core.W001"]


def test_a_site_url_must_be_an_address(settings):
    settings.FAZHI_SITE_URL = "fazhi.example.gov.cn"
    assert [m.id for m in check_site_url()] == ["fazhi.core.E001"]
    settings.FAZHI_SITE_URL = "https://fazhi.example.gov.cn/"
    assert check_site_url() == []
