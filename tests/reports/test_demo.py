"""The demo data reproduce the seeds: 2017 Poznań (000_…) and the second year (003_…)."""

import io
from decimal import Decimal

import pypdf
from django.core.management import call_command

from grants import demo_projects
from grants.models import Project
from reports.models import Report

from .conftest import words

CENTRES = [
    "Centrum Inicjatyw Lokalnych - Regrantingowe na ul. Bukowskiej w przestrzeni Poznańskie "
    "Centrum Wspierania Organizacji Pozarządowych i Wolontariatu",
    "Centrum Inicjatyw Lokalnych: Osiedle Kiekrz",
    "Centrum Inicjatyw Lokalnych na Chartowie",
    "Centrum Inicjatyw Lokalnych: Młodzieżowy Klub Filmowy",
    'Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ"',
    "Mobilne Centrum Inicjatyw Lokalnych ŁAZANKA",
]
SEED_2017 = [
    "W 2017 r. w Poznaniu działały:",
    *CENTRES,
    "w których łącznie uczestniczyło 108 osób",
    "ponad 130 osób",
    "zrealizowano 88 projektów (w tym przyznano 48 dotacji na realizację zadań w formie "
    "regrantingu)",
    "Koszt realizacji projektów wyniósł 299 tys. zł, w tym w formie regrantingu - blisko "
    "226 tys. zł",
    # Beyond the seed: the applications to the 2017 micro-grant rounds.
    "Wpłynęło 68 wniosków o dotację, dofinansowano 48.",
    # The conference's "ponad 130 osób" has no attendance list: the people counted say so.
    "Na listach obecności szkoleń i wydarzeń odnotowano 108 różnych osób.",
]
SEED_2018 = [
    "11 spotkań integracyjnych",
    "4 dni szkoleniowe, w których łącznie uczestniczyło 48 osób",
    "wybory do Poznańskiej Rady Organizacji Pozarządowych; w zebraniu wyborczym udział wzięło "
    "30 osób",
    "W działania zaangażowano 48 organizacji i 220 ich przedstawicieli.",
]


def pdf_words(client, year: int) -> str:
    response = client.get(f"/reports/{year}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return words(" ".join(page.extract_text() for page in reader.pages))


def test_the_published_demo_years_say_what_the_seeds_say(client, db):
    call_command("load_demo", stdout=io.StringIO())
    assert set(Report.objects.published().values_list("year", flat=True)) == {2017, 2018}
    page = words(client.get("/reports/2017/").content.decode())
    pdf = pdf_words(client, 2017)
    for phrase in SEED_2017:
        assert phrase in page, phrase
        assert phrase in pdf, phrase
    page = words(client.get("/reports/2018/").content.decode())
    pdf = pdf_words(client, 2018)
    for phrase in SEED_2018:
        assert phrase in page, phrase
        assert phrase in pdf, phrase
    # Both years are one programme: the second report looks back at the first.
    assert "2017 6 88 48 299 180,00 zł 225 780,00 zł 108 3" in page


def test_the_demo_projects_fit_the_call_and_load_the_same_every_time(db):
    call_command("load_demo", stdout=io.StringIO())
    fields = [
        f.name for f in Project._meta.fields if f.name not in ("id", "created_at", "updated_at")
    ]
    rows = list(Project.objects.order_by("kind", "title", "starts_on", "pk").values_list(*fields))
    published = list(Report.objects.values_list("year", "published_at", "pdf"))
    call_command("load_demo", stdout=io.StringIO())
    assert (
        list(Project.objects.order_by("kind", "title", "starts_on", "pk").values_list(*fields))
        == rows
    )
    # Nothing changed, so the published reports were left as they were.
    assert list(Report.objects.values_list("year", "published_at", "pdf")) == published

    projects = Project.objects.realised_in(2017)
    regranting = projects.filter(kind="regranting")
    assert (projects.count(), regranting.count()) == (88, 48)
    total = sum(p.total_cost for p in projects)
    part = sum(p.total_cost for p in regranting)
    assert Decimal("299000") <= total < Decimal("299500")
    assert Decimal("225500") <= part < Decimal("226000")
    for p in regranting.select_related("application__call"):
        call = p.application.call
        assert call.max_amount == demo_projects.GRANT_MAX
        assert 0 < p.grant_amount <= call.max_amount
        assert (p.total_cost - p.grant_amount) / p.total_cost * 100 >= call.own_contribution_share
        assert call.task_earliest_start <= p.starts_on <= p.ends_on <= call.task_latest_end
        assert p.centre.kind == "regranting" and p.organisation is not None
    grassroots = projects.filter(kind="grassroots").select_related("centre")
    assert {p.centre.slug for p in grassroots} == set(demo_projects.GRASSROOTS)
    assert all(p.area == p.centre.area and p.grant_amount == 0 for p in grassroots)
    assert len({p.ends_on.month for p in projects}) == 12
