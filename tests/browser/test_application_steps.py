"""The application's list steps (schedule, results, budget) in a real browser: every save
keeps what was saved before, and a draft may break the call's rules until it is submitted."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Application
from tests.factories import PASSWORD, MembershipFactory
from tests.grants.factories import ApplicationFactory, CallFactory, make_complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_call():
    now = timezone.now()
    return CallFactory(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=20))


def sign_in(page, url, user):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/")


def fill_line(page, i, name, category, unit, unit_cost, quantity, requested, own, own_non="0"):
    page.fill(f"#id_lines-{i}-name", name)
    page.select_option(f"#id_lines-{i}-category", category)
    page.fill(f"#id_lines-{i}-unit", unit)
    page.fill(f"#id_lines-{i}-unit_cost", unit_cost)
    page.fill(f"#id_lines-{i}-quantity", quantity)
    page.fill(f"#id_lines-{i}-requested", requested)
    page.fill(f"#id_lines-{i}-own_financial", own)
    page.fill(f"#id_lines-{i}-own_non_financial", own_non)


def lines(application):
    return [
        (line.name, line.requested, line.own_financial)
        for line in application.budget_lines.order_by("position")
    ]


def test_saved_rows_survive_coming_back_saving_unchanged_changing_and_adding_a_line(
    page, live_server, axe_check
):
    membership = MembershipFactory(role="owner", organisation__name="Sąsiedzi z Wildy")
    application = ApplicationFactory(
        call=open_call(),
        organisation=membership.organisation,
        title="Zimowe potańcówki",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 4, 30),
    )
    url = live_server.url
    sign_in(page, url, membership.user)

    def step(section):
        return f"{url}/applications/{application.pk}/edit/{section}/"

    # Schedule: two activities, then leave.
    page.goto(step("schedule"))
    page.fill("#id_items-0-activity", "Przygotowanie i promocja")
    page.fill("#id_items-0-starts_on", "2027-03-01")
    page.fill("#id_items-0-ends_on", "2027-03-10")
    page.fill("#id_items-1-activity", "Potańcówki")
    page.fill("#id_items-1-starts_on", "2027-03-11")
    page.fill("#id_items-1-ends_on", "2027-04-30")
    page.click("button[name=leave]")
    page.wait_for_url(f"**/applications/{application.pk}/")

    # Back again: saved unchanged, both activities stay.
    page.goto(step("schedule"))
    expect(page.locator("#id_items-1-activity")).to_have_value("Potańcówki")
    axe_check(page)
    page.click("button[name=next]")
    page.wait_for_url("**/edit/results/")
    assert list(application.schedule_items.values_list("activity", flat=True)) == [
        "Przygotowanie i promocja",
        "Potańcówki",
    ]
    page.goto(step("schedule"))
    expect(page.locator("#id_items-0-activity")).to_have_value("Przygotowanie i promocja")
    expect(page.locator("#id_items-1-ends_on")).to_have_value("2027-04-30")

    # Results: two, leave, back, saved unchanged.
    page.goto(step("results"))
    page.fill("#id_results-0-description", "Uczestnicy potańcówek")
    page.fill("#id_results-0-target_value", "120")
    page.fill("#id_results-0-measured_by", "listy obecności")
    page.fill("#id_results-1-description", "Potańcówki")
    page.fill("#id_results-1-target_value", "6")
    page.fill("#id_results-1-measured_by", "zdjęcia")
    page.click("button[name=leave]")
    page.wait_for_url(f"**/applications/{application.pk}/")
    page.goto(step("results"))
    expect(page.locator("#id_results-1-description")).to_have_value("Potańcówki")
    page.click("button[name=next]")
    page.wait_for_url("**/edit/budget/")
    assert list(application.results.values_list("description", "target_value")) == [
        ("Uczestnicy potańcówek", 120),
        ("Potańcówki", 6),
    ]

    # Budget: two lines (3 000 + 2 100 zł), leave, back, saved unchanged.
    fill_line(page, 0, "Wynajem nagłośnienia", "services", "wieczór", "500", "6", "2700", "300")
    fill_line(page, 1, "Zespół muzyczny", "services", "koncert", "350", "6", "1800", "300")
    expect(page.locator("#total-cost")).to_have_text("5\u00a0100,00\u00a0zł")
    page.click("button[name=leave]")
    page.wait_for_url(f"**/applications/{application.pk}/")
    page.goto(step("budget"))
    expect(page.locator("#id_lines-0-name")).to_have_value("Wynajem nagłośnienia")
    expect(page.locator("#total-cost")).to_have_text("5\u00a0100,00\u00a0zł")
    axe_check(page)
    page.click("button[name=next]")
    page.wait_for_url("**/edit/attachments/")
    application.refresh_from_db()
    assert lines(application) == [
        ("Wynajem nagłośnienia", Decimal("2700.00"), Decimal("300.00")),
        ("Zespół muzyczny", Decimal("1800.00"), Decimal("300.00")),
    ]
    assert (application.total_cost, application.requested_amount) == (
        Decimal("5100.00"),
        Decimal("4500.00"),
    )

    # Only line 2 changed: line 1 stays.
    page.goto(step("budget"))
    page.fill("#id_lines-1-requested", "1700")
    page.fill("#id_lines-1-own_financial", "400")
    page.click("button[name=next]")
    page.wait_for_url("**/edit/attachments/")
    application.refresh_from_db()
    assert lines(application) == [
        ("Wynajem nagłośnienia", Decimal("2700.00"), Decimal("300.00")),
        ("Zespół muzyczny", Decimal("1700.00"), Decimal("400.00")),
    ]
    assert (application.total_cost, application.requested_amount) == (
        Decimal("5100.00"),
        Decimal("4400.00"),
    )

    # One line added in the blank row the page offers: the others stay, the totals agree.
    page.goto(step("budget"))
    fill_line(page, 2, "Praca wolontariuszy", "personnel", "godz.", "40", "10", "0", "0", "400")
    expect(page.locator("#total-cost")).to_have_text("5\u00a0500,00\u00a0zł")
    expect(page.locator("#total-requested")).to_have_text("4\u00a0400,00\u00a0zł")
    page.click("button[name=next]")
    page.wait_for_url("**/edit/attachments/")
    application.refresh_from_db()
    assert [name for name, *_ in lines(application)] == [
        "Wynajem nagłośnienia",
        "Zespół muzyczny",
        "Praca wolontariuszy",
    ]
    assert (application.total_cost, application.requested_amount) == (
        Decimal("5500.00"),
        Decimal("4400.00"),
    )
    page.goto(f"{url}/applications/{application.pk}/")
    expect(page.locator("main")).to_contain_text("5\u00a0500,00\u00a0zł")


def test_a_draft_budget_breaking_the_calls_own_contribution_is_saved_and_refused_at_submit(
    page, live_server, axe_check
):
    membership = MembershipFactory(role="owner", organisation__name="Sąsiedzi z Wildy")
    application = make_complete(
        ApplicationFactory(call=open_call(), organisation=membership.organisation)
    )
    url = live_server.url
    budget_url = f"{url}/applications/{application.pk}/edit/budget/"
    message = (
        "Twój wkład własny to 0,00% kosztów całkowitych; w tym naborze wymagane jest "
        "co najmniej 10,00%."
    )
    own_share = page.locator("[data-rule-messages=own_share]")
    sign_in(page, url, membership.user)

    # The whole cost from the grant: the server's message shows beside the share as they type.
    page.goto(budget_url)
    expect(own_share).to_be_empty()
    page.fill("#id_lines-0-requested", "2300")
    page.fill("#id_lines-0-own_non_financial", "0")
    expect(own_share).to_have_text(message)
    expect(page.locator("#own-share")).to_have_text("0,00%")

    # Saved as a draft even so; the page stays, with the message beside the share.
    page.click("button[name=next]")
    page.wait_for_url(budget_url)
    expect(page.locator(".alert-warning")).to_contain_text("Zapisano szkic")
    expect(own_share).to_have_text(message)
    axe_check(page)
    application.refresh_from_db()
    assert lines(application) == [("Sadzonki", Decimal("2300.00"), Decimal("0.00"))]
    assert application.requested_amount == Decimal("2300.00")

    # "Save and finish later" is not refused either.
    page.fill("#id_lines-0-unit", "sztuka")
    page.click("button[name=leave]")
    page.wait_for_url(f"**/applications/{application.pk}/")
    assert application.budget_lines.get().unit == "sztuka"

    # Submitting is refused, with that message (once) beside the budget.
    page.click(f"form[action='/applications/{application.pk}/do/submit/'] button")
    page.wait_for_url(f"**/applications/{application.pk}/")
    expect(page.locator("main")).to_contain_text(message)
    assert page.content().count("co najmniej 10,00%") == 1
    axe_check(page)
    application.refresh_from_db()
    assert application.status == "draft"

    # A volunteer line, in a row added by the button, fixes it without anything else first.
    page.goto(budget_url)
    rows = page.locator(".budget-row")
    expect(rows).to_have_count(3)
    page.click("#add-row")
    expect(rows).to_have_count(4)
    expect(page.locator("#id_lines-3-name")).to_be_focused()
    fill_line(page, 3, "Praca wolontariuszy", "personnel", "godz.", "40", "10", "0", "0", "400")
    expect(page.locator("#own-share")).to_have_text("14,81%")
    expect(own_share).to_be_empty()
    page.click("button[name=next]")
    page.wait_for_url("**/edit/attachments/")
    assert application.budget_lines.count() == 2
    page.goto(f"{url}/applications/{application.pk}/")
    page.click(f"form[action='/applications/{application.pk}/do/submit/'] button")
    page.wait_for_url(f"**/applications/{application.pk}/")
    assert Application.objects.get(pk=application.pk).status == "submitted"
