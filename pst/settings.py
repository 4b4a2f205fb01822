"""The one settings module. Every value that differs between machines comes from the
environment (or a `.env` file beside manage.py); `.env.example` documents each of them."""

import os
import re
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# pytest (>= 8.2) sets PYTEST_VERSION before it imports anything. The suite ignores a
# developer's .env so it runs the same everywhere; CI passes DATABASE_URL in the environment.
TESTING = "PYTEST_VERSION" in os.environ

env = environ.Env()
# PST_IGNORE_DOTENV lets the settings tests run manage.py as production would.
if (BASE_DIR / ".env").is_file() and not TESTING and not os.environ.get("PST_IGNORE_DOTENV"):
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"] if DEBUG else ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Knows who is signed in and which form was refused: the typed text is kept (trial Q3).
CSRF_FAILURE_VIEW = "pst.csrf_failure.csrf_failure"

INSTALLED_APPS = [
    "pst",
    "queueing",
    "consultations",
    "complaints",
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
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # Outermost, so that every answer carries the policy, the guards' refusals too.
    "csp.middleware.CSPMiddleware",
    # First: an oversized body is refused before anything reads it, malformed input before
    # any view, form or query sees it.
    "pst.guards.RequestSizeMiddleware",
    "pst.guards.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that may touch the database: kiosk, board and status pages
    # answer a database outage with a self-healing "reconnecting" page (pst/reconnect.py).
    "pst.reconnect.DeviceReconnectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # An htmx request whose session is gone: the whole page goes to the sign-in page.
    "pst.middleware.HtmxLoginRedirectMiddleware",
    "pst.middleware.MethodNotAllowedPageMiddleware",
    "pst.middleware.OfficeTimezoneMiddleware",
    "pst.middleware.PrivatePagesMiddleware",
    # A refused domain action no view handled: a message or a 409, never a 500 (pst/errors.py).
    "pst.errors.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pst.urls"
WSGI_APPLICATION = "pst.wsgi.application"

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
                "pst.context_processors.portal",
                "consultations.context_processors.consultations",
            ],
        },
    },
]

# SQLite is the zero-configuration default so a newcomer needs nothing but Python;
# production and CI set DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Tests close connections at once so the live server's thread leaves none open at teardown;
# the development server opens a thread per request, and kept connections would fill the
# database's (product trial F: "too many clients" under a burst). Gunicorn's workers keep
# theirs a minute.
DATABASES["default"]["CONN_MAX_AGE"] = (
    0 if TESTING or DEBUG else env.int("CONN_MAX_AGE", default=60)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds throttles (kiosk, verification resend): it must be shared by every gunicorn
# worker, so it lives in the database (`manage.py createcachetable`, run by `make run`) unless
# CACHE_URL points to Redis. Tests use memory.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://" if TESTING else "dbcache://pst_cache"
    ),
    # Each worker's own memory, for reads that every poll of a live page repeats and that may
    # be a minute old (today's opening hours on the display boards). Never for throttles.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pst-local"},
}

