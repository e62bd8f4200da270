"""Decisions and money: the pool, a rolling intake, the envelope, the public results."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from centres.models import Centre
from grants import exports, services
from grants.models import Project, RegrantingEnvelope
from grants.workflow import Status
from tests.factories import OfficialFactory

from .factories import ApplicationFactory, CallFactory, in_state, warsaw

AFTER = warsaw(2026, 12, 20, 12)  # the factory's call closed on 15 Dec 2026


def award(application, by, amount):
    return services.application_transition(
        application=application, name="award", by=by, amount=Decimal(amount)
    )


def test_it_refuses_an_award_above_what_is_left_in_the_pool(now, grants_official):
    call = CallFactory(budget_pool=Decimal("5000.00"))
    first = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    second = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    award(first, grants_official, "2000.00")
    award(second, grants_official, "2000.00")
    third = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    with pytest.raises(ValidationError) as e:
        award(third, grants_official, "1000.01")
    error = e.value.error_dict["amount"][0]
    assert error.code == "pool"
    assert "1\u00a0000,00" in error.message  # what is left
    assert award(third, grants_official, "1000.00").status == Status.AWARDED
    assert call.awarded_total() == Decimal("5000.00")


def test_giving_up_a_grant_frees_its_money(now, grants_official, member, application):
    call = application.call
    call.budget_pool = Decimal("5000.00")
    call.save()
    in_state(application, Status.MERIT_REVIEW)
    assert application.organisation.memberships.filter(user=member).exists()  # may resign
    award(application, grants_official, "2000.00")
    assert call.awarded_total() == Decimal("2000.00")
    services.application_transition(application=application, name="resign", by=member)
    assert call.awarded_total() == Decimal("0.00")


def test_a_rolling_intake_closes_when_its_pool_is_spent(now, grants_official):
    call = CallFactory(closes_at=None, budget_pool=Decimal("5000.00"), min_amount=Decimal("1000"))
    first = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    award(first, grants_official, "2000.00")
    call.refresh_from_db()
    assert call.is_open()
    second = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    award(second, grants_official, "2000.00")  # 1 000 zł left: still one minimum grant
    call.refresh_from_db()
    assert call.is_open()
    third = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    award(third, grants_official, "500.00")  # 500 zł left: below the minimum
    call.refresh_from_db()
    assert not call.is_open()
    assert call.closes_at is not None


def test_giving_up_a_grant_reopens_a_rolling_intake_closed_for_its_pool(
    now, grants_official, member, application
):
    call = application.call
    call.closes_at, call.budget_pool, call.max_amount = None, Decimal("4500"), Decimal("3000")
    call.save()
    in_state(application, Status.MERIT_REVIEW)
    award(application, grants_official, "2000.00")
    award(in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW), grants_official, "2000.00")
    call.refresh_from_db()
    assert not call.is_open() and call.closed_for_pool  # 500 zł left, below the minimum
    services.application_transition(application=application, name="resign", by=member)
    call.refresh_from_db()
    assert call.is_open() and call.closes_at is None and not call.closed_for_pool
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == (Status.WITHDRAWN, None)
    [row] = [r for r in exports.rows(call) if r[0] == application.number]
    assert row[8] is None  # the export shows no award for it


def test_a_rolling_intake_an_official_closed_by_date_stays_closed_after_a_resignation(
    now, grants_official, member, application
):
    call = application.call
    call.closes_at, call.budget_pool, call.max_amount = None, Decimal("4500"), Decimal("3000")
    call.save()
    in_state(application, Status.MERIT_REVIEW)
    award(application, grants_official, "2000.00")
    award(in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW), grants_official, "2000.00")
    call.refresh_from_db()
    assert call.closed_for_pool
    services.call_update(
        call=call, by=grants_official, changes={"closes_at": warsaw(2026, 11, 22, 10)}
    )
    services.application_transition(application=application, name="resign", by=member)
    call.refresh_from_db()
    assert not call.is_open() and call.closes_at == warsaw(2026, 11, 22, 10)


@pytest.fixture
def decided_call(now):
    call = CallFactory(title="Mikrogranty testowe", slug="mikrogranty-testowe")
    winners = []
    for name, amount in [("Stowarzyszenie Rolna", "2000.00"), ("Fundacja Wilda", "1500.00")]:
        application = in_state(
            ApplicationFactory(call=call, organisation__name=name), Status.AWARDED, awarded=amount
        )
        winners.append(application)
    in_state(ApplicationFactory(call=call, organisation__name="Klub Rezerwowy"), Status.RESERVE)
    in_state(ApplicationFactory(call=call, organisation__name="Grupa Odrzucona"), Status.REJECTED)
    ApplicationFactory(call=call, organisation__name="Szkic Nigdy Złożony")  # a draft
    return call, winners


def test_results_are_not_published_before_the_call_closes_or_while_undecided(
    decided_call, officer, client
):
    call, winners = decided_call
    with pytest.raises(ValidationError) as e:
        services.call_publish_results(call=call, by=officer)
    assert e.value.code == "open"
    waiting = in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as e:
            services.call_publish_results(call=call, by=officer)
        assert e.value.code == "undecided"
        page = client.get(f"/calls/{call.slug}/results/").content.decode()
        assert "Stowarzyszenie Rolna" not in page
        waiting.status = Status.REJECTED
        waiting.save()
        with pytest.raises(PermissionDenied):
            services.call_publish_results(call=call, by=OfficialFactory())
        services.call_publish_results(call=call, by=officer)


def test_the_results_page_lists_each_grant_and_how_many_applied(
    decided_call, officer, client, django_assert_max_num_queries
):
    call, winners = decided_call
    with time_machine.travel(AFTER, tick=False):
        services.call_publish_results(call=call, by=officer)
        with django_assert_max_num_queries(4):
            response = client.get(f"/calls/{call.slug}/results/")
    page = response.content.decode()
    assert response.status_code == 200
    for application in winners:
        assert application.organisation.name in page
        assert application.title in page
    assert "2\u00a0000,00\u00a0zł" in page and "1\u00a0500,00\u00a0zł" in page
    assert "3\u00a0500,00\u00a0zł" in page  # in total
    assert "4 wnioski" in page or "4 applications" in page  # the draft never came in
    assert "Klub Rezerwowy" in page  # the reserve list
    assert "Grupa Odrzucona" not in page
    assert "Szkic" not in page
    assert f"/calls/{call.slug}/results/" in client.get(f"/calls/{call.slug}/").content.decode()


def test_the_results_page_counts_neither_withdrawn_applications_nor_reopened_drafts(
    decided_call, officer, member, organisation, client
):
    from grants import queries
    from grants.models import Application

    call, winners = decided_call
    withdrawn = in_state(ApplicationFactory(call=call, organisation=organisation), Status.SUBMITTED)
    services.application_transition(application=withdrawn, name="withdraw", by=member)
    reopened = in_state(ApplicationFactory(call=call), Status.SUBMITTED)
    reopened.status = Status.DRAFT  # reopened for changes: it keeps its number
    reopened.save()
    assert reopened.number and withdrawn.number
    with time_machine.travel(AFTER, tick=False):
        services.call_publish_results(call=call, by=officer)
        page = client.get(f"/calls/{call.slug}/results/").content.decode()
    assert "Wpłynęły 4 wnioski" in page
    # The same count as the yearly report's "applications received".
    assert Application.objects.filter(call=call).received().count() == 4
    assert queries.applications_received_in(2026)[0] == 4


def test_the_results_page_query_count_does_not_grow_with_grants(
    now, officer, client, django_assert_max_num_queries
):
    call = CallFactory(budget_pool=Decimal("50000"))
    for size in (1, 6):
        while call.applications.count() < size:
            in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="1000.00")
        call.results_published_at = AFTER
        call.save()
        with django_assert_max_num_queries(4):
            assert client.get(f"/calls/{call.slug}/results/").status_code == 200


def test_a_regranting_centres_envelope_shows_granted_paid_and_settled(
    now, officer, client, grants_official
):
    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    call = CallFactory(kind="regranting", organiser=centre, budget_pool=Decimal("20000"))
    envelope = RegrantingEnvelope.objects.create(
        centre=centre, year=2026, amount=Decimal("30000.00")
    )
    awarded = in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="1000.00")
    paid = in_state(ApplicationFactory(call=call), Status.IN_PROGRESS, awarded="1500.00")
    Project.objects.filter(application=paid).update(paid_on=date(2026, 11, 1))
    settled = in_state(ApplicationFactory(call=call), Status.REPORT_SUBMITTED, awarded="2000.00")
    Project.objects.filter(application=settled).update(paid_on=date(2026, 11, 1))
    services.application_transition(application=settled, name="settle", by=grants_official)
    in_state(ApplicationFactory(call=call), Status.REJECTED)
    Project.objects.create(
        kind="regranting",
        title="Grant zapisany bez wniosku",
        centre=centre,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 1),
        grant_amount=Decimal("700.00"),
        total_cost=Decimal("800.00"),
    )
    figures = services.envelope_figures(envelope)
    assert figures.granted == Decimal("5200.00")
    assert figures.paid == Decimal("3500.00")
    assert figures.settled == Decimal("2000.00")
    assert figures.remaining == Decimal("24800.00")
    assert awarded.awarded_amount == Decimal("1000.00")
    client.force_login(officer)
    page = client.get("/admin/grants/regrantingenvelope/").content.decode()
    assert "5\u00a0200,00" in page and "3\u00a0500,00" in page and "24\u00a0800,00" in page


def test_the_envelope_keeps_what_was_paid_and_shows_what_came_back_after_settlement(
    now, officer, client, member, application
):
    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    application.call.kind, application.call.organiser = "regranting", centre
    application.call.save()
    envelope = RegrantingEnvelope.objects.create(
        centre=centre, year=2026, amount=Decimal("30000.00")
    )
    in_state(application, Status.AWARDED, awarded="2000.00")
    services.application_transition(
        application=application, name="sign_agreement", by=officer, agreement_number="UM/1"
    )
    services.application_transition(application=application, name="pay", by=officer)
    assert services.envelope_figures(envelope).paid == Decimal("2000.00")
    [line], [result] = application.budget_lines.all(), application.results.all()
    services.final_report_save(
        application=application,
        by=member,
        summary="Zrobione taniej.",
        participants=30,
        results={result.pk: (110, "")},
        costs={line.pk: (Decimal("1500.00"), Decimal("0"), Decimal("300.00"))},
    )
    services.application_transition(application=application, name="submit_report", by=member)
    services.application_transition(application=application, name="settle", by=officer)
    project = Project.objects.get(application=application)
    # The grant used is what the yearly report counts; what was paid stays recorded.
    assert (project.grant_amount, project.paid_amount) == (Decimal("1500.00"), Decimal("2000.00"))
    figures = services.envelope_figures(envelope)
    assert (figures.granted, figures.paid, figures.settled, figures.returned) == (
        Decimal("2000.00"),
        Decimal("2000.00"),
        Decimal("1500.00"),
        Decimal("500.00"),
    )
    client.force_login(officer)
    page = client.get("/admin/grants/regrantingenvelope/").content.decode()
    assert 'field-paid">2\u00a0000,00\u00a0zł' in page
    assert 'field-returned">500,00\u00a0zł' in page


def test_the_envelopes_list_keeps_its_query_count_as_it_grows(
    now, officer, client, django_assert_max_num_queries
):
    centre = Centre.objects.create(
        name="CIL Regrantingowy", slug="cil-r", kind="regranting", active_from="2016-01-01"
    )
    client.force_login(officer)
    for size in (1, 5):
        while RegrantingEnvelope.objects.count() < size:
            year = 2026 - RegrantingEnvelope.objects.count()
            RegrantingEnvelope.objects.create(centre=centre, year=year, amount=Decimal("9000"))
            call = CallFactory(
                kind="regranting",
                organiser=centre,
                opens_at=warsaw(year, 1, 10, 9),
                closes_at=warsaw(year, 2, 10, 16),
            )
            in_state(ApplicationFactory(call=call), Status.IN_PROGRESS, awarded="1000.00")
            Project.objects.create(
                kind="regranting",
                title=f"Grant bez wniosku {year}",
                centre=centre,
                starts_on=date(year, 5, 1),
                ends_on=date(year, 6, 1),
                grant_amount=Decimal("700.00"),
                total_cost=Decimal("800.00"),
            )
        with django_assert_max_num_queries(9):
            page = client.get("/admin/grants/regrantingenvelope/").content.decode()
    assert page.count('field-granted">1\u00a0700,00\u00a0zł') == 5


def test_only_a_regranting_centre_has_an_envelope(db):
    from centres.models import Area

    area = Area.objects.create(name="Wilda", slug="wilda")
    centre = Centre.objects.create(
        name="CIL Wilda",
        slug="cil-wilda",
        kind="neighbourhood",
        area=area,
        active_from="2016-01-01",
    )
    with pytest.raises(ValidationError):
        RegrantingEnvelope(centre=centre, year=2026, amount=Decimal("1")).full_clean()


@pytest.mark.parametrize(
    ("waiting", "says"),
    [
        (1, "1 wniosek w tym naborze czeka jeszcze na decyzję: "),
        (2, "2 wnioski w tym naborze czekają jeszcze na decyzję: "),
        (5, "5 wniosków w tym naborze czeka jeszcze na decyzję: "),
    ],
)
def test_publishing_too_early_names_the_applications_still_waiting(
    decided_call, officer, client, waiting, says
):
    call, _winners = decided_call
    pending = [
        in_state(ApplicationFactory(call=call, title=f"Zadanie {i}"), Status.MERIT_REVIEW)
        for i in range(waiting)
    ]
    with time_machine.travel(AFTER, tick=False):
        client.force_login(officer)
        response = client.post(
            "/admin/grants/call/",
            {"action": "publish_results", "_selected_action": [call.pk], "index": 0},
            follow=True,
        )
    [message] = [str(m) for m in response.context["messages"]]
    named = ", ".join(f"{a.number} „{a.title}”" for a in sorted(pending, key=lambda a: a.number))
    assert message == f"{call}: {says}{named}."
    call.refresh_from_db()
    assert call.results_published_at is None


def test_the_reserve_list_is_in_the_rankings_order_and_the_caption_tops_the_table(
    decided_call, officer, client
):
    import re

    from grants.models import Review

    call, _winners = decided_call
    reviewer = OfficialFactory()
    # Numbered in the opposite order of their scores: the list must follow the scores.
    for name, points in [("Koło Trzecie", 12), ("Fundacja Pierwsza", 30), ("Grupa Druga", 20)]:
        reserve = in_state(ApplicationFactory(call=call, organisation__name=name), Status.RESERVE)
        Review.objects.create(
            application=reserve, reviewer=reviewer, total_points=points, comment="."
        )
    with time_machine.travel(AFTER, tick=False):
        services.call_publish_results(call=call, by=officer)
        page = client.get(f"/calls/{call.slug}/results/").content.decode()
    listed = re.search(r'<ol id="reserve-list">(.*?)</ol>', page, re.S).group(1)
    order = re.findall(r"<li>([^<]+?) –", listed)
    assert order == ["Fundacja Pierwsza", "Grupa Druga", "Koło Trzecie", "Klub Rezerwowy"]
    table = re.search(r"<table[^>]*>\s*(<\w+)", page)
    assert 'class="table caption-top"' in table.group(0)  # Bootstrap puts it below otherwise
    assert table.group(1) == "<caption"


def _decision_section(page: str) -> str:
    import re

    return re.search(r'<section[^>]*aria-labelledby="decision-title">(.*?)</section>', page, re.S)[
        1
    ]


def test_the_applicant_reads_the_decision_and_its_reason_on_the_application(
    now, client, owner, organisation, grants_official
):
    application = in_state(
        ApplicationFactory(call=CallFactory(), organisation=organisation), Status.MERIT_REVIEW
    )
    services.application_transition(
        application=application,
        name="reject_on_merit",
        by=grants_official,
        note="Zbyt mało punktów w ocenie merytorycznej.",
    )
    client.force_login(owner)
    section = _decision_section(client.get(application.get_absolute_url()).content.decode())
    assert "<dt" in section and section.count(">Decyzja<") == 1  # the heading, once
    assert "Rozstrzygnięcie" in section and "<strong>Odrzucony merytorycznie</strong>" in section
    assert "Uzasadnienie" in section
    assert "Zbyt mało punktów w ocenie merytorycznej." in section


def test_a_granted_project_keeps_saying_what_was_decided(
    now, client, owner, organisation, grants_official
):
    application = in_state(
        ApplicationFactory(call=CallFactory(), organisation=organisation), Status.MERIT_REVIEW
    )
    services.application_transition(
        application=application,
        name="award",
        by=grants_official,
        amount=Decimal("1800.00"),
        note="Dobry pomysł, budżet obniżony.",
    )
    services.application_transition(
        application=application, name="sign_agreement", by=grants_official, agreement_number="U/1"
    )
    client.force_login(owner)
    section = _decision_section(client.get(application.get_absolute_url()).content.decode())
    # The outcome, not the stage the project is in now (the badge above says that).
    assert "<strong>Przyznano dotację</strong>" in section and "umowa podpisana" not in section
    assert "Dobry pomysł, budżet obniżony." in section
    assert "1\u00a0800,00\u00a0zł" in section
