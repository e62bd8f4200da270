import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from grants.models import Application
from tests.factories import PASSWORD, MembershipFactory
from tests.grants.factories import CallFactory, RequiredAttachmentFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_ngo_user_applies_online_from_sign_in_to_pdf(page, live_server, axe_check):
    now = timezone.now()
    call = CallFactory(
        title="Mikrogranty sąsiedzkie",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=20),
    )
    RequiredAttachmentFactory(call=call, name="Statut organizacji")
    membership = MembershipFactory(role="owner", organisation__name="Stowarzyszenie Rolna 24")
    user = membership.user
    url = live_server.url

    def check(path_part):
        assert path_part in page.url, page.url
        axe_check(page)

    # Sign in.
    page.goto(f"{url}/accounts/login/")
    axe_check(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    check("/account/")

    # The open call, from the home page.
    page.goto(f"{url}/")
    axe_check(page)
    page.click(f"main a[href='/calls/{call.slug}/']")
    check(f"/calls/{call.slug}/")
    page.click(f"main a[href='/calls/{call.slug}/apply/']")
    check("/apply/")
    page.click("main button[type=submit]")

    # 1. Applicant: the contact person comes from the account.
    check("/edit/applicant/")
    assert page.input_value("#id_contact_email") == user.email
    page.click("button[name=next]")

    # 2. Task, first with an end date after the call allows: the error shows at the field.
    check("/edit/task/")
    page.fill("#id_title", "Zielone podwórko na Wildzie")
    page.fill("#id_place", "Podwórko przy ul. Rolnej 24")
    page.fill("#id_start_date", "2027-03-01")
    page.fill("#id_end_date", "2027-08-31")
    page.fill("#id_summary", "Razem z sąsiadami sadzimy rośliny i budujemy ławki.")
    page.fill("#id_target_group", "Mieszkańcy kamienic przy ul. Rolnej")
    page.click("button[name=next]")
    check("/edit/task/")
    assert page.locator("#id_end_date.is-invalid").count() == 1
    assert page.input_value("#id_title") == "Zielone podwórko na Wildzie"
    axe_check(page)
    page.fill("#id_end_date", "2027-04-30")
    page.click("button[name=next]")

    # 3. Schedule.
    check("/edit/schedule/")
    page.fill("#id_items-0-activity", "Sadzenie roślin")
    page.fill("#id_items-0-starts_on", "2027-03-01")
    page.fill("#id_items-0-ends_on", "2027-03-31")
    page.click("button[name=next]")

    # 4. Results, then leave and come back later from the dashboard.
    check("/edit/results/")
    page.fill("#id_results-0-description", "Posadzone rośliny")
    page.fill("#id_results-0-target_value", "115")
    page.fill("#id_results-0-measured_by", "Protokół i zdjęcia")
    page.click("button[name=leave]")
    check(f"/applications/{Application.objects.get().pk}/")
    page.goto(f"{url}/account/")
    axe_check(page)
    page.click("main a.btn:has-text('Kontynuuj'), main a.btn:has-text('Continue')")
    check("/applications/")
    application = Application.objects.get()
    page.click(f"main a[href='/applications/{application.pk}/edit/budget/']")

    # 5. Budget: the totals follow the typing.
    check("/edit/budget/")
    page.fill("#id_lines-0-name", "Sadzonki")
    page.select_option("#id_lines-0-category", "materials")
    page.fill("#id_lines-0-unit", "szt.")
    page.fill("#id_lines-0-unit_cost", "20")
    page.fill("#id_lines-0-quantity", "115")
    page.fill("#id_lines-0-requested", "2000")
    page.fill("#id_lines-0-own_non_financial", "300")
    expect(page.locator("#total-cost")).to_have_text("2\u00a0300,00\u00a0zł")
    expect(page.locator("#own-share")).to_have_text("13,04%")
    page.click("button[name=next]")

    # 6. Attachments.
    check("/edit/attachments/")
    page.select_option("#id_required", label="Statut organizacji")
    page.set_input_files(
        "#id_file", {"name": "statut.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("button[name=upload]")
    check("/edit/attachments/")
    assert page.locator("main a:has-text('statut.pdf')").count() == 1
    page.click(f"main a[href='/applications/{application.pk}/edit/declarations/']")

    # 7. Declarations, then the summary page and submit.
    check("/edit/declarations/")
    page.check("#id_declaration")
    page.check("#id_rodo_consent")
    page.click("button[name=next]")
    check(f"/applications/{application.pk}/")
    page.click(f"form[action='/applications/{application.pk}/do/submit/'] button")
    check(f"/applications/{application.pk}/")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.number.startswith("CIL/")
    assert page.locator(f"text={application.number}").count() >= 1
    assert len(mail.outbox) == 1

    # On the dashboard, with its PDF.
    page.goto(f"{url}/account/")
    axe_check(page)
    assert page.locator(f"main >> text={application.number}").count() >= 1
    with page.expect_download() as download_info:
        page.click(f"main a[href='/applications/{application.pk}/pdf/']")
    with open(download_info.value.path(), "rb") as f:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert application.number in text
    assert "Stowarzyszenie Rolna 24" in text
