import pytest
from django.core.exceptions import ValidationError

from tests.trainings.factories import RegistrationFactory, SessionFactory
from trainings.services import session_attendance_set


def test_an_officer_ticks_who_came_on_the_session_page(admin_client, db):
    session = SessionFactory()
    people = [
        RegistrationFactory(signup_list=session.training.signup_list, full_name=f"Osoba {i}")
        for i in range(40)
    ]
    RegistrationFactory(
        signup_list=session.training.signup_list,
        status="waiting",
        waiting_since=session.starts_at,
        full_name="Czeka",
    )
    url = f"/admin/trainings/session/{session.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert page.count('name="present"') == 40, "a checkbox per confirmed person, none for waiting"
    data = {
        "title": "",
        "starts_at_0": session.starts_at.strftime("%Y-%m-%d"),
        "starts_at_1": session.starts_at.strftime("%H:%M:%S"),
        "ends_at_0": session.ends_at.strftime("%Y-%m-%d"),
        "ends_at_1": session.ends_at.strftime("%H:%M:%S"),
        "present": [p.pk for p in people[:30]],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert session.attendances.count() == 30
    data["present"] = [p.pk for p in people[5:31]]
    admin_client.post(url, data)
    assert set(session.attendances.values_list("registration_id", flat=True)) == {
        p.pk for p in people[5:31]
    }


def test_attendance_accepts_only_people_registered_for_the_training(db):
    session = SessionFactory()
    stranger = RegistrationFactory()
    with pytest.raises(ValidationError):
        session_attendance_set(session=session, registrations=[stranger])
    assert not session.attendances.exists()


def test_the_checklist_takes_the_same_queries_for_5_or_40_people(
    admin_client, db, django_assert_max_num_queries
):
    counts = []
    for size in (5, 40):
        session = SessionFactory()
        people = [
            RegistrationFactory(signup_list=session.training.signup_list) for _ in range(size)
        ]
        url = f"/admin/trainings/session/{session.pk}/change/"
        data = {
            "title": "",
            "starts_at_0": session.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": session.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": session.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": session.ends_at.strftime("%H:%M:%S"),
            "present": [p.pk for p in people],
        }
        with django_assert_max_num_queries(40) as shown:
            assert admin_client.get(url).status_code == 200
        with django_assert_max_num_queries(40) as saved:
            assert admin_client.post(url, data).status_code == 302
        assert session.attendances.count() == size
        counts.append((len(shown), len(saved)))
    assert counts[0] == counts[1], counts


def test_a_session_is_named_by_its_warsaw_time(db):
    from datetime import UTC, datetime

    session = SessionFactory(
        training__title="OSL",
        starts_at=datetime(2027, 2, 14, 9, tzinfo=UTC),
        ends_at=datetime(2027, 2, 14, 14, tzinfo=UTC),
    )
    assert str(session) == "OSL – 2027-02-14 10:00"
