"""Settings of the expo management system, read from the environment only.

Nothing here falls back silently to a development setup: the embedded defaults (SQLite,
a filesystem broker, DEBUG) come from the Makefile's environment, see README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Mounts /bench/floor, the trivial view the benchmark (make bench) compares pages with.
EXPO_BENCH = env.bool("EXPO_BENCH", default=False)
SECRET_KEY = env("SECRET_KEY")
if not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "expo.apps.ExpoConfig",
    "exhibitors.apps.ExhibitorsConfig",
    "events.apps.EventsConfig",
    "delegations.apps.DelegationsConfig",
    "projects.apps.ProjectsConfig",
    "matchmaking.apps.MatchmakingConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_celery_beat",
    "django_celery_results",
    "django_otp",
    "expo.apps.TOTPConfig",  # django_otp.plugins.otp_totp, its names translated
    "expo.apps.AxesConfig",  # axes, its name translated
    "csp",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "expo.i18n.StaffLanguagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.htmx: whether a request came from htmx (partial answers, Vary: HX-Request).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "expo.security.RejectNullCharactersMiddleware",
    "expo.dates.AdminDateDrillDownMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "expo.accounts.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "expo.edition_guard.DomainErrorMiddleware",
    "expo.security.SessionLifetimeMiddleware",
    "expo.security.StaffTwoFactorMiddleware",
    "expo.security.NoStoreForUsersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "expo.urls"
WSGI_APPLICATION = "expo.wsgi.application"

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
                "expo.context_processors.navigation",
                "expo.context_processors.languages",
            ],
        },
    },
]

# Database ------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A write waits at most this long for a row another write holds (expo.locking.lock_rows), then
# the person is told "someone else is changing this right now; please try again" (409).
LOCK_TIMEOUT_MS = env.int("LOCK_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: wait for locks instead of
    # failing, and let readers go on while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a Celery worker started by a test sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}.test"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "expo.User"

# Authentication ------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Sessions: SESSION_COOKIE_AGE is the absolute lifetime from the login, SESSION_IDLE_SECONDS
# the longest pause between two requests (expo.security.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Failed logins (django-axes): locked per (user name, address) after AXES_FAILURE_LIMIT
# failures for AXES_COOLOFF_MINUTES, so one address cannot lock a user out everywhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "expo.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "expo.security.client_ip"
# Behind N reverse proxies of ours, the client address is taken from X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Rate limits of public forms (expo.ratelimit) count in the cache under this prefix.
RATELIMIT_CACHE_PREFIX = env("RATELIMIT_CACHE_PREFIX", default="expo:ratelimit")
# Figures over a whole edition (check-in, exhibition, invitations by unit) are counted at most
# once per this many seconds for every web process (expo.figures_cache); 0 counts every time.
FIGURES_REFRESH_SECONDS = env.int("FIGURES_REFRESH_SECONDS", default=30)
# Organizers' pages kept per session while the tables they show do not change
# (expo.kept_pages); what a write outside Django changes shows after at most this long. 0: off.
KEPT_PAGES_SECONDS = env.int("KEPT_PAGES_SECONDS", default=60)
FIGURES_CACHE_PREFIX = env("FIGURES_CACHE_PREFIX", default="figures")
# Two-factor login of organizers (django-otp, TOTP).
OTP_TOTP_ISSUER = "China-Northeast Asia Expo"
# Each role lands on its work (expo.views.workspace).
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation ------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
# Each language in its own name (the switcher shows these). Russian, Japanese, Korean and
# Mongolian (Cyrillic) are for the pages foreign people see; the organizers' pages and the
# member units' portal speak Chinese and English only (expo.i18n.StaffLanguagesMiddleware).
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
    ("ru", "Русский"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("mn", "Монгол"),
]
STAFF_LANGUAGES = ("zh-hans", "en")
# Pages under these prefixes are shown in STAFF_LANGUAGES only; another language falls back
# to STAFF_FALLBACK_LANGUAGE there.
STAFF_LANGUAGE_PATHS = ("/staff/", "/portal/", "/admin/", "/accounts/two-factor/")
STAFF_FALLBACK_LANGUAGE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own date and number formats where Django's do not match a locale's usage: Mongolian
# (year first, 24 hours) and English dates in one format everywhere (expo/formats/).
FORMAT_MODULE_PATH = ["expo.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static and media files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploads and generated reports: files under MEDIA_ROOT (the embedded default), or, with
# AWS_STORAGE_BUCKET_NAME set, a private bucket of an S3-compatible object store that every web
# machine and worker shares (expo/storage.py). The keys are read by boto3 from the environment
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or the machine's role, never
# kept in settings; files are still served only through expo.media_views.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "expo.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph, ...; empty: AWS
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for most non-AWS
            "location": env("AWS_LOCATION", default=""),  # a prefix inside the bucket
            "max_memory_size": env.int("AWS_S3_MAX_MEMORY_SIZE", default=2 * 1024 * 1024),
        },
    }
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Email ---------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="expo@localhost")
# Where people reach the site: links in mails sent by workers (no request to ask).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds a connection to the mail server may block (connect, each command): a server that
# hangs fails the sending task, which is retried, instead of holding its worker for ever.
# Every mail is sent by a Celery task, never in a request.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Security ------------------------------------------------------------------------------

# HTTPS=false is for a developer's machine and the test suite only.
HTTPS = env.bool("HTTPS", default=True)
# A proxy's header is believed only behind proxies of ours: with none, anyone could send it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT > 0 else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere, admin included (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Celery --------------------------------------------------------------------------------

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured("Set CELERY_BROKER_URL (or REDIS_URL).")
REDIS_URL = env("REDIS_URL", default="")
# With Redis, sessions are read from the cache and written through to the database
# (cached_db), and rendered fragments (the public programme) are shared by every process.
# The embedded setup (no Redis) keeps database sessions and a per-process memory cache.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "expo.redis_cache.RedisCache",  # Django's, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "expo",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_folder = Path(env("CELERY_BROKER_FOLDER", default=str(BASE_DIR / "var" / "broker")))
    for _sub in ("queue", "processed", "control"):
        (_broker_folder / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "processed_folder": str(_broker_folder / "processed"),
        "control_folder": str(_broker_folder / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = 60 * 60 * 24 * 30
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every task is stopped after CELERY_TASK_TIME_LIMIT seconds (its worker process is killed and
# replaced) and warned CELERY_TASK_SOFT_TIME_LIMIT seconds in (SoftTimeLimitExceeded, so that
# it can give up cleanly); imports set their own, longer limits (IMPORT_TASK_TIME_LIMIT).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT - 60)
if not 0 < CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be positive and below CELERY_TASK_TIME_LIMIT.")
CELERY_TIMEZONE = TIME_ZONE

# The periodic tasks, all of them, here and nowhere else: beat (django-celery-beat's database
# scheduler) writes these entries into its tables at start, where a superuser may pause one in
# the admin; nothing else (data migrations, code) defines periodic tasks. Intervals in seconds.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Exhibition: booth holds past their EXHIBITORS_HOLD_MINUTES are released.
    "exhibitors.release_expired_holds": {
        "task": "exhibitors.release_expired_holds",
        "schedule": env.int("EXHIBITORS_RELEASE_EVERY_SECONDS", default=300),
    },
    # Protocol: reminders about invitations unanswered after DELEGATIONS_REMINDER_DAYS.
    "delegations.remind_unanswered_invitations": {
        "task": "delegations.remind_unanswered_invitations",
        "schedule": env.int("DELEGATIONS_REMIND_EVERY_SECONDS", default=6 * 60 * 60),
    },
    # Matchmaking: reminders MATCHMAKING_REMIND_HOURS before a meeting.
    "matchmaking.send_meeting_reminders": {
        "task": "matchmaking.send_meeting_reminders",
        "schedule": env.int("MATCHMAKING_REMIND_EVERY_SECONDS", default=15 * 60),
    },
    # Committee: reminders before the monthly report deadline, overdue notices after it.
    "expo.send_report_reminders": {
        "task": "expo.send_report_reminders",
        "schedule": env.int("COMMITTEE_REMIND_EVERY_SECONDS", default=6 * 60 * 60),
    },
    # Reports: runs whose worker went silent are re-queued (REPORTS_STALE_AFTER_SECONDS).
    "expo.sweep_stale_report_runs": {
        "task": "expo.sweep_stale_report_runs",
        "schedule": env.int("REPORTS_SWEEP_EVERY_SECONDS", default=30),
    },
    # Beat's own sign of life for the staff dashboard (BEAT_MISSING_AFTER_SECONDS).
    "expo.beat_heartbeat": {
        "task": "expo.beat_heartbeat",
        "schedule": 60,
        "options": {"expire_seconds": 55},  # django_celery_beat's name for "expires"
    },
    # The weekly progress digest to COMMITTEE_MAILING_LIST, Monday 8:00 (TIME_ZONE).
    "expo.send_progress_digest": {
        "task": "expo.send_progress_digest",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
}

# Logging -------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes says hello at every start and narrates each login at INFO; failures and
    # lockouts are warnings.
    "loggers": {"axes": {"level": env("AXES_LOG_LEVEL", default="WARNING")}},
}

# The product ------------------------------------------------------------------------------

EXPO_SITE_NAME = _("China-Northeast Asia Expo")
AUTHENTICATION_BACKENDS = ["expo.security.ExpoAxesBackend", "expo.auth.ExpoModelBackend"]

# Exhibition: how long a booth stays held before it is released, and upload limits.
EXHIBITORS_HOLD_MINUTES = env.int("EXHIBITORS_HOLD_MINUTES", default=48 * 60)
EXHIBITORS_MAX_IMAGE_BYTES = env.int("EXHIBITORS_MAX_IMAGE_BYTES", default=2 * 1024 * 1024)
# Pictures larger than this many pixels are refused whatever their size in bytes: a small PNG
# can unpack into gigabytes (a decompression bomb).
UPLOADS_MAX_IMAGE_PIXELS = env.int("UPLOADS_MAX_IMAGE_PIXELS", default=40_000_000)
# Matchmaking: reminders this many hours before a meeting; online meetings last this long.
MATCHMAKING_REMIND_HOURS = env.int("MATCHMAKING_REMIND_HOURS", default=24)
MATCHMAKING_ONLINE_MINUTES = env.int("MATCHMAKING_ONLINE_MINUTES", default=30)
# A self-registered exhibitor may have the verification mail sent again this often a day.
EXHIBITOR_VERIFICATION_RESENDS_PER_DAY = env.int("EXHIBITOR_VERIFICATION_RESENDS_PER_DAY", default=5)
# A two-step enrolment link issued by a superuser works this many hours, once.
OTP_ENROLMENT_LINK_HOURS = env.int("OTP_ENROLMENT_LINK_HOURS", default=24)
# Public registration: at most (hits, seconds) per client address and per email address; an
# address already registered gets its link mailed again at most once in this many minutes.
EVENTS_REGISTRATION_PER_ADDRESS = (env.int("EVENTS_REGISTRATION_PER_ADDRESS", default=30), 10 * 60)
EVENTS_REGISTRATION_PER_EMAIL = (env.int("EVENTS_REGISTRATION_PER_EMAIL", default=5), 60 * 60)
EVENTS_KNOWN_EMAIL_MAIL_MINUTES = env.int("EVENTS_KNOWN_EMAIL_MAIL_MINUTES", default=15)

# Delegations: reminders for invitations without an answer after this many days.
DELEGATIONS_REMINDER_DAYS = env.int("DELEGATIONS_REMINDER_DAYS", default=7)
# Projects: member units register their pipeline in the portal from May 1 to August 31 of the
# edition's year ((month, day), (month, day)), as the committee asked.
PROJECTS_REGISTRATION_WINDOW = ((5, 1), (8, 31))

# Imports (CSV, XLSX): limits that keep a hostile file from holding a worker or its memory,
# set for legitimate files of a few hundred thousand rows (the 210,000 visitors of an edition).
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=200 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=300_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=10_000)
IMPORT_MAX_LINE_BYTES = env.int("IMPORT_MAX_LINE_BYTES", default=1024 * 1024)
IMPORT_MAX_BLANK_RUN = env.int("IMPORT_MAX_BLANK_RUN", default=1_000)
IMPORT_MAX_BLANK_ROWS = env.int("IMPORT_MAX_BLANK_ROWS", default=10_000)
# An XLSX is a zip: what its directory may declare before anything of it is decompressed.
IMPORT_XLSX_MAX_MEMBERS = env.int("IMPORT_XLSX_MAX_MEMBERS", default=200)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", default=400 * 1024 * 1024)
IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES = env.int("IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES", default=100 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
# openpyxl keeps every element of a sheet until the sheet ends: the cells are counted first.
IMPORT_XLSX_MAX_CELLS = env.int("IMPORT_XLSX_MAX_CELLS", default=3_000_000)
# Admin imports of files larger than this run as Celery tasks (on IMPORTS_QUEUE), each within
# a time limit and at most IMPORT_TASK_MEMORY_BYTES more memory than its worker had (0: none).
IMPORT_INLINE_MAX_BYTES = env.int("IMPORT_INLINE_MAX_BYTES", default=512 * 1024)
IMPORT_TASK_TIME_LIMIT = env.int("IMPORT_TASK_TIME_LIMIT", default=30 * 60)
IMPORT_TASK_MEMORY_BYTES = env.int("IMPORT_TASK_MEMORY_BYTES", default=2 * 1024 * 1024 * 1024)
IMPORTS_QUEUE = env("IMPORTS_QUEUE", default="celery")
# Office files attached to progress reports (DOCX, XLSX) are checked the same way (and the ratio).
UPLOADS_OFFICE_MAX_MEMBERS = env.int("UPLOADS_OFFICE_MAX_MEMBERS", default=1000)
UPLOADS_OFFICE_MAX_UNCOMPRESSED_BYTES = env.int("UPLOADS_OFFICE_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)

# Backups (expo/backup.py): encrypted with this key when it is set (32 bytes, URL-safe base64);
# a restore connects to this database of the server to create, rename and drop databases.
BACKUP_ENCRYPTION_KEY = env("BACKUP_ENCRYPTION_KEY", default="")
BACKUP_MAINTENANCE_DATABASE = env("BACKUP_MAINTENANCE_DATABASE", default="postgres")

# Executive committee: progress reports are monthly, due on this day of the month; units
# are reminded this many days before; attachments are at most this many bytes.
COMMITTEE_REPORT_DUE_DAY = env.int("COMMITTEE_REPORT_DUE_DAY", default=25)
COMMITTEE_REMIND_DAYS_BEFORE = env.int("COMMITTEE_REMIND_DAYS_BEFORE", default=3)
COMMITTEE_MAX_ATTACHMENT_BYTES = env.int("COMMITTEE_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)

# Executive committee reports: a run silent for this long has lost its worker (the sweeper
# re-queues it, and gives up after REPORTS_MAX_ATTEMPTS); the weekly progress digest goes to
# COMMITTEE_MAILING_LIST on Monday morning (Asia/Shanghai).
# A worker building a run beats every REPORTS_HEARTBEAT_SECONDS (a thread, whatever the step);
# a run silent for REPORTS_STALE_AFTER_SECONDS has lost its worker: its page says so at once,
# and the sweeper (every REPORTS_SWEEP_EVERY_SECONDS) re-queues it.
REPORTS_HEARTBEAT_SECONDS = env.float("REPORTS_HEARTBEAT_SECONDS", default=15.0)
REPORTS_STALE_AFTER_SECONDS = env.int("REPORTS_STALE_AFTER_SECONDS", default=90)
REPORTS_MAX_ATTEMPTS = env.int("REPORTS_MAX_ATTEMPTS", default=3)
REPORTS_STEP_DELAY_SECONDS = env.float("REPORTS_STEP_DELAY_SECONDS", default=0.0)  # tests only
# Reports may go to workers of their own (`celery worker -Q reports`); by default all share one.
REPORTS_QUEUE = env("REPORTS_QUEUE", default="celery")
COMMITTEE_MAILING_LIST = env.list("COMMITTEE_MAILING_LIST", default=["committee@localhost"])
# Beat's own sign of life for the staff dashboard: a task it sends every minute writes the time
# (expo.ServiceHeartbeat); older than BEAT_MISSING_AFTER_SECONDS means beat is not running.
# Workers are asked with a control ping (WORKER_PING_TIMEOUT_SECONDS, answer cached).
BEAT_MISSING_AFTER_SECONDS = env.int("BEAT_MISSING_AFTER_SECONDS", default=3 * 60)
WORKER_PING_TIMEOUT_SECONDS = env.float("WORKER_PING_TIMEOUT_SECONDS", default=0.5)
WORKER_PING_CACHE_SECONDS = env.int("WORKER_PING_CACHE_SECONDS", default=20)
