"""The call's change form in the admin: only what the official changed is saved, under
the call's lock, and the pool never goes below what the call has awarded."""

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from front.roles import REVIEWER
from grants import services
from grants.models import Application, Call, Criterion
from grants.workflow import Status
from tests.factories import OfficialFactory
from tests.utils import form_data

from .factories import ApplicationFactory, CallFactory, in_state
from .test_award_race import _wait_until_blocked


def change_url(call):
    return f"/admin/grants/call/{call.pk}/change/"


def loaded_form(client, call) -> dict:
    """The call's change form as the official's browser loaded it."""
    return form_data(client.get(change_url(call)).content.decode(), "call_form")


@pytest.fixture
def awarded_call(now):
    """6 000 zł awarded out of a 50 000 zł pool."""
    call = CallFactory(budget_pool=Decimal("50000.00"), max_amount=Decimal("5000.00"))
    for _ in range(3):
        in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="2000.00")
    return call


def test_the_pool_cannot_be_set_below_what_the_call_has_awarded(client, officer, awarded_call):
    client.force_login(officer)
    data = loaded_form(client, awarded_call)
    data["budget_pool"] = ["5000.00"]
    response = client.post(change_url(awarded_call), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "6\u00a0000,00\u00a0zł" in errors["budget_pool"][0]
    awarded_call.refresh_from_db()
    assert awarded_call.budget_pool == Decimal("50000.00")
    data["budget_pool"] = ["6000.00"]
    assert client.post(change_url(awarded_call), data).status_code == 302
    awarded_call.refresh_from_db()
    assert awarded_call.budget_pool == Decimal("6000.00")


def test_call_update_refuses_a_pool_below_the_awarded_and_anyone_but_an_officer(
    officer, awarded_call
):
    with pytest.raises(ValidationError) as e:
        services.call_update(
            call=awarded_call, by=officer, changes={"budget_pool": Decimal("5999.99")}
        )
    assert e.value.error_dict["budget_pool"][0].code == "below_awarded"
    reviewer = OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    with pytest.raises(PermissionDenied):
        services.call_update(call=awarded_call, by=reviewer, changes={"title": "Inny"})
    awarded_call.refresh_from_db()
    assert (awarded_call.budget_pool, awarded_call.title) != (Decimal("5999.99"), "Inny")


@pytest.mark.django_db(transaction=True)
def test_a_pool_cut_and_an_award_at_the_same_moment_never_leave_the_pool_overspent(now, officer):
    """6 000 zł awarded of 8 000 zł; one official awards 1 500 zł while another cuts the
    pool to 7 000 zł. Either may go first; the second sees the first and is refused. On
    PostgreSQL they really race (both released at the same instant); on SQLite they run
    one after the other."""
    call = CallFactory(budget_pool=Decimal("8000.00"), max_amount=Decimal("5000.00"))
    for _ in range(3):
        in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="2000.00")
    contender = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    outcomes = []

    def award():
        try:
            services.application_transition(
                application=contender, name="award", by=officer, amount=Decimal("1500.00")
            )
            outcomes.append("awarded")
        except ValidationError as e:
            outcomes.append(e.error_dict["amount"][0].code)
        finally:
            connection.close()

    def cut():
        try:
            services.call_update(call=call, by=officer, changes={"budget_pool": Decimal("7000")})
            outcomes.append("cut")
        except ValidationError as e:
            outcomes.append(e.error_dict["budget_pool"][0].code)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=award), threading.Thread(target=cut)]
        with transaction.atomic():
            list(Application.objects.select_for_update().filter(pk=contender.pk))
            list(Call.objects.select_for_update().filter(pk=call.pk))
            for t in threads:
                t.start()
            _wait_until_blocked(2)
        for t in threads:
            t.join(timeout=60)
    else:
        award()
        cut()

    assert sorted(outcomes) in (["awarded", "below_awarded"], ["cut", "pool"])
    call.refresh_from_db()
    assert call.awarded_total() <= call.budget_pool


