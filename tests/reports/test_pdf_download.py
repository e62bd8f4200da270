"""The yearly PDF as a user gets it: a published year's stored file, served with its
version so that a second download can be answered "not modified", and the officials'
draft, rendered by a Celery task while a page says it is being prepared."""

import time
from decimal import Decimal

import pytest
from django.core.cache import cache

from grants.models import Project
from reports import services
from reports.models import Report
from tests.test_runtime_services import celery_worker  # noqa: F401 - the fixture

from .factories import ProjectFactory, RegrantingProjectFactory
from .test_publishing import pdf_text, publish


@pytest.fixture
def year_2017(db):
    cache.clear()
    RegrantingProjectFactory(total_cost=Decimal("225780.00"), grant_amount=Decimal("5000.00"))
    ProjectFactory(total_cost=Decimal("73400.00"))


def test_the_published_pdf_is_the_stored_file_with_its_version(
    client, year_2017, coordinator, django_capture_on_commit_callbacks
):
    report = publish(2017, coordinator, django_capture_on_commit_callbacks)
    with report.pdf.open("rb") as f:
        stored = f.read()
    response = client.get("/reports/2017.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Length"] == str(len(stored))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="raport-cil-2017.pdf"' in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]
    etag = response["ETag"]
    assert "zrealizowano 2 projekty" in pdf_text(stored)

    again = client.get("/reports/2017.pdf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    since = client.get("/reports/2017.pdf", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304

    # Corrected data do not change the published file; publishing again does.
    ProjectFactory(total_cost=Decimal("500.00"))
    assert client.get("/reports/2017.pdf", HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(2017, coordinator, django_capture_on_commit_callbacks)
    fresh = client.get("/reports/2017.pdf", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "zrealizowano 3 projekty" in pdf_text(b"".join(fresh.streaming_content))


def test_the_draft_pdf_is_rendered_once_per_state_of_the_data(client, year_2017, coordinator):
    client.force_login(coordinator)
    first = client.get("/reports/2017.pdf")
    # Tasks run in the process here: the first request finds its PDF made.
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first["Content-Length"] == str(len(first.content))
    assert "no-store" in first["Cache-Control"]
    text = pdf_text(first.content)
    assert "Wersja robocza – nieopublikowana" in text and "zrealizowano 2 projekty" in text

    # The same data: the same file, not rendered again.
    second = client.get("/reports/2017.pdf")
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert client.get("/reports/2017.pdf", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # A correction makes a new draft at the next request.
    Project.objects.filter(kind="grassroots").update(total_cost=Decimal("80000.00"))
    ProjectFactory(total_cost=Decimal("500.00"))
    third = client.get("/reports/2017.pdf")
    assert third["ETag"] != first["ETag"]
    text = pdf_text(third.content)
    assert "zrealizowano 3 projekty" in text
    assert "Koszt realizacji projektów wyniósł 306 tys. zł" in text


def test_a_draft_being_rendered_is_asked_for_once(year_2017, coordinator):
    key = services._draft_pdf_key(2017, "pl")
    # Another request has asked for it and its task is on its way: no second task.
    cache.add(key + ":rendering", True, 60)
    assert services.draft_pdf(year=2017, language="pl") == (key, None)
    # Once the task has stored it, it is served, and the marker is gone.
    pdf = services.draft_pdf_render(year=2017, language="pl", key=key)
    assert cache.get(key + ":rendering") is None
    assert services.draft_pdf(year=2017, language="pl") == (key, pdf)
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_real_worker_the_draft_is_prepared_while_a_page_says_so(
    client,
    celery_worker,  # noqa: F811
    coordinator,
):
    cache.clear()
    RegrantingProjectFactory(total_cost=Decimal("225780.00"), grant_amount=Decimal("5000.00"))
    client.force_login(coordinator)
    started = time.monotonic()
    waiting = client.get("/reports/2017.pdf")
    assert waiting.status_code == 202
    assert time.monotonic() - started < 3
    assert waiting["Retry-After"] == "5" and "no-store" in waiting["Cache-Control"]
    page = waiting.content.decode()
    assert "PDF jest przygotowywany" in page
    assert 'href="/reports/2017.pdf"' in page

    deadline = time.monotonic() + 60
    response = waiting
    while response.status_code == 202 and time.monotonic() < deadline:
        time.sleep(0.3)
        response = client.get("/reports/2017.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "zrealizowano 1 projekt" in pdf_text(response.content)
    assert Project.objects.count() == 1
