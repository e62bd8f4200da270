"""Review: reviewers assigned to a call, the conflict-of-interest gate, scores within
each criterion's maximum, the ranking and who has not reviewed yet."""

import html
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from grants import rules, services
from grants.models import Application, ConflictDeclaration, Criterion, Review
from grants.workflow import Status
from tests.factories import OfficialFactory

from .factories import ApplicationFactory, in_state


@pytest.fixture
def officer(db):
    roles_sync()
    user = OfficialFactory(email="koordynator@example.org")
    user.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return user


@pytest.fixture
def reviewer(db, officer):
    user = OfficialFactory(email="recenzentka@example.org", first_name="Ewa", last_name="Ocena")
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


@pytest.fixture
def criteria(call):
    return [
        Criterion.objects.create(call=call, name="Zgodność z celami", max_points=10, position=0),
        Criterion.objects.create(call=call, name="Budżet", max_points=5, position=1),
    ]


@pytest.fixture
def in_review(now, call, criteria):
    """Two applications of the call past the formal check, one still in formal check."""
    made = []
    for title, status in [
        ("Ogród na Jeżycach", Status.MERIT_REVIEW),
        ("Kino plenerowe na Ratajach", Status.MERIT_REVIEW),
        ("Warsztaty na Wildzie", Status.SUBMITTED),
    ]:
        application = in_state(ApplicationFactory(call=call), status)
        application.title = title
        application.save()
        made.append(application)
    return made


def assign(call, reviewer, officer):
    return services.reviewer_assign(call=call, reviewer=reviewer, by=officer)


def test_only_a_programme_officer_assigns_and_only_a_reviewer_is_assigned(
    call, officer, reviewer, official
):
    with pytest.raises(PermissionDenied):
        services.reviewer_assign(call=call, reviewer=reviewer, by=reviewer)
    with pytest.raises(ValidationError):
        services.reviewer_assign(call=call, reviewer=official, by=officer)  # no reviewer role
    assignment = assign(call, reviewer, officer)
    assert assign(call, reviewer, officer) == assignment
    assert list(call.reviewers.all()) == [reviewer]


def test_the_reviewer_drop_down_offers_reviewers_and_not_programme_officers(
    client, call, officer, reviewer
):
    client.force_login(officer)
    page = client.get(f"/admin/grants/call/{call.pk}/change/")
    [inline] = [
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "assignments"
    ]
    offered = set(inline.formset.empty_form.fields["reviewer"].queryset)
    assert reviewer in offered and officer not in offered
    with pytest.raises(ValidationError):
        services.reviewer_assign(call=call, reviewer=officer, by=officer)


def test_a_reviewer_sees_no_application_before_declaring_about_every_organisation(
    client, call, in_review, officer, reviewer
):
    first, second, waiting = in_review
    assign(call, reviewer, officer)
    pending = services.declarations_pending(call=call, reviewer=reviewer)
    # Only organisations past the formal check are in review.
    assert {o.pk for o in pending} == {first.organisation_id, second.organisation_id}
    with pytest.raises(ValidationError) as e:
        services.conflict_declare(
            call=call, reviewer=reviewer, answers={first.organisation_id: (False, "")}
        )
    assert e.value.code == "missing"
    for application in (first, second):
        assert not rules.can_view_application(reviewer, application)
        assert not rules.can_review(reviewer, application)
    client.force_login(reviewer)
    assert client.get(first.get_absolute_url()).status_code == 404
    page = client.get(f"/admin/grants/call/{call.pk}/review/").content.decode()
    assert first.organisation.name in page and first.title not in page
    assert client.get(f"/admin/grants/call/{call.pk}/review/{first.pk}/").status_code == 403
    # Not even through the applications' admin list.
    assert client.get("/admin/grants/application/").status_code == 403


