import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.events.factories import EventFactory

from .factories import ProjectFactory, RegrantingProjectFactory, at


@pytest.fixture
def draft_2017(client, coordinator):
    RegrantingProjectFactory(
        title='=HYPERLINK("http://example.org")',
        organisation__name="Fundacja Żółty Rower",
        total_cost=Decimal("4780.50"),
        grant_amount=Decimal("4300.00"),
    )
    ProjectFactory(title="Sąsiedzkie śniadanie", centre__area__name="Wilda")
    EventFactory(
        title="Konferencja",
        starts_at=at(2017, 11, 17),
        participants_recorded=130,
        participants_estimate=True,
    )
    client.force_login(coordinator)
    return client


def test_projects_come_as_csv_with_polish_letters_and_no_formulas(draft_2017):
    response = draft_2017.get("/reports/2017/projects.csv?draft=1")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:5] == ["tytuł", "organizacja", "centrum", "osiedle", "rodzaj"]
    regranting = next(r for r in rows if "Fundacja Żółty Rower" in r)
    assert regranting[0].startswith("'=")  # stays text in a spreadsheet
    assert regranting[3] == "całe miasto"
    assert regranting[7:9] == ["4300.00", "4780.50"]
    assert any(r[0] == "Sąsiedzkie śniadanie" and r[3] == "Wilda" for r in rows)


def test_trainings_and_events_come_as_csv(draft_2017):
    rows = list(
        csv.reader(
            io.StringIO(draft_2017.get("/reports/2017/events.csv").content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1][0] == "Konferencja"
    assert rows[1][4:6] == ["130", "tak"]
    assert draft_2017.get("/reports/2017/trainings.csv").status_code == 200
    assert draft_2017.get("/reports/2017/people.csv").status_code == 404


def test_the_annexes_come_as_one_workbook_with_numbers_as_numbers(draft_2017):
    response = draft_2017.get("/reports/2017.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["projekty", "szkolenia", "wydarzenia"]
    projects = list(workbook["projekty"].values)
    regranting = next(r for r in projects if r[1] == "Fundacja Żółty Rower")
    assert regranting[8] == 4780.5
    assert list(workbook["wydarzenia"].values)[1][0] == "Konferencja"


def test_the_figures_come_as_json(draft_2017):
    data = draft_2017.get("/reports/2017.json").json()
    assert data["draft"] is True and data["published_at"] is None
    assert (data["year"], data["projects"], data["regranting"]) == (2017, 2, 1)
    assert data["total_cost"] == "5780.50"
    assert data["by_month"][4]["projects"] == 2
    assert "annex_projects" not in data
