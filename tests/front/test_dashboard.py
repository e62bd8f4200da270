"""The account page (/account/): what waits for the signed-in person."""

from django.utils import timezone

from organisations.models import Invitation
from tests.factories import OrganisationFactory


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
