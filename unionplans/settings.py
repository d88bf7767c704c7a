"""Settings of the UnionPlans portal, all read from the environment.

With DEBUG=1 and nothing else set (as `make run` does), the portal runs on an embedded default:
SQLite and a file-system Celery broker under ``var/``, so a new machine needs nothing but Python.
``DATABASE_URL`` and ``REDIS_URL`` switch it to PostgreSQL and Redis, as in production. With DEBUG
off (the default) it is production: a SECRET_KEY and an https SITE_URL are required, see
docs/security.md. See docs/operations.md for every variable.
"""

import datetime
import re
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from unionplans import directory_settings
from unionplans.directory_settings import *  # noqa: F403 (the LDAP_* settings, see below)
from unionplans.env import env_bool, env_int, env_list, env_str, env_time_of_day
from unionplans.outbound_settings import *  # noqa: F403 (the OUTBOUND_* settings)
from unionplans.upload_settings import *  # noqa: F403 (the upload limits)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless the environment turns it on, for every entry point alike (manage.py, gunicorn,
# Celery): a command typed in a production shell runs as production does. Development says
# DEBUG=1 explicitly (`make run` and the other make targets do).
DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)


def _secret_key():
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for development: DEBUG=1, or make run)."
        )
    # Kept in var/ so that sessions survive a restart of the development server.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# The portal's public address, used in links sent by email and robots; https in production.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A plain-HTTP deployment (an intranet without certificates) is a choice made explicitly: it
# turns off the HTTPS-only settings below and is warned about (unionplans.W001, the web log).
ALLOW_PLAIN_HTTP = env_bool("ALLOW_PLAIN_HTTP", False)
HTTPS_ONLY = not DEBUG and not ALLOW_PLAIN_HTTP
if HTTPS_ONLY and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r}: with DEBUG off the portal is served over HTTPS only, so SITE_URL "
        "must start with https://. For a plain-HTTP intranet deployment set ALLOW_PLAIN_HTTP=1 "
        "(see docs/security.md)."
    )
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [SITE_URL] if SITE_URL.startswith("https://") else []
)
# The admin site's path, e.g. "backstage-7f3a/": not where every scanner looks.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not re.fullmatch(r"([\w.~-]+/)+", ADMIN_URL):
    raise ImproperlyConfigured(
        f"ADMIN_URL={ADMIN_URL!r} must be a relative path ending with a slash, e.g. admin/."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "unionplans",
    "plans",
    "tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "unionplans.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionplans.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unionplans.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it turns a locked-out login into the login page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionplans.urls"
WSGI_APPLICATION = "unionplans.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "unionplans.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'unionplans.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share the file: wait for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "plans.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A forgotten password (plans/organisation/reset_links.py): the link mailed works this many
# hours and once; a person gets at most one mail per RESET_LINK_INTERVAL_MINUTES.
PASSWORD_RESET_TIMEOUT = env_int("RESET_LINK_HOURS", 24) * 3600
RESET_LINK_INTERVAL_MINUTES = env_int("RESET_LINK_INTERVAL_MINUTES", 10)
if PASSWORD_RESET_TIMEOUT <= 0 or RESET_LINK_INTERVAL_MINUTES < 0:
    raise ImproperlyConfigured("RESET_LINK_HOURS must be positive, RESET_LINK_INTERVAL_MINUTES 0+.")

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served from a public URL: views check permissions, then stream them.
MEDIA_URL = "/media-not-public/"
# Hashed names from a manifest whatever DEBUG is, so that `collectstatic` run by anyone, anyhow,
# writes the manifest the web server reads. With DEBUG on, {% static %} does not consult the
# manifest (Django's ManifestFilesMixin), so development needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "UnionPlans <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Longer than the longest task, so Redis does not hand an unacknowledged task to a second
    # worker while the first is still sending (acks_late redelivers only a dead worker's tasks).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
    }
else:
    # An embedded broker: messages are files under var/broker, so no server is needed.
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # The exchange tables kombu keeps (it would write them to ./control otherwise).
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {}

