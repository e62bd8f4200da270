from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from grants.models import Application

from .factories import ApplicationFactory, CallFactory, make_complete


def budget_post(*rows, action="next"):
    data = {
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        action: "1",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"lines-{i}-{key}"] = value
    return data


LINE = {
    "name": "Sadzonki",
    "category": "materials",
    "unit": "szt.",
    "unit_cost": "20.00",
    "quantity": "115",
    "requested": "2000",
    "own_financial": "0",
    "own_non_financial": "300",
}


def test_starting_creates_a_draft_and_goes_to_the_first_step(
    now, client, call, owner, organisation
):
    client.force_login(owner)
    response = client.post(f"/calls/{call.slug}/apply/", {"organisation": organisation.pk})
    application = Application.objects.get()
    assert response["Location"] == f"/applications/{application.pk}/edit/applicant/"
    assert application.created_by == owner
    assert application.contact_email == owner.email


def test_starting_again_resumes_the_same_draft(now, client, call, owner, organisation):
    client.force_login(owner)
    for _ in range(2):
        client.post(f"/calls/{call.slug}/apply/", {"organisation": organisation.pk})
    assert Application.objects.count() == 1


def test_it_refuses_to_start_in_a_closed_call(client, call, owner, organisation):
    import time_machine

    with time_machine.travel(call.closes_at, tick=False):
        client.force_login(owner)
        response = client.post(f"/calls/{call.slug}/apply/", {"organisation": organisation.pk})
    assert response.status_code == 200
    assert Application.objects.count() == 0


def test_it_refuses_an_ineligible_organisation_beside_the_field(now, client, owner, organisation):
    call = CallFactory(eligible_legal_forms=["foundation"])
    client.force_login(owner)
    response = client.post(f"/calls/{call.slug}/apply/", {"organisation": organisation.pk})
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "is-invalid" in response.content.decode()


def test_a_second_member_sees_and_continues_the_draft(now, client, application, member):
    client.force_login(member)
    response = client.get(f"/applications/{application.pk}/edit/task/")
    assert response.status_code == 200
    client.post(
        f"/applications/{application.pk}/edit/task/",
        {
            "title": "Od drugiego członka",
            "place": "Wilda",
            "start_date": "2027-02-01",
            "end_date": "2027-02-28",
            "summary": "Opis",
            "target_group": "Sąsiedzi",
            "next": "1",
        },
    )
    application.refresh_from_db()
    assert application.title == "Od drugiego członka"


TASK = {
    "title": "Za długie",
    "place": "Wilda",
    "start_date": "2027-01-01",
    "end_date": "2027-07-31",
    "summary": "Opis",
    "target_group": "Sąsiedzi",
    "next": "1",
}


def test_the_task_step_saves_a_period_the_call_does_not_allow_and_says_so_beside_the_date(
    now, client, application, owner
):
    client.force_login(owner)
    url = f"/applications/{application.pk}/edit/task/"
    response = client.post(url, TASK, follow=True)
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    assert "Zapisano szkic" in page
    assert 'id="error_1_id_end_date"' in page
    assert "zadanie musi zakończyć się najpóźniej 30.06.2027" in page
    application.refresh_from_db()
    assert (application.title, str(application.end_date)) == ("Za długie", "2027-07-31")


