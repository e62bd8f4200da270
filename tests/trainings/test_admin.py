from datetime import timedelta

from django.utils import timezone

from signups import services
from signups.models import Registration
from tests.trainings.factories import SessionFactory
from trainings.models import Training


def training_form(start, **fields):
    data = {
        "title": "Warsztat z budżetu obywatelskiego",
        "slug": "warsztat-bo",
        "topic": "Budżet obywatelski",
        "certificate_min_sessions": "1",
        "signups_enabled": "on",
        "published": "on",
        "capacity": "1",
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-starts_at_0": start.strftime("%Y-%m-%d"),
        "sessions-0-starts_at_1": "10:00:00",
        "sessions-0-ends_at_0": start.strftime("%Y-%m-%d"),
        "sessions-0-ends_at_1": "14:00:00",
    }
    data.update(fields)
    return data


def test_an_officer_adds_a_training_with_its_sessions_and_it_gets_a_sign_up_list(admin_client, db):
    start = timezone.localtime() + timedelta(days=20)
    response = admin_client.post("/admin/trainings/training/add/", training_form(start))
    assert response.status_code == 302, response.content.decode()[:3000]
    training = Training.objects.get(slug="warsztat-bo")
    assert training.sessions.count() == 1
    signup_list = training.signup_list
    assert signup_list.title == training.title
    assert signup_list.capacity == 1
    assert signup_list.url_path == "/trainings/warsztat-bo/"
    assert signup_list.starts_at == training.sessions.get().starts_at


def test_raising_capacity_in_the_admin_promotes_the_waiting_list(admin_client, db):
    training = SessionFactory(training__capacity=1, training__slug="warsztat-bo").training
    people = []
    for i in range(2):
        r, _ = services.registration_create(
            signup_list=training.signup_list,
            data={"full_name": f"Osoba {i}", "email": f"p{i}@example.org", "consent": True},
        )
        people.append(services.registration_confirm(registration=r))
    assert people[1].status == Registration.Status.WAITING
    session = training.sessions.get()
    start = timezone.localtime(session.starts_at)
    data = training_form(
        start,
        capacity="2",
        **{
            "sessions-INITIAL_FORMS": "1",
            "sessions-0-id": str(session.pk),
            "sessions-0-training": str(training.pk),
            "sessions-0-starts_at_1": start.strftime("%H:%M:%S"),
            "sessions-0-ends_at_0": timezone.localtime(session.ends_at).strftime("%Y-%m-%d"),
            "sessions-0-ends_at_1": timezone.localtime(session.ends_at).strftime("%H:%M:%S"),
        },
    )
    response = admin_client.post(f"/admin/trainings/training/{training.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    people[1].refresh_from_db()
    assert people[1].status == Registration.Status.CONFIRMED
