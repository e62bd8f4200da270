"""The account page (/account/): what waits for the signed-in person."""

from django.utils import timezone

from grants.workflow import Status
from organisations.models import Invitation
from tests.factories import OrganisationFactory
from tests.grants.factories import ApplicationFactory


def test_it_lists_the_pending_invitations_to_my_address_in_any_case(client, user):
    waiting = Invitation.objects.create(
        organisation=OrganisationFactory(name="Klub Rowerowy"), email=user.email.upper()
    )
    Invitation.objects.create(
        organisation=OrganisationFactory(name="Chór Wildecki"),
        email=user.email,
        accepted_at=timezone.now(),
    )
    Invitation.objects.create(
        organisation=OrganisationFactory(name="Koło Szachowe"), email="ktos@example.org"
    )
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "Zaproszenia czekające na Ciebie" in page
    assert "Klub Rowerowy" in page and waiting.get_absolute_url() in page
    assert "Chór Wildecki" not in page and "Koło Szachowe" not in page


def test_it_shows_each_applications_status_as_a_coloured_badge(client, owner, organisation):
    for status in (Status.DRAFT, Status.RESERVE, Status.WITHDRAWN):
        ApplicationFactory(organisation=organisation, status=status)
    client.force_login(owner)
    page = client.get("/account/").content.decode()
    assert '<span class="badge text-bg-secondary">Szkic</span>' in page
    assert '<span class="badge text-bg-warning">Na liście rezerwowej</span>' in page
    assert '<span class="badge text-bg-light border">Wycofany</span>' in page
