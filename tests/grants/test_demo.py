"""The demo: a call open on whatever day it is loaded, and a live 2026 round with
applications in every state, reviewers' declarations and scores; loading twice changes
nothing."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Sum

from grants import budget, demo, queries, services
from grants.models import (
    Application,
    ApplicationEvent,
    Call,
    ConflictDeclaration,
    Project,
    Review,
)
from grants.workflow import GRANTED, Status

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        m.objects.count()
        for m in (Call, Application, ApplicationEvent, Review, ConflictDeclaration, Project)
    )


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize(
    "day", [datetime(2027, 7, 3, 8, tzinfo=UTC), datetime(2031, 2, 1, 20, tzinfo=UTC)]
)
def test_on_any_day_the_demo_has_a_call_open_for_applications(day):
    with time_machine.travel(day, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        [call] = queries.open_calls()
        assert call.slug == demo.OPEN_CALL_SLUG
        assert call.task_earliest_start > call.closes_at.date()
        assert (call.closes_at - call.opens_at).days >= 50


def test_loading_again_on_a_later_day_moves_the_open_call_and_duplicates_nothing():
    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=UTC), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        before = counts()
    with time_machine.travel(datetime(2027, 5, 10, 12, tzinfo=UTC), tick=False):
        call_command("load_demo", stdout=io.StringIO())
        assert counts() == before
        call = Call.objects.get(slug=demo.OPEN_CALL_SLUG)
        assert call.is_open()
        assert call.opens_at.month == 4


def test_the_live_call_has_applications_in_every_state(loaded):
    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    live = Call.objects.get(slug=demo.LIVE_CALL_SLUG)
    assert live.applications.count() == len(demo.LIVE)
    granted = live.applications.filter(status__in=GRANTED).aggregate(s=Sum("awarded_amount"))
    assert granted["s"] <= live.budget_pool


def test_the_demo_applications_are_complete_and_add_up(loaded):
    for application in Application.objects.exclude(status=Status.DRAFT):
        for line in application.budget_lines.all():
            assert budget.line_error(line) is None, application
        if application.status in (Status.SUBMITTED, Status.CORRECTED, Status.MERIT_REVIEW):
            errors = services.completeness_errors(application)
            # Past their call's deadline only the call being closed may be wrong.
            assert not {k: v for k, v in errors.items() if k != "applicant"}, errors
        assert application.events.exists()
        assert application.events.last().to_status == application.status
    for project in Project.objects.filter(application__isnull=False):
        assert project.grant_amount <= project.application.awarded_amount


def test_reviewers_declared_and_scored_within_the_maxima_and_never_with_a_conflict(loaded):
    live = Call.objects.get(slug=demo.LIVE_CALL_SLUG)
    assert live.reviewers.count() == 2
    conflicts = set(
        ConflictDeclaration.objects.filter(call=live, has_conflict=True).values_list(
            "reviewer_id", "organisation_id"
        )
    )
    assert len(conflicts) == 1
    maxima = {c.pk: c.max_points for c in live.criteria.all()}
    for review in Review.objects.filter(application__call=live).prefetch_related("scores"):
        assert (review.reviewer_id, review.application.organisation_id) not in conflicts
        assert review.total_points == sum(s.points for s in review.scores.all())
        assert all(0 <= s.points <= maxima[s.criterion_id] for s in review.scores.all())
    assert services.reviews_missing(call=live)  # some are still to be reviewed
    ranking = list(Application.objects.for_ranking(live))
    assert ranking[0].average_score is not None


def test_the_demo_envelope_shows_the_live_rounds_money(loaded):
    from grants.models import RegrantingEnvelope

    figures = services.envelope_figures(RegrantingEnvelope.objects.get(year=2026))
    assert figures.granted > figures.paid > figures.settled > Decimal("0")


def test_the_officials_pages_show_the_live_call(loaded, client):
    from django.contrib.auth import get_user_model

    official = get_user_model().objects.get(email="urzednik@cil.example.org")
    reviewer = get_user_model().objects.get(email="recenzentka@cil.example.org")
    live = Call.objects.get(slug=demo.LIVE_CALL_SLUG)
    client.force_login(official)
    assert client.get("/admin/grants/application/").status_code == 200
    assert client.get(f"/admin/grants/call/{live.pk}/ranking/").status_code == 200
    assert client.get("/admin/grants/regrantingenvelope/").status_code == 200
    client.force_login(reviewer)
    desk = client.get(f"/admin/grants/call/{live.pk}/review/")
    assert desk.status_code == 200
    assert "Podwórkowe kino letnie" in desk.content.decode()


SHARED_TITLE = "Warsztaty filmowe dla młodzieży"  # a 2017 grant and a 2026 one


def assert_each_grant_has_its_project():
    projects = {p.starts_on.year: p for p in Project.objects.filter(title=SHARED_TITLE)}
    assert set(projects) == {2017, 2026}
    live = projects[2026].application
    assert live.call.slug == demo.LIVE_CALL_SLUG
    assert projects[2026].grant_amount == live.awarded_amount
    assert projects[2026].ends_on == live.end_date
    assert Project.objects.realised_in(2026).count() == 5


def test_a_2026_grant_keeps_its_project_beside_the_2017_one_of_the_same_title(loaded):
    assert_each_grant_has_its_project()


def test_loading_gives_back_the_2026_projects_row_an_older_demo_gave_the_2017_one(loaded):
    # Demos before found the 2017 projects by title alone and took the 2026 one's row.
    older = Project.objects.get(title=SHARED_TITLE, starts_on__year=2017)
    Project.objects.filter(title=SHARED_TITLE, starts_on__year=2026).update(
        starts_on=older.starts_on,
        ends_on=older.ends_on,
        grant_amount=older.grant_amount,
        total_cost=older.total_cost,
        agreement_number=older.agreement_number,
    )
    older.delete()
    call_command("load_demo", stdout=io.StringIO())
    assert_each_grant_has_its_project()
    assert Project.objects.realised_in(2017).count() == 88
