"""The bench's parts that can rot unseen: the generator, the deadline drafts, the report.

Nothing here is timed and no server is started: `make bench` does that.
"""

import json
from collections import Counter
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Sum

from bench import database, dataset, deadline, measure, report
from centres.models import Area, Centre
from centres.services import areas_import, areas_parse
from events.models import Event
from grants import services
from grants.models import Application, ApplicationEvent, BudgetLine, Call, Project
from grants.workflow import Status
from organisations.models import Organisation
from reports.models import Report
from signups.models import Registration
from trainings.models import Training

OSIEDLA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "poznan-osiedla.geojson"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
TINY = 0.002


@pytest.fixture
def areas(db):
    if not OSIEDLA.exists():
        pytest.skip(f"{OSIEDLA} is absent (it is always present in CI)")
    areas_import(features=areas_parse(OSIEDLA.read_text(encoding="utf-8")))


@pytest.fixture
def built(areas):
    return dataset.build(scale=TINY, now=NOW, report=lambda line: None)


def test_the_plan_is_the_issues_city_at_scale_one_and_shrinks_with_scale():
    assert dataset.plan_for(1) == dataset.FULL
    assert dataset.FULL.applications == 20000 and dataset.FULL.registrations == 60000
    small = dataset.plan_for(0.05)
    assert (small.calls, small.applications, small.projects) == (20, 1000, 400)
    assert dataset.plan_for(0.0001) == dataset.SMALLEST
    with pytest.raises(ValueError):
        dataset.plan_for(0)


def test_the_generator_makes_the_planned_rows_at_a_tiny_scale(built):
    plan = dataset.plan_for(TINY)
    assert built["areas"] == Area.objects.count() == 42
    assert built["organisations"] == Organisation.objects.count() == plan.organisations
    assert built["centres"] == Centre.objects.count() == plan.centres
    assert built["calls"] == Call.objects.count() == plan.calls
    assert built["applications"] == Application.objects.count() == plan.applications
    assert built["projects"] == Project.objects.count() == plan.projects
    assert built["trainings"] == Training.objects.count() == plan.trainings
    assert built["events"] == Event.objects.count() == plan.events
    assert built["registrations"] == Registration.objects.count() == plan.registrations
    assert built["budget_lines"] == BudgetLine.objects.count() >= 2 * plan.applications
    # The heaviest year's report is published, so that its public page can be measured.
    [report] = Report.objects.published()
    assert report.year == dataset.largest_year() and report.snapshot and report.pdf


def test_each_page_is_counted_and_timed_in_process(built):
    pages = {e.name: e for e in measure.endpoints()}
    status, queries, server_ms = measure.count_queries(pages["/healthz"])
    assert (status, queries) == (200, 1) and server_ms > 0
    status, queries, _ms = measure.count_queries(pages["/account/"])
    assert status == 200 and queries > 3  # signed in: the session, the user, the page's rows


def test_the_generated_data_keeps_the_models_rules(built):
    assert Call.objects.open_at(NOW).count() >= 1
    assert Call.objects.upcoming_at(NOW).count() >= 1
    assert Call.objects.closed_at(NOW).count() >= 1
    years = {d.year for d in Project.objects.dates("ends_on", "year")}
    assert len(years) == 10 and max(years) == NOW.year
    # Every budget adds up, as application_set_budget keeps it.
    for a in Application.objects.annotate(lines=Sum("budget_lines__requested")):
        assert a.lines == a.requested_amount
    numbers = Counter(Application.objects.exclude(number="").values_list("number", flat=True))
    assert numbers and max(numbers.values()) == 1
    submitted = Application.objects.filter(status=Status.SUBMITTED)
    assert submitted.exists()
    for a in submitted.annotate(n=Count("events")):
        assert (
            a.n == ApplicationEvent.objects.filter(application=a, transition="submit").count() == 1
        )
    # A neighbourhood centre's seat lies inside its own area's real boundary.
    for centre in Centre.objects.filter(kind=Centre.Kind.NEIGHBOURHOOD).select_related("area"):
        assert centre.area.contains(centre.latitude, centre.longitude)
    assert Project.objects.filter(kind="grassroots", grant_amount__gt=0).count() == 0


def test_a_new_submission_continues_the_generated_numbering(
    built, django_capture_on_commit_callbacks
):
    draft = (
        Application.objects.filter(status=Status.DRAFT, call__in=Call.objects.open_at(NOW))
        .select_related("call", "organisation")
        .first()
    )
    assert draft is not None
    prefix = draft.call.number_prefix
    last = Application.objects.filter(number__startswith=prefix + "/").count()
    owner = draft.organisation.memberships.get().user
    import time_machine

    with time_machine.travel(NOW, tick=False):
        draft.attachments.create(
            required=draft.call.required_attachments.first(),
            file="applications/x",
            name="statut.pdf",
            content_type="application/pdf",
            size=9,
        )
        with django_capture_on_commit_callbacks(execute=False):
            submitted = services.application_submit(application=draft, by=owner)
    assert submitted.number == f"{prefix}/{last + 1:03d}"