def test_declaring_a_conflict_excludes_the_reviewer_from_that_application(
    client, call, in_review, officer, reviewer
):
    first, second, waiting = in_review
    assign(call, reviewer, officer)
    client.force_login(reviewer)
    response = client.post(
        f"/admin/grants/call/{call.pk}/review/",
        {
            f"conflict_{first.organisation_id}": "no",
            f"conflict_{second.organisation_id}": "yes",
            f"explanation_{second.organisation_id}": "Jestem członkinią zarządu.",
        },
    )
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(organisation=second.organisation).has_conflict
    assert rules.can_review(reviewer, first)
    assert not rules.can_review(reviewer, second)
    assert not rules.can_view_application(reviewer, second)
    desk = client.get(f"/admin/grants/call/{call.pk}/review/").content.decode()
    assert first.title in desk and second.title not in desk
    assert client.get(f"/admin/grants/call/{call.pk}/review/{second.pk}/").status_code == 403
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(second.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.review_save(
            application=second, reviewer=reviewer, points={}, comment="Nie powinnam."
        )


def test_a_new_organisation_in_review_closes_the_gate_until_declared(
    call, in_review, officer, reviewer
):
    first, second, waiting = in_review
    assign(call, reviewer, officer)
    services.conflict_declare(
        call=call,
        reviewer=reviewer,
        answers={first.organisation_id: (False, ""), second.organisation_id: (False, "")},
    )
    assert rules.can_review(reviewer, first)
    waiting.status = Status.MERIT_REVIEW
    waiting.save()
    assert not rules.can_review(reviewer, first)
    services.conflict_declare(
        call=call, reviewer=reviewer, answers={waiting.organisation_id: (False, "")}
    )
    assert rules.can_review(reviewer, first)


def test_an_unassigned_reviewer_cannot_declare_or_review(call, in_review, reviewer):
    first, *_ = in_review
    with pytest.raises(PermissionDenied):
        services.conflict_declare(call=call, reviewer=reviewer, answers={})
    with pytest.raises(PermissionDenied):
        services.review_save(application=first, reviewer=reviewer, points={}, comment="x")


@pytest.fixture
def cleared(call, in_review, officer, reviewer):
    first, second, _waiting = in_review
    assign(call, reviewer, officer)
    services.conflict_declare(
        call=call,
        reviewer=reviewer,
        answers={first.organisation_id: (False, ""), second.organisation_id: (False, "")},
    )
    return reviewer


def test_scores_stay_within_each_criterions_maximum(call, criteria, in_review, cleared):
    first, *_ = in_review
    with pytest.raises(ValidationError) as e:
        services.review_save(
            application=first,
            reviewer=cleared,
            points={criteria[0].pk: 11, criteria[1].pk: 3},
            comment="Za dużo punktów.",
        )
    assert f"criterion_{criteria[0].pk}" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.review_save(
            application=first, reviewer=cleared, points={criteria[0].pk: 7}, comment=""
        )
    assert {f"criterion_{criteria[1].pk}", "comment"} <= set(e.value.message_dict)
    review = services.review_save(
        application=first,
        reviewer=cleared,
        points={criteria[0].pk: 10, criteria[1].pk: 0},
        comment="Dobry pomysł, budżet do poprawy.",
    )
    assert review.total_points == 10
    assert [s.points for s in review.scores.all()] == [10, 0]


def test_the_reviewer_scores_on_the_review_desk(client, call, criteria, in_review, cleared):
    first, *_ = in_review
    client.force_login(cleared)
    url = f"/admin/grants/call/{call.pk}/review/{first.pk}/"
    page = client.get(url).content.decode()
    assert first.title in page and "Sadzonki" in page  # the budget is on the page
    refused = client.post(
        url, {f"criterion_{criteria[0].pk}": "12", f"criterion_{criteria[1].pk}": "4"}
    )
    assert refused.status_code == 200
    assert not Review.objects.exists()
    response = client.post(
        url,
        {
            f"criterion_{criteria[0].pk}": "8",
            f"criterion_{criteria[1].pk}": "4",
            "comment": "Realny plan.",
        },
    )
    assert response.status_code == 302
    assert Review.objects.get().total_points == 12


def test_a_reviewer_cannot_score_once_decided(call, criteria, in_review, cleared):
    first, *_ = in_review
    first.status = Status.AWARDED
    first.awarded_amount = Decimal("1000")
    first.save()
    assert rules.can_read_as_reviewer(cleared, first)
    with pytest.raises(PermissionDenied):
        services.review_save(
            application=first,
            reviewer=cleared,
            points={criteria[0].pk: 1, criteria[1].pk: 1},
            comment="Za późno.",
        )


def test_the_ranking_averages_scores_and_names_who_has_not_reviewed(
    client, call, criteria, in_review, cleared, officer
):
    first, second, _waiting = in_review
    other = OfficialFactory(email="drugi@example.org", first_name="Adam", last_name="Drugi")
    other.groups.add(Group.objects.get(name=REVIEWER))
    assign(call, other, officer)
    services.conflict_declare(
        call=call,
        reviewer=other,
        answers={first.organisation_id: (False, ""), second.organisation_id: (True, "Rodzina")},
    )
    services.review_save(
        application=first,
        reviewer=cleared,
        points={criteria[0].pk: 9, criteria[1].pk: 5},
        comment="Bardzo dobry.",
    )
    services.review_save(
        application=first,
        reviewer=other,
        points={criteria[0].pk: 6, criteria[1].pk: 3},
        comment="Dobry.",
    )
    services.review_save(
        application=second,
        reviewer=cleared,
        points={criteria[0].pk: 5, criteria[1].pk: 2},
        comment="Przeciętny.",
    )
    ranking = list(Application.objects.for_ranking(call))
    assert [a.pk for a in ranking] == [first.pk, second.pk]
    assert Decimal(ranking[0].average_score) == Decimal("11.5")
    assert ranking[0].review_count == 2
    assert Decimal(ranking[1].average_score) == Decimal("7")
    # Adam declared a conflict with the second: nobody is missing.
    assert services.reviews_missing(call=call) == []
    third = OfficialFactory(email="trzeci@example.org", first_name="Ola", last_name="Trzecia")
    third.groups.add(Group.objects.get(name=REVIEWER))
    assign(call, third, officer)
    [missing] = services.reviews_missing(call=call)
    assert missing.reviewer == third
    assert {a.pk for a in missing.applications} == {first.pk, second.pk}
    client.force_login(officer)
    page = client.get(f"/admin/grants/call/{call.pk}/ranking/").content.decode()
    assert "11,50 / 15" in page
    assert "Ola Trzecia" in page
    client.force_login(cleared)
    assert client.get(f"/admin/grants/call/{call.pk}/ranking/").status_code == 403


def test_the_ranking_page_keeps_its_query_count_as_applications_grow(
    client, call, criteria, officer, now, django_assert_max_num_queries
):
    client.force_login(officer)
    for size in (2, 8):
        while Application.objects.filter(call=call).count() < size:
            in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
        with django_assert_max_num_queries(15):
            assert client.get(f"/admin/grants/call/{call.pk}/ranking/").status_code == 200


def test_a_declaration_made_by_mistake_is_undone_before_scoring_and_answered_again(
    client, call, criteria, in_review, officer, reviewer
):
    first, second, _waiting = in_review
    assign(call, reviewer, officer)
    services.conflict_declare(
        call=call,
        reviewer=reviewer,
        answers={first.organisation_id: (False, ""), second.organisation_id: (True, "Omyłka")},
    )
    client.force_login(reviewer)
    desk = client.get(f"/admin/grants/call/{call.pk}/review/").content.decode()
    assert "do czasu, aż ocenisz" in desk  # what undoing allows, said on the page
    mistaken = ConflictDeclaration.objects.get(organisation=second.organisation)
    undo = f"/admin/grants/call/{call.pk}/review/declarations/{mistaken.pk}/undo/"
    assert undo in desk
    response = client.post(undo, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Twoja deklaracja dotycząca organizacji {second.organisation.name} została cofnięta: "
        "złóż ją ponownie, aby dalej oceniać."
    ]
    assert not ConflictDeclaration.objects.filter(pk=mistaken.pk).exists()
    # What was undone stays on record, in the call's history.
    history = client.get(f"/admin/grants/call/{call.pk}/history/")
    assert history.status_code == 200
    page = html.unescape(history.content.decode())
    assert f"Cofnięto deklarację dotyczącą organizacji {second.organisation.name}" in page
    assert ": konflikt interesów (Omyłka)." in page
    assert reviewer.email in page or reviewer.get_full_name() in page
    # The gate closes again: this organisation waits for a new answer, the other does not.
    assert services.declarations_pending(call=call, reviewer=reviewer) == [second.organisation]
    assert not rules.can_review(reviewer, first)
    assert second.organisation.name in response.content.decode()
    client.post(
        f"/admin/grants/call/{call.pk}/review/", {f"conflict_{second.organisation_id}": "no"}
    )
    assert rules.can_review(reviewer, second)


def test_a_declaration_cannot_be_undone_once_its_application_is_scored(
    client, call, criteria, in_review, officer, reviewer
):
    first, second, _waiting = in_review
    assign(call, reviewer, officer)
    other = OfficialFactory(email="inna@example.org")
    other.groups.add(Group.objects.get(name=REVIEWER))
    assign(call, other, officer)
    answers = {first.organisation_id: (False, ""), second.organisation_id: (False, "")}
    services.conflict_declare(call=call, reviewer=reviewer, answers=answers)
    services.conflict_declare(call=call, reviewer=other, answers=answers)
    services.review_save(
        application=first,
        reviewer=reviewer,
        points={criteria[0].pk: 8, criteria[1].pk: 4},
        comment="Dobry.",
    )
    scored = ConflictDeclaration.objects.get(reviewer=reviewer, organisation=first.organisation)
    client.force_login(reviewer)
    desk = client.get(f"/admin/grants/call/{call.pk}/review/").content.decode()
    base = f"/admin/grants/call/{call.pk}/review/declarations"
    assert f"{base}/{scored.pk}/undo/" not in desk
    assert "(oceniony: nie można cofnąć)" in desk
    response = client.post(f"{base}/{scored.pk}/undo/", follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(f"Wniosek organizacji {first.organisation.name} został już")
    assert ConflictDeclaration.objects.filter(pk=scored.pk).exists()
    # Nobody undoes another reviewer's declaration.
    theirs = ConflictDeclaration.objects.get(reviewer=other, organisation=second.organisation)
    assert client.post(f"{base}/{theirs.pk}/undo/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.conflict_undo(declaration=theirs, by=reviewer)
    assert ConflictDeclaration.objects.filter(pk=theirs.pk).exists()
