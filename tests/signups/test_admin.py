import csv
import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from tests.factories import OfficialFactory, UserFactory
from tests.trainings.factories import RegistrationFactory

CHANGELIST = "/admin/signups/registration/"


@pytest.fixture
def registrations(signup_list):
    return [
        RegistrationFactory(
            signup_list=signup_list,
            full_name="Anna Żółtowska",
            email="anna@example.org",
            organisation="=HYPERLINK(1)",
            needs_sign_language=True,
        ),
        RegistrationFactory(signup_list=signup_list, full_name="Piotr Nowak"),
    ]


def action(client, name, registrations, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [r.pk for r in registrations], **extra},
    )


def test_an_officer_exports_registrations_to_csv(client, officer, registrations):
    client.force_login(officer)
    response = action(client, "export_csv", registrations)
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    names = {row[1] for row in rows[1:]}
    assert names == {"Anna Żółtowska", "Piotr Nowak"}
    anna = next(row for row in rows if row[1] == "Anna Żółtowska")
    assert anna[3] == "'=HYPERLINK(1)", "a formula must stay text"


def test_an_officer_exports_registrations_to_xlsx(client, officer, registrations):
    client.force_login(officer)
    response = action(client, "export_xlsx", registrations)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    assert {v[1] for v in values[1:]} == {"Anna Żółtowska", "Piotr Nowak"}


def test_an_officer_messages_registrants(
    client, officer, registrations, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    response = action(client, "send_message", registrations)
    assert response.status_code == 200
    assert b"Anna" in response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            client, "send_message", registrations, subject="Zmiana sali", body="Sala 2."
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in registrations)
    assert all(m.subject == "Zmiana sali" for m in mail.outbox)


def test_an_officer_ticks_who_came_to_an_event_in_the_list(client, officer, registrations):
    client.force_login(officer)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert b"form-0-attended" in response.content


@pytest.mark.parametrize("who", ["anonymous", "resident", "staff without a group"])
def test_others_cannot_see_registrations(client, db, registrations, who):
    if who == "resident":
        client.force_login(UserFactory())
    elif who == "staff without a group":
        client.force_login(OfficialFactory())
    response = client.get(CHANGELIST)
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_an_export_takes_the_same_queries_for_2_or_60_people(
    client, officer, signup_list, django_assert_max_num_queries, name
):
    client.force_login(officer)
    counts = []
    for size in (2, 60):
        people = [RegistrationFactory(signup_list=signup_list) for _ in range(size)]
        with django_assert_max_num_queries(15) as captured:
            assert action(client, name, people).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
