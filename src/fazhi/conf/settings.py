"""Django settings for fazhi, every value read from the environment through ``fazhi.conf.env.config``.

``fazhi settings`` lists the variables with their defaults and help; README.md has the same table.
"""

from __future__ import annotations

import datetime as _datetime
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from fazhi.conf.env import config
from fazhi.ledgers.catalog import apps as ledger_apps

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent

FAZHI_ENV = config(
    "FAZHI_ENV", "development", group="core",
    help="development or production. Production refuses to start without SECRET_KEY or with DEBUG on.",
)
if FAZHI_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"FAZHI_ENV={FAZHI_ENV!r}: expected development or production.")
PRODUCTION = FAZHI_ENV == "production"

DEBUG = config(
    "DEBUG", False, cast=bool, group="core",
    help="Show Django's debug pages (tracebacks, URL lists) instead of fazhi's own error pages: for "
    "developers only. Off by default, and refused in production.",
)
SECRET_KEY = config(
    "SECRET_KEY", None, group="core",
    help="Django's secret key. Required in production; development uses a fixed insecure key.",
)
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production fazhi needs a long random SECRET_KEY "
            "(for example: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if DEBUG:
        raise ImproperlyConfigured(
            "DEBUG is on while FAZHI_ENV=production. Debug pages reveal settings and data: unset DEBUG."
        )
SECRET_KEY = SECRET_KEY or "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = config(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], cast="list", group="core",
    help="Comma-separated host names the site answers to.",
)
CSRF_TRUSTED_ORIGINS = config(
    "CSRF_TRUSTED_ORIGINS", [], cast="list", group="core",
    help="Comma-separated origins (https://fazhi.example.gov.cn) trusted for form posts behind a proxy.",
)

VAR_DIR = Path(config(
    "FAZHI_VAR_DIR", str(BASE_DIR / "var"), group="storage",
    help="Directory for the SQLite database, uploaded files and collected static files.",
))
MEDIA_ROOT = Path(config(
    "FAZHI_MEDIA_ROOT", str(VAR_DIR / "media"), group="storage",
    help="Directory where attachments are stored (behind Django's storage API).",
))
STATIC_ROOT = Path(config(
    "FAZHI_STATIC_ROOT", str(VAR_DIR / "static"), group="storage",
    help="Directory that collectstatic fills for production.",
))
FAZHI_UPLOAD_MAX_MB = config(
    "FAZHI_UPLOAD_MAX_MB", 20, cast=int, group="storage",
    help="Largest attachment accepted, in megabytes.",
)
# Limits that bound the work of reading an upload before it starts (fazhi.core.uploads): a file past one is
# refused with a message naming the limit and the file's value.
FAZHI_UPLOAD_MAX_UNPACKED_MB = config(
    "FAZHI_UPLOAD_MAX_UNPACKED_MB", 200, cast=int, group="uploads",
    help="Largest total unpacked size of an uploaded zip, .docx or report zip for the analyzer, in megabytes, "
         "read from the zip's directory before anything is extracted.",
)
FAZHI_UPLOAD_MAX_RATIO = config(
    "FAZHI_UPLOAD_MAX_RATIO", 100, cast=int, group="uploads",
    help="Largest compression ratio (unpacked size / file size) of an uploaded zip-based file over 1 MB "
         "unpacked; real Office files and report zips stay under 20.",
)
FAZHI_UPLOAD_MAX_ZIP_MEMBERS = config(
    "FAZHI_UPLOAD_MAX_ZIP_MEMBERS", 2000, cast=int, group="uploads",
    help="Most members (files and folders) an uploaded zip-based file may hold: a report zip holds up to "
         "1,000 reports, an Excel workbook a few dozen parts.",
)
FAZHI_EXCEL_MAX_UNPACKED_MB = config(
    "FAZHI_EXCEL_MAX_UNPACKED_MB", 10, cast=int, group="uploads",
    help="Largest unpacked size of an uploaded collection form (.xlsx), in megabytes; a form of a few "
         "hundred rows unpacks to well under 1 MB.",
)
FAZHI_EXCEL_MAX_ROWS = config(
    "FAZHI_EXCEL_MAX_ROWS", 5000, cast=int, group="uploads",
    help="Most rows a sheet of an uploaded collection form may have (its declared size, and rows read).",
)
FAZHI_EXCEL_MAX_COLUMNS = config(
    "FAZHI_EXCEL_MAX_COLUMNS", 50, cast=int, group="uploads",
    help="Most columns a sheet of an uploaded collection form may have; the form uses seven.",
)
FAZHI_EXCEL_MAX_CELLS = config(
    "FAZHI_EXCEL_MAX_CELLS", 50000, cast=int, group="uploads",
    help="Most cells (filled or formatted) a sheet of an uploaded collection form may hold.",
)
FAZHI_EXCEL_MAX_CELL_CHARS = config(
    "FAZHI_EXCEL_MAX_CELL_CHARS", 5000, cast=int, group="uploads",
    help="Most characters of text in one cell of an uploaded collection form (a note holds at most 1,000).",
)
FAZHI_EXCEL_PARSE_SECONDS = config(
    "FAZHI_EXCEL_PARSE_SECONDS", 10, cast=int, group="uploads",
    help="Wall-clock budget for checking an uploaded collection form, in seconds; a file that takes longer "
         "is refused. The other limits keep a file far below it.",
)
FAZHI_EXCEL_INLINE_KB = config(
    "FAZHI_EXCEL_INLINE_KB", 512, cast=int, group="uploads",
    help="A collection form that unpacks to more than this many kilobytes (a whole round of many agencies) is "
         "checked off the request, with its progress on the page; a smaller one (an agency's form of a few "
         "hundred rows, under 0.3 s) at once.",
)
FAZHI_ANALYZER_MAX_PDF_PAGES = config(
    "FAZHI_ANALYZER_MAX_PDF_PAGES", 300, cast=int, group="uploads",
    help="Most pages of a PDF report the analyzer reads; an annual report has ten to fifty.",
)
FAZHI_ANALYZER_PARSE_SECONDS = config(
    "FAZHI_ANALYZER_PARSE_SECONDS", 120, cast=int, group="uploads",
    help="Wall-clock budget for extracting the text of one report in the analyzer's background run, in "
         "seconds; a file that takes longer fails with that reason and the batch goes on.",
)
# The report analyzer takes up to 1,000 reports in one upload (fazhi.analyzer.actions.MAX_FILES); Django's
# default refuses a request with more than 100 files.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

