import pytest

from reports import rules
from tests.factories import OfficialFactory


@pytest.mark.parametrize(
    "who,draft,publish",
    [
        ("anonymous", False, False),
        ("resident", False, False),
        ("staff_without_permission", False, False),
        ("reviewer", False, False),
        ("coordinator", True, True),
    ],
)
def test_who_sees_drafts_and_publishes(db, request, who, draft, publish):
    from django.contrib.auth.models import AnonymousUser

    user = {
        "anonymous": lambda: AnonymousUser(),
        "resident": lambda: request.getfixturevalue("user"),
        "staff_without_permission": lambda: OfficialFactory(),
        "reviewer": lambda: request.getfixturevalue("reviewer"),
        "coordinator": lambda: request.getfixturevalue("coordinator"),
    }[who]()
    assert (rules.can_view_draft(user), rules.can_publish(user)) == (draft, publish)


def test_an_inactive_coordinator_may_do_nothing(coordinator):
    coordinator.is_active = False
    assert not rules.can_view_draft(coordinator)
    assert not rules.can_publish(coordinator)
