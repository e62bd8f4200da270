"""Every transition of grants/workflow.py: made from each state it leaves, refused from
every other state, refused to every wrong role; history and e-mail for each."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from front.roles import REVIEWER, roles_sync
from grants import rules, services
from grants.models import Application, ApplicationEvent
from grants.workflow import TRANSITIONS, Actor, Email, Status
from tests.factories import OfficialFactory, UserFactory

from .factories import in_state, warsaw

ALLOWED = [(name, source) for name, t in TRANSITIONS.items() for source in sorted(t.sources)]
REFUSED = [
    (name, status)
    for name, t in TRANSITIONS.items()
    for status in Status.values
    if status not in t.sources and status != t.target
]
# Already in the transition's target (and not a state it leaves): a repeat.
REPEATED = [(name, t.target) for name, t in TRANSITIONS.items() if t.target not in t.sources]
ROLES = ["anonymous", "resident", "outsider", "member", "staff", "reviewer", "official"]


def inputs(name: str) -> dict:
    """What each transition is given, as the official's or applicant's form gives it."""
    return {
        "request_correction": {
            "note": "Proszę uzupełnić opis grupy docelowej.",
            "correction_sections": ["task"],
            "correction_until": warsaw(2026, 11, 29, 16),
        },
        "reject_formally": {"note": "Oferta złożona przez podmiot nieuprawniony."},
        "reject_on_merit": {"note": "Zbyt mało punktów w ocenie merytorycznej."},
        "return_report": {"note": "Brakuje zdjęć z wydarzenia."},
        "award": {"amount": Decimal("1800.00")},
        "sign_agreement": {"agreement_number": "UM/R/12/2026"},
    }.get(name, {})


@pytest.fixture
def people(db, member, outsider, official, grants_official):
    roles_sync()
    reviewer = OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "outsider": outsider,
        "member": member,
        "staff": official,
        "reviewer": reviewer,
        "official": grants_official,
    }


def actor_for(transition, people):
    return people["member"] if transition.actor == Actor.APPLICANT else people["official"]


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_it_makes_every_allowed_transition_with_history_and_email(
    now, name, source, application, people, django_capture_on_commit_callbacks
):
    transition = TRANSITIONS[name]
    in_state(application, source)
    by = actor_for(transition, people)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.application_transition(
            application=application, name=name, by=by, **inputs(name)
        )
    assert result.status == transition.target
    assert Application.objects.get(pk=application.pk).status == transition.target
    event = ApplicationEvent.objects.get(application=application)
    assert (event.transition, event.from_status, event.to_status, event.by) == (
        name,
        source,
        transition.target,
        by,
    )
    assert event.note == inputs(name).get("note", "")
    expected_mails = 0 if transition.email == Email.NONE else 1
    assert len(callbacks) == expected_mails
    assert len(mail.outbox) == expected_mails
    if expected_mails:
        assert application.contact_email in mail.outbox[0].to


@pytest.mark.parametrize(("name", "status"), REFUSED)
def test_it_refuses_every_transition_from_a_state_it_does_not_leave(
    now, name, status, application, people
):
    in_state(application, status)
    with pytest.raises(ValidationError) as e:
        services.application_transition(
            application=application,
            name=name,
            by=actor_for(TRANSITIONS[name], people),
            **inputs(name),
        )
    assert e.value.code == "state"
    assert Application.objects.get(pk=application.pk).status == status
    assert not ApplicationEvent.objects.exists()


@pytest.mark.parametrize(("name", "status"), REPEATED)
def test_a_transition_already_made_changes_nothing_and_sends_nothing(
    now, name, status, application, people, django_capture_on_commit_callbacks
):
    in_state(application, status)  # an award of 2 000 zł where there is one
    given = {**inputs(name), **({"amount": Decimal("2000.00")} if name == "award" else {})}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.application_transition(
            application=application, name=name, by=actor_for(TRANSITIONS[name], people), **given
        )
    assert result.status == status == Application.objects.get(pk=application.pk).status
    assert not ApplicationEvent.objects.exists()
    assert (callbacks, mail.outbox) == ([], [])


@pytest.mark.parametrize(
    ("name", "role"),
    [
        (name, role)
        for name, t in TRANSITIONS.items()
        for role in ROLES
        if role != ("member" if t.actor == Actor.APPLICANT else "official")
    ],
)
def test_it_refuses_every_transition_to_a_wrong_role(now, name, role, application, people):
    transition = TRANSITIONS[name]
    source = sorted(transition.sources)[0]
    in_state(application, source)
    with pytest.raises(PermissionDenied):
        services.application_transition(
            application=application, name=name, by=people[role], **inputs(name)
        )
    assert Application.objects.get(pk=application.pk).status == source


def test_who_may_make_each_transition(people, application):
    for transition in TRANSITIONS.values():
        allowed = {r for r in ROLES if rules.can_make(people[r], application, transition)}
        assert allowed == ({"member"} if transition.actor == Actor.APPLICANT else {"official"})


@pytest.mark.parametrize("name", ["reject_formally", "reject_on_merit", "return_report"])
def test_a_refusal_says_why(now, name, application, grants_official):
    in_state(application, sorted(TRANSITIONS[name].sources)[0])
    with pytest.raises(ValidationError) as e:
        services.application_transition(application=application, name=name, by=grants_official)
    assert "note" in e.value.message_dict


def test_a_repeated_award_changes_nothing(now, application, grants_official):
    in_state(application, Status.MERIT_REVIEW)
    for _ in range(2):
        services.application_transition(
            application=application, name="award", by=grants_official, amount=Decimal("1500")
        )
    assert application.events.count() == 1


def test_a_repeated_award_with_another_amount_is_refused_not_ignored(
    now, application, grants_official
):
    in_state(application, Status.MERIT_REVIEW)
    services.application_transition(
        application=application, name="award", by=grants_official, amount=Decimal("1500")
    )
    with pytest.raises(ValidationError) as e:
        services.application_transition(
            application=application, name="award", by=grants_official, amount=Decimal("2000")
        )
    assert e.value.error_dict["amount"][0].code == "already_awarded"
    assert "1\u00a0500,00" in e.value.message_dict["amount"][0]
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("1500.00")
    assert application.events.count() == 1


def test_it_refuses_an_award_above_the_request(now, application, grants_official):
    in_state(application, Status.MERIT_REVIEW)
    with pytest.raises(ValidationError) as e:
        services.application_transition(
            application=application, name="award", by=grants_official, amount=Decimal("2000.01")
        )
    assert e.value.error_dict["amount"][0].code == "above_request"
    assert "amount" in e.value.message_dict


def test_the_award_email_names_the_amount_and_the_history_shows_it(
    now, client, application, member, grants_official, django_capture_on_commit_callbacks
):
    in_state(application, Status.MERIT_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, name="award", by=grants_official, amount=Decimal("1500")
        )
    [message] = mail.outbox
    assert application.number in message.subject
    assert "1\u00a0500,00" in message.body
    client.force_login(member)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "przyznano dotację" in page or "awarded" in page
    assert "1\u00a0500,00" in page


def test_status_emails_are_enqueued_only_after_commit(
    now, application, grants_official, django_capture_on_commit_callbacks
):
    in_state(application, Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_transition(
            application=application, name="accept_formally", by=grants_official
        )
        assert len(mail.outbox) == 0
    assert len(callbacks) == 1
    assert len(mail.outbox) == 0
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_signing_the_agreement_of_a_centres_call_makes_the_project(
    now, application, grants_official
):
    from centres.models import Centre

    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    application.call.kind = "regranting"
    application.call.organiser = centre
    application.call.save()
    in_state(application, Status.AWARDED, awarded="1800.00")
    services.application_transition(
        application=application,
        name="sign_agreement",
        by=grants_official,
        agreement_number="UM/R/12/2026",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 4, 30),
    )
    project = application.project
    assert (project.kind, project.centre, project.organisation) == (
        "regranting",
        centre,
        application.organisation,
    )
    assert project.agreement_number == "UM/R/12/2026"
    assert project.grant_amount == Decimal("1800.00")
    assert project.total_cost == Decimal("2300.00")
    assert (project.starts_on, project.ends_on) == (date(2027, 3, 1), date(2027, 4, 30))
    assert project.paid_on is None
    services.application_transition(application=application, name="pay", by=grants_official)
    project.refresh_from_db()
    assert project.paid_on == date(2026, 11, 22)


def test_a_city_calls_agreement_keeps_its_dates_on_the_application_and_makes_no_project(
    now, client, application, grants_official
):
    from grants.models import Project

    assert application.call.organiser_id is None  # the city runs it
    in_state(application, Status.AWARDED, awarded="1800.00")
    services.application_transition(
        application=application,
        name="sign_agreement",
        by=grants_official,
        agreement_number="UM/M/3/2026",
        agreement_signed_on=date(2026, 11, 20),
        starts_on=date(2027, 3, 15),
        ends_on=date(2027, 5, 31),
    )
    application.refresh_from_db()
    assert (application.agreement_starts_on, application.agreement_ends_on) == (
        date(2027, 3, 15),
        date(2027, 5, 31),
    )
    assert not Project.objects.exists()
    client.force_login(grants_official)
    page = client.get(f"/admin/grants/application/{application.pk}/change/").content.decode()
    assert "15 marca 2027" in page and "31 maja 2027" in page


def test_an_agreement_needs_its_number(now, application, grants_official):
    in_state(application, Status.AWARDED)
    with pytest.raises(ValidationError) as e:
        services.application_transition(
            application=application, name="sign_agreement", by=grants_official
        )
    assert "agreement_number" in e.value.message_dict