DATABASE_URL = config(
    "DATABASE_URL", f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}", group="database",
    help="Database URL: sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name.",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FAZHI_PG_BIN_DIR = config(
    "FAZHI_PG_BIN_DIR", "", group="database",
    help="Directory of pg_dump and pg_restore for fazhi backup/restore; empty: Debian's "
    "/usr/lib/postgresql/VERSION/bin for the server's VERSION, else the PATH.",
)

# The audit trail's keyed hash and its anchor file (fazhi.audit.keys, fazhi.audit.anchors).
FAZHI_AUDIT_KEY = config(
    "FAZHI_AUDIT_KEY", "", group="security",
    help="Secret key (32 characters or more) for the audit trail's keyed hash (HMAC). Required in production; "
    "development derives one from SECRET_KEY. Keep a copy apart from the database backups.",
)
FAZHI_AUDIT_RETIRED_KEYS = config(
    "FAZHI_AUDIT_RETIRED_KEYS", [], cast="list", group="security",
    help="Comma-separated former FAZHI_AUDIT_KEY values, so that entries signed before a key change still "
    "verify.",
)
FAZHI_AUDIT_ANCHOR_FILE = config(
    "FAZHI_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"), group="storage",
    help="Append-only file outside the database where the audit chain's anchors are written (keep it on "
    "another disk or make it append-only with chattr +a).",
)
FAZHI_AUDIT_ANCHOR_EVERY = config(
    "FAZHI_AUDIT_ANCHOR_EVERY", 100, cast=int, group="storage",
    help="Write an anchor of the audit chain every this many entries (and on every fazhi tick).",
)

