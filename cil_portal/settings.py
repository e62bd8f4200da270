"""The portal's one settings module.

Every value that differs between machines comes from the environment and is parsed
strictly: a value that cannot be understood stops start-up with a message that names the
variable, rather than being replaced by a default. A secret may also be given as
``<NAME>_FILE``, the path of a file holding it (for Docker and systemd credentials).
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envstr(name: str, default: str | None = None) -> str | None:
    """NAME, or the contents of the file named by NAME_FILE, or default."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value is not None and path is not None:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if path is not None:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {e}") from e
    return value if value is not None else default


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envbounds(name: str, default: tuple[float, float, float, float]):
    """A bounding box "south,west,north,east" in degrees."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        south, west, north, east = (float(part) for part in value.split(","))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not four numbers south,west,north,east "
            "(for example 52.29,16.73,52.51,17.08)."
        ) from None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise ImproperlyConfigured(
            f"{name}={value!r}: south must be below north and west left of east, in degrees."
        )
    return (south, west, north, east)


DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
            "value; only with DEBUG=true does the portal run without one."
        )
    # A fresh random key per process, never a fixed one: sessions end at a restart,
    # which is acceptable for local development only.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the portal's host names, separated by commas "
        "(for example ALLOWED_HOSTS=cil.poznan.pl)."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "localflavor",
    "accounts",
    "organisations",
    "centres",
    "grants",
    "signups",
    "trainings",
    "events",
    "reports",
    "front",
]

MIDDLEWARE = [
    "cil_portal.middleware.ArrivalTimeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The language comes from its cookie alone (no session), and the page cache needs it.
    "cil_portal.middleware.PolishFirstLocaleMiddleware",
    # Kept public pages are served from here, before the session is read.
    "cil_portal.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cil_portal.urls"
WSGI_APPLICATION = "cil_portal.wsgi.application"

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
                "front.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests (and the test server's threads) write at once; wait for the lock
    # instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "front:dashboard"

# Accounts (django-allauth): e-mail is the login, verified before the first sign-in.
# allauth's rate limits are the brute-force protection: failed sign-ins per address and
# per IP are counted in the cache (shared through Redis in production).
SITE_ID = 1  # its name and domain: front.site, synced after migrate and by load_demo
ACCOUNT_LOGIN_METHODS = {"email"}
# Messages and pages name a person as the header does: full name, else the address.
ACCOUNT_USER_DISPLAY = "accounts.models.display_name"
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CIL] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": envstr("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
}

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cil_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that only their owners and officials may read (application attachments, final
# reports): outside MEDIA_ROOT, so the web server never serves them directly.
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest attachment an applicant may upload to an application.
GRANTS_ATTACHMENT_MAX_BYTES = envint("GRANTS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Tasks, cache: Redis when REDIS_URL is set; otherwise tasks run in-process and the cache
# is per process, which is what a single `make run` needs.
REDIS_URL = envstr("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Run by `celery -A cil_portal beat` (README, production): what the privacy notice and the
# confirmation e-mail promise about how long sign-ups are kept.
CELERY_BEAT_SCHEDULE = {
    "signups-anonymise-expired": {
        "task": "signups.tasks.registrations_anonymise_task",
        "schedule": crontab(hour=3, minute=10),
    },
    "signups-purge-unconfirmed": {
        "task": "signups.tasks.registrations_purge_unconfirmed_task",
        "schedule": crontab(hour=3, minute=20),
    },
}


def _code_digest() -> str:
    """A digest of the portal's code, templates and translations.

    Cached pages and documents are kept under keys that say which data they show, not
    which code made them; with this digest in the key prefix a new release never serves
    what an older one cached in the shared Redis."""
    skip = {"static", "staticfiles", "media", "private_media", "tests", "bench", "node_modules"}
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in skip)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".mo")):
                path = os.path.join(root, name)
                digest.update(os.path.relpath(path, BASE_DIR).encode())
                with open(path, "rb") as f:
                    digest.update(f.read())
    return digest.hexdigest()[:12]


if REDIS_URL:
    CACHE_KEY_PREFIX = envstr("CACHE_KEY_PREFIX", "cil")
    CACHES = {
        "default": {
            "BACKEND": "cil_portal.cache.RedisCache",  # Django's, its clients reused
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{_code_digest()}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for anonymous visitors (cil_portal.caching.page_cache). It learns of
# a change from the write's process through the cache, so it needs one cache shared by
# every process (Redis), or a single process (`make run`).
PAGE_CACHE = envbool("PAGE_CACHE", bool(REDIS_URL) or DEBUG)

EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CIL <cil@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Admin", a) for a in envlist("ADMINS", [])]

# A refused form gets the portal's own page that says what to do, not Django's English one.
CSRF_FAILURE_VIEW = "front.views.csrf_failure"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The header in which the reverse proxy stamps when a request reached it ("t=<seconds>"),
# e.g. X-Request-Start; unset, the portal's own arrival time counts. Only name a header
# the proxy always sets itself: a client could send it otherwise.
REQUEST_START_HEADER = envstr("REQUEST_START_HEADER", "") or ""
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# What the portal says about its city and programme.
CITY_NAME = envstr("CITY_NAME", "Poznań")
CITY_NAME_LOCATIVE = envstr("CITY_NAME_LOCATIVE", "Poznaniu")
PROGRAMME_NAME = envstr("PROGRAMME_NAME", "Centrum Inicjatyw Lokalnych")
CONTACT_EMAIL = envstr("CONTACT_EMAIL", "cil@localhost")
CONTACT_PHONE = envstr("CONTACT_PHONE", "")
# The city's extent as south,west,north,east in degrees (EPSG:4326): a centre's
# coordinates must lie inside it. The database enforces it through a CheckConstraint whose
# numbers are written into a migration (see centres.models.city_bounds_condition), so a
# different extent needs a new migration: `makemigrations --check` fails until it exists.
CITY_BOUNDS = envbounds("CITY_BOUNDS", (52.29, 16.73, 52.51, 17.08))
MAP_TILE_URL = envstr("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = envstr(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO; only its problems are worth a line.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
