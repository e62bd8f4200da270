"""The demo's 2017 grant cycle: the 48 grants of the 2017 report come from applications to
the regranting centre's four 2017 rounds, decided, paid and settled in 2017, beside the
applications that got nothing; the rounds' results are published and the envelope
shows the money granted, paid and settled."""

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Min, Sum

from grants import budget, demo, demo_projects, services
from grants.models import (
    Application,
    ApplicationEvent,
    Call,
    ConflictDeclaration,
    FinalReport,
    Project,
    RegrantingEnvelope,
    Review,
)
from grants.workflow import DECIDED, TRANSITIONS, Status
from tests.reports.conftest import words

pytestmark = pytest.mark.django_db

SLUGS = [r.slug for r in demo.ROUNDS_2017]
DECISIONS = ["reject_formally", "reject_on_merit", "put_on_reserve", "award"]


def load():
    call_command("load_demo", stdout=io.StringIO())


def rounds():
    return list(Call.objects.filter(slug__in=SLUGS).order_by("opens_at"))


def grants_2017():
    return Project.objects.realised_in(2017).filter(kind=Project.Kind.REGRANTING)


def test_the_2017_results_list_the_48_grants_and_the_envelope_has_them_paid_and_settled(client):
    load()
    projects = {p.application_id: p for p in grants_2017()}
    listed = {}
    for call in rounds():
        response = client.get(f"/calls/{call.slug}/results/")
        assert response.status_code == 200
        page = words(response.content.decode())
        awarded = response.context["awarded"]
        total = sum(a.awarded_amount for a in awarded)
        assert f"Przyznano {len(awarded)} dotacji, łącznie {words(budget.zl(total))}" in page
        received = call.applications.received().count()
        assert f"Wpłynęło {received} wniosków." in page
        for application in awarded:
            row = f"{application.number} {application.organisation.name} {application.title}"
            assert f"{row} {words(budget.zl(application.awarded_amount))}" in page
            listed[application.pk] = application.awarded_amount
        reserve = call.applications.filter(status=Status.RESERVE)
        assert ("Lista rezerwowa" in page) == reserve.exists()
        assert all(a.title in page for a in reserve)
    assert len(listed) == 48
    assert listed.keys() == projects.keys()
    assert all(projects[pk].grant_amount == amount for pk, amount in listed.items())
    granted = sum(listed.values())
    assert granted == grants_2017().aggregate(s=Sum("grant_amount"))["s"] == Decimal("201800")

    envelope = RegrantingEnvelope.objects.get(year=2017)
    figures = services.envelope_figures(envelope)
    assert (figures.granted, figures.paid, figures.settled) == (granted, granted, granted)
    assert figures.remaining == envelope.amount - granted > 0
    official = get_user_model().objects.get(email="urzednik@cil.example.org")
    client.force_login(official)
    page = client.get("/admin/grants/regrantingenvelope/").content.decode()
    assert page.count(budget.zl(granted)) == 3  # granted, paid and settled


def test_the_2017_rounds_funded_48_of_68_applications_each_decided_as_the_workflow_says(
    client,
):
    load()
    applications = Application.objects.filter(call__slug__in=SLUGS)
    statuses = Counter(applications.values_list("status", flat=True))
    assert statuses == {
        Status.SETTLED: 48,
        Status.REJECTED: 11,
        Status.REJECTED_FORMAL: 6,
        Status.RESERVE: 3,
        Status.WITHDRAWN: 2,
    }
    # One grant was given up, and the reserve list's first took its place.
    resigned = applications.get(events__transition="resign")
    assert resigned.awarded_amount and not hasattr(resigned, "project")
    second = applications.get(events__transition="put_on_reserve", status=Status.SETTLED)
    assert second.events.filter(transition="award").get().at > resigned.events.last().at

    for call in rounds():
        awarded = call.awarded_total()
        assert awarded <= call.budget_pool
        # The pool was spent but for less than any application left on the reserve list.
        for reserve in call.applications.filter(status=Status.RESERVE):
            assert reserve.requested_amount > call.budget_pool - awarded
        ranking = list(Application.objects.for_ranking(call))
        order = [a.status for a in ranking]
        assert order == sorted(order, key=lambda s: (s != Status.SETTLED, s != Status.RESERVE))
        assert ranking[0].average_score > ranking[-1].average_score
        assert not call.applications.exclude(status__in=DECIDED | {Status.WITHDRAWN}).exists()
        # The results came out once every application had its decision (the reserve
        # list's first was awarded later).
        first = (
            ApplicationEvent.objects.filter(application__call=call, transition__in=DECISIONS)
            .values("application")
            .annotate(at=Min("at"))
            .values_list("at", flat=True)
        )
        undecided = call.applications.filter(status=Status.WITHDRAWN, decided_at__isnull=True)
        assert len(first) == call.applications.count() - undecided.count()
        assert call.closes_at < max(first) < call.results_published_at

    for application in applications.prefetch_related("events", "budget_lines"):
        events = list(application.events.all())
        state = Status.DRAFT
        for event in events:
            assert state in TRANSITIONS[event.transition].sources, (application, event)
            assert (event.from_status, event.at.year) == (state, 2017)
            state = event.to_status
        assert state == application.status
        assert application.call.opens_at <= application.submitted_at < application.call.closes_at
        assert not services.completeness_errors(application), application
        totals = budget.totals(application.budget_lines.all(), non_financial_counts=True)
        assert totals.total == application.total_cost
        assert not budget.call_errors(totals, application.call), application

    # Every organisation in a merit review was declared about by both reviewers, one
    # conflict excluded a reviewer, and the scores keep the criteria's maxima.
    reviewers = set(get_user_model().objects.filter(groups__name="Recenzent"))
    assert len(reviewers) == 2
    for call in rounds():
        reviewed = set(
            call.applications.filter(events__transition="accept_formally").values_list(
                "organisation", flat=True
            )
        )
        for reviewer in reviewers:
            declared = call.declarations.filter(reviewer=reviewer)
            assert set(declared.values_list("organisation", flat=True)) == reviewed
    conflict = ConflictDeclaration.objects.get(call__slug__in=SLUGS, has_conflict=True)
    reviews = Review.objects.filter(application__call__slug__in=SLUGS).prefetch_related("scores")
    assert not reviews.filter(
        reviewer=conflict.reviewer, application__organisation=conflict.organisation
    ).exists()
    for review in reviews.select_related("application"):
        assert review.reviewer in reviewers
        assert review.total_points == sum(s.points for s in review.scores.all())
        assert all(s.points <= s.criterion.max_points for s in review.scores.all())
        assert review.created_at < review.application.decided_at

    # The report's figures stay the seed's; it now also says what came in.
    summary_page = words(client.get("/reports/2017/").content.decode())
    assert "Wpłynęło 68 wniosków o dotację, dofinansowano 48." in summary_page
    assert "zrealizowano 88 projektów (w tym przyznano 48 dotacji" in summary_page


