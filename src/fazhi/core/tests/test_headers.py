"""Production headers: Content-Security-Policy on every response, HSTS and the HTTPS redirect by environment."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from fazhi.core import csp

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[3]


def directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_every_page_has_the_strict_policy(client, world):
    client.force_login(world.office)
    for url in [reverse("login"), reverse("home"), reverse("normative:list"), reverse("portal:home")]:
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_json_answers_carry_the_policy_too(client, world):
    client.force_login(world.office)
    response = client.get("/api/v1/agencies")
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_api_docs_have_their_own_narrow_policy(client, world):
    client.force_login(world.office)
    response = client.get("/api/v1/docs")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    # Served from ninja's static files, not a CDN, and without inline script.
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn.jsdelivr" not in html
    assert not re.search(r"<script>", html)


def test_no_page_template_has_inline_script_or_handlers():
    templates = [p for p in (SRC / "fazhi").rglob("templates/**/*.html")]
    assert templates
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text) \
                or re.search(r"\son[a-z]+\s*=", text) or re.search(r"\sstyle\s*=\s*[\"']", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_the_nonce_is_in_the_policy_only_when_a_page_used_it():
    factory = RequestFactory()
    used = factory.get("/")
    middleware = csp.ContentSecurityPolicyMiddleware(lambda request: _page(str(request.csp_nonce)))
    response = middleware(used)
    nonce = response.content.decode()
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]
    unused = csp.ContentSecurityPolicyMiddleware(lambda request: _page("plain"))(factory.get("/"))
    assert "nonce-" not in unused["Content-Security-Policy"]


def _page(text):
    from django.http import HttpResponse

    return HttpResponse(text)


def test_report_only_when_asked(client, settings):
    settings.FAZHI_CSP_REPORT_ONLY = True
    response = client.get(reverse("login"))
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_source_hash_is_the_browsers_sha256():
    # The value chromium names for an empty inline style.
    assert csp.source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_the_html_export_allows_its_own_style_sheet_only(client, world):
    from fazhi.reports.actions import create_report

    report = create_report(world.agency("sfx-gov"), 2025, by=world.office)
    client.force_login(world.admin)
    response = client.get(reverse("reports:report_export", args=[report.pk, "html"]))
    html = response.content.decode()
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"] and policy["style-src"] == [csp.source_hash(css)]
    assert policy["img-src"] == ["data:"] and "script-src" not in policy


def test_development_has_no_hsts_and_no_https_redirect(settings):
    assert settings.SECURE_HSTS_SECONDS == 0 and not settings.SECURE_SSL_REDIRECT


def run_fazhi(args, **env):
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    base.update(PYTHONPATH=str(SRC), DJANGO_SETTINGS_MODULE="fazhi.conf.settings", **env)
    return subprocess.run([sys.executable, "-m", "fazhi", *args], env=base, capture_output=True, text=True,
                          timeout=120, check=False)


def production_env(tmp_path, **extra):
    return {
        "FAZHI_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50), "FAZHI_AUDIT_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "fazhi.example.gov.cn", "CSRF_TRUSTED_ORIGINS": "https://fazhi.example.gov.cn",
        "FAZHI_SITE_URL": "https://fazhi.example.gov.cn", "FAZHI_VAR_DIR": str(tmp_path), **extra,
    }


def test_check_deploy_passes_without_warnings_in_production(tmp_path):
    result = run_fazhi(["check", "--deploy", "--fail-level", "WARNING"], **production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_turns_hsts_and_the_redirect_on_and_the_environment_can_turn_them_off(tmp_path):
    code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT)")
    on = run_fazhi(["shell", "--no-imports", "-c", code], **production_env(tmp_path))
    assert on.stdout.split() == ["31536000", "True", "True", "True"], on.stderr
    off = run_fazhi(["shell", "--no-imports", "-c", code], **production_env(
        tmp_path, FAZHI_HSTS_SECONDS="0", FAZHI_HSTS_PRELOAD="false", FAZHI_SSL_REDIRECT="false"))
    assert off.stdout.split() == ["0", "True", "False", "False"], off.stderr
    # Turned off, `check --deploy` says so: the switch is real, not silenced.
    warned = run_fazhi(["check", "--deploy"], **production_env(tmp_path, FAZHI_SSL_REDIRECT="false"))
    assert "security.W008" in warned.stderr + warned.stdout


def test_production_headers_on_a_response(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Content-Security-Policy" in secure and secure["X-Frame-Options"] == "DENY"