# --- Cache ----------------------------------------------------------------------------------
# Redis when configured (shared by all web workers), else each process's memory.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CACHE_URL", REDIS_URL),
            "KEY_PREFIX": "unionplans",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Exports (tasks.exports, docs/performance.md) -------------------------------------------
# A ledger or dashboard workbook of more rows than this (estimated with one COUNT) is produced
# by the worker and offered as a download; a smaller one is sent by the request.
EXPORT_WORKER_ROWS = env_int("EXPORT_WORKER_ROWS", 2000)
# Produced files (and their rows) are deleted this many days after they were asked for.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)
# A claimed export not finished after this long was lost with its worker: it is tried again.
EXPORT_LEASE_SECONDS = env_int("EXPORT_LEASE_SECONDS", 1800)
if EXPORT_WORKER_ROWS < 0 or EXPORT_KEEP_DAYS < 1 or EXPORT_LEASE_SECONDS < 60:
    raise ImproperlyConfigured(
        "EXPORT_WORKER_ROWS must be 0 or more, EXPORT_KEEP_DAYS at least 1 and "
        "EXPORT_LEASE_SECONDS at least 60."
    )
# Hourly: old export files deleted, lost exports queued again (tasks.exports.service.tidy).
CELERY_BEAT_SCHEDULE["exports-tidy"] = {
    "task": "tasks.exports.tidy",
    "schedule": crontab(minute=17),
}

# --- Security (docs/security.md, "Logins and deployment") ----------------------------------
# HTTPS only in production, unless ALLOW_PLAIN_HTTP says otherwise (see SITE_URL above).
SECURE_SSL_REDIRECT = HTTPS_ONLY
# The container's health check asks over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 3600) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# gunicorn speaks plain HTTP: in production TLS ends at the reverse proxy in front, which must
# set X-Forwarded-Proto (and X-Forwarded-For, for the login throttle's client address).
BEHIND_PROXY = env_bool("BEHIND_PROXY", HTTPS_ONLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a commitment for a whole domain, made by whoever runs it (HSTS_PRELOAD=1).
    "security.W021",
]
if ALLOW_PLAIN_HTTP:
    # Replaced by one warning naming the choice (unionplans.W001).
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008", "security.W012", "security.W016"]

# No inline script or style anywhere (unionplans.middleware.ContentSecurityPolicyMiddleware):
# behaviour lives in static/js, looks in static/css. Bootstrap draws its icons from data: URIs;
# ECharts draws on a canvas.
CONTENT_SECURITY_POLICY = {
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

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT failures for one account, or from one
# address, lock it for LOGIN_COOLOFF_MINUTES (each further try starts the wait again); an
# administrator unlocks sooner in the admin (Access attempts) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be 1 or more.")
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_COOLOFF_MINUTES must be 1 or more.")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "unionplans.security.client_ip"
AXES_LOCKOUT_CALLABLE = "unionplans.views.locked_out"
AXES_VERBOSE = False  # failures and lockouts are still logged, as warnings

# --- Directory login (LDAP), see docs/organisation.md "Directory login" --------------------
# The LDAP_* settings are read and checked in unionplans/directory_settings.py (a bad value stops
# the process there, naming the variable). Off unless LDAP_SERVER_URI is set; then people log in
# with their directory accounts (plans/organisation/ldap_backend.py), after the throttle and
# before the portal's passwords.
if directory_settings.LDAP_ENABLED:
    AUTHENTICATION_BACKENDS.insert(1, "plans.organisation.ldap_backend.DirectoryBackend")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Unit workspace: traffic lights (tasks app) ---------------------------------------------
# A task not done turns yellow this many days before its deadline (tasks/lights.py).
LIGHT_YELLOW_DAYS = env_int("LIGHT_YELLOW_DAYS", 7)
if LIGHT_YELLOW_DAYS < 0:
    raise ImproperlyConfigured("LIGHT_YELLOW_DAYS must be 0 or more.")
# --- end of unit workspace settings ---------------------------------------------------------

# --- Upload limits: the sizes of requests, files and attachments are read and checked in
# unionplans/upload_settings.py (docs/security.md "Input and uploads").

# --- Reminders (tasks app): the daily sweep and redelivery, see docs/reminders.md -----------


# The daily sweep, in TIME_ZONE (Asia/Shanghai); it sends nothing on a day off.
REMINDER_SWEEP_HOUR, REMINDER_SWEEP_MINUTE = env_time_of_day("REMINDER_SWEEP_TIME", "08:30")
# Seconds a worker holds a delivery it is sending; a killed worker's delivery is taken up again
# after that. Longer than the slowest send: the SMTP and robot timeouts.
CHANNELS_HTTP_TIMEOUT = env_int("CHANNELS_HTTP_TIMEOUT", 10)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 300)
if max(EMAIL_TIMEOUT, CHANNELS_HTTP_TIMEOUT) >= REMINDER_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "REMINDER_LEASE_SECONDS must be longer than EMAIL_TIMEOUT and CHANNELS_HTTP_TIMEOUT."
    )