def test_each_2017_grant_came_from_its_application_and_was_settled_on_its_final_report():
    load()
    projects = grants_2017().select_related("application__call", "application__final_report")
    assert projects.count() == 48
    for project in projects:
        application = project.application
        assert application.call.slug in SLUGS
        assert (application.title, application.organisation_id) == (
            project.title,
            project.organisation_id,
        )
        assert (application.start_date, application.end_date) == (
            project.starts_on,
            project.ends_on,
        )
        assert application.awarded_amount == application.requested_amount == project.grant_amount
        assert application.total_cost == project.total_cost
        assert application.agreement_number == project.agreement_number
        areas = list(application.areas.all())
        assert areas == ([project.area] if project.area else [])
        assert (
            application.decided_at.date()
            <= application.agreement_signed_on
            <= project.paid_on
            < project.starts_on
        )
        assert project.ends_on < project.settled_on <= date(2017, 12, 31)
        report = application.final_report
        assert not services.final_report_errors(report)
        totals = services.final_report_totals(report)
        assert (totals.from_grant, totals.total) == (project.grant_amount, project.total_cost)
        assert report.participants == project.participants
        settled = application.events.get(transition="settle")
        assert settled.at.date() == project.settled_on
    assert set(Project.objects.filter(kind=Project.Kind.GRASSROOTS).values_list("application")) == {
        (None,)
    }
    assert FinalReport.objects.filter(application__call__slug__in=SLUGS).count() == 48


def natural(queryset, *fields):
    return sorted(map(str, queryset.values_list(*fields)))


def snapshot():
    return (
        natural(
            Project.objects,
            "kind",
            "title",
            "organisation__name",
            "application__number",
            "application__call__slug",
            "agreement_number",
            "starts_on",
            "ends_on",
            "grant_amount",
            "total_cost",
            "paid_on",
            "settled_on",
        ),
        natural(Application.objects, "number", "status", "title", "awarded_amount"),
        natural(ApplicationEvent.objects, "application__number", "transition", "at"),
        natural(Review.objects, "application__number", "reviewer__email", "total_points"),
    )


def test_loading_over_the_previous_demo_links_its_2017_projects_and_duplicates_nothing():
    load()
    fresh = snapshot()
    # The demo before this one: the 2017 grants without applications, in one call open
    # March to September, and its 2017 grant named as a 2026 one on the 2026 one's row.
    ours = Application.objects.filter(call__slug__in=SLUGS)
    Project.objects.filter(application__in=ours).update(
        application=None, paid_on=None, settled_on=None, agreement_number="", description=""
    )
    ours.delete()
    Call.objects.filter(slug__in=SLUGS[1:]).delete()
    Call.objects.filter(slug=SLUGS[0]).update(
        title="Mikrogranty na inicjatywy lokalne 2017",
        opens_at=demo.at(2017, 3, 1, 9),
        closes_at=demo.at(2017, 9, 30, 16),
        budget_pool=Decimal("240000.00"),
        results_published_at=None,
    )
    title = "Warsztaty filmowe dla młodzieży"
    taken = Project.objects.get(title=title, application__isnull=True)
    Project.objects.filter(title=title, application__isnull=False).update(
        starts_on=taken.starts_on,
        ends_on=taken.ends_on,
        grant_amount=taken.grant_amount,
        total_cost=taken.total_cost,
        agreement_number="CIL/2017/R/034",
    )
    taken.delete()
    assert Project.objects.realised_in(2026).count() == 4

    load()
    assert snapshot() == fresh
    assert Project.objects.realised_in(2026).count() == 5
    assert not grants_2017().filter(application__isnull=True).exists()


def test_the_2017_applications_are_made_once_in_submission_order():
    offers = demo_projects.offers()
    assert [o.number for o in offers] == [f"CIL/2017/R/{i:03d}" for i in range(1, 71)]
    submitted = [o.at("submit") for o in offers]
    assert submitted == sorted(submitted)
    assert demo_projects.offers() == offers
    grants = [o for o in offers if o.outcome == demo_projects.FUNDED]
    assert len(grants) == 48
    assert sorted(o.agreement_number for o in grants) == [
        f"UM/R/{i:03d}/2017" for i in range(1, 49)
    ]
    assert len({(o.round, o.organisation) for o in offers}) == len(offers)
