"""Each rule in grants/rules.py across the roles: anonymous, resident (signed in, no
organisation), applicant of another organisation, member, owner, staff without the
permission, a reviewer (the reviewer's group, not assigned to the call), a programme
officer (the officer's group) and an official with every grants permission."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from grants import rules
from grants.workflow import TRANSITIONS
from tests.factories import OfficialFactory, UserFactory

ROLES = [
    "anonymous",
    "resident",
    "outsider",
    "member",
    "owner",
    "staff",
    "reviewer",
    "officer",
    "official",
]


@pytest.fixture
def people(db, member, owner, outsider, official, grants_official):
    roles_sync()
    reviewer, officer = OfficialFactory(), OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "outsider": outsider,
        "member": member,
        "owner": owner,
        "staff": official,
        "reviewer": reviewer,
        "officer": officer,
        "official": grants_official,
    }


def allowed(people, check) -> set[str]:
    return {role for role in ROLES if check(people[role])}


def test_who_may_view_an_application(people, application):
    assert allowed(people, lambda u: rules.can_view_application(u, application)) == {
        "member",
        "owner",
        "officer",
        "official",
    }


def test_who_may_view_an_attachment(people, application):
    assert allowed(people, lambda u: rules.can_view_attachment(u, application)) == {
        "member",
        "owner",
        "officer",
        "official",
    }


def test_who_may_act_for_the_applicant(people, application):
    assert allowed(people, lambda u: rules.can_act_for_application(u, application)) == {
        "member",
        "owner",
    }


def test_who_may_edit_a_draft_and_nobody_a_submitted_one(people, application):
    assert allowed(people, lambda u: rules.can_edit_application(u, application, "task")) == {
        "member",
        "owner",
    }
    application.status = "submitted"
    assert allowed(people, lambda u: rules.can_edit_application(u, application, "task")) == set()


def test_during_a_correction_only_the_named_parts_are_editable(people, application):
    application.status = "correction_requested"
    application.correction_sections = ["budget"]
    assert rules.can_edit_application(people["owner"], application, "budget")
    assert not rules.can_edit_application(people["owner"], application, "task")


def test_who_may_make_the_applicants_transitions(people, application):
    for name in ("submit", "reopen", "withdraw", "correct"):
        assert allowed(
            people, lambda u, n=name: rules.can_make(u, application, TRANSITIONS[n])
        ) == {
            "member",
            "owner",
        }


def test_who_may_request_a_correction(people, application):
    transition = TRANSITIONS["request_correction"]
    assert allowed(people, lambda u: rules.can_make(u, application, transition)) == {
        "officer",
        "official",
    }


def test_who_may_view_a_call(people, call):
    assert allowed(people, lambda u: rules.can_view_call(u, call)) == set(ROLES)
    call.published = False
    # A draft: previewed only by the officials who prepare calls, not by a reviewer.
    assert allowed(people, lambda u: rules.can_view_call(u, call)) == {"officer", "official"}


def test_who_may_change_a_call(people):
    assert allowed(people, rules.can_manage_calls) == {"officer", "official"}


def test_who_may_record_and_correct_projects(people):
    assert allowed(people, rules.can_manage_projects) == {"officer", "official"}


def test_who_may_decide_and_publish_results(people):
    assert allowed(people, rules.can_decide) == {"officer", "official"}


def test_who_sees_every_review_the_ranking_and_the_exports(people):
    assert allowed(people, rules.can_see_reviews) == {"officer", "official"}


def test_who_may_be_assigned_to_review(people):
    assert allowed(people, rules.may_be_reviewer) == {"reviewer", "official"}


def test_who_may_assign_reviewers(people):
    assert allowed(people, rules.can_manage_reviewers) == {"officer", "official"}
