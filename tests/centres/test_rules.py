import pytest
from django.contrib.auth.models import AnonymousUser, Group

from centres import rules
from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from tests.factories import MembershipFactory, OfficialFactory, UserFactory

from .factories import CentreFactory


@pytest.fixture
def centre(db):
    return CentreFactory()


def _in_group(name):
    roles_sync()
    user = OfficialFactory()
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def people(centre):
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "operator member": MembershipFactory(organisation=centre.operator, role="owner").user,
        "staff without a group": OfficialFactory(),
        "reviewer": _in_group(REVIEWER),
        "programme officer": _in_group(PROGRAMME_OFFICER),
    }


def test_everyone_may_view_a_centre(people, centre):
    assert all(rules.can_view(user, centre) for user in people.values())


def test_only_programme_officers_may_edit_a_centre(people, centre):
    allowed = {role for role, user in people.items() if rules.can_edit(user, centre)}
    assert allowed == {"programme officer"}


def test_only_programme_officers_may_ask_which_area_holds_a_point(people):
    allowed = {role for role, user in people.items() if rules.can_locate(user)}
    assert allowed == {"programme officer"}


def test_the_centre_page_offers_editing_only_to_those_who_may(client, people, centre):
    for role, user in people.items():
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        content = client.get(centre.get_absolute_url()).content.decode()
        assert ("/admin/centres/centre/" in content) == (role == "programme officer"), role
