"""Overrides for the test suite only: speed and isolation, never different behaviour."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "only-for-the-test-suite")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .settings import *  # noqa: E402, F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each run writes its files to a fresh temporary folder, never to the project's media/.
_tmp = tempfile.mkdtemp(prefix="cil-test-media-")
MEDIA_ROOT = os.path.join(_tmp, "public")
STATIC_ROOT = os.path.join(_tmp, "static")
os.makedirs(STATIC_ROOT)
PRIVATE_MEDIA_ROOT = os.path.join(_tmp, "private")
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process unless a test starts a real worker (tests/test_runtime_services.py),
# which then uses Redis when REDIS_URL is set (always in CI), else the in-memory broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE = True  # as in production: one process here, so its memory cache is shared
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the live server's request threads
    # then each open their own connection, waiting on SQLite's lock, instead of sharing
    # the test's one connection across threads (a browser's parallel requests hung there).
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_tmp, "test.sqlite3")}  # noqa: F405
