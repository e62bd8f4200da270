from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from grants.models import Application, Criterion, ReviewerAssignment
from grants.workflow import Status
from tests.factories import PASSWORD, MembershipFactory, OfficialFactory
from tests.grants.factories import ApplicationFactory, CallFactory, in_state


@pytest.fixture
def new_page(browser):
    """Pages of their own browser contexts (one person each), closed after the test so
    that the live server lets go of their connections."""
    contexts = []

    def make():
        context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(new_page, url, user):
    page = new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_official_checks_has_it_reviewed_awards_and_publishes(new_page, live_server, axe_check):
    roles_sync()
    now = timezone.now()
    call = CallFactory(
        title="Mikrogranty jesień",
        slug="mikrogranty-jesien",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=1),
    )
    criteria = [
        Criterion.objects.create(call=call, name="Zgodność z celami", max_points=10, position=0),
        Criterion.objects.create(call=call, name="Budżet", max_points=5, position=1),
    ]
    membership = MembershipFactory(role="owner", organisation__name="Stowarzyszenie Rolna 24")
    application = in_state(
        ApplicationFactory(call=call, organisation=membership.organisation), Status.SUBMITTED
    )
    officer = OfficialFactory(email="koordynatorka@example.org")
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    reviewer = OfficialFactory(email="recenzent@example.org", first_name="Marek", last_name="Ocena")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    url = live_server.url

    # The official: the formal check, from the application's page in the admin.
    official = sign_in(new_page, url, officer)
    official.goto(f"{url}/admin/grants/application/?q={application.number}")
    official.click(f"a[href^='/admin/grants/application/{application.pk}/change/']")
    expect(official.locator(".application-summary")).to_contain_text("Sadzonki")  # the budget
    official.click("a.transition-link:has-text('Poprawny formalnie')")
    official.click("input[name=confirm]")
    expect(official.locator(".messagelist")).to_contain_text(application.number)
    application.refresh_from_db()
    assert application.status == Status.MERIT_REVIEW

    # … assigns a reviewer to the call.
    official.goto(f"{url}/admin/grants/call/{call.pk}/change/")
    official.select_option("#id_assignments-0-reviewer", label=str(reviewer))
    official.click("input[name=_save]")
    official.wait_for_url("**/admin/grants/call/")
    assert ReviewerAssignment.objects.filter(call=call, reviewer=reviewer).exists()

    # The reviewer: declares no conflict before seeing the application, then scores it.
    desk = sign_in(new_page, url, reviewer)
    desk.goto(f"{url}/admin/grants/call/")
    desk.click(f"a[href='/admin/grants/call/{call.pk}/review/']")
    expect(desk.locator("#declarations")).to_contain_text("Stowarzyszenie Rolna 24")
    assert application.title not in desk.content()
    desk.check(f"#no-{application.organisation_id}")
    desk.click("input[type=submit]")
    desk.click(f"a[href='/admin/grants/call/{call.pk}/review/{application.pk}/']")
    desk.fill(f"#id_criterion_{criteria[0].pk}", "9")
    desk.fill(f"#id_criterion_{criteria[1].pk}", "4")
    desk.fill("#id_comment", "Realny plan, dobrze policzony budżet.")
    desk.click("#score-form input[type=submit]")
    expect(desk.locator("#to-review")).to_contain_text("13 pkt")

    # The official: the ranking shows the score; awards 1 800 zł of the 2 000 requested.
    official.goto(f"{url}/admin/grants/call/{call.pk}/ranking/")
    expect(official.locator("#ranking")).to_contain_text("13,00 / 15")
    official.goto(f"{url}/admin/grants/application/{application.pk}/change/")
    official.click("a.transition-link:has-text('Przyznaj dotację')")
    official.fill("#id_amount", "1800")
    official.click("input[name=confirm]")
    expect(official.locator(".messagelist")).to_contain_text("przyznano dotację")
    application.refresh_from_db()
    assert (application.status, str(application.awarded_amount)) == (Status.AWARDED, "1800.00")

    # … and publishes the call's results.
    official.goto(f"{url}/admin/grants/call/")
    official.check(f"input[name=_selected_action][value='{call.pk}']")
    official.select_option("select[name=action]", "publish_results")
    official.click("#changelist-form button[type=submit][name=index]")
    expect(official.locator(".messagelist")).to_contain_text("Opublikowano wyniki")

    # The applicant sees the decision on the dashboard; the public results list it.
    applicant = sign_in(new_page, url, membership.user)
    axe_check(applicant)
    card = applicant.locator(f"#application-{application.pk}-title").locator("xpath=../..")
    assert "Przyznano dotację" in card.inner_text()
    assert "1\u00a0800,00\u00a0zł" in card.inner_text()
    applicant.click(f"main a[href='/applications/{application.pk}/']")
    axe_check(applicant)
    expect(applicant.locator("#decision-title")).to_be_visible()
    expect(applicant.locator("main")).to_contain_text("Przyznana dotacja")
    results = new_page()
    results.goto(f"{url}/calls/{call.slug}/")
    results.click(f"main a[href='/calls/{call.slug}/results/']")
    axe_check(results)
    table = results.locator("main table").inner_text()
    assert "Stowarzyszenie Rolna 24" in table
    assert application.title in table
    assert "1\u00a0800,00\u00a0zł" in table
    assert Application.objects.get(pk=application.pk).call.results_published


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_grantee_files_the_final_report_and_the_centre_page_lists_the_project(
    new_page, live_server, axe_check
):
    from centres.models import Centre
    from grants import services

    roles_sync()
    centre = Centre.objects.create(
        name="CIL Regrantingowy",
        slug="cil-regrantingowy",
        kind="regranting",
        active_from="2016-01-01",
    )
    call = CallFactory(kind="regranting", organiser=centre)
    membership = MembershipFactory(role="owner", organisation__name="Fundacja Zielona Wilda")
    application = in_state(
        ApplicationFactory(call=call, organisation=membership.organisation), Status.AWARDED
    )
    officer = OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    services.application_transition(
        application=application, name="sign_agreement", by=officer, agreement_number="UM/3/2026"
    )
    services.application_transition(application=application, name="pay", by=officer)
    url = live_server.url

    page = sign_in(new_page, url, membership.user)
    page.click(f"main a[href='/applications/{application.pk}/report/']")
    axe_check(page)
    [result] = application.results.all()
    [line] = application.budget_lines.all()
    page.fill("#id_summary", "Posadziliśmy 120 roślin razem z sąsiadami.")
    page.fill("#id_participants", "45")
    page.fill(f"#id_result_{result.pk}", "120")
    page.fill(f"#id_grant_{line.pk}", "2100")  # more than the grant: refused
    page.click("#submit-report")
    expect(page.locator("#costs-error")).to_contain_text("przekraczają")
    expect(page.locator(f"#id_grant_{line.pk}")).to_have_attribute(
        "aria-describedby", "costs-error"
    )
    assert page.input_value("#id_summary") == "Posadziliśmy 120 roślin razem z sąsiadami."
    axe_check(page)
    page.fill(f"#id_grant_{line.pk}", "1950")
    page.fill(f"#id_own_non_financial_{line.pk}", "350")
    page.click("button[name=save][value='1']")
    page.select_option("#id_kind", "photo")
    page.set_input_files(
        "#id_file", {"name": "sadzenie.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.click("button[name=upload]")
    expect(page.locator("main")).to_contain_text("sadzenie.png")
    page.click("#submit-report")
    page.wait_for_url(f"**/applications/{application.pk}/")
    expect(page.locator("main")).to_contain_text("Sprawozdanie końcowe złożone")
    axe_check(page)
    application.refresh_from_db()
    assert application.status == Status.REPORT_SUBMITTED

    services.application_transition(application=application, name="settle", by=officer)
    visitor = new_page()
    visitor.goto(f"{url}/centres/{centre.slug}/")
    expect(visitor.locator("#centre-projects-title")).to_be_visible()
    expect(visitor.locator("main table")).to_contain_text(application.title)
    expect(visitor.locator("main table")).to_contain_text("1\u00a0950,00\u00a0zł")
    axe_check(visitor)