def test_the_deadline_drafts_are_complete_and_submit(areas, django_capture_on_commit_callbacks):
    dataset.build(scale=TINY, report=lambda line: None)
    applicants = deadline.prepare(count=3)
    assert len(applicants) == 3 and all("sessionid=" in a.cookie for a in applicants)
    application = Application.objects.get(pk=applicants[0].application_id)
    owner = application.organisation.memberships.get().user
    with django_capture_on_commit_callbacks(execute=False):
        services.application_submit(application=application, by=owner)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_the_deadline_plan_presses_before_and_after_and_some_twice():
    applicants = [deadline.Applicant(application_id=i, cookie="", csrf="") for i in range(200)]
    deadline.plan(applicants, deadline=1000.0, window=10.0)
    firsts = [a.sends[0] for a in applicants]
    assert sum(990 <= t <= 1000 - deadline.TOO_CLOSE for t in firsts) == 170
    assert sum(1000 + deadline.TOO_CLOSE <= t <= 1002.05 for t in firsts) == 30
    assert sum(len(a.sends) == 2 for a in applicants) == 40


def test_the_bench_refuses_sqlite_and_never_uses_the_developers_database():
    with pytest.raises(SystemExit, match="PostgreSQL only"):
        database.bench_url({"DATABASE_URL": "sqlite:///db.sqlite3"})
    with pytest.raises(SystemExit, match="PostgreSQL only"):
        database.bench_url({})
    url = database.bench_url({"DATABASE_URL": "postgres://u@db:5432/cil"})
    assert url == "postgres://u@db:5432/bench_cil"
    with pytest.raises(SystemExit, match="must not be"):
        database.bench_url(
            {"DATABASE_URL": "postgres://u@db/cil", "BENCH_DATABASE_URL": "postgres://u@db/cil"}
        )


def _endpoint(name, status=200, rps=None, **more):
    return {"name": name, "path": name, "status": status, "rps": rps, **more}


def test_the_table_shows_ratios_to_healthz_and_names_pages_not_built(tmp_path):
    endpoints = report.with_ratios(
        [
            _endpoint("/healthz", rps=1000.0, p50_ms=2.0, p95_ms=4.0, p99_ms=6.0, queries=1,
                      body_bytes=3, wire_bytes=3),
            _endpoint("/calls/", rps=250.0, p50_ms=20.0, p95_ms=41.5, p99_ms=60.0, queries=2,
                      server_ms=3.25, body_bytes=19000, wire_bytes=2900),
            _endpoint("/reports/<year>/", status=404, note="not built yet"),
        ]
    )  # fmt: skip
    assert [e["ratio"] for e in endpoints] == [1.0, 0.25, None]
    lines = report.table(endpoints).splitlines()
    assert lines[0].split() == [
        "endpoint", "status", "req/s", "p50", "ms", "p95", "ms", "p99", "ms", "×healthz",
        "queries", "1", "req", "ms", "size", "kB", "gzip", "kB",
    ]  # fmt: skip
    assert lines[3].split() == ["/calls/", "200", "250.0", "20.0", "41.5", "60.0", "0.25", "2",
                                "3.2", "19.0", "2.9"]  # fmt: skip
    assert "404 (not built yet)" in lines[4] and lines[4].split()[-1] == "–"

    results = {
        "scale": 0.05,
        "machine": {"cores": 2, "load_before": 0.5},
        "settings": {
            "workers": 4,
            "threads": 4,
            "connections": 16,
            "seconds": 3.0,
            "warmup_seconds": 2.0,
        },
        "dataset": {"calls": 20},
        "timings": {
            "load_demo": {"seconds": 1.5},
            "yearly_pdf": {"built": False, "note": "404"},
            "export_csv": {"built": True, "seconds": 0.25, "bytes": 5000, "status": 200},
        },
        "endpoints": endpoints,
        "price": Decimal("1.10"),
    }
    text = report.summary(results)
    assert "2 cores" in text and "load_demo on an empty database: 1.50 s" in text
    assert "gunicorn 4 workers × 4 threads" in text
    assert "3.0 s per endpoint after 2 s not measured" in text
    assert "yearly PDF (largest year): not built (404)" in text
    assert "CSV export of all applications: 0.25 s, 5 kB" in text
    path = report.write_json(results, tmp_path / "bench-results")
    saved = json.loads(path.read_text())
    assert saved["endpoints"][1]["ratio"] == 0.25 and saved["price"] == "1.10"


def test_the_summary_tells_the_pdfs_rendering_from_its_download():
    pdf = {
        "built": True,
        "year": 2021,
        "seconds": 0.012,
        "bytes": 157000,
        "status": 200,
        "render": {"seconds": 18.9, "cpu_seconds": 8.7, "bytes": 157000, "projects": 2000},
        "download": {"status": 200, "seconds": 0.012, "bytes": 157000},
        "draft_first": {"status": 202, "seconds": 0.05, "bytes": 3000},
        "draft_ready": {"status": 200, "seconds": 0.02, "bytes": 158000},
    }
    results = {
        "scale": 1,
        "machine": {"cores": 2, "load_before": 0.5},
        "settings": {"workers": 4, "connections": 16, "seconds": 3.0},
        "timings": {"yearly_pdf": pdf},
    }
    lines = report.summary(results).splitlines()
    at = lines.index("yearly PDF (2021):")
    assert lines[at + 1 : at + 5] == [
        "  render (summary and WeasyPrint, 2000 projects): 18.90 s wall, 8.70 s CPU, 157 kB",
        "  download of the published PDF (stored file): 0.01 s, 157 kB",
        "  official's draft, first request: 0.05 s, 3 kB, status 202",
        "  official's draft, once prepared: 0.02 s, 158 kB",
    ]