INSTALLED_APPS = [
    "fazhi.core.apps.FazhiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "fazhi.core",
    "fazhi.org",
    "fazhi.deadlines",
    "fazhi.audit",
    "fazhi.api",
    "fazhi.demo",
    "fazhi.analyzer",
    "fazhi.metrics",
    "fazhi.collection",
    "fazhi.reports",
    "fazhi.portal",
    "fazhi.consultation",
    "fazhi.supervision",
    *ledger_apps(),  # the catalog of ledgers (fazhi/ledgers/catalog.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "fazhi.core.middleware.QueryControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "fazhi.org.identity.AuthenticationMiddleware",
    "fazhi.core.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fazhi.core.middleware.PasswordChangeRequiredMiddleware",
    "fazhi.core.middleware.CurrentAgencyMiddleware",
    "fazhi.audit.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "fazhi.conf.urls"
WSGI_APPLICATION = "fazhi.conf.wsgi.application"

#: django-ninja's folder, found without importing it. Its templates and static files give the API docs (Swagger
#: UI served from here, not from a CDN); listed as an app, ninja would be imported, with pydantic, at the start of
#: every command (a third of a second of `fazhi report export`), though only the web's API needs it.
NINJA_DIR = Path(find_spec("ninja").submodule_search_locations[0])
STATICFILES_DIRS = [NINJA_DIR / "static"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.workbench",
                "fazhi.core.csp.nonce",
            ],
            "builtins": ["fazhi.core.templatetags.fazhi_text"],
        },
    },
]

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Log-in protection (fazhi.core.throttle): a delay per client address, a lock per account only after failures
# from many addresses, so that nobody can lock a person out from one address.
FAZHI_LOGIN_ADDRESS_FAILURES = config(
    "FAZHI_LOGIN_ADDRESS_FAILURES", 10, cast=int, group="security",
    help="Failed log-ins from one client address (an IPv6 /64 network) within FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES "
    "after which that address must wait before its next log-in is even checked.",
)
FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES = config(
    "FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES", 60, cast=int, group="security",
    help="Minutes over which failed log-ins from one address are counted.",
)
FAZHI_LOGIN_ADDRESS_DELAY_SECONDS = config(
    "FAZHI_LOGIN_ADDRESS_DELAY_SECONDS", 30, cast=int, group="security",
    help="First wait imposed on an address, in seconds; it doubles with each further failure.",
)
FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES = config(
    "FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES", 30, cast=int, group="security",
    help="Longest wait imposed on an address, in minutes.",
)
FAZHI_LOGIN_MAX_FAILURES = config(
    "FAZHI_LOGIN_MAX_FAILURES", 20, cast=int, group="security",
    help="Failed log-ins on one account within FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES after which it is locked, when "
    "they came from at least FAZHI_LOGIN_LOCK_MIN_ADDRESSES addresses.",
)
FAZHI_LOGIN_LOCK_MIN_ADDRESSES = config(
    "FAZHI_LOGIN_LOCK_MIN_ADDRESSES", 5, cast=int, group="security",
    help="Distinct client addresses the failures on one account must come from before it is locked (failures "
    "from fewer addresses only make those addresses wait).",
)
FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES = config(
    "FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES", 1440, cast=int, group="security",
    help="Minutes over which failed log-ins on one account are counted; its owner's log-in starts the count again.",
)
FAZHI_LOGIN_LOCKOUT_MINUTES = config(
    "FAZHI_LOGIN_LOCKOUT_MINUTES", 15, cast=int, group="security",
    help="How long a locked account stays locked, in minutes.",
)
FAZHI_LOGIN_FAILURES_KEPT = config(
    "FAZHI_LOGIN_FAILURES_KEPT", 100000, cast=int, group="security",
    help="Most failed log-ins kept for the counts; fazhi tick deletes older ones and those past both windows.",
)
SESSION_COOKIE_AGE = 60 * config(
    "FAZHI_SESSION_MINUTES", 480, cast=int, group="security",
    help="Minutes of inactivity after which a session expires and the person must log in again.",
)
# The database session, whose query reads the identity stamp too (fazhi.org.identity).
SESSION_ENGINE = "fazhi.org.identity"
SESSION_SAVE_EVERY_REQUEST = False  # SessionActivityMiddleware keeps an active session alive
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
FAZHI_TRUST_X_FORWARDED_FOR = config(
    "FAZHI_TRUST_X_FORWARDED_FOR", False, cast=bool, group="security",
    help="Behind exactly one reverse proxy that appends the client address to X-Forwarded-For: take the "
    "client IP for the audit trail from its rightmost entry. Leave off otherwise (the header can be forged).",
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = config(
    "FAZHI_SECURE_COOKIES", PRODUCTION, cast=bool, group="security",
    help="Send cookies over HTTPS only. On by default in production; turn off only behind a trusted "
    "plain-HTTP proxy.",
)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config(
    "FAZHI_SSL_REDIRECT", PRODUCTION, cast=bool, group="security",
    help="Redirect every plain-HTTP request to HTTPS (behind the proxy: by its X-Forwarded-Proto). On by default "
    "in production.",
)
SECURE_HSTS_SECONDS = config(
    "FAZHI_HSTS_SECONDS", 31536000 if PRODUCTION else 0, cast=int, group="security",
    help="Strict-Transport-Security max-age in seconds: browsers then refuse plain HTTP to the site for that long. "
    "A year in production, 0 (no header) in development.",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config(
    "FAZHI_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION, cast=bool, group="security",
    help="Extend HSTS to every subdomain of the site's host (includeSubDomains). On by default in production.",
)
SECURE_HSTS_PRELOAD = config(
    "FAZHI_HSTS_PRELOAD", PRODUCTION, cast=bool, group="security",
    help="Add the preload directive to HSTS (the host may then be submitted to browsers' preload lists, which is "
    "hard to undo). On by default in production.",
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
FAZHI_CSP_REPORT_ONLY = config(
    "FAZHI_CSP_REPORT_ONLY", False, cast=bool, group="security",
    help="Send the Content-Security-Policy as report-only: browsers log violations without blocking (for trying "
    "a change of the pages).",
)
# Content-Security-Policy of every page (fazhi.core.csp): only the site's own scripts, styles and images.
FAZHI_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The API docs: ninja's Swagger UI from its own static files (no CDN), which fetches the schema and tries operations.
FAZHI_CSP_PATHS = {
    "/api/v1/docs": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = config("TIME_ZONE", "Asia/Shanghai", group="core", help="Time zone for dates shown and deadlines.")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = config(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
    group="mail", help="Django e-mail backend; development prints mail to the console.",
)
EMAIL_HOST = config("EMAIL_HOST", "localhost", group="mail", help="SMTP server host.")
EMAIL_PORT = config("EMAIL_PORT", 25, cast=int, group="mail", help="SMTP server port.")
EMAIL_HOST_USER = config("EMAIL_HOST_USER", "", group="mail", help="SMTP user name.")
EMAIL_HOST_PASSWORD = config("EMAIL_HOST_PASSWORD", "", group="mail", help="SMTP password.")
EMAIL_USE_TLS = config("EMAIL_USE_TLS", False, cast=bool, group="mail", help="Use STARTTLS with the SMTP server.")
DEFAULT_FROM_EMAIL = config(
    "DEFAULT_FROM_EMAIL", "fazhi@localhost", group="mail", help="Sender address of fazhi's e-mail."
)

FAZHI_PROVINCE = config(
    "FAZHI_PROVINCE", "", group="law",
    help="GB/T 2260 code of the deployment's province (e.g. 140000); selects provincial deadline settings.",
)
FAZHI_COUNT_MAKEUP_WORKDAYS = config(
    "FAZHI_COUNT_MAKEUP_WORKDAYS", True, cast=bool, group="law",
    help="Count 调休 make-up Saturdays/Sundays as working days for statutory deadlines (legal-rules §10: "
    "unconfirmed; the conservative reading counts them).",
)

FAZHI_CALENDAR_WARN_FROM = config(
    "FAZHI_CALENDAR_WARN_FROM", "11-01", group="law",
    help="MM-DD from which the administrator and the offices are told that next year's holiday notice is not "
    "yet in the holiday table (the State Council publishes it in November as a rule; legal-rules §10).",
)

FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = config(
    "FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES", False, cast=bool, group="law",
    help="Roll purely administrative calendar-day deadlines (行政处罚 90 days, 信访 60 days) over a last day "
    "that is a holiday, as 民事诉讼法 第85条 does for litigation (legal-rules §13 item 9: unconfirmed).",
)

FAZHI_PAUSE_START_DAY_COUNTS = config(
    "FAZHI_PAUSE_START_DAY_COUNTS", True, cast=bool, group="law",
    help="Where the law does not say whether the day a pause begins still counts (政府信息公开条例 第33条第3款: "
    "consulting a third party or another agency), count it: the reading that gives the earlier due date. "
    "false: the pause runs from that day.",
)

# Annual report deadlines (厅字〔2019〕28号; legal-rules.md §1.2, §1.4, §1.7). Month-day of the year after the
# reporting year, inclusive. Which bodies file by 3月1日 is partly UNCONFIRMED, so each is a setting.
FAZHI_REPORT_FILING_DAY = config(
    "FAZHI_REPORT_FILING_DAY", "03-01", group="law",
    help="MM-DD by which departments and governments file the annual report (督察规定: 3月1日前).",
)
FAZHI_REPORT_DEMONSTRATION_DAY = config(
    "FAZHI_REPORT_DEMONSTRATION_DAY", "01-31", group="law",
    help="MM-DD by which a 法治政府建设示范 place files its report (legal-rules §1.2: end of January).",
)
FAZHI_REPORT_PUBLICATION_DAY = config(
    "FAZHI_REPORT_PUBLICATION_DAY", "03-31", group="law",
    help="MM-DD by which the report must be public (督察规定 第24条: before 4月1日).",
)
FAZHI_REGISTER_TOWNSHIPS = config(
    "FAZHI_REGISTER_TOWNSHIPS", True, cast=bool, group="law",
    help="Whether the register of reporting bodies (报告主体名录) built from the org tree lists township governments "
         "and sub-district offices (legal-rules §1.2: township Party committees and governments report to the level "
         "above; false: counties' governments and departments of county level and above only).",
)
FAZHI_SUPERVISION_COMPARISON_METRICS = config(
    "FAZHI_SUPERVISION_COMPARISON_METRICS", "", group="general",
    help="The indicators the supervisor's comparison of reporting bodies shows, as catalog metric codes separated by "
         "commas, in column order. Empty: one per item of FAZHI_REPORT_EVALUATION_KEY_METRICS, its rate where the item "
         "has one (rates compare bodies of different sizes), else its first metric.",
)
FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS = config(
    "FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS", 3600, cast=int, group="general",
    help="Seconds the figures of a year's register (every body's key indicators, for the comparison) are kept, in "
         "each server process and in the database for the others; fazhi tick works out those of the last five years "
         "ahead. They are worked out again at once when the register, the submissions or the uploaded reports of the "
         "year change. 0: worked out on every request.",
)
FAZHI_REPORT_WARN_DAYS = config(
    "FAZHI_REPORT_WARN_DAYS", 30, cast=int, group="law",
    help="Days before a report deadline from which the office's home page warns.",
)
# The evaluation of analysed reports (fazhi.analyzer.evaluation; legal-rules §11.3, §11.4). CASS publishes no weights
# (UNCONFIRMED): the platform's own, checked at start-up (fazhi.analyzer.scorecard.check_settings).
FAZHI_REPORT_EVALUATION_WEIGHTS = config(
    "FAZHI_REPORT_EVALUATION_WEIGHTS", "", group="law",
    help="Weights of the criteria an analysed report is evaluated on, by the first year reported on that uses them, "
         'as JSON: {"2025": {"filed_on_time": 15, "published_on_time": 15, "mandated_contents": 15, '
         '"shortcomings_concrete": 15, "key_figures": 15, "first_responsible_duties": 15, "data_density": 10}}. '
         "A year named keeps the default weights of the criteria it leaves out; 0 leaves a criterion out of the "
         "total. Empty: the defaults (versions 2024 and 2025). An unknown criterion or a negative weight stops "
         "the start.",
)
FAZHI_REPORT_EVALUATION_KEY_METRICS = config(
    "FAZHI_REPORT_EVALUATION_KEY_METRICS", "", group="law",
    help="The key indicators an analysed report should give figures for, as catalog metric codes separated by "
         "commas; alternatives of one indicator joined by | (reconsideration_received|reconsideration_decided). "
         "Empty: one per area of the demonstration indicator system (fazhi.analyzer.evaluation.DEFAULT_KEY_METRICS).",
)
FAZHI_PORTAL_CACHE_SECONDS = config(
    "FAZHI_PORTAL_CACHE_SECONDS", 60, cast=int, group="general",
    help="Seconds a portal list (e.g. published penalty decisions) keeps a page's rows before reading the "
         "database again; a change to its ledger clears them at once in the server process that made it (in "
         "every process with a shared cache). 0: read every time.",
)
FAZHI_COLLECTION_RED_AFTER_DAYS = config(
    "FAZHI_COLLECTION_RED_AFTER_DAYS", 5, cast=int, group="general",
    help="A submission late by more than this many days turns from yellow to red.",
)

# Normative documents (legal-rules.md §3.3, §3.6: local rules, so settings).
FAZHI_NORMATIVE_VALIDITY_YEARS = config(
    "FAZHI_NORMATIVE_VALIDITY_YEARS", 5, cast=int, group="law",
    help="Validity period (有效期) of a normative document in years, from the day it takes effect (local rules).",
)
FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS = config(
    "FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS", 2, cast=int, group="law",
    help="Validity period of a 暂行/试行 (provisional) normative document in years.",
)
FAZHI_NORMATIVE_EXPIRY_WARNING_MONTHS = config(
    "FAZHI_NORMATIVE_EXPIRY_WARNING_MONTHS", 6, cast=int, group="law",
    help="Months before a normative document expires from which its expiry warning is due.",
)
FAZHI_NORMATIVE_EFFECT_DELAY_DAYS = config(
    "FAZHI_NORMATIVE_EFFECT_DELAY_DAYS", 30, cast=int, group="law",
    help="Days from publication to entry into force of a normative document (local rules: generally 30); an "
         "earlier date needs a reason. 0: no such rule.",
)
FAZHI_NORMATIVE_OPINION_NUMBER_PATTERN = config(
    "FAZHI_NORMATIVE_OPINION_NUMBER_PATTERN", "{region_abbr}法审〔{year}〕{seq}号", group="law",
    help="Number pattern of the legality review opinions (合法性审核意见书); the serial restarts every year.",
)
FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS = config(
    "FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS", 60, cast=int, group="law",
    help="Days before an enforcement certificate expires from which its holder's agency is reminded.",
)
FAZHI_ENFORCEMENT_TRAINING_HOURS = config(
    "FAZHI_ENFORCEMENT_TRAINING_HOURS", 60, cast=int, group="law",
    help="Training hours an enforcement officer needs each year (UNCONFIRMED: 国办发〔2023〕27号, 不少于60学时).",
)
FAZHI_FILEREVIEW_SAMPLE_PERCENT = config(
    "FAZHI_FILEREVIEW_SAMPLE_PERCENT", 5, group="law",
    help="Share of each enforcement body's penalty cases closed in the year that a file review (案卷评查) samples, "
         "in per cent (rounded up; a campaign may set its own and a minimum per body). UNCONFIRMED local practice.",
)
# Random inspections (双随机、一公开, legal-rules §4.4): local practice, so settings.
FAZHI_INSPECTION_SAMPLING_PERCENT = config(
    "FAZHI_INSPECTION_SAMPLING_PERCENT", "high=30,medium_high=10,medium=2,low=1", group="law",
    help="Share of the entities of each risk level a random inspection draw picks, in per cent (rounded up to a "
         "whole entity): high, medium_high, medium, low. UNCONFIRMED local practice (Henan 2021: 30, 10, 2, 1).",
)
FAZHI_INSPECTION_YEARLY_LIMIT = config(
    "FAZHI_INSPECTION_YEARLY_LIMIT", 2, cast=int, group="law",
    help="Inspections of one enterprise in a calendar year (all agencies, random or not) beyond which recording "
         "another warns, without refusing it. UNCONFIRMED local practice.",
)
FAZHI_PENALTY_MAJOR_FINE_PERSON = config(
    "FAZHI_PENALTY_MAJOR_FINE_PERSON", 10000, cast=int, group="law",
    help="Fine (yuan) on a citizen from which a penalty case is major and needs the legal review (行政处罚法 第58条; "
         "local thresholds, UNCONFIRMED).",
)
FAZHI_PENALTY_MAJOR_FINE_ORGANISATION = config(
    "FAZHI_PENALTY_MAJOR_FINE_ORGANISATION", 50000, cast=int, group="law",
    help="Fine (yuan) on an organisation from which a penalty case is major and needs the legal review (UNCONFIRMED).",
)
FAZHI_PENALTY_HEARING_FINE_PERSON = config(
    "FAZHI_PENALTY_HEARING_FINE_PERSON", 10000, cast=int, group="law",
    help="The 'large fine' (较大数额罚款, 行政处罚法 第63条) on a citizen that gives the right to a hearing; set by each "
         "province (UNCONFIRMED).",
)
FAZHI_PENALTY_HEARING_FINE_ORGANISATION = config(
    "FAZHI_PENALTY_HEARING_FINE_ORGANISATION", 100000, cast=int, group="law",
    help="The 'large fine' on an organisation that gives the right to a hearing (UNCONFIRMED).",
)
FAZHI_PENALTY_PUBLICATION_YEARS_PERSON = config(
    "FAZHI_PENALTY_PUBLICATION_YEARS_PERSON", 2, cast=int, group="law",
    help="Years a published penalty decision on a citizen stays on the portal (local rules, e.g. Hebei: 2).",
)
FAZHI_PENALTY_PUBLICATION_YEARS_ORGANISATION = config(
    "FAZHI_PENALTY_PUBLICATION_YEARS_ORGANISATION", 5, cast=int, group="law",
    help="Years a published penalty decision on an organisation stays on the portal (local rules, e.g. Hebei: 5).",
)
FAZHI_PENALTY_PUBLISH_SIMPLIFIED = config(
    "FAZHI_PENALTY_PUBLISH_SIMPLIFIED", False, cast=bool, group="law",
    help="Whether on-the-spot (simplified procedure) decisions are published too.",
)
FAZHI_PENALTY_AV_REQUIRED = config(
    "FAZHI_PENALTY_AV_REQUIRED", "seizure,demolition,premises", group="law",
    help="Recorded case actions that need an audio-video record (国办发〔2018〕118号), comma-separated: seizure, "
         "demolition, premises, inspection, questioning, evidence, preservation, notice, hearing, service, execution.",
)
# Administrative reconsideration (行政复议法 2023; legal-rules §5.1, §13 item 6).
FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES = config(
    "FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES", "varied,revoked,partly_revoked,unlawful,void,performance",
    group="law",
    help="Outcomes of a reconsideration case that count as a correction (纠错) in the 纠错率, comma-separated, "
         "out of: upheld, revoked, partly_revoked, varied, unlawful, void, performance, request_rejected, "
         "application_dismissed, mediated, settled, terminated. The rate divides them by every case concluded in "
         "the year. UNCONFIRMED: no official formula (legal-rules §5.1); the default is common practice, and adding "
         "mediated,settled gives the 综合纠错率 some statistics use.",
)
# Litigation response (行政应诉, legal-rules §5.2): how the figures count is not fixed nationally, so settings.
FAZHI_LITIGATION_LOST_OUTCOMES = config(
    "FAZHI_LITIGATION_LOST_OUTCOMES", ["revoked", "unlawful", "void", "perform", "varied", "compensation"],
    cast="list", group="law",
    help="Outcomes of an administrative lawsuit that count as lost (败诉), comma-separated: rejected, upheld, revoked, "
         "unlawful, void, perform, varied, compensation, withdrawn_corrected, withdrawn, mediated, dismissed, other. "
         "The loss rate is the cases lost over those concluded by judgment or lost. UNCONFIRMED: some provinces also "
         "count a withdrawal after the agency corrected its act (withdrawn_corrected).",
)
FAZHI_LITIGATION_APPEARANCE_BASIS = config(
    "FAZHI_LITIGATION_APPEARANCE_BASIS", "case", group="law",
    help="How the rate of heads appearing in court (负责人出庭应诉率) counts: case (cases with a head at one hearing at "
         "least, over cases heard in the year: one appearance per instance suffices, 2020年规定 第7条) or hearing "
         "(hearings with a head over hearings). UNCONFIRMED local practice.",
)
if FAZHI_LITIGATION_APPEARANCE_BASIS not in {"case", "hearing"}:
    raise ImproperlyConfigured(
        f"FAZHI_LITIGATION_APPEARANCE_BASIS={FAZHI_LITIGATION_APPEARANCE_BASIS!r}: expected case or hearing.")
# Dispute mediation (人民调解法 2010; legal-rules §8.1). The time a mediation takes is the deadline rule mediation.period,
# set per province in the admin (provincial deadlines; one month by default); these are the practices.
FAZHI_MEDIATION_CONTINUATION_MONTHS = config(
    "FAZHI_MEDIATION_CONTINUATION_MONTHS", 1, cast=int, group="law",
    help="Months by which both parties may agree, once and before it ends, to continue a mediation beyond its period "
         "(the rule mediation.period); 0: a mediation is never continued. UNCONFIRMED: legal-rules §8.1 saw a "
         "provincial rule allowing it with both parties' consent, not its length.",
)
if FAZHI_MEDIATION_CONTINUATION_MONTHS < 0:
    raise ImproperlyConfigured(
        f"FAZHI_MEDIATION_CONTINUATION_MONTHS={FAZHI_MEDIATION_CONTINUATION_MONTHS}: expected 0 or more months.")
FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY = config(
    "FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY", True, cast=bool, group="law",
    help="Whether an application for judicial confirmation (司法确认, 人民调解法 第33条) is recorded only for a written "
         "agreement (调解协议书), the document the court reviews. UNCONFIRMED: the law does not exclude an oral "
         "agreement (第28、30条); false records it for both.",
)
# Legal advisers, public-sector lawyers and contract review (法律顾问、公职律师、合同合法性审查; the advisers ledger).
FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS = config(
    "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS", 7, cast=int, group="law",
    help="Working days an agency's legal department (or its adviser) has to give its opinion on a contract sent for "
         "legality review (合同合法性审查), counted from the day after receipt, where the province sets no length of "
         "its own (the deadline rule advisers.contract_review, set per province in the admin). UNCONFIRMED: "
         "legal-rules.md names no national or provincial time limit; provinces and cities set their own.",
)
if FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS < 1:
    raise ImproperlyConfigured(
        f"FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS={FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS}: expected 1 working day or more.")
FAZHI_ADVISERS_TERM_REMINDER_DAYS = config(
    "FAZHI_ADVISERS_TERM_REMINDER_DAYS", 30, cast=int, group="law",
    help="Days before a legal adviser's or public-sector lawyer's engagement ends that the home page and the daily "
         "reminders name it, so that it is renewed or a successor engaged in time (local practice).",
)
if FAZHI_ADVISERS_TERM_REMINDER_DAYS < 1:
    raise ImproperlyConfigured(
        f"FAZHI_ADVISERS_TERM_REMINDER_DAYS={FAZHI_ADVISERS_TERM_REMINDER_DAYS}: expected 1 day or more.")
# Legal education and officials' study (普法、学法; legal-rules §8.3). What the instruments leave to local practice.
FAZHI_EDUCATION_LIST_DUE = config(
    "FAZHI_EDUCATION_LIST_DUE", "03-31", group="law",
    help="Month and day (MM-DD) by which an agency publishes its legal-education responsibility list (普法责任清单, "
         "谁执法谁普法) for the year; a day off moves it to the next working day. UNCONFIRMED local practice "
         "(legal-rules §8.3 names the lists, not when they are due).",
)
FAZHI_EDUCATION_LIST_REVIEW_DUE = config(
    "FAZHI_EDUCATION_LIST_REVIEW_DUE", "12-31", group="law",
    help="Month and day (MM-DD) of the list's own year by which its year-end review (年终检查) is recorded; a day off "
         "moves it to the next working day. UNCONFIRMED local practice.",
)


def _check_month_day(name: str, value: str) -> None:
    import datetime

    try:
        datetime.date(2024, *(int(part) for part in value.split("-")))  # a leap year: 02-29 is a day
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name}={value!r}: expected a month and day such as 03-31.") from None


_check_month_day("FAZHI_EDUCATION_LIST_DUE", FAZHI_EDUCATION_LIST_DUE)
_check_month_day("FAZHI_EDUCATION_LIST_REVIEW_DUE", FAZHI_EDUCATION_LIST_REVIEW_DUE)
FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS = config(
    "FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS", 10, cast=int, group="law",
    help="Working days after a law exam for officials (学法考试) by which its scores are recorded. UNCONFIRMED local "
         "practice.",
)
if FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS < 1:
    raise ImproperlyConfigured(
        f"FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS={FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS}: expected 1 or more.")
FAZHI_EDUCATION_EXAM_PASS_MARK = config(
    "FAZHI_EDUCATION_EXAM_PASS_MARK", 60, cast=int, group="law",
    help="The score out of 100 from which an official passes a law exam, for scores imported without a pass mark. "
         "UNCONFIRMED local practice.",
)
if not 0 < FAZHI_EDUCATION_EXAM_PASS_MARK <= 100:
    raise ImproperlyConfigured(
        f"FAZHI_EDUCATION_EXAM_PASS_MARK={FAZHI_EDUCATION_EXAM_PASS_MARK}: expected a score from 1 to 100.")
# Leadership duties (第一责任人, 述法; legal-rules §8.3). The follow-up of a leader's instruction is the deadline rule
# leadership.instruction_follow_up, set per province in the admin; the day the 述法 of a year is due is this setting.
FAZHI_LEADERSHIP_SHUFA_DUE = config(
    "FAZHI_LEADERSHIP_SHUFA_DUE", "01-31", group="law",
    help="The day (MM-DD) of the following year by which the principal leaders' 述法 on a year is given, at the year-end "
         "performance report (2021 opinion of the Central Commission for Law-Based Governance). UNCONFIRMED local "
         "practice: the opinion puts 述法 into the year-end report without naming a day.",
)
try:
    _month, _day = (int(part) for part in FAZHI_LEADERSHIP_SHUFA_DUE.split("-"))
    _datetime.date(2001, _month, _day)
except ValueError:
    raise ImproperlyConfigured(
        f"FAZHI_LEADERSHIP_SHUFA_DUE={FAZHI_LEADERSHIP_SHUFA_DUE!r}: expected a day as MM-DD, such as 01-31.") from None
# Deputies' suggestions and CPPCC proposals (人大代表建议、政协提案; legal-rules §7.2–7.3). Their periods are the
# deadline rules deputy.* and cppcc.*, set per province in the admin (provincial deadlines); these are the practices.
FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER = config(
    "FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER", True, cast=bool, group="law",
    help="Whether the handling agency must record its contact with the deputy or member (沟通: meeting, visit, "
         "telephone…) before it answers, and again before a second answer. UNCONFIRMED local practice (先沟通后答复).",
)
FAZHI_SUGGESTIONS_PUBLISH_ANSWERS = config(
    "FAZHI_SUGGESTIONS_PUBLISH_ANSWERS", True, cast=bool, group="law",
    help="Whether the province expects the answers to be published (办理复文公开): an item is then closed only once its "
         "(last) answer is published, or with a closing note saying why not. UNCONFIRMED local practice; 代表法 第51条 "
         "makes the handling reports public, not each answer.",
)
FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK = config(
    "FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK", ["satisfied", "basically_satisfied"], cast="list", group="law",
    help="The feedback that counts as satisfied in the satisfaction rate (满意率), comma-separated out of satisfied, "
         "basically_satisfied, unsatisfied; the rate divides them by the items rated. UNCONFIRMED formula "
         "(legal-rules §13 item 6).",
)
# Petitions (信访工作条例 2022; legal-rules §7.1). Their periods are the deadline rules petition.*; these settings
# are what the regulations leave open (legal-rules §13 item 6).
FAZHI_PETITIONS_SATISFIED_EVALUATIONS = config(
    "FAZHI_PETITIONS_SATISFIED_EVALUATIONS", ["satisfied", "basically_satisfied"], cast="list", group="law",
    help="The petitioners' evaluations of the handling (信访工作条例 第21条) that count as satisfied in the satisfaction "
         "rate (满意率), comma-separated out of satisfied, basically_satisfied, unsatisfied; the rate divides them by "
         "the matters evaluated. A satisfied evaluation also lets a matter be closed before the time to ask for a "
         "review ends. UNCONFIRMED formula (legal-rules §7.1, §13 item 6).",
)
FAZHI_PETITIONS_GROUP_VISIT_SIZE = config(
    "FAZHI_PETITIONS_GROUP_VISIT_SIZE", 5, cast=int, group="law",
    help="The number of people coming together on one matter from which a visit counts as a group visit (集体访) in "
         "the petitions ledger's figures. UNCONFIRMED: local practice, not read in the 2022 regulations.",
)
if FAZHI_PETITIONS_GROUP_VISIT_SIZE < 2:
    raise ImproperlyConfigured(
        f"FAZHI_PETITIONS_GROUP_VISIT_SIZE={FAZHI_PETITIONS_GROUP_VISIT_SIZE}: a group visit is of 2 people or more.")
FAZHI_PETITIONS_CLOSE_UNCHALLENGED = config(
    "FAZHI_PETITIONS_CLOSE_UNCHALLENGED", True, cast=bool, group="law",
    help="Whether `fazhi tick` closes a petition whose petitioner let the 30 days to ask for a review (复查) or a "
         "second review (复核) pass (信访工作条例 第35、36条): the opinion then stands. false: the staff close such "
         "matters themselves.",
)
# Inspections and rectification (法治督察与整改, 厅字〔2019〕28号; legal-rules §1.1, §9). The rules set no national period
# for rectifying a finding: the office sets a day when it assigns one, else this default (UNCONFIRMED).
FAZHI_ASSESSMENT_RECTIFICATION_DAYS = config(
    "FAZHI_ASSESSMENT_RECTIFICATION_DAYS", 60, cast=int, group="law",
    help="Calendar days from the assignment of a finding's rectification (整改事项) to its deadline, when the office "
         "sets no day of its own (the rule assessment.rectification; a last day on a holiday moves only with "
         "FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES). UNCONFIRMED: no national period was seen (legal-rules §13).",
)
if FAZHI_ASSESSMENT_RECTIFICATION_DAYS < 1:
    raise ImproperlyConfigured(
        f"FAZHI_ASSESSMENT_RECTIFICATION_DAYS={FAZHI_ASSESSMENT_RECTIFICATION_DAYS}: expected 1 day or more.")
FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE = config(
    "FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE", True, cast=bool, group="law",
    help="Whether the office approves a longer rectification period (延期整改) only before the deadline passes; false "
         "lets it extend an overdue item too. UNCONFIRMED local practice.",
)
FAZHI_ASSESSMENT_SELF_DUE = config(
    "FAZHI_ASSESSMENT_SELF_DUE", "01-31", group="law",
    help="The day (MM-DD) of the year after the year assessed by which a body submits its self-assessment (自评) on an "
         "indicator system to the rule-of-law office; the home page reminds of it. UNCONFIRMED local practice: no "
         "national day was seen (legal-rules §9.2, §13).",
)
_check_month_day("FAZHI_ASSESSMENT_SELF_DUE", FAZHI_ASSESSMENT_SELF_DUE)
FAZHI_NORMATIVE_NUMBER_PATTERN = config(
    "FAZHI_NORMATIVE_NUMBER_PATTERN", "{region_abbr}规〔{year}〕{seq:03d}号", group="law",
    help="Registration-number pattern (三统一) of a region's new series; each series can override it in the admin.",
)
# Public consultation: abuse protection without a CAPTCHA.
FAZHI_CONSULTATION_COMMENTS_PER_HOUR = config(
    "FAZHI_CONSULTATION_COMMENTS_PER_HOUR", 5, cast=int, group="general",
    help="Comments one client (a keyed hash of its address) may send on one consultation per hour.",
)
FAZHI_CONSULTATION_MIN_SECONDS = config(
    "FAZHI_CONSULTATION_MIN_SECONDS", 3, cast=int, group="general",
    help="Comments sent sooner than this after the form was shown are refused as automatic.",
)
# Disclosure on request (依申请公开, 政府信息公开条例 2019; legal-rules §6).
FAZHI_DISCLOSURE_REGION = config(
    "FAZHI_DISCLOSURE_REGION", "", group="law",
    help="GB/T 2260 code of the region whose active governments, departments and townships (and those of the "
         "regions below it) take requests for government information on the portal; empty: every active one.",
)
FAZHI_DISCLOSURE_NUMBER_PATTERN = config(
    "FAZHI_DISCLOSURE_NUMBER_PATTERN", "依申请公开〔{year}〕{seq}号", group="law",
    help="Number given to a request sent on the portal, or registered without one; the serial restarts every year "
         "for each agency.",
)
FAZHI_DISCLOSURE_PAUSE_CAPPED = config(
    "FAZHI_DISCLOSURE_PAUSE_CAPPED", True, cast=bool, group="law",
    help="The time not counted in the reply period while a third party or another agency is consulted (政府信息公开"
         "条例 第33条第3款) ends, at the latest, with the 15 working days they have to answer (第32、34条), even when "
         "the answer comes later or never. false: it ends only when the answer or the silence is recorded. "
         "UNCONFIRMED reading: the regulations do not say.",
)
FAZHI_DISCLOSURE_REQUESTS_PER_HOUR = config(
    "FAZHI_DISCLOSURE_REQUESTS_PER_HOUR", 5, cast=int, group="general",
    help="Requests for government information one client (a keyed hash of its address) may send on the portal per "
         "hour.",
)
FAZHI_DISCLOSURE_MIN_SECONDS = config(
    "FAZHI_DISCLOSURE_MIN_SECONDS", 3, cast=int, group="general",
    help="Requests sent on the portal sooner than this after the form was shown are refused as automatic.",
)
FAZHI_SITE_URL = config(
    "FAZHI_SITE_URL", "", group="mail",
    help="Base URL put before links in notification e-mails and before each figure's link in a downloaded or "
         "published copy of a report (e.g. https://fazhi.example.gov.cn); empty: relative links in e-mails, the "
         "address the download was asked at in a copy.",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config(
        "LOG_LEVEL", "INFO", group="core", help="Log level: DEBUG, INFO, WARNING or ERROR.")},
    # WeasyPrint logs every layout step of every PDF at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},  # "Watching for file changes" on every `make run`
    },
}

NINJA_PAGINATION_PER_PAGE = 50
# Bounded limit (1–1000) and offset: a huge number answers 422, not a database error.
NINJA_PAGINATION_CLASS = "fazhi.api.pagination.Pagination"

