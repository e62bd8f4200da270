import io
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage

from grants.models import Project
from reports import services
from reports.models import Report

from .conftest import words
from .factories import ProjectFactory, RegrantingProjectFactory

UPDATED = "Od publikacji tego sprawozdania dane zostały zaktualizowane."


@pytest.fixture
def year_2017(db):
    RegrantingProjectFactory(total_cost=Decimal("225780.00"), grant_amount=Decimal("5000.00"))
    ProjectFactory(total_cost=Decimal("73400.00"))


def publish(year, by, django_capture_on_commit_callbacks) -> Report:
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(year=year, by=by)
    return Report.objects.get(year=year)


def xobjects(reader):
    for page in reader.pages:
        yield from page["/Resources"].get("/XObject", {}).values()


def fonts(reader) -> set[str]:
    found = set()
    for page in reader.pages:
        resources = [page["/Resources"]] + [
            x.get_object().get("/Resources", {})
            for x in page["/Resources"].get("/XObject", {}).values()
        ]
        for r in resources:
            for font in r.get("/Font", {}).values():
                found.add(font.get_object()["/BaseFont"].split("+", 1)[1])
    return found


def pdf_text(data: bytes) -> str:
    return words(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))


def test_the_task_renders_and_stores_the_pdf_with_the_figures(
    year_2017, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(year=2017, by=coordinator)
    assert report.is_generating and not report.is_published
    assert len(callbacks) == 1  # the task is enqueued once the request is committed
    callbacks[0]()
    report.refresh_from_db()
    assert report.is_published and not report.is_generating
    assert report.published_by == coordinator
    assert report.pdf.name.startswith("reports/2017/")
    assert default_storage.exists(report.pdf.name)
    assert (report.snapshot["projects"], report.snapshot["total_cost"]) == (2, "299180.00")
    with report.pdf.open("rb") as f:
        data = f.read()
    text = pdf_text(data)
    assert "zrealizowano 2 projekty (w tym przyznano 1 dotację" in text
    # A4, numbered pages, the charts drawn as vectors in the portal's own font.
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]
    assert f"2 / {len(reader.pages)}" in reader.pages[1].extract_text()
    assert "Koszt projektów według osiedli w 2017 r." in text
    assert fonts(reader) == {"CIL-Sans", "CIL-Sans-Bold"}
    kinds = {x.get_object()["/Subtype"] for x in xobjects(reader)}
    assert "/Form" in kinds and "/Image" not in kinds
    assert "wyniósł 299 tys. zł, w tym w formie regrantingu - blisko 226 tys. zł" in text


def test_a_published_report_stays_frozen_until_it_is_published_again(
    client, year_2017, coordinator, django_capture_on_commit_callbacks
):
    report = publish(2017, coordinator, django_capture_on_commit_callbacks)
    first_pdf = report.pdf.name
    page = words(client.get("/reports/2017/").content.decode())
    assert "Opublikowano" in page and UPDATED not in page

    # An official corrects the data: a cost and a project added late.
    Project.objects.filter(kind="grassroots").update(total_cost=Decimal("80000.00"))
    ProjectFactory(total_cost=Decimal("500.00"))

    page = words(client.get("/reports/2017/").content.decode())
    assert "zrealizowano 2 projekty" in page
    assert "Koszt realizacji projektów wyniósł 299 tys. zł" in page
    assert UPDATED in page
    assert client.get("/reports/2017.json").json()["total_cost"] == "299180.00"
    response = client.get("/reports/2017.pdf")
    with report.pdf.open("rb") as f:
        assert b"".join(response.streaming_content) == f.read()
    # The official's draft already says what republishing will.
    client.force_login(coordinator)
    draft = words(client.get("/reports/2017/?draft=1").content.decode())
    assert "zrealizowano 3 projekty" in draft and "Wersja robocza." in draft

    report = publish(2017, coordinator, django_capture_on_commit_callbacks)
    client.logout()
    page = words(client.get("/reports/2017/").content.decode())
    assert "zrealizowano 3 projekty" in page
    assert "Koszt realizacji projektów wyniósł 306 tys. zł" in page
    assert UPDATED not in page
    assert report.pdf.name != first_pdf
    assert not default_storage.exists(first_pdf)
    assert default_storage.exists(report.pdf.name)


def test_drafts_are_for_officials_only(client, year_2017, coordinator, reviewer, user):
    for who in (None, user, reviewer):
        client.logout()
        if who:
            client.force_login(who)
        for path in ("/reports/2017/", "/reports/2017.pdf", "/reports/2017.json"):
            assert client.get(path).status_code == 404, (who, path)
        assert "2017" not in words(client.get("/reports/").content.decode())
    client.force_login(coordinator)
    page = client.get("/reports/2017/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Wersja robocza." in words(page.content.decode())
    assert "Wersja robocza za 2017 r." in words(client.get("/reports/").content.decode())
    preview = client.get("/reports/2017.pdf")
    assert preview["Content-Type"] == "application/pdf"
    assert "Wersja robocza – nieopublikowana" in pdf_text(preview.content)


def test_the_list_shows_the_published_years(
    client, year_2017, coordinator, django_capture_on_commit_callbacks
):
    assert "Nie opublikowano jeszcze żadnego sprawozdania." in words(
        client.get("/reports/").content.decode()
    )
    publish(2017, coordinator, django_capture_on_commit_callbacks)
    Report.objects.create(year=2018)  # added in the admin, never published
    page = words(client.get("/reports/").content.decode())
    assert "Sprawozdanie za 2017 r." in page
    assert "2018" not in page
    assert client.get("/reports/2018/").status_code == 404


def test_an_official_publishes_from_the_admin(
    client, year_2017, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/reports/report/add/", {"year": "2017", "_publish": "1"}, follow=True
        )
    assert "Trwa generowanie sprawozdania za 2017" in response.content.decode()
    report = Report.objects.get(year=2017)
    assert report.is_published and report.published_by == coordinator

    ProjectFactory(total_cost=Decimal("1000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/reports/report/",
            {"action": "publish", "_selected_action": [report.pk]},
            follow=True,
        )
    report.refresh_from_db()
    assert report.snapshot["projects"] == 3
    change = client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert "zrealizowano 3 projekty" in change


def test_a_reviewer_may_not_publish(client, year_2017, reviewer):
    client.force_login(reviewer)
    assert client.get("/admin/reports/report/add/").status_code == 403
    assert not Report.objects.exists()


def test_a_failed_publication_is_shown_with_its_reason_and_tried_again_in_one_action(
    client, year_2017, coordinator, django_capture_on_commit_callbacks, settings, tmp_path
):
    client.force_login(coordinator)
    [engine] = settings.TEMPLATES
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "pdf.html").write_text(
        '{% include "reports/_no_such_part.html" %}', encoding="utf-8"
    )
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/reports/report/add/", {"year": "2017", "_publish": "1"})
    report = Report.objects.get(year=2017)
    assert not report.is_published and not report.is_generating
    assert report.has_failed and "reports/_no_such_part.html" in report.failure

    listing = words(client.get("/admin/reports/report/").content.decode())
    assert "nie powiodło się: TemplateDoesNotExist: reports/_no_such_part.html" in listing
    change = client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    assert 'value="Spróbuj ponownie: wygeneruj i opublikuj"' in change

    settings.TEMPLATES = [engine]  # the missing file is back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/reports/report/", {"action": "publish", "_selected_action": [report.pk]}
        )
    report.refresh_from_db()
    assert report.is_published and not report.has_failed and report.failure == ""
    assert "nie powiodło się" not in client.get("/admin/reports/report/").content.decode()