# Every this many minutes, deliveries that are due but were queued more than
# REMINDER_REQUEUE_AFTER_SECONDS ago (a message lost with Redis, a killed worker) are queued again.
REMINDER_REQUEUE_MINUTES = env_int("REMINDER_REQUEUE_MINUTES", 5)
if not 1 <= REMINDER_REQUEUE_MINUTES <= 59:
    raise ImproperlyConfigured("REMINDER_REQUEUE_MINUTES must be between 1 and 59.")
REMINDER_REQUEUE_AFTER_SECONDS = env_int("REMINDER_REQUEUE_AFTER_SECONDS", 600)
# Sweep when a worker starts (on in the demo, so that `make run` shows today's reminders).
REMINDER_SWEEP_ON_START = env_bool("REMINDER_SWEEP_ON_START", DEMO_MODE)
CELERY_BEAT_SCHEDULE.update(
    {
        "reminders-daily-sweep": {
            "task": "tasks.tasks.sweep_reminders",
            "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=REMINDER_SWEEP_MINUTE),
        },
        "reminders-requeue": {
            "task": "tasks.tasks.requeue_deliveries",
            "schedule": crontab(minute=f"*/{REMINDER_REQUEUE_MINUTES}"),
        },
        # The dashboard's figures take in what changed, and the day's lights after midnight,
        # so that a dashboard seldom has to (tasks.dashboard.upkeep).
        "dashboard-figures": {"task": "tasks.tasks.refresh_figures", "schedule": crontab()},
    }
)
# --- end of reminder settings ---------------------------------------------------------------

# --- Reporting rounds (docs/rounds.md) ------------------------------------------------------
# Each day at this time (TIME_ZONE) the rounds that plans' schedules open that day are opened;
# the job is idempotent, a day missed is caught up on the next.
ROUND_SCHEDULE_HOUR, ROUND_SCHEDULE_MINUTE = env_time_of_day("ROUND_SCHEDULE_TIME", "07:00")
CELERY_BEAT_SCHEDULE["rounds-open-scheduled"] = {
    "task": "tasks.rounds.open_scheduled_rounds",
    "schedule": crontab(hour=ROUND_SCHEDULE_HOUR, minute=ROUND_SCHEDULE_MINUTE),
}

# --- Outbound requests (unionplans.lib.outbound), see docs/security.md ----------------------
# The OUTBOUND_* settings are read and checked in unionplans/outbound_settings.py.


# Robot webhooks and signing secrets are encrypted in the database with this key (any string;
# several, comma-separated, to rotate: the first encrypts, all decrypt). Separate from SECRET_KEY
# so that rotating the sessions' key does not lose the robots.
def _field_encryption_keys():
    keys = env_list("FIELD_ENCRYPTION_KEY")
    if keys:
        return keys
    if not DEBUG:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off.")
    return [f"derived-from-secret-key:{SECRET_KEY}"]


FIELD_ENCRYPTION_KEYS = _field_encryption_keys()
# --- end of outbound settings ---------------------------------------------------------------
