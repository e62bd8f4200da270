"""The yearly PDF's annexes: every project, training and event of the year, each once."""

import io
import re
from collections import Counter

import pypdf
import pytest

from reports import services
from tests.centres.factories import CentreFactory
from tests.factories import OrganisationFactory

from .conftest import words
from .factories import ProjectFactory, grow_year


@pytest.fixture
def pdf_text(db):
    grow_year(2017, projects=90, events=40, trainings=4)
    summary = services.summary_build(year=2017)
    reader = pypdf.PdfReader(io.BytesIO(services.report_pdf(summary=summary)))
    assert len(reader.pages) > 4  # the annexes run over several pages
    return summary, words(" ".join(page.extract_text() for page in reader.pages))


def test_the_annex_lists_every_project_once_with_its_organisation_and_money(pdf_text):
    summary, text = pdf_text
    assert Counter(re.findall(r"Projekt 2017-90-40 (\d+) ", text)) == {str(i): 1 for i in range(90)}
    regranting = next(p for p in summary.annex_projects if p.kind == "regranting")
    grassroots = next(p for p in summary.annex_projects if p.kind == "grassroots")
    assert f"{regranting.title} {regranting.organisation} 4 000,00 zł 4 500,00 zł" in text
    assert f"{grassroots.title} 1 500,00 zł" in text
    assert "Razem: 90 projektów, koszt całkowity 270 000,00 zł, dotacje 180 000,00 zł." in text


def test_the_annex_groups_the_projects_by_centre_and_says_each_kind_once(pdf_text):
    summary, text = pdf_text
    regranting_centre = next(p.centre for p in summary.annex_projects if p.kind == "regranting")
    assert f"{regranting_centre} Dotacja w formie regrantingu – 45 projektów" in text
    # Five neighbourhood centres, whose projects have no organisation and no grant: said
    # once in the caption, not on every row.
    by_residents = "Realizatorzy: mieszkańcy (bez organizacji), bez dotacji."
    assert text.count(f"Inicjatywa oddolna – 9 projektów {by_residents}") == 5
    assert "mieszkańcy (bez organizacji)" not in text.replace(by_residents, "")
    assert "dotacja w formie regrantingu" not in text.replace("Dotacja w formie", "")


def test_the_annex_lists_every_training_and_event_once(pdf_text):
    summary, text = pdf_text
    assert Counter(re.findall(r"Wydarzenie 2017-90-40 (\d+) ", text)) == {
        str(i): 1 for i in range(40)
    }
    for training in summary.annex_trainings:
        assert text.count(f"{training.title} ") == 1, training.title


def test_a_group_where_one_project_has_an_organisation_shows_it_row_by_row(db):
    centre = CentreFactory()
    ProjectFactory(centre=centre, title="Piknik sąsiedzki")
    ProjectFactory(
        centre=centre,
        title="Ogród na dachu",
        organisation=OrganisationFactory(name="Fundacja Lipa"),
    )
    pdf = services.report_pdf(summary=services.summary_build(year=2017))
    text = words(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "Inicjatywa oddolna – 2 projekty Tytuł Organizacja Dotacja Koszt całkowity" in text
    assert "Piknik sąsiedzki mieszkańcy (bez organizacji) – 1 000,00 zł" in text
    assert "Ogród na dachu Fundacja Lipa – 1 000,00 zł" in text
    assert "Realizatorzy:" not in text
