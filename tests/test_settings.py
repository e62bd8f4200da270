"""The settings refuse what they cannot understand, in a real start-up of the portal."""

from tests.utils import run_portal

START = "import django; django.setup(); print('started')"


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_portal(START, DEBUG="false", ALLOWED_HOSTS="cil.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_it_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = run_portal(START, DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_it_refuses_a_debug_value_that_is_not_a_boolean():
    result = run_portal(START, DEBUG="maybe", SECRET_KEY="x" * 50, ALLOWED_HOSTS="a")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_starts_with_debug_on_and_no_secret(tmp_path):
    result = run_portal(START, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_it_reads_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "y" * 40 + "\n")
    code = (
        "import django; django.setup();from django.conf import settings; print(settings.SECRET_KEY)"
    )
    result = run_portal(code, SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="a")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file-" + "y" * 40


def test_it_uses_postgresql_and_redis_when_given_their_urls():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL)"
    )
    result = run_portal(
        code,
        DEBUG="true",
        DATABASE_URL="postgres://cil@db.example:5432/cil",
        REDIS_URL="redis://cache.example:6379/0",
    )
    assert result.returncode == 0, result.stderr
    engine, celery = result.stdout.strip().splitlines()
    assert engine == "django.db.backends.postgresql"
    assert celery == "False redis://cache.example:6379/0"


def test_it_defaults_to_sqlite_eager_tasks_and_warsaw_time_in_polish():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    result = run_portal(code, DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "Europe/Warsaw", "pl"]


def test_a_release_reads_only_what_the_same_code_cached_in_redis():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.CACHES['default']['KEY_PREFIX'])"
    )
    env = {"DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": "city"}
    first, again = run_portal(code, **env), run_portal(code, **env)
    assert first.returncode == 0, first.stderr
    prefix, digest = first.stdout.strip().split(":")
    assert prefix == "city" and len(digest) == 12
    # The same code gives the same prefix, so the processes of one release share the cache.
    assert again.stdout == first.stdout