AUTH_USER_MODEL = "pst.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: a locked-out sign-in is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend that also checks a disabled account's password, so its owner is
    # told it is disabled (the form refuses the sign-in); its sessions still end.
    "pst.auth.PortalModelBackend",
]
# The test suite makes thousands of accounts: a deliberately slow hash there would only time
# the hash (about a third of a second each on a small VM). Everything else hashes as Django
# recommends.
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    # Django's validators, with texts from our catalogue ("kata sandi", pst/password_validation.py).
    {"NAME": "pst.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "pst.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "pst.password_validation.CommonPasswordValidator"},
    {"NAME": "pst.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "profile"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# A registered user stays signed in for a week on their own device: long enough to follow an
# answer due within 3 working days without signing in again, short enough that a forgotten
# browser does not stay open to their consultations for long (Django's default is two weeks).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 7)
# Staff (anyone with an office role, and admin accounts) work on shared office PCs and see
# other people's data: their session ends this many hours after signing in, about a working
# day, whatever they do meanwhile (set at sign-in, pst.receivers).
STAFF_SESSION_HOURS = env.float("STAFF_SESSION_HOURS", default=10)
# How long an email-verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=60 * 60 * 24 * 3)

# Failed-login throttling: the fifth wrong password for one account from one address locks
# that pair out for 15 minutes; other visitors and the account from elsewhere are unaffected.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "pst.auth.axes_username"
# Our page says until when the pause lasts, in the office's time (pst.views.locked_out).
AXES_LOCKOUT_CALLABLE = "pst.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# A try while locked out does not restart the pause: the lockout page says until when, and
# that moment must hold (django-axes' default restarts it on every try, so a person retrying
# before the time it named was locked out again). Still AXES_FAILURE_LIMIT tries per pause.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "pst.auth.client_ip"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Sign-in records (the address, IP address, browser and times of each sign-in and failed try)
# are kept this many days for security, then deleted by purge_personal_data; the privacy
# notice states it. They go at once with an account its owner deletes (pst.sign_in_records).
SIGN_IN_RECORD_DAYS = env.int("SIGN_IN_RECORD_DAYS", default=90)

# Indonesian first; English second. Entry URLs carry no language prefix because kiosks and
# TVs bookmark them: the language comes from the visitor's choice (cookie) or browser.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="id")
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates day first, clock times 09.30 (Django's are American).
FORMAT_MODULE_PATH = ["pst.formats"]
USE_I18N = True
USE_TZ = True
# The installation's default zone; every office page and computation uses the office's own.
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Makassar")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Tests and the live test server read assets from their sources.
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds the SMTP connection waits for the server at each step (connect, each command, the
# message): a server that accepts and never answers fails the attempt instead of holding the
# email worker for ever (product trial O, O2).
email_timeout = env.str("EMAIL_TIMEOUT", default="30").strip()
if not re.fullmatch(r"[0-9]{1,3}", email_timeout) or not 1 <= int(email_timeout) <= 600:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be a whole number of seconds, 1 to 600.")
EMAIL_TIMEOUT = int(email_timeout)
# An email the server could not take for a moment (connection refused or cut, a timeout, a
# 4xx answer, a refused sign-in) is tried again this many minutes after each failed attempt
# (database task backend: db_worker); after the last it is given up and logged at ERROR
# (`manage.py mail_status`, `resend_failed_mail`). Empty: never tried again.
retry_minutes = env.str("EMAIL_RETRY_MINUTES", default="1,5,15,60,240,720").split(",")
retry_minutes = [item.strip() for item in retry_minutes if item.strip()]
if len(retry_minutes) > 20 or not all(
    re.fullmatch(r"[0-9]{1,5}", item) and 1 <= int(item) <= 7 * 24 * 60 for item in retry_minutes
):
    raise ImproperlyConfigured(
        "EMAIL_RETRY_MINUTES: at most 20 whole numbers of minutes (1 to 10080), comma-separated."
    )
EMAIL_RETRY_MINUTES = [int(item) for item in retry_minutes]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PST Konsultasi <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it: the one source of every link in every email
# (verification, password reset, consultations, the SLA sweep). With DEBUG off,
# `manage.py check --deploy` refuses the default and any address that is not https
# (pst.checks).
SITE_URL_DEFAULT = "http://localhost:8000"
SITE_URL = env.str("SITE_URL", default=SITE_URL_DEFAULT).rstrip("/")

# Email and notifications leave the request through django-tasks: immediate in development
# and tests, the database backend with `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The office whose page `/` shows when the installation hosts several (its code, e.g. 6571).
DEFAULT_OFFICE = env.str("DEFAULT_OFFICE", default="")

# Walk-in queue. A kiosk (one client address) gets at most one ticket per interval and this
# many per minute, so a stuck button or a script cannot flood the queue; a busy lobby issues
# a few a minute.
KIOSK_MIN_INTERVAL_SECONDS = env.int("KIOSK_MIN_INTERVAL_SECONDS", default=2)
KIOSK_MAX_PER_MINUTE = env.int("KIOSK_MAX_PER_MINUTE", default=20)
KIOSK_MAX_PER_OFFICE_PER_MINUTE = env.int("KIOSK_MAX_PER_OFFICE_PER_MINUTE", default=60)
# The phone page (/q/) has its own office budget: phones can never starve the lobby kiosk.
PHONE_MAX_PER_OFFICE_PER_MINUTE = env.int("PHONE_MAX_PER_OFFICE_PER_MINUTE", default=20)
# Tickets still open this long after closing time are closed by close_day (officers finish
# the queue of the day first).
QUEUE_CLOSE_GRACE_MINUTES = env.int("QUEUE_CLOSE_GRACE_MINUTES", default=120)
# "Call again" is refused this many seconds after the ticket's last call or recall: the board
# is still announcing it (a chime and about 4 s of speech).
RECALL_MIN_SECONDS = env.int("RECALL_MIN_SECONDS", default=10)
# Seconds the printed ticket stays on the kiosk screen before the start screen returns.
KIOSK_RETURN_SECONDS = env.int("KIOSK_RETURN_SECONDS", default=15)
# A kiosk switched to another language returns to the office's after this many seconds
# untouched (the next visitor finds it in Indonesian).
KIOSK_LANGUAGE_IDLE_SECONDS = env.int("KIOSK_LANGUAGE_IDLE_SECONDS", default=60)
# Guestbook personal data is anonymised this many days after the visit (purge_personal_data).
GUESTBOOK_RETENTION_DAYS = env.int("GUESTBOOK_RETENTION_DAYS", default=730)
# The log of staff looking at or exporting personal data (PersonalDataAccess) is deleted this
# many days after each look (purge_personal_data). Longer than the guestbook's retention by a
# year: a look on the last day before an entry is anonymised can still be reviewed, and asked
# about by the person or an auditor, for a year after the data itself is gone.
ACCESS_LOG_RETENTION_DAYS = env.int(
    "ACCESS_LOG_RETENTION_DAYS", default=GUESTBOOK_RETENTION_DAYS + 365
)
# A served visitor or requester may rate the service (the IKM survey, /rate/<token>/) this
# many days after being served.
SURVEY_DAYS = env.int("SURVEY_DAYS", default=30)
# Registration forms one client address may send an hour (a campus or an office network is one
# address for many people; a script is stopped before it mails many addresses).
REGISTRATIONS_PER_ADDRESS_PER_HOUR = env.int("REGISTRATIONS_PER_ADDRESS_PER_HOUR", default=10)
# A requester may open this many online consultations an hour (the flood guard).
CONSULTATION_SUBMISSIONS_PER_HOUR = env.int("CONSULTATION_SUBMISSIONS_PER_HOUR", default=5)
# A requester without an account follows their consultation by a signed link in each email;
# the link works this many days (each email brings a fresh one; an old one asks for a new one).
CONSULTATION_LINK_DAYS = env.int("CONSULTATION_LINK_DAYS", default=30)
# A request not reviewed (accepted, or asked to clarify) this many working days after it
# came is marked late in the inbox and reminded of by the SLA sweep: its holder (or the
# office's consultation officers), then the supervisors at twice the limit.
CONSULTATION_REVIEW_WORKING_DAYS = env.int("CONSULTATION_REVIEW_WORKING_DAYS", default=1)
if not 1 <= CONSULTATION_REVIEW_WORKING_DAYS <= 30:
    raise ImproperlyConfigured("CONSULTATION_REVIEW_WORKING_DAYS must be between 1 and 30.")
# Complaints (complaints.handling): at most this many filed an hour from one client address,
# and for one email address; a client address may type this many tracking codes that name
# no complaint an hour (a code is not found by trying).
COMPLAINTS_PER_ADDRESS_PER_HOUR = env.int("COMPLAINTS_PER_ADDRESS_PER_HOUR", default=10)
COMPLAINTS_PER_EMAIL_PER_HOUR = env.int("COMPLAINTS_PER_EMAIL_PER_HOUR", default=3)
COMPLAINT_TRACK_MISSES_PER_HOUR = env.int("COMPLAINT_TRACK_MISSES_PER_HOUR", default=20)
# Evidence sent with a complaint (a photo, a screenshot): each file as large as a
# consultation's attachment (ATTACHMENT_MAX_BYTES, below).
COMPLAINT_EVIDENCE_FILES = env.int("COMPLAINT_EVIDENCE_FILES", default=3)
# And in all, with what the complainant emails to it later (complaints.handling.additions):
# a follow-up may bring a new screenshot, but not a complaint's worth with every email
# (trial R, R4: two emails gave one complaint 10 files). At most this × ATTACHMENT_MAX_BYTES
# of storage per complaint; never fewer than a filing takes.
COMPLAINT_EVIDENCE_FILES_TOTAL = env.int(
    "COMPLAINT_EVIDENCE_FILES_TOTAL", default=2 * COMPLAINT_EVIDENCE_FILES
)
if COMPLAINT_EVIDENCE_FILES_TOTAL < COMPLAINT_EVIDENCE_FILES:
    raise ImproperlyConfigured(
        "COMPLAINT_EVIDENCE_FILES_TOTAL must be at least COMPLAINT_EVIDENCE_FILES."
    )
# Email in (consultations.mail). Replies to the portal's emails go to REPLY_TO_ADDRESS, whose
# {token} names the consultation (signed: it cannot be guessed from the reference); empty:
# emails carry no reply address. fetch_mail reads MAIL_IN_FOLDER of the IMAP mailbox; a mail
# without a token opens a consultation at MAIL_IN_OFFICE (an office code; default
# DEFAULT_OFFICE, else the only office). Mails larger than MAIL_IN_MAX_BYTES are left for a
# person; one address may send MAIL_IN_PER_SENDER_PER_HOUR mails an hour (the flood guard).
# MAIL_IN_TIMEOUT: seconds fetch_mail waits for the IMAP server to connect or to answer any
# command; a server that stops answering ends the run with an error instead of freezing it
# (and every cron run after it that would wait on its lock).
REPLY_TO_ADDRESS = env.str("REPLY_TO_ADDRESS", default="")
MAIL_IN_HOST = env.str("MAIL_IN_HOST", default="")
MAIL_IN_PORT = env.int("MAIL_IN_PORT", default=993)
MAIL_IN_SSL = env.bool("MAIL_IN_SSL", default=True)
MAIL_IN_USER = env.str("MAIL_IN_USER", default="")
MAIL_IN_PASSWORD = env.str("MAIL_IN_PASSWORD", default="")
MAIL_IN_FOLDER = env.str("MAIL_IN_FOLDER", default="INBOX")
MAIL_IN_TIMEOUT = env.float("MAIL_IN_TIMEOUT", default=30.0)
MAIL_IN_OFFICE = env.str("MAIL_IN_OFFICE", default="")
MAIL_IN_MAX_BYTES = env.int("MAIL_IN_MAX_BYTES", default=40 * 1024 * 1024)
MAIL_IN_PER_SENDER_PER_HOUR = env.int("MAIL_IN_PER_SENDER_PER_HOUR", default=20)
# The office mail server's name in its Authentication-Results headers (e.g. mx.google.com):
# set, a mail without a reply token reaches a verified account's list only when that server
# says DMARC passed for its From; empty, every From is taken as it says.
MAIL_IN_AUTHSERV_ID = env.str("MAIL_IN_AUTHSERV_ID", default="")
# Appointments at the office (issue 11): slot length, and how many appointments a slot takes
# (0: as many as the office has active consultation desks).
APPOINTMENT_SLOT_MINUTES = env.int("APPOINTMENT_SLOT_MINUTES", default=30)
APPOINTMENTS_PER_SLOT = env.int("APPOINTMENTS_PER_SLOT", default=0)
# Codes typed on one kiosk or phone a minute (a code is not guessed from the lobby).
APPOINTMENT_CHECKINS_PER_MINUTE = env.int("APPOINTMENT_CHECKINS_PER_MINUTE", default=10)
# An appointment code checks in from this many minutes before the appointment's start until
# this many minutes after it (on the day; a number taken hours early would be called at once).
APPOINTMENT_CHECK_IN_BEFORE_MINUTES = env.int("APPOINTMENT_CHECK_IN_BEFORE_MINUTES", default=60)
APPOINTMENT_CHECK_IN_AFTER_MINUTES = env.int("APPOINTMENT_CHECK_IN_AFTER_MINUTES", default=30)
# How often live pages (display board, console, ticket status) ask for changes.
LIVE_POLL_SECONDS = env.int("LIVE_POLL_SECONDS", default=3)

# Request sizes. The anonymous public forms (kiosk, phone ticket, cancel, sign-in,
# registration) hold a handful of short fields, so a few KB are plenty and a flood costs
# nothing; everything else gets a modest default. The first matching row wins; a path that
# takes attachments gets its own row. nginx caps bodies too (README).
KB = 1024
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=1024 * KB)
PUBLIC_FORM_MAX_BODY_BYTES = env.int("PUBLIC_FORM_MAX_BODY_BYTES", default=8 * KB)
# Attachments of consultation messages (checked by content, stored under MEDIA_ROOT).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * KB)
ATTACHMENTS_PER_MESSAGE = env.int("ATTACHMENTS_PER_MESSAGE", default=5)
REQUEST_BODY_LIMITS = [
    (r"^/kiosk/", PUBLIC_FORM_MAX_BODY_BYTES),
    (r"^/q/", PUBLIC_FORM_MAX_BODY_BYTES),
    (r"^/t/[^/]+/cancel/$", PUBLIC_FORM_MAX_BODY_BYTES),
    (r"^/accounts/(login|register|verify-again|password/reset)/", PUBLIC_FORM_MAX_BODY_BYTES),
    (r"^/admin/login/$", PUBLIC_FORM_MAX_BODY_BYTES),
    (r"^/i18n/setlang/$", PUBLIC_FORM_MAX_BODY_BYTES),
    # A complaint's text (4,000 characters) and its evidence files; the tracking form is small.
    (
        r"^/complaints/(new|record)/$",
        ATTACHMENT_MAX_BYTES * COMPLAINT_EVIDENCE_FILES + 4 * PUBLIC_FORM_MAX_BODY_BYTES,
    ),
    (r"^/complaints/track/", PUBLIC_FORM_MAX_BODY_BYTES),
    # Consultation pages take attachments: up to ATTACHMENTS_PER_MESSAGE files of
    # ATTACHMENT_MAX_BYTES each, plus the text.
    (r"^/consultations/", ATTACHMENT_MAX_BYTES * ATTACHMENTS_PER_MESSAGE + REQUEST_MAX_BODY_BYTES),
]
# Django's own limits behind the guard: form data held in memory, uploads kept in memory
# before they spill to a temporary file, and fields per request (the admin's largest forms
# have a few hundred).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=REQUEST_MAX_BODY_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2560 * KB)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG and not TESTING)
# Load balancers and monitors probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from this server only, no inline script or
# style, no plugins, no framing. The pages keep their behaviour in static files (htmx, live.js)
# and their looks in pst.css; the chime is synthesised (no media files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The language choice is no secret, but it travels like the session cookie.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"retried_mail": {"()": "pst.mail_delivery.RetriedMailLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # An email that failed is logged once by pst.mail_queue (address masked), not again
        # with its traceback by django-tasks.
        "django_tasks": {"filters": ["retried_mail"]},
    },
}
