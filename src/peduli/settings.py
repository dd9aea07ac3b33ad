"""Peduli settings: one module, every value from the environment (12-factor).

Nothing here is edited per deployment; set environment variables (or a `.env`
file beside `pyproject.toml`, see `.env.example`) instead.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="peduli-insecure-development-key-change-me" if DEBUG else "",
)
if not SECRET_KEY:
    # A missing key in production must stop the start, not sign sessions with a
    # key published in this repository.
    raise environ.ImproperlyConfigured("SECRET_KEY wajib diisi saat DEBUG mati.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The region this instance serves: a regency (33.24), a province (33) or the
# whole nation (empty string). PEDULI_REGENCY is its old name, still read.
PEDULI_REGION = env.str("PEDULI_REGION", default=env.str("PEDULI_REGENCY", default="33.24"))
PEDULI_INSTANCE_NAME = env.str("PEDULI_INSTANCE_NAME", default="Pemerintah Kabupaten Kendal")
# The letterhead of PDF documents.
PEDULI_OFFICE_NAME = env.str("PEDULI_OFFICE_NAME", default="Dinas Perindustrian dan Tenaga Kerja")
PEDULI_OFFICE_ADDRESS = env.str("PEDULI_OFFICE_ADDRESS", default="Kendal, Jawa Tengah")
# Who signs the recaps (name, NIP) and where; the open data's licence.
PEDULI_OFFICE_HEAD_NAME = env.str("PEDULI_OFFICE_HEAD_NAME", default="")
PEDULI_OFFICE_HEAD_NIP = env.str("PEDULI_OFFICE_HEAD_NIP", default="")
PEDULI_SIGNING_PLACE = env.str("PEDULI_SIGNING_PLACE", default="")
PEDULI_OPEN_DATA_LICENSE = env.str(
    "PEDULI_OPEN_DATA_LICENSE", default="CC BY 4.0 (Creative Commons Atribusi 4.0 Internasional)"
)
# Open data publishes no count of people below this (reporting/exports/small_cells.py).
PEDULI_OPEN_DATA_MIN_CELL = env.int("PEDULI_OPEN_DATA_MIN_CELL", default=5)
# The month whose actual coverage starts the target trajectory (the movement's
# published baseline: June 2025, 4.19%).
PEDULI_TARGET_BASELINE_MONTH = env.str("PEDULI_TARGET_BASELINE_MONTH", default="2025-06")
# Agencies report a month by this day of the following month.
PEDULI_REPORT_DEADLINE_DAY = env.int("PEDULI_REPORT_DEADLINE_DAY", default=10)
# …moved to the next working day when that day is a weekend or a day off.
PEDULI_REPORT_DEADLINE_WORKING_DAY = env.bool("PEDULI_REPORT_DEADLINE_WORKING_DAY", default=True)
# `peduli scheduler` reminds agencies that have not reported last month from
# this many days before the deadline on, once a day.
PEDULI_REPORT_REMINDER_DAYS_BEFORE = env.int("PEDULI_REPORT_REMINDER_DAYS_BEFORE", default=3)

# Hostile files (ADR 0015). Every request body — a page's upload or the
# API's — is refused beyond this before it is parsed.
mebibyte = 1024 * 1024
PEDULI_UPLOAD_MAX_BYTES = env.int("PEDULI_UPLOAD_MAX_MB", default=20) * mebibyte
# What an imported file may hold, checked before it is parsed: data rows and
# columns (csv, and every worksheet's declared dimension), the archive's
# inflated size, any entry's compression ratio and its number of entries.
PEDULI_IMPORT_MAX_ROWS = env.int("PEDULI_IMPORT_MAX_ROWS", default=2_000_000)
PEDULI_IMPORT_MAX_COLUMNS = env.int("PEDULI_IMPORT_MAX_COLUMNS", default=100)
PEDULI_IMPORT_MAX_INFLATED_BYTES = env.int("PEDULI_IMPORT_MAX_INFLATED_MB", default=200) * mebibyte
PEDULI_IMPORT_MAX_RATIO = env.int("PEDULI_IMPORT_MAX_RATIO", default=100)
PEDULI_IMPORT_MAX_ENTRIES = env.int("PEDULI_IMPORT_MAX_ENTRIES", default=1_000)
# The reader process that parses the file: its address-space limit and how
# long it may take.
PEDULI_IMPORT_READER_MEMORY_BYTES = env.int("PEDULI_IMPORT_READER_MEMORY_MB", default=1_536) * mebibyte
PEDULI_IMPORT_READER_TIMEOUT = env.int("PEDULI_IMPORT_READER_TIMEOUT", default=600)
# A running import beats every few seconds; silent this long, its worker died.
PEDULI_IMPORT_STALE_AFTER = env.int("PEDULI_IMPORT_STALE_AFTER", default=300)
# Runs a batch may start (the first and its retries): one that keeps killing
# its worker is not run again.
PEDULI_IMPORT_MAX_ATTEMPTS = env.int("PEDULI_IMPORT_MAX_ATTEMPTS", default=2)
# Rejected rows kept per batch (the rest are counted, not stored).
PEDULI_IMPORT_REJECTED_KEPT = env.int("PEDULI_IMPORT_REJECTED_KEPT", default=1_000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "peduli.core",
    "peduli.regions",
    "peduli.accounts",
    "peduli.agencies",
    "peduli.users",
    "peduli.imports",
    "peduli.workers",
    "peduli.sponsorships",
    "peduli.ledger",
    "peduli.notifications",
    "peduli.bpjs",
    "peduli.reporting",
    "peduli.planner",
    "peduli.api",
    "peduli.demo",
    "peduli.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language chosen with the switch, never the browser's (core.language).
    "peduli.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peduli.accounts.sessions.SessionSeenMiddleware",
    # Refuses a NIK in a URL before anything logs the URL; then logs every
    # read of personal data by whatever runs below (ADR 0018).
    "peduli.core.identity_in_urls.IdentityInUrlMiddleware",
    "peduli.core.personal_data.PersonalDataAccessMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peduli.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view, parser or CSRF check reads a body (it needs the user
    # only to draw its page).
    "peduli.core.uploads.UploadLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page for a bare 405 (require_POST) or 429 outside the API.
    "peduli.site.errors.ErrorPageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

# The first handler counts an upload's bytes as they stream in (core.uploads).
FILE_UPLOAD_HANDLERS = [
    "peduli.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "peduli.urls"
WSGI_APPLICATION = "peduli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peduli.site.context_processors.shell",
            ],
        },
    },
]
FORM_RENDERER = "peduli.core.forms.BootstrapFormRenderer"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'var' / 'peduli.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend with row values, so long prefetches stay one IN list.
    DATABASES["default"]["ENGINE"] = "peduli.core.sqlite3"
    # WAL lets the task worker write while the web process reads; the busy
    # timeout makes a writer wait for the other instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file, not memory, so a second process (a killed import) can share it.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("TEST_DATABASE_NAME", default=str(PROJECT_DIR / "var" / "test-peduli.sqlite3"))
    }
    # The embedded default keeps its files in var/, which a fresh checkout lacks.
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
else:
    if env.str("TEST_DATABASE_NAME", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# A password-reset link by e-mail works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Login throttling: five failures for one username from one address lock
# that pair for 15 minutes, each further lock within a day twice as long
# (accounts/lockout.py), so a guessed NIP cannot be brute-forced.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
PEDULI_LOCKOUT_MINUTES = env.int("PEDULI_LOCKOUT_MINUTES", default=15)
# How long an activation code on a slip stays valid (users/onboarding.py).
PEDULI_ACTIVATION_CODE_DAYS = env.int("PEDULI_ACTIVATION_CODE_DAYS", default=30)
AXES_COOLOFF_TIME = "peduli.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A failed try while locked does not restart the wait (nobody keeps a lock
# alive for ever); the lock is per username and address, so someone trying
# a real user's name from elsewhere locks only themselves.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The address is the client's as the trusted reverse proxy saw it
# (accounts/client_address.py), never a header the client wrote.
AXES_CLIENT_IP_CALLABLE = "peduli.accounts.client_address.client_address"
PEDULI_TRUSTED_PROXIES = env.list("PEDULI_TRUSTED_PROXIES", default=[])
AXES_VERBOSE = False

# Cookies are always HttpOnly and SameSite; they are also Secure unless the
# operator says the instance is served over plain HTTP (only `make run` does).
PEDULI_HTTPS = env.bool("PEDULI_HTTPS", default=True)
# Two-factor login (TOTP) for the roles that change money or personal data in
# bulk (accounts/two_factor.py): on wherever Peduli is served over HTTPS.
PEDULI_TWO_FACTOR = env.bool("PEDULI_TWO_FACTOR", default=PEDULI_HTTPS)
OTP_TOTP_ISSUER = "Peduli"
SESSION_COOKIE_SECURE = PEDULI_HTTPS
CSRF_COOKIE_SECURE = PEDULI_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "peduli.site.errors.csrf_failure"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from Peduli's own files (no inline script or handler, no eval:
# pages ask for behaviour by data attributes, core/static/core/behaviours.js);
# inline styles stay allowed (Leaflet and Chart.js position by style). Images
# may be data: URLs (the favicon, Bootstrap's icons, Chart.js's downloads).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PEDULI_HTTPS and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain HTTP is sent to HTTPS, except the load balancer's health check.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]
    # Browsers remember to use HTTPS only: a year in production (.env.example);
    # 0 until the site is known to work over HTTPS, since it cannot be undone.
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# Not on the browsers' HSTS preload list: it binds the whole registered domain
# (a government's .go.id) and takes months to leave; a regency's IT office
# decides that, not Peduli.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's cookie (core.language): a year, like Django's default,
# sent only where the session cookie may go.
LANGUAGE_COOKIE_NAME = "peduli_language"
LANGUAGE_COOKIE_SECURE = PEDULI_HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=PROJECT_DIR / "var" / "static")
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end libraries come from the npm registry (package.json); only their
# distribution folders are published as static files.
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=PROJECT_DIR / "var" / "media")

# A cache every process of the instance shares (import progress lives there):
# files beside the SQLite database by default; Redis in production, e.g.
# CACHE_URL=rediscache://127.0.0.1:6379/1
shared_cache_url = env.str("CACHE_URL", default=f"filecache://{PROJECT_DIR / 'var' / 'cache'}")
CACHES = {
    "default": env.cache_url_config(shared_cache_url),
    # Where the API's rate limits count requests: the shared cache unless
    # THROTTLE_CACHE_URL says otherwise (the tests keep it in each process's
    # memory, so parallel test processes do not count each other's requests).
    "throttle": env.cache_url("THROTTLE_CACHE_URL", default=shared_cache_url),
}

# /sehat/ answers 503 when the task worker or the scheduler has not beaten
# for this long, or a task has waited this long on the queue.
PEDULI_HEARTBEAT_STALE_SECONDS = env.int("PEDULI_HEARTBEAT_STALE_SECONDS", default=300)
PEDULI_QUEUE_WAIT_LIMIT_SECONDS = env.int("PEDULI_QUEUE_WAIT_LIMIT_SECONDS", default=900)
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notifications go to the in-app inbox and to this backend as well: the console
# by default; peduli.notifications.backends.EmailBackend sends mail through
# EMAIL_URL (an SMS gateway is one more backend class).
NOTIFICATION_BACKEND = env.str("NOTIFICATION_BACKEND", default="peduli.notifications.backends.ConsoleBackend")
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="peduli@localhost")

# How a sponsor pays: shown on the civil servant's own page and on statements.
PAYMENT_INSTRUCTIONS = env.str(
    "PAYMENT_INSTRUCTIONS",
    default="Transfer ke rekening Bank Jateng 1-234-56789-0 a.n. RKUD Gerakan Peduli, berita: NIP Anda; "
    "atau minta bendahara OPD memotong gaji setiap bulan.",
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: a refused token answers 401 with WWW-Authenticate.
        "peduli.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "peduli.api.parsers.JSONParser",
        "peduli.api.parsers.FormParser",
        "peduli.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "peduli.api.pagination.PeduliPagination",
    "DEFAULT_FILTER_BACKENDS": ["peduli.api.filtering.SearchFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "peduli.api.errors.exception_handler",
    # Per user and scope (`peduli.api.throttling.ScopedThrottle`): the API's
    # answers about a person by a number typed in, so trying NIKs stays slow.
    "DEFAULT_THROTTLE_RATES": {
        "user": "2000/hour",
        "sponsorship_start": env.str("PEDULI_THROTTLE_SPONSORSHIP_START", default="30/min"),
        "nik_check": env.str("PEDULI_THROTTLE_NIK_CHECK", default="60/min"),
        # POST /api/v1/auth/token/, per client address (accounts.api.LoginThrottle).
        "login": env.str("PEDULI_THROTTLE_LOGIN", default="10/min"),
    },
}
# API tokens (django-rest-knox): stored hashed, valid for PEDULI_API_TOKEN_DAYS,
# at most ten per user, revoked one by one or all at once, refused once the
# user's password changes (accounts/tokens.py).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("PEDULI_API_TOKEN_DAYS", default=30)),
    "TOKEN_LIMIT_PER_USER": 10,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Peduli API",
    "DESCRIPTION": "API Peduli — Gerakan ASN Peduli Pekerja Rentan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"/"reason"/"kind" choice: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "WorkerStatusEnum": "peduli.workers.models.Worker.Status",
        "WorkerEndReasonEnum": "peduli.workers.models.Worker.EndReason",
        "DuplicateFlagStatusEnum": "peduli.workers.models.DuplicateFlag.Status",
        "ImportBatchStatusEnum": "peduli.imports.models.ImportBatch.Status",
        "CivilServantEndReasonEnum": "peduli.agencies.models.CivilServant.EndReason",
        "AgencyKindEnum": "peduli.agencies.models.Agency.Kind",
        "SponsorKindEnum": "peduli.sponsorships.models.Sponsor.Kind",
        "SponsorshipEndReasonEnum": "peduli.sponsorships.models.Sponsorship.EndReason",
        "PaymentMethodEnum": "peduli.ledger.models.Payment.Method",
        "RemittanceStatusEnum": "peduli.ledger.models.Remittance.Status",
        "ClaimKindEnum": "peduli.bpjs.models.Claim.Kind",
        "ClaimStatusEnum": "peduli.bpjs.models.Claim.Status",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
