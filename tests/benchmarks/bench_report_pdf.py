"""How long the PDF of a large year takes: 2 000 projects, 300 events, 40 trainings.

A benchmark, not a test (its name keeps it out of `make test`); run it on purpose:

    .venv/bin/pytest tests/benchmarks/bench_report_pdf.py -s

It prints the time to build the summary and to render and read back the PDF.
"""

import io
import time

import pypdf
import pytest

from reports import services
from tests.reports.factories import grow_year


@pytest.mark.django_db
def test_render_the_pdf_of_a_year_with_2000_projects():
    grow_year(2017, projects=2000, events=300, trainings=40, people=5)
    started = time.perf_counter()
    summary = services.summary_build(year=2017)
    built = time.perf_counter()
    pdf = services.report_pdf(summary=summary)
    rendered = time.perf_counter()
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert summary.projects == 2000 and len(summary.annex_events) == 300
    print(
        f"\nsummary of 2 000 projects and 300 events: {built - started:.2f} s; "
        f"PDF: {rendered - built:.1f} s, {pages} pages, {len(pdf) / 1024:.0f} KiB"
    )
