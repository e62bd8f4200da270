import pytest
from django.contrib.auth.models import Group

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from organisations.models import Organisation
from tests.factories import MembershipFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organisation):
    roles_sync()
    officer = OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    reviewer = OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    return {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": MembershipFactory(organisation=organisation, role="member").user,
        "owner": MembershipFactory(organisation=organisation, role="owner").user,
        "reviewer": reviewer,
        "officer": officer,
        "staff_without_group": OfficialFactory(),
    }


# role -> (status of the detail page, status of the edit page)
EXPECTED = {
    "anonymous": (302, 302),
    "outsider": (404, 404),
    "member": (200, 403),
    "owner": (200, 200),
    "reviewer": (200, 403),
    "officer": (200, 200),
    "staff_without_group": (404, 404),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_who_may_see_and_edit_an_organisation(client, organisation, people, role):
    if people[role]:
        client.force_login(people[role])
    detail = client.get(f"/organisations/{organisation.pk}/")
    edit = client.get(f"/organisations/{organisation.pk}/edit/")
    assert (detail.status_code, edit.status_code) == EXPECTED[role]


@pytest.mark.parametrize(
    "role,allowed", [("outsider", False), ("member", False), ("owner", True), ("officer", False)]
)
def test_only_owners_manage_members(client, organisation, people, role, allowed):
    client.force_login(people[role])
    client.post(
        f"/organisations/{organisation.pk}/invite/", {"email": "x@example.org", "role": "member"}
    )
    assert organisation.invitations.filter(email="x@example.org").exists() == allowed


def test_an_outsider_cannot_post_an_edit(client, organisation, people):
    client.force_login(people["outsider"])
    response = client.post(
        f"/organisations/{organisation.pk}/edit/", {"name": "Przejęta", "legal_form": "association"}
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.name != "Przejęta"


def test_an_invalid_nip_is_refused_in_polish_and_the_form_keeps_what_was_typed(client, user):
    client.force_login(user)
    data = {
        "name": "Fundacja Winogrady",
        "legal_form": "foundation",
        "nip": "2090001441",
        "city": "Poznań",
        "postal_code": "61-663",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
    }
    response = client.post("/organisations/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Błędna suma kontrolna numeru NIP." in html
    assert 'value="Fundacja Winogrady"' in html
    assert 'value="2090001441"' in html
    assert not Organisation.objects.exists()

    data["nip"] = "209-000-14-40"
    response = client.post("/organisations/new/", data)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert organisation.nip == "2090001440"
    assert organisation.memberships.get().user == user


def test_the_dashboard_lists_my_organisations_only(client, user, organisation):
    other = MembershipFactory(role="owner").organisation
    MembershipFactory(organisation=organisation, user=user)
    client.force_login(user)
    html = client.get("/account/").content.decode()
    assert organisation.name in html
    assert other.name not in html
