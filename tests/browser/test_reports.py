"""A resident opens the yearly reports, reads 2017 and downloads its PDF."""

import io

import pypdf
import pytest
from django.core.management import call_command

from tests.reports.conftest import words


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_reads_the_2017_report_and_downloads_its_pdf(page, live_server, axe_check):
    call_command("load_demo", stdout=io.StringIO())

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sprawozdania", exact=True).click()
    page.get_by_role("heading", name="Sprawozdania roczne", level=1).wait_for()
    axe_check(page)

    page.get_by_role("link", name="Sprawozdanie za 2017 r.").click()
    page.get_by_role("heading", name="Sprawozdanie za 2017 r.", level=1).wait_for()
    main = words(page.locator("main").inner_text())
    assert "W 2017 r. w Poznaniu działały:" in main
    assert "zrealizowano 88 projektów (w tym przyznano 48 dotacji" in main
    assert page.get_by_role("img", name="Koszt projektów według osiedli w 2017 r.").is_visible()
    axe_check(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Sprawozdanie (PDF)").click()
    assert download.value.suggested_filename == "raport-cil-2017.pdf"
    reader = pypdf.PdfReader(download.value.path())
    text = words(" ".join(p.extract_text() for p in reader.pages))
    assert "Koszt realizacji projektów wyniósł 299 tys. zł, w tym w formie regrantingu" in text
