"""Django settings for Liaison, read from the environment.

Only a few variables matter: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG,
LIAISON_VAR_DIR. Everything else has a safe default for a laptop at a border post.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", BASE_DIR.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY if given, else a key generated once and kept under var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
# Behind a reverse proxy, trust its X-Forwarded-For for the client address in the audit.
LIAISON_TRUSTED_PROXY = _env_bool("LIAISON_TRUSTED_PROXY")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "liaison.core",
    "liaison.agencies",
    "liaison.exchange",
    "liaison.registry",
    "liaison.cases",
    "liaison.seizures",
    "liaison.cooperation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "liaison.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaison.core.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liaison.core.middleware.RequestContextMiddleware",
    "liaison.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liaison.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: writers take the lock at BEGIN, so concurrent writers wait
        # (busy timeout) instead of failing on lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # synchronous=FULL: every commit is on disk before it returns (NORMAL may lose
        # the last commits on power loss), so a 201 from the API means durably stored.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # the statistics and the review report sort and group ~100,000 roll-up rows: at
    # PostgreSQL's default 4 MB those sorts spill to disk (218 ms against 137 ms at 32 MB,
    # bench/bench_seizures.py). Empty PG_WORK_MEM keeps the server's setting (poolers).
    work_mem = os.environ.get("PG_WORK_MEM", "32MB")
    if work_mem:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c work_mem={work_mem}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "agencies.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed logins per username and per address before a lockout, and its length.
LIAISON_LOGIN_MAX_FAILURES = int(os.environ.get("LIAISON_LOGIN_MAX_FAILURES", "5"))
LIAISON_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LIAISON_LOGIN_LOCKOUT_SECONDS", "900"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEBUG and _env_bool("HTTPS"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)

# --- Languages, time ------------------------------------------------------------------
# Django ships no Lao locale: declare it here; our catalog and formats provide the rest.
LANG_INFO["lo"] = {
    "bidi": False,
    "code": "lo",
    "name": "Lao",
    "name_local": "ລາວ",
}
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("en", _("English")),
]
LANGUAGE_NATIVE_NAMES = {"vi": "Tiếng Việt", "lo": "ພາສາລາວ", "km": "ភាសាខ្មែរ", "en": "English"}
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["liaison.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Uploaded files are never served from a public URL: only scoped views read them.
        "OPTIONS": {"location": VAR_DIR / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "liaison.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "liaison.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison API",
    "DESCRIPTION": "Cross-border drug-control cooperation: agencies, exchange, registry, "
    "cases, seizures and cooperation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI would otherwise fetch a badge from validator.swagger.io: stay offline.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    # Choice sets that share a field name get stable component names.
    "ENUM_NAME_OVERRIDES": {
        "ExchangeMessageKindEnum": "liaison.exchange.models.Kind",
        "ExchangeComposeKindEnum": "liaison.exchange.api.serializers.COMPOSE_KINDS",
        "ExchangeMessageStatusEnum": "liaison.exchange.models.MessageStatus",
        "ExchangeRecipientStatusEnum": "liaison.exchange.models.RecipientStatus",
        "RegistryStatusFlagEnum": "liaison.registry.api.serializers.STATUS_FLAGS",
        "RegistrySexEnum": "liaison.registry.models.Person.Sex",
        "CaseStatusEnum": "liaison.cases.models.CaseStatus",
        "CaseTaskStatusEnum": "liaison.cases.models.TaskStatus",
        "CaseSubjectRoleEnum": "liaison.cases.models.SubjectRole",
        "RegistryOrganisationKindEnum": "liaison.registry.models.Organisation.Kind",
        "RegistryOrganisationNameKindEnum": "liaison.registry.models.OrganisationName.Kind",
        "RegistryOfficerRoleEnum": "liaison.registry.models.OrganisationOfficer.Role",
        "RegistryVehicleKindEnum": "liaison.registry.models.Vehicle.Kind",
        "RegistryLocationKindEnum": "liaison.registry.models.Location.Kind",
        "RegistryRelationshipKindEnum": "liaison.registry.models.Relationship.Kind",
        "LanguageEnum": "liaison.core.languages.Language",
        "ReviewReportLanguageEnum": "liaison.settings.LANGUAGES",
        "PartnershipKindEnum": "liaison.agencies.models.Partnership.Kind",
        "CooperationAgreementKindEnum": "liaison.cooperation.models.AgreementKind",
        "CooperationActivityKindEnum": "liaison.cooperation.models.ActivityKind",
        "CooperationConferenceKindEnum": "liaison.cooperation.models.ConferenceKind",
        "CooperationCommitmentStatusEnum": "liaison.cooperation.models.CommitmentStatus",
    },
}

# --- Background tasks -----------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Exchange -------------------------------------------------------------------------
# Largest attachment accepted (bytes); default 20 MB.
LIAISON_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("LIAISON_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024))
)

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "liaison@localhost")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