def test_the_task_step_refuses_a_task_that_ends_before_it_starts(now, client, application, owner):
    client.force_login(owner)
    data = {**TASK, "start_date": "2027-03-01", "end_date": "2027-02-01"}
    response = client.post(f"/applications/{application.pk}/edit/task/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_end_date"' in page
    assert 'value="Za długie"' in page  # what was typed is kept
    application.refresh_from_db()
    assert application.title == ""


def test_the_budget_step_saves_lines_and_totals_in_decimal(now, client, application, owner):
    client.force_login(owner)
    response = client.post(f"/applications/{application.pk}/edit/budget/", budget_post(LINE))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.total_cost == Decimal("2300.00")
    assert application.requested_amount == Decimal("2000.00")
    [line] = application.budget_lines.all()
    assert line.unit_cost == Decimal("20.00")


def test_the_budget_step_shows_a_line_that_does_not_add_up(now, client, application, owner):
    client.force_login(owner)
    bad = {**LINE, "own_non_financial": "200"}
    response = client.post(f"/applications/{application.pk}/edit/budget/", budget_post(bad))
    assert response.status_code == 200
    assert "2\u00a0200,00\u00a0zł" in response.content.decode()
    assert application.budget_lines.count() == 0


def test_the_budget_step_saves_a_draft_above_the_maximum_and_says_so_beside_the_total(
    now, client, application, owner
):
    client.force_login(owner)
    too_much = {
        **LINE,
        "unit_cost": "100",
        "quantity": "60",
        "requested": "5500",
        "own_non_financial": "500",
    }
    url = f"/applications/{application.pk}/edit/budget/"
    response = client.post(url, budget_post(too_much), follow=True)
    assert response.redirect_chain == [(url, 302)]
    page = response.content.decode()
    beside = page[page.index('id="total-requested"') : page.index('id="total-own-financial"')]
    assert "przekracza maksimum w tym naborze: 5\u00a0000,00\u00a0zł" in beside
    application.refresh_from_db()
    assert application.requested_amount == Decimal("5500.00")
    assert application.budget_lines.count() == 1


def test_leaving_a_budget_that_breaks_a_call_rule_saves_it(now, client, application, owner):
    client.force_login(owner)
    too_little = {**LINE, "requested": "2300", "own_non_financial": "0"}
    response = client.post(
        f"/applications/{application.pk}/edit/budget/", budget_post(too_little, action="leave")
    )
    assert response["Location"] == application.get_absolute_url()
    application.refresh_from_db()
    assert application.requested_amount == Decimal("2300.00")


# What the browser sends for an untouched row: the zero defaults of the money fields.
BLANK = {"requested": "0.00", "own_financial": "0.00", "own_non_financial": "0.00"}


def test_a_blank_budget_row_is_skipped(now, client, application, owner):
    client.force_login(owner)
    client.post(f"/applications/{application.pk}/edit/budget/", budget_post(LINE, BLANK))
    assert application.budget_lines.count() == 1


def schedule_post(*items):
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
        "next": "1",
    }
    for i, (activity, starts_on, ends_on) in enumerate(items):
        data.update(
            {
                f"items-{i}-activity": activity,
                f"items-{i}-starts_on": starts_on,
                f"items-{i}-ends_on": ends_on,
            }
        )
    return data


def test_an_activity_outside_the_task_is_saved_marked_and_refused_at_submit(
    now, client, owner, complete_application
):
    client.force_login(owner)
    url = f"/applications/{complete_application.pk}/edit/schedule/"
    response = client.post(url, schedule_post(("Za wcześnie", "2027-01-01", "2027-01-02")))
    assert response["Location"] == url
    assert complete_application.schedule_items.get().activity == "Za wcześnie"
    page = client.get(url).content.decode()
    assert "Zaplanuj każde działanie w terminie realizacji zadania (01.03.2027 – 30.04.2027)." in (
        page.replace("&#x27;", "'")
    )
    detail = client.post(f"/applications/{complete_application.pk}/do/submit/", follow=True)
    complete_application.refresh_from_db()
    assert complete_application.status == "draft"
    assert "wykraczają poza termin realizacji zadania" in detail.content.decode()


def test_an_activity_that_ends_before_it_starts_is_refused(
    now, client, owner, complete_application
):
    client.force_login(owner)
    url = f"/applications/{complete_application.pk}/edit/schedule/"
    response = client.post(url, schedule_post(("Wspak", "2027-03-10", "2027-03-01")))
    assert response.status_code == 200
    assert 'value="Wspak"' in response.content.decode()
    assert complete_application.schedule_items.get().activity == "Sadzenie"


