import pytest
from django.contrib.auth.models import Group

from front.roles import PROGRAMME_OFFICER, roles_sync
from tests.factories import MembershipFactory, OfficialFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    roles_sync()
    officer = OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    client.force_login(officer)
    return client


@pytest.fixture
def two(db):
    foundation = OrganisationFactory(name="Fundacja Winogrady", legal_form="foundation")
    association = OrganisationFactory(name="Stowarzyszenie Dębiec", legal_form="association")
    return foundation, association


@pytest.mark.parametrize("field", ["name", "krs", "nip"])
def test_officials_find_an_organisation_by_name_krs_or_nip(officer_client, two, field):
    foundation, _ = two
    query = {"name": "Winogrady", "krs": foundation.krs, "nip": foundation.nip}[field]
    content = officer_client.get("/admin/organisations/organisation/", {"q": query}).content
    assert b"Fundacja Winogrady" in content
    assert b"Stowarzyszenie D" not in content


def test_officials_filter_organisations_by_legal_form(officer_client, two):
    url = "/admin/organisations/organisation/"
    content = officer_client.get(url, {"legal_form__exact": "association"}).content
    assert b"Stowarzyszenie D" in content
    assert b"Fundacja Winogrady" not in content


def test_an_organisations_admin_page_shows_its_people(officer_client, two):
    foundation, _ = two
    MembershipFactory(organisation=foundation, role="owner", user__first_name="Hanna")
    url = f"/admin/organisations/organisation/{foundation.pk}/change/"
    content = officer_client.get(url).content.decode()
    assert "Hanna Kowalski" in content
    assert 'value="owner" selected' in content
