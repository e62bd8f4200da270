from events import queries
from tests.events.factories import EventFactory
from tests.trainings.factories import RegistrationFactory


def test_the_event_admin_pages_open(admin_client, db):
    event = EventFactory()
    assert admin_client.get("/admin/events/event/").status_code == 200
    assert admin_client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200


def test_an_officer_ticks_who_came_and_the_count_follows(admin_client, db):
    event = EventFactory(report_sentence="galę")
    people = [RegistrationFactory(signup_list=event.signup_list) for _ in range(3)]
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "3",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Zapisz",
    }
    for i, person in enumerate(people):
        data[f"form-{i}-id"] = str(person.pk)
        if i < 2:
            data[f"form-{i}-attended"] = "on"
    url = f"/admin/signups/registration/?signup_list__id__exact={event.signup_list_id}"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    [item] = queries.report_items(event.starts_at.year)
    assert (item.participants, item.estimate) == (2, False)
