import re

import pytest
from django.db.utils import ConnectionHandler

from centres.collation import polish_sort_key
from centres.models import Area

from .factories import AreaFactory

NAMES = ["Świerczewo", "Stare Miasto", "Łacina", "Zielony Dębiec", "Lasek", "Sołacz", "Ławica"]
POLISH_ORDER = ["Lasek", "Łacina", "Ławica", "Sołacz", "Stare Miasto", "Świerczewo"]
POLISH_ORDER += ["Zielony Dębiec"]


@pytest.fixture
def areas(db):
    for n, name in enumerate(NAMES):
        AreaFactory(name=name, slug=f"area-{n}")


def _options(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", select)


def test_the_polish_key_puts_letters_with_diacritics_after_their_base_letter():
    assert sorted(NAMES, key=polish_sort_key) == POLISH_ORDER


def test_areas_come_in_polish_order_from_the_database(areas):
    assert list(Area.objects.values_list("name", flat=True)) == POLISH_ORDER


def test_the_order_holds_on_sqlite_too(db):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    sqlite = handler["default"]
    try:
        with sqlite.schema_editor() as editor:
            editor.create_model(Area)
        with sqlite.cursor() as cursor:
            for n, name in enumerate(NAMES):
                cursor.execute(
                    "INSERT INTO centres_area (name, slug, updated_at) VALUES (%s, %s, %s)",
                    [name, f"a-{n}", "2026-01-01"],
                )
            sql, params = (
                Area.objects.values_list("name").query.get_compiler(connection=sqlite).as_sql()
            )
            cursor.execute(sql, params)
            assert [row[0] for row in cursor.fetchall()] == POLISH_ORDER
    finally:
        sqlite.close()


def test_which_centre_is_mine_lists_the_osiedla_in_polish_order(client, areas):
    html = client.get("/centres/mine/").content.decode()
    assert _options(html, "area") == POLISH_ORDER


def test_the_centres_list_filters_by_area_in_polish_order(client, areas):
    html = client.get("/centres/").content.decode()
    assert _options(html, "area") == POLISH_ORDER
