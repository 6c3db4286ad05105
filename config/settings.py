"""Tamkeen settings: one file, driven by the environment.

Development defaults are safe and need nothing set: SQLite under var/, DEBUG off (DJANGO_DEBUG=1 turns it on),
a secret key generated once under var/. Production (TAMKEEN_ENV=production) refuses to start without its secrets.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TAMKEEN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("TAMKEEN_ENV", "development")
IS_PRODUCTION = ENVIRONMENT == "production"
# Off unless a developer asks for it: the demo shows the real error pages and never a debug page.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if IS_PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when TAMKEEN_ENV=production.")
    from tamkeen.core.devsecret import development_secret_key

    SECRET_KEY = development_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "" if IS_PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

TAMKEEN_APPS = [
    "tamkeen.core",
    "tamkeen.audit",
    "tamkeen.accounts",
    "tamkeen.geography",
    "tamkeen.registry",
    "tamkeen.dedup",
    "tamkeen.assessments",
    "tamkeen.cases",
    "tamkeen.partners",
    "tamkeen.opportunities",
    "tamkeen.consent",
    "tamkeen.referrals",
    "tamkeen.matching",
    "tamkeen.outcomes",
    "tamkeen.enterprises",
    "tamkeen.forum",
    "tamkeen.appointments",
    "tamkeen.grievances",
    "tamkeen.reports",
    "tamkeen.api",
    "tamkeen.webhooks",
    "tamkeen.notifications",
    "tamkeen.privacy",
    "tamkeen.portal",
    "tamkeen.documents",
    # The demo region (seed order, personas, `tamkeen demo`): the one place that knows every app.
    "tamkeen.demo",
]

# Our apps come first so their templates and translations win over Django's own (e.g. "Log in").
INSTALLED_APPS = [
    *TAMKEEN_APPS,
    "tamkeen.core.apps.TamkeenAdminConfig",  # the audited, configuration-only admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    # Serves the API docs page's Swagger UI from our own static files (no CDN).
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First: the request's ID, its one log line and its metrics cover everything below.
    "tamkeen.core.requestlog.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tamkeen.portal.middleware.BeneficiarySessionMiddleware",
    "tamkeen.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The 30-minute idle limit and the second factor owed after the password (tamkeen.accounts.middleware).
    "tamkeen.accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tamkeen.api.middleware.ApiMiddleware",
    "tamkeen.core.replica.ReplicaReadsMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The load test's fallback for the slowest queries when PostgreSQL has no pg_stat_statements (tamkeen.core.querystats).
TAMKEEN_QUERY_STATS_DIR = os.environ.get("TAMKEEN_QUERY_STATS_DIR", "")
if TAMKEEN_QUERY_STATS_DIR:
    MIDDLEWARE.insert(1, "tamkeen.core.querystats.QueryStatsMiddleware")

# `tamkeen kpi` and the other light commands (tamkeen.cli.LIGHT_COMMANDS) serve no page: they start without
# django-ninja, whose import (pydantic and the whole API framework) is most of a cold start, and, writing
# nothing, without the home queues' save signals (tamkeen.core.queue_cache).
TAMKEEN_WATCH_QUEUES = True
if env_bool("TAMKEEN_CLI_LIGHT", False):
    INSTALLED_APPS.remove("ninja")
    TAMKEEN_WATCH_QUEUES = False

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tamkeen.core.context_processors.navigation",
            ],
            "builtins": ["tamkeen.core.templatetags.tamkeen"],
        },
    }
]

# SQLite (WAL) by default so the demo needs nothing installed; PostgreSQL through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("TAMKEEN_SQLITE_PATH", str(VAR_DIR / "tamkeen.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": os.environ.get("TAMKEEN_SQLITE_TEST_PATH") or None},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TAMKEEN_PG_TEST_NAME")
# A read replica for reports and the partner API's reads (tamkeen.core.replica); tests mirror it onto default.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Planner settings for every PostgreSQL session of the application (its pages answer in milliseconds): JIT
# compiles a plan whose estimate crosses jit_above_cost and spent ~20 ms of a 38 ms home-page count doing so;
# random_page_cost 4 prices an index lookup for a spinning disk and made the planner walk a 5-million-row index
# in order (a merge join) rather than look up a few thousand rows (SSD and a cached working set: 1.1).
TAMKEEN_PG_SESSION_OPTIONS = os.environ.get(
    "TAMKEEN_PG_SESSION_OPTIONS", "-c jit=off -c random_page_cost=1.1"
)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and TAMKEEN_PG_SESSION_OPTIONS:
        _database.setdefault("OPTIONS", {})["options"] = TAMKEEN_PG_SESSION_OPTIONS
DATABASE_ROUTERS = ["tamkeen.core.replica.ReplicaRouter"]
# URL namespaces whose GETs read from the replica (the partner API's /api/v1/ always does).
TAMKEEN_REPLICA_NAMESPACES = env_list("TAMKEEN_REPLICA_NAMESPACES", "reports")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve the figures on PostgreSQL; SQLite builds the same index without the extra
# columns, which is correct, just not covering.
SILENCED_SYSTEM_CHECKS = [
    "models.W040",
    # axes suggests locking by address too; the contract locks by username alone (see AXES_LOCKOUT_PARAMETERS).
    "axes.W006",
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (contracts/security.md rule 1): 10 failures for one username from any address within
# 15 minutes lock that username for 15 minutes. django-axes does the plumbing; tamkeen.accounts.lockout decides.
AUTHENTICATION_BACKENDS = [
    "tamkeen.accounts.lockout.SignInLockoutBackend",
    # Passwords; partner staff only while their entity takes part (a suspension ends their sessions).
    "tamkeen.accounts.backends.StaffBackend",
    # Beneficiaries have no passwords: the portal's identity providers log them in with this backend named.
    "tamkeen.portal.backends.PortalBackend",
]
AXES_HANDLER = "tamkeen.accounts.lockout.SignInLockoutHandler"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
TAMKEEN_SIGNIN_FAILURE_WINDOW = timedelta(minutes=15)
# By username only, as the contract says: an attacker rotating addresses must not escape the count.
AXES_LOCKOUT_PARAMETERS = ["username"]
# Attempts refused during a lockout do not extend it, so it ends fifteen minutes after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tamkeen.accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit trail and the user's sessions list
AXES_VERBOSE = False

# Staff second factor (security rule 2): every staff role in production; elsewhere those who enrolled.
TAMKEEN_REQUIRE_SECOND_FACTOR = env_bool("TAMKEEN_REQUIRE_SECOND_FACTOR", IS_PRODUCTION)
OTP_TOTP_ISSUER = "Tamkeen"
# Staff sessions end after 30 minutes without a request (security rule 7).
TAMKEEN_IDLE_TIMEOUT = timedelta(minutes=30)
PASSWORD_RESET_TIMEOUT = 60 * 60
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Tamkeen <no-reply@tamkeen.invalid>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic first, English second.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "tamkeen_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Outside production WhiteNoise serves static files straight from the apps, so the demo (DEBUG off) needs no
# collectstatic; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
# Uploaded and generated files (rolls, consent scans, reports, photos) are private: kept outside every served
# directory under unguessable names, and sent only by views that check access (tamkeen.core.files).
PRIVATE_FILES_ROOT = Path(os.environ.get("TAMKEEN_PRIVATE_FILES_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "tamkeen.core.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The jobs `tamkeen daily` enqueues once a day (cron in production; the demo runs them itself), in order.
TAMKEEN_DAILY_TASKS = [
    # Referrals an entity did not answer in time expire, and their offices are told.
    "tamkeen.referrals.tasks.expire_overdue_referrals",
    # Members whose referral expires within two days without an answer are told, once.
    "tamkeen.referrals.tasks.warn_expiring_referrals",
    # Plan actions past their due date are marked overdue on the caseloads.
    "tamkeen.cases.tasks.mark_overdue_actions",
    # Productive-family certificates close to expiry remind their case workers.
    "tamkeen.enterprises.tasks.send_certificate_renewal_reminders",
    # Webhook deliveries whose deferred retry was lost are attempted (the task queue normally defers them).
    "tamkeen.webhooks.tasks.deliver_due_webhooks",
    # Expired API tokens and day-old idempotency answers are deleted.
    "tamkeen.api.tasks.purge_expired_api_records",
    # Members with an appointment tomorrow are reminded once.
    "tamkeen.appointments.tasks.send_appointment_reminders",
    # Messages left behind by a crashed worker (or on a task backend that cannot defer) are sent.
    "tamkeen.notifications.tasks.send_due_messages",
    # The retention schedule: expired files deleted, people of long-closed cases anonymised (privacy).
    "tamkeen.privacy.tasks.apply_retention_schedule",
    # Unanswered grievances past their service-level time go up to the supervisor, then the manager.
    "tamkeen.grievances.tasks.escalate_late_grievances",
    # Tasks a dead worker left running are failed and their imports closed (cron also runs
    # `tamkeen reclaim-tasks` every few minutes; this is the floor).
    "tamkeen.core.tasks.reclaim_stale_tasks",
    # The audit trail's coming months get their partitions ahead (PostgreSQL; a no-op on SQLite).
    "tamkeen.audit.tasks.create_audit_partitions",
]

# Long jobs (imports, linkage, matching, exports) run on a worker, never inside a request.
# The same database backend serves the demo (SQLite) and production (PostgreSQL, SKIP LOCKED);
# start workers with `tamkeen worker` (heartbeats, time limits) and run `tamkeen reclaim-tasks` from cron.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TAMKEEN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {
    "default": (
        {"BACKEND": "tamkeen.core.rediscache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Messages to members and partners: SMTP (or a gateway) in production; outside it one file per message under
# the outbox folder beside sms.jsonl (var/outbox/email/), so the demo's console shows requests, not mail bodies.
_DEV_MAIL_DIR = Path(os.environ.get("TAMKEEN_OUTBOX_DIR") or BASE_DIR / "var" / "outbox") / "email"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if IS_PRODUCTION
            else "django.core.mail.backends.filebased.EmailBackend",
        ),
        "OPTIONS": (
            {"host": os.environ.get("DJANGO_EMAIL_HOST", "localhost")}
            if IS_PRODUCTION
            else {"file_path": str(_DEV_MAIL_DIR)}
        ),
    }
}

# Content Security Policy: every asset is ours, nothing from a CDN.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Every request reads its session. With Redis as the shared cache it is read from there (cached_db: written to
# both, the database row surviving a cache restart), so a page no longer queries django_session. Without Redis
# each process's own memory would still hold a session another process has ended (a sign-out, "sign out
# everywhere"), so sessions stay in the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Every line carries the request's (or task's) ID and is redacted (tamkeen.core.requestlog): one JSON object a
# line in production, a readable line in the demo.
TAMKEEN_LOG_FORMAT = os.environ.get("TAMKEEN_LOG_FORMAT", "json" if IS_PRODUCTION else "text")
if TAMKEEN_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("TAMKEEN_LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "tamkeen.core.requestlog.JsonFormatter"},
        "text": {"()": "tamkeen.core.requestlog.TextFormatter"},
    },
    "filters": {
        # A 403 or 404 is one line (who asked for what); tracebacks only for server errors.
        "client_errors_in_one_line": {"()": "tamkeen.core.logfilters.ClientErrorsWithoutTraceback"},
        # A task is one line, when it ends.
        "one_line_per_task": {"()": "tamkeen.core.logfilters.OneLinePerTask"},
        "request_id": {"()": "tamkeen.core.requestlog.RequestIdFilter"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "client_errors_in_one_line", "one_line_per_task"],
            "formatter": TAMKEEN_LOG_FORMAT,
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("TAMKEEN_LOG_LEVEL", "WARNING")},
    # One line per request (and per task enqueued) in production; the demo's server already prints its own.
    "loggers": {
        "tamkeen.request": {
            "level": os.environ.get("TAMKEEN_REQUEST_LOG_LEVEL", "INFO" if IS_PRODUCTION else "WARNING")
        }
    },
}

# /metrics/ (tamkeen.core.metrics): Prometheus with this bearer token, or from these addresses; 404 otherwise.
TAMKEEN_METRICS_TOKEN = os.environ.get("TAMKEEN_METRICS_TOKEN", "")
TAMKEEN_METRICS_ALLOWED_IPS = env_list("TAMKEEN_METRICS_ALLOWED_IPS")
TAMKEEN_METRICS_COLLECTORS = [
    "config.metrics.task_queue",
    "config.metrics.roll_imports",
    "config.metrics.outbox",
]

# Partner API: requests a minute per client (a client may carry its own limit) and bearer token lifetime.
TAMKEEN_API_REQUESTS_PER_MINUTE = int(os.environ.get("TAMKEEN_API_REQUESTS_PER_MINUTE", "600"))
TAMKEEN_API_TOKEN_SECONDS = int(os.environ.get("TAMKEEN_API_TOKEN_SECONDS", "3600"))

# Case workers see their office's households, or only their own caseload when this is on.
TAMKEEN_CASEWORKER_SCOPE = os.environ.get("TAMKEEN_CASEWORKER_SCOPE", "office")

# Messages to people (tamkeen.notifications, docs/messages.md). SMS goes to a JSON-lines file outside production.
TAMKEEN_SMS_BACKEND = os.environ.get("TAMKEEN_SMS_BACKEND", "http" if IS_PRODUCTION else "file")
if TAMKEEN_SMS_BACKEND not in {"file", "http", "console"}:
    raise ImproperlyConfigured("TAMKEEN_SMS_BACKEND must be file, http or console.")
TAMKEEN_OUTBOX_DIR = os.environ.get("TAMKEEN_OUTBOX_DIR", "")
TAMKEEN_SMS_HTTP = {
    "URL": os.environ.get("TAMKEEN_SMS_HTTP_URL", ""),
    "TOKEN": os.environ.get("TAMKEEN_SMS_HTTP_TOKEN", ""),
    "USERNAME": os.environ.get("TAMKEEN_SMS_HTTP_USERNAME", ""),
    "PASSWORD": os.environ.get("TAMKEEN_SMS_HTTP_PASSWORD", ""),
    "SENDER": os.environ.get("TAMKEEN_SMS_SENDER", "Tamkeen"),
    # JSON with {to}, {body}, {sender}, {key} and {user} placeholders inside its strings.
    "BODY_TEMPLATE": os.environ.get(
        "TAMKEEN_SMS_HTTP_BODY",
        '{"to": "{to}", "from": "{sender}", "text": "{body}", "reference": "{key}"}',
    ),
    "STRIP_PLUS": env_bool("TAMKEEN_SMS_HTTP_STRIP_PLUS", False),
    "TIMEOUT": os.environ.get("TAMKEEN_SMS_HTTP_TIMEOUT", "10"),
}
# SMS wait for the morning (local time); sign-in codes do not.
TAMKEEN_QUIET_HOURS = os.environ.get("TAMKEEN_QUIET_HOURS", "21:00-08:00")
TAMKEEN_MESSAGE_MAX_ATTEMPTS = int(os.environ.get("TAMKEEN_MESSAGE_MAX_ATTEMPTS", "6"))

# The beneficiary portal (docs/portal.md): how people prove who they are, and its session's idle limit.
TAMKEEN_IDENTITY_PROVIDERS = {"otp": {"CLASS": "tamkeen.portal.identity.OneTimeCodeProvider"}}
if os.environ.get("TAMKEEN_OIDC_ISSUER"):
    TAMKEEN_IDENTITY_PROVIDERS["sso"] = {
        "CLASS": "tamkeen.portal.identity.OpenIDConnectProvider",
        "LABEL": os.environ.get("TAMKEEN_OIDC_LABEL", ""),
        "ISSUER": os.environ["TAMKEEN_OIDC_ISSUER"],
        "CLIENT_ID": os.environ.get("TAMKEEN_OIDC_CLIENT_ID", ""),
        "CLIENT_SECRET": os.environ.get("TAMKEEN_OIDC_CLIENT_SECRET", ""),
        "SCOPES": os.environ.get("TAMKEEN_OIDC_SCOPES", "openid"),
        "NATIONAL_ID_CLAIM": os.environ.get("TAMKEEN_OIDC_NATIONAL_ID_CLAIM", "national_id"),
    }
TAMKEEN_PORTAL_IDLE_MINUTES = 30
# A code request is answered after this long whatever the ID, so timing never tells whether it exists.
TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS = float(os.environ.get("TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS", "0.8"))