def test_saving_the_call_keeps_what_the_workflow_changed_after_the_form_was_loaded(
    client, officer, now
):
    rolling = CallFactory(closes_at=None)
    client.force_login(officer)
    data = loaded_form(client, rolling)
    # Meanwhile the last award spends the pool (the intake closes) and results go out.
    spent = timezone.now()
    Call.objects.filter(pk=rolling.pk).update(closes_at=spent, results_published_at=spent)
    data["title"] = ["Mikrogranty – poprawiony tytuł"]
    assert client.post(change_url(rolling), data).status_code == 302
    rolling.refresh_from_db()
    assert rolling.title == "Mikrogranty – poprawiony tytuł"
    assert rolling.closes_at == spent and rolling.results_published_at == spent


def test_the_criteria_are_read_only_once_the_call_has_reviews(client, officer, now):
    call = CallFactory()
    criterion = Criterion.objects.create(call=call, name="Budżet", max_points=10)
    client.force_login(officer)
    assert 'name="criteria-0-max_points"' in client.get(change_url(call)).content.decode()
    application = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    reviewer = OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    services.reviewer_assign(call=call, reviewer=reviewer, by=officer)
    services.conflict_declare(
        call=call, reviewer=reviewer, answers={application.organisation_id: (False, "")}
    )
    services.review_save(
        application=application, reviewer=reviewer, points={criterion.pk: 8}, comment="Dobry."
    )
    page = client.get(change_url(call)).content.decode()
    assert "Budżet" in page and 'name="criteria-0-max_points"' not in page
    data = form_data(page, "call_form")
    # A hand-made POST that changes the maximum, adds a criterion and deletes the first.
    data.update(
        {
            "criteria-TOTAL_FORMS": ["2"],
            "criteria-0-id": [str(criterion.pk)],
            "criteria-0-call": [str(call.pk)],
            "criteria-0-name": ["Budżet"],
            "criteria-0-max_points": ["20"],
            "criteria-0-DELETE": ["on"],
            "criteria-1-name": ["Nowe kryterium"],
            "criteria-1-max_points": ["5"],
        }
    )
    client.post(change_url(call), data)
    assert list(call.criteria.values_list("name", "max_points")) == [("Budżet", 10)]


def test_the_calls_admin_speaks_polish_to_the_official(client, officer, now):
    import json
    import re

    call = CallFactory()
    reviewer = OfficialFactory(first_name="Ewa", last_name="Recenzentka")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    services.reviewer_assign(call=call, reviewer=reviewer, by=officer)
    client.force_login(officer)
    page = client.get(change_url(call)).content.decode()
    adds = {
        json.loads(m.replace("&quot;", '"'))["options"]["addText"]
        for m in re.findall(r'data-inline-formset="([^"]+)"', page)
    }
    # Not Django's "Dodaj kolejne(go)(-ną)(-ny) Recenzent".
    assert {"Dodaj: Recenzent", "Dodaj: Kryterium oceny"} <= adds
    data = form_data(page, "call_form")
    [new] = [k for k in data if re.fullmatch(r"assignments-\d+-reviewer", k) and not data[k][0]]
    data[new] = [str(reviewer.pk)]  # the same reviewer a second time
    refused = client.post(change_url(call), data).content.decode()
    assert "Wybierz każdego recenzenta tylko raz: jeden z nich jest wybrany dwukrotnie." in refused
    assert "w reviewer" not in refused
    assert call.assignments.count() == 1


@pytest.mark.parametrize(("calls", "says"), [(1, "wyniki 1 naboru"), (2, "wyniki 2 naborów")])
def test_publishing_results_says_how_many_calls_in_polish(client, officer, calls, says):
    import time_machine

    from .factories import warsaw

    made = []
    for i in range(calls):
        call = CallFactory(title=f"Nabór {i}", slug=f"nabor-{i}")
        in_state(ApplicationFactory(call=call), Status.AWARDED)
        made.append(call)
    with time_machine.travel(warsaw(2026, 12, 20, 12), tick=False):
        client.force_login(officer)
        response = client.post(
            "/admin/grants/call/",
            {"action": "publish_results", "_selected_action": [c.pk for c in made], "index": 0},
            follow=True,
        )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(f"Opublikowano {says}: ")
    assert all(c.title in message for c in made)