def test_the_detail_page_lists_what_is_missing(now, client, application, owner):
    client.force_login(owner)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "errorlist" in page


@pytest.mark.parametrize(
    "section", ["applicant", "task", "schedule", "results", "budget", "attachments", "declarations"]
)
def test_every_step_renders(now, client, owner, complete_application, section):
    client.force_login(owner)
    response = client.get(f"/applications/{complete_application.pk}/edit/{section}/")
    assert response.status_code == 200


def test_the_pdf_downloads_for_members(now, client, owner, complete_application):
    client.force_login(owner)
    response = client.get(f"/applications/{complete_application.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_dashboard_lists_applications_with_a_constant_number_of_queries(
    now, client, owner, organisation, django_assert_max_num_queries
):
    def page():
        with django_assert_max_num_queries(14):
            response = client.get("/account/")
        assert response.status_code == 200
        return response.content.decode()

    client.force_login(owner)
    ApplicationFactory(organisation=organisation, title="Pierwszy")
    assert "Pierwszy" in page()
    for _ in range(5):
        make_complete(ApplicationFactory(organisation=organisation)).events.create(
            transition="submit", from_status="draft", to_status="submitted", by=owner
        )
    assert page().count("application-") >= 6


def test_the_applicant_corrects_the_named_part_in_the_browser_pages(
    now, client, owner, complete_application, grants_official
):
    from grants import services
    from tests.grants.factories import warsaw

    services.application_submit(application=complete_application, by=owner)
    services.application_transition(
        application=complete_application,
        name="request_correction",
        by=grants_official,
        note="Proszę doprecyzować grupę docelową.",
        correction_sections=["task"],
        correction_until=warsaw(2026, 11, 29, 16),
    )
    client.force_login(owner)
    page = client.get(complete_application.get_absolute_url()).content.decode()
    assert "Proszę doprecyzować grupę docelową." in page
    assert f"/applications/{complete_application.pk}/edit/task/" in page
    assert f"/applications/{complete_application.pk}/edit/budget/" not in page
    refused = client.get(f"/applications/{complete_application.pk}/edit/budget/")
    assert refused["Location"] == complete_application.get_absolute_url()
    client.post(
        f"/applications/{complete_application.pk}/edit/task/",
        {
            "title": complete_application.title,
            "place": complete_application.place,
            "start_date": "2027-03-01",
            "end_date": "2027-04-30",
            "summary": complete_application.summary,
            "target_group": "Seniorzy z Wildy",
            "next": "1",
        },
    )
    client.post(f"/applications/{complete_application.pk}/do/correct/")
    complete_application.refresh_from_db()
    assert complete_application.status == "corrected"
    assert complete_application.target_group == "Seniorzy z Wildy"
    dashboard = client.get("/account/").content.decode()
    assert "Proszę doprecyzować grupę docelową." in dashboard


def test_a_refused_submission_says_each_missing_part_once(now, client, application, owner):
    client.force_login(owner)
    response = client.post(f"/applications/{application.pk}/do/submit/", follow=True)
    page = response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"
    assert "Wniosek nie jest jeszcze kompletny" in page
    for missing in (
        "Dodaj do harmonogramu co najmniej jedno działanie.",
        "Dodaj co najmniej jeden zakładany rezultat.",
        "Potwierdź oświadczenia.",
    ):
        assert page.count(missing) == 1, missing


def test_the_schedule_names_each_row_an_activity(now, client, owner, complete_application):
    client.force_login(owner)
    page = client.get(f"/applications/{complete_application.pk}/edit/schedule/").content.decode()
    assert "Działanie 1</legend>" in page
    assert "Działalność" not in page
    pdf = client.get(f"/applications/{complete_application.pk}/pdf/")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Działanie" in text and "Działalność" not in text
