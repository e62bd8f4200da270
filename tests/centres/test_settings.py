from tests.utils import run_portal


def test_a_city_bounds_the_database_does_not_enforce_stops_migrate(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', databases=['default'])"
    )
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "DEBUG": "true"}
    assert run_portal(code, **env).returncode == 0
    result = run_portal(code, CITY_BOUNDS="52.0,16.5,52.7,17.3", **env)
    assert result.returncode != 0
    assert "centres.E001" in result.stderr


def test_city_bounds_must_be_four_ordered_numbers():
    code = "import django; django.setup()"
    for value in ("52.29,16.73,52.51", "north,west,south,east", "52.51,16.73,52.29,17.08"):
        result = run_portal(code, CITY_BOUNDS=value, DEBUG="true")
        assert "CITY_BOUNDS" in result.stderr, value
        assert result.returncode != 0
