import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports import exports
from reports.summary import AreaShare, MonthShare, YearFigures
from tests.events.factories import EventFactory

from .factories import ProjectFactory, RegrantingProjectFactory, at
from .test_text import summary as year_summary


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


def test_every_amount_in_the_json_has_two_decimals():
    s = year_summary(
        projects=1,
        total_cost=Decimal("4500"),
        regranting_cost=Decimal("0"),
        grant_amount=Decimal("1.005"),
        by_area=(AreaShare("Wilda", 1, Decimal("4500"), Decimal("12.5")),),
        by_month=(MonthShare(5, 1, Decimal("4500"), Decimal("12.5")),),
        years=(YearFigures(2017, 6, 1, 0, Decimal("4500.0"), Decimal(0), 108, 3),),
    )
    data = json.loads(exports.figures_json(s, draft=True))
    assert (data["total_cost"], data["regranting_cost"], data["grant_amount"]) == (
        "4500.00",
        "0.00",
        "1.01",
    )
    assert data["by_area"] == [
        {"area": "Wilda", "projects": 1, "total_cost": "4500.00", "grant_amount": "12.50"}
    ]
    assert data["by_month"][0]["grant_amount"] == "12.50"
    assert data["years"][0]["total_cost"] == "4500.00"
    assert data["years"][0]["regranting_cost"] == "0.00"
    assert data["draft"] is True and data["version"] == 1


def test_the_workbook_formats_amounts_counts_and_dates_and_freezes_a_bold_header(draft_2017):
    workbook = load_workbook(io.BytesIO(draft_2017.get("/reports/2017.xlsx").content))
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
    projects = workbook["projekty"]
    header = [c.value for c in projects[1]]
    row = next(r for r in projects.iter_rows(min_row=2) if r[1].value == "Fundacja Żółty Rower")
    grant, cost = row[header.index("dotacja (zł)")], row[header.index("koszt całkowity (zł)")]
    assert (grant.value, cost.value) == (4300, 4780.5)
    assert grant.number_format == cost.number_format == '#,##0.00\\ "zł"'
    starts = row[header.index("data rozpoczęcia")]
    assert starts.is_date and starts.value.year == 2017 and starts.number_format == "yyyy-mm-dd"
    assert not any(c.font.bold for c in row)
    # Every column is as wide as its longest value, the title's up to 60 characters.
    assert projects.column_dimensions["B"].width >= len("Fundacja Żółty Rower")
    assert projects.column_dimensions["C"].width >= 20

    events = workbook["wydarzenia"]
    header = [c.value for c in events[1]]
    conference = list(events.iter_rows(min_row=2))[0]
    participants = conference[header.index("uczestnicy")]
    assert participants.data_type == "n" and participants.value == 130
    assert participants.number_format == "#,##0"
