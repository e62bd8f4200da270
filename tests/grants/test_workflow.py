import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from grants import services
from grants.models import Application, ApplicationEvent, Message
from grants.workflow import TRANSITIONS, Actor, Status

from .factories import ApplicationFactory, CallFactory, make_complete, warsaw

CLOSES = warsaw(2026, 12, 15, 16)


def test_the_workflow_names_every_state_and_actor_it_uses():
    for transition in TRANSITIONS.values():
        assert transition.target in Status.values
        assert transition.sources <= set(Status.values)
        assert transition.actor in Actor.values


def test_it_submits_a_complete_application_with_a_human_number(
    now, complete_application, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=complete_application, by=owner)
    assert application.status == Status.SUBMITTED
    assert application.number == "CIL/2026/K/001"
    assert application.submitted_by == owner
    event = application.events.get()
    assert (event.from_status, event.to_status, event.by) == ("draft", "submitted", owner)


def test_numbers_count_up_per_year_and_kind(now, owner, organisation):
    call = CallFactory(kind="regranting", organiser=None)
    numbers = []
    for _ in range(2):
        application = make_complete(ApplicationFactory(call=call))
        application.organisation.memberships.create(user=owner, role="owner")
        numbers.append(services.application_submit(application=application, by=owner).number)
    assert numbers == ["CIL/2026/R/001", "CIL/2026/R/002"]


def test_it_refuses_to_submit_an_incomplete_application(now, application, owner):
    with pytest.raises(ValidationError) as e:
        services.application_submit(application=application, by=owner)
    assert any("harmonogram" in m or "schedule" in m for m in e.value.messages)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.number == ""


def test_it_accepts_a_submission_a_second_before_the_deadline(complete_application, owner):
    import time_machine

    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        application = services.application_submit(application=complete_application, by=owner)
    assert application.status == Status.SUBMITTED


def test_it_rejects_submission_a_second_after_the_deadline(complete_application, owner):
    import time_machine

    with (
        time_machine.travel(CLOSES + timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError) as e,
    ):
        services.application_submit(application=complete_application, by=owner)
    assert e.value.code == "deadline"
    complete_application.refresh_from_db()
    assert complete_application.status == Status.DRAFT


def test_it_rejects_after_the_deadline_a_form_opened_before_it(client, complete_application, owner):
    import time_machine

    with time_machine.travel(CLOSES - timedelta(minutes=5), tick=False):
        client.force_login(owner)
        page = client.get(complete_application.get_absolute_url())
        assert b"/do/submit/" in page.content
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        response = client.post(f"/applications/{complete_application.pk}/do/submit/", follow=True)
    complete_application.refresh_from_db()
    assert complete_application.status == Status.DRAFT
    assert "zamknięto" in response.content.decode() or "closed" in response.content.decode()


