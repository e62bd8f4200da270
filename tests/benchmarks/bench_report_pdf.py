"""How long the PDF of a large year takes: 2 000 projects, 300 events, 40 trainings.

A benchmark, not a test (its name keeps it out of `make test`); run it on purpose:

    .venv/bin/pytest tests/benchmarks/bench_report_pdf.py -s

PROJECTS, EVENTS and TRAININGS size the year otherwise; the largest year of `make bench`'s
city has PROJECTS=862 EVENTS=69 TRAININGS=72 (its titles and names are longer, though).

It prints the time to build the summary, then renders the PDF `RUNS` times (3 unless the
environment says otherwise) and prints the median and every run, wall clock and CPU, the
pages and size of the PDF, and the machine's load: on a shared machine the wall clock
depends on what else runs, the CPU time much less. The render is what publishing (and an
official's draft, once per state of the data) pays in a Celery task; apart from it, it
prints what a resident waits for: the download of the published year's stored PDF.
"""

import io
import os
import statistics
import time

import pypdf
import pytest

from cil_portal.pdf import html_to_pdf
from reports import services
from tests.reports.factories import grow_year

RUNS = int(os.environ.get("RUNS", "3"))
PROJECTS = int(os.environ.get("PROJECTS", "2000"))
EVENTS = int(os.environ.get("EVENTS", "300"))
TRAININGS = int(os.environ.get("TRAININGS", "40"))


@pytest.mark.django_db
def test_render_the_pdf_of_a_large_year(client, django_capture_on_commit_callbacks):
    grow_year(2017, projects=PROJECTS, events=EVENTS, trainings=TRAININGS, people=5)
    started = time.perf_counter()
    summary = services.summary_build(year=2017)
    built = time.perf_counter()
    assert summary.projects == PROJECTS and len(summary.annex_events) == EVENTS
    html_to_pdf("<p>Loading WeasyPrint and Pango is paid once per process.</p>")
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = services.report_pdf(summary=summary)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(year=2017, by=None)
    downloads = []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get("/reports/2017.pdf")
        stored = b"".join(response.streaming_content)
        downloads.append((time.perf_counter() - wall, time.process_time() - cpu))
    assert response.status_code == 200 and stored[:5] == b"%PDF-"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"\nsummary of {PROJECTS} projects, {EVENTS} events and {TRAININGS} trainings: "
        f"{built - started:.2f} s"
        f"\nrender (WeasyPrint), median of {RUNS}: {statistics.median(walls):.1f} s "
        f"({', '.join(f'{t:.1f}' for t in walls)}), "
        f"CPU {statistics.median(cpus):.1f} s ({', '.join(f'{t:.1f}' for t in cpus)}); "
        f"{pages} pages, {len(pdf) / 1024:.0f} KiB"
        f"\ndownload of the published PDF, median of {RUNS}: "
        f"{statistics.median(w for w, _ in downloads) * 1000:.0f} ms, "
        f"CPU {statistics.median(c for _, c in downloads) * 1000:.0f} ms; "
        f"{len(stored) / 1024:.0f} KiB"
        f"\nload average {load} on {os.cpu_count()} cores"
    )
