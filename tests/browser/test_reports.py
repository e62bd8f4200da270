"""A resident opens the yearly reports, reads 2017 and downloads its PDF; an official
waits for a draft's PDF to be prepared."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from front.roles import PROGRAMME_OFFICER, roles_sync
from reports import services
from tests.factories import PASSWORD, OfficialFactory
from tests.reports.conftest import words
from tests.reports.factories import RegrantingProjectFactory


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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_official_waits_for_the_draft_pdf_and_downloads_it(browser, live_server, axe_check):
    roles_sync()
    cache.clear()
    official = OfficialFactory()
    official.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    RegrantingProjectFactory(total_cost=Decimal("5000.00"))
    # The draft's task is on its way (a worker elsewhere): the address says so meanwhile.
    key = services._draft_pdf_key(2017, "pl")
    cache.add(key + ":rendering", True, 60)

    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", official.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/account/")

        page.goto(f"{live_server.url}/reports/2017.pdf")
        page.get_by_role("heading", name="PDF wersji roboczej za 2017 r.", level=1).wait_for()
        assert page.get_by_role("status").inner_text() == "W przygotowaniu…"
        axe_check(page)

        services.draft_pdf_render(year=2017, language="pl", key=key)  # the worker's job
        expect_ready = page.get_by_role("status").filter(has_text="PDF jest gotowy.")
        expect_ready.wait_for(timeout=20000)
        with page.expect_download() as download:
            page.get_by_role("link", name="Pobierz PDF").click()
        assert download.value.suggested_filename == "raport-cil-2017-projekt.pdf"
        reader = pypdf.PdfReader(download.value.path())
        text = words(" ".join(p.extract_text() for p in reader.pages))
        assert "Wersja robocza – nieopublikowana" in text and "zrealizowano 1 projekt" in text
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_english_report_marks_its_polish_parts(page, live_server, axe_check):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(live_server.url + "/reports/2017/")
    page.get_by_role("list", name="Język").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("heading", name="Report for 2017", level=1).wait_for()
    summary = page.locator(".report-summary")
    expect(summary).to_contain_text("In 2017 the following were active in Poznań:")
    expect(summary.locator('li[lang="pl"]')).to_have_count(6)
    expect(summary.locator('span[lang="pl"]').last).to_contain_text("konferencję")
    axe_check(page)