def test_a_double_submit_makes_one_submission_and_one_email(
    now, client, complete_application, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    url = f"/applications/{complete_application.pk}/do/submit/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url)
    assert first.status_code == second.status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.status == Status.SUBMITTED
    assert complete_application.events.count() == 1
    assert len(mail.outbox) == 1


def test_the_confirmation_email_carries_the_application_as_a_pdf(
    now, complete_application, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=complete_application, by=owner)
    [message] = mail.outbox
    assert application.number in message.subject
    assert set(message.to) == {owner.email, "anna@example.org"}
    [(filename, content, mimetype)] = message.attachments
    assert filename == "CIL-2026-K-001.pdf"
    assert mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "CIL/2026/K/001" in text
    assert application.organisation.name in text
    assert "2\u00a0300,00" in text  # the budget's total


def test_the_email_is_sent_only_after_the_submission_commits(
    now, complete_application, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(application=complete_application, by=owner)
    assert len(mail.outbox) == 0
    assert len(callbacks) == 1


def test_a_submitted_application_is_frozen(now, complete_application, owner, client):
    services.application_submit(application=complete_application, by=owner)
    with pytest.raises(ValidationError):
        services.application_update(
            application=complete_application,
            by=owner,
            section="task",
            data={"title": "Inny tytuł"},
        )
    client.force_login(owner)
    response = client.post(
        f"/applications/{complete_application.pk}/edit/task/", {"title": "Inny tytuł"}
    )
    assert response.status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.title == "Sąsiedzkie podwórko"


def test_it_reopens_and_resubmits_keeping_the_number(now, complete_application, owner):
    submitted = services.application_submit(application=complete_application, by=owner)
    reopened = services.application_transition(application=submitted, name="reopen", by=owner)
    assert reopened.status == Status.DRAFT
    services.application_update(
        application=reopened, by=owner, section="task", data={"title": "Nowy tytuł"}
    )
    again = services.application_submit(application=reopened, by=owner)
    assert again.number == submitted.number
    assert list(again.events.values_list("transition", flat=True)) == [
        "submit",
        "reopen",
        "submit",
    ]


def test_it_withdraws_before_the_deadline(now, complete_application, owner):
    submitted = services.application_submit(application=complete_application, by=owner)
    withdrawn = services.application_transition(application=submitted, name="withdraw", by=owner)
    assert withdrawn.status == Status.WITHDRAWN


@pytest.mark.parametrize("name", ["withdraw", "reopen"])
def test_it_refuses_to_withdraw_or_reopen_after_the_deadline(name, complete_application, owner):
    import time_machine

    with time_machine.travel(CLOSES - timedelta(hours=1), tick=False):
        services.application_submit(application=complete_application, by=owner)
    with (
        time_machine.travel(CLOSES + timedelta(seconds=1), tick=False),
        pytest.raises(ValidationError),
    ):
        services.application_transition(application=complete_application, name=name, by=owner)


def test_it_refuses_a_transition_from_the_wrong_state(now, application, owner):
    with pytest.raises(ValidationError) as e:
        services.application_transition(application=application, name="correct", by=owner)
    assert e.value.code == "state"


def test_an_applicant_cannot_make_an_officials_transition(now, complete_application, owner):
    services.application_submit(application=complete_application, by=owner)
    with pytest.raises(PermissionDenied):
        services.application_transition(
            application=complete_application,
            name="request_correction",
            by=owner,
            note="x",
            correction_sections=["budget"],
            correction_until=CLOSES,
        )


def test_someone_outside_the_organisation_cannot_submit(now, complete_application, outsider):
    with pytest.raises(PermissionDenied):
        services.application_submit(application=complete_application, by=outsider)


def test_the_applicant_fixes_only_the_named_parts_until_the_given_date(
    now, complete_application, owner, grants_official
):
    services.application_submit(application=complete_application, by=owner)
    until = warsaw(2026, 11, 29, 16)
    services.application_transition(
        application=complete_application,
        name="request_correction",
        by=grants_official,
        note="Proszę poprawić tytuł zadania.",
        correction_sections=["task"],
        correction_until=until,
    )
    complete_application.refresh_from_db()
    assert complete_application.status == Status.CORRECTION_REQUESTED
    assert Message.objects.get(application=complete_application).author == grants_official
    services.application_update(
        application=complete_application, by=owner, section="task", data={"title": "Poprawiony"}
    )
    with pytest.raises(ValidationError):
        services.application_set_results(application=complete_application, by=owner, results=[])
    corrected = services.application_transition(
        application=complete_application, name="correct", by=owner
    )
    assert corrected.status == Status.CORRECTED
    assert corrected.title == "Poprawiony"


def test_it_refuses_a_correction_after_its_date(complete_application, owner, grants_official):
    import time_machine

    with time_machine.travel(warsaw(2026, 11, 22, 12), tick=False):
        services.application_submit(application=complete_application, by=owner)
        services.application_transition(
            application=complete_application,
            name="request_correction",
            by=grants_official,
            note="Popraw.",
            correction_sections=["task"],
            correction_until=warsaw(2026, 11, 29, 16),
        )
    with (
        time_machine.travel(warsaw(2026, 11, 29, 16, 0, 1), tick=False),
        pytest.raises(ValidationError) as e,
    ):
        services.application_transition(application=complete_application, name="correct", by=owner)
    assert e.value.code == "deadline"


def test_one_active_application_per_organisation_and_call(now, call, organisation, owner):
    first = services.application_start(call=call, organisation=organisation, by=owner)
    again = services.application_start(call=call, organisation=organisation, by=owner)
    assert first.pk == again.pk
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 0


def test_an_informal_group_applies_through_its_sponsor_and_the_pdf_names_them(
    now, django_capture_on_commit_callbacks
):
    from organisations.models import InformalGroupMember
    from tests.factories import MembershipFactory, OrganisationFactory

    sponsor = OrganisationFactory(name="Stowarzyszenie Patron")
    group = OrganisationFactory(
        name="Grupa Zielone Podwórko", legal_form="informal_group", krs="", nip="", sponsor=sponsor
    )
    for name in ("Anna Nowak", "Piotr Kowalski", "Maria Wiśniewska"):
        InformalGroupMember.objects.create(organisation=group, full_name=name)
    user = MembershipFactory(organisation=group, role="owner").user
    call = CallFactory(eligible_legal_forms=["association"], informal_groups_allowed=False)
    application = make_complete(services.application_start(call=call, organisation=group, by=user))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, by=user)
    [(_, content, _)] = mail.outbox[0].attachments
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Grupa Zielone Podwórko" in text
    assert "Maria Wiśniewska" in text
    assert "Stowarzyszenie Patron" in text


def test_an_informal_group_with_too_few_members_cannot_submit(now):
    from tests.factories import MembershipFactory, OrganisationFactory

    group = OrganisationFactory(legal_form="informal_group", krs="", nip="")
    user = MembershipFactory(organisation=group, role="owner").user
    call = CallFactory(informal_groups_allowed=True)
    application = make_complete(services.application_start(call=call, organisation=group, by=user))
    assert "applicant" in services.completeness_errors(application)


@pytest.mark.parametrize("until", [warsaw(2026, 11, 22, 11, 59), warsaw(2026, 11, 22, 12)])
def test_it_refuses_a_correction_date_that_has_passed(
    now, complete_application, owner, grants_official, until
):
    services.application_submit(application=complete_application, by=owner)
    with pytest.raises(ValidationError) as e:
        services.application_transition(
            application=complete_application,
            name="request_correction",
            by=grants_official,
            note="Popraw.",
            correction_sections=["task"],
            correction_until=until,
        )
    [error] = e.value.error_dict["correction_until"]
    assert error.code == "correction_past"
    complete_application.refresh_from_db()
    assert complete_application.status == Status.SUBMITTED
    assert not Message.objects.filter(application=complete_application).exists()


def _said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_each_submission_says_exactly_what_happened(
    now, client, complete_application, owner, grants_official
):
    client.force_login(owner)
    url = f"/applications/{complete_application.pk}/do/%s/"
    first = client.post(url % "submit", follow=True)
    complete_application.refresh_from_db()
    number = complete_application.number
    assert _said(first) == [
        f"Wniosek został złożony i otrzymał numer {number}. "
        "Potwierdzenie z wnioskiem (PDF) jest w drodze na Twój adres e-mail."
    ]
    again = client.post(url % "submit", follow=True)  # a second click
    assert _said(again) == [f"Wniosek {number} ma już status: złożony. Niczego nie zmieniono."]
    reopened = client.post(url % "reopen", follow=True)
    assert _said(reopened) == [
        f"Wniosek {number} jest znów otwarty do zmian i nie jest już złożony: złóż go ponownie "
        "przed zamknięciem naboru, inaczej nie będzie rozpatrzony."
    ]
    resubmitted = client.post(url % "submit", follow=True)
    assert _said(resubmitted) == [
        f"Zmieniony wniosek {number} został złożony ponownie i zachował swój numer. "
        "Potwierdzenie z wnioskiem w obecnej wersji (PDF) jest w drodze na Twój adres e-mail."
    ]
    services.application_transition(
        application=complete_application,
        name="request_correction",
        by=grants_official,
        note="Popraw.",
        correction_sections=["task"],
        correction_until=warsaw(2026, 11, 29, 16),
    )
    corrected = client.post(url % "correct", follow=True)
    assert _said(corrected) == [
        f"Poprawka wniosku {number} została wysłana: opiekunowie programu sprawdzą go "
        "ponownie. Potwierdzenie (PDF) jest w drodze na Twój adres e-mail."
    ]
