import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from organisations import services
from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = {"name": "Stowarzyszenie Nowe Jeżyce", "legal_form": "association", "nip": "2090001440"}
MEMBERS = [{"full_name": n} for n in ("Anna Nowak", "Jan Kowalski", "Ewa Zielińska")]


def test_it_makes_the_creator_the_owner(user):
    organisation = services.organisation_create(user=user, data=DATA)
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, "owner")


def test_it_refuses_an_informal_group_with_fewer_than_three_members(user):
    data = {"name": "Sąsiedzi z Dębca", "legal_form": "informal_group"}
    with pytest.raises(ValidationError) as e:
        services.organisation_create(user=user, data=data, members=MEMBERS[:2])
    assert "co najmniej 3" in e.value.messages[0]
    assert not Organisation.objects.exists()


def test_it_saves_an_informal_group_with_its_members_and_sponsor(user, organisation):
    data = {"name": "Sąsiedzi z Dębca", "legal_form": "informal_group", "sponsor": organisation}
    group = services.organisation_create(user=user, data=data, members=MEMBERS)
    assert [m.full_name for m in group.group_members.all()] == [m["full_name"] for m in MEMBERS]
    assert group.sponsor == organisation


def test_the_database_refuses_a_krs_for_an_informal_group(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Grupa", legal_form="informal_group", krs="0000123456")


def test_it_refuses_a_second_organisation_with_the_same_nip(user):
    services.organisation_create(user=user, data=DATA)
    with pytest.raises(ValidationError) as e:
        services.organisation_create(user=user, data={**DATA, "name": "Inna"})
    assert "NIP" in " ".join(e.value.messages)


def test_only_an_owner_or_official_may_update(member, organisation):
    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=organisation, by=member, data={"name": "X"})


def test_an_invitation_is_mailed_after_commit_and_accepted_by_its_addressee(
    owner, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invitation_create(
            organisation=organisation, email="Nowa@Example.org", role="member", by=owner
        )
    assert len(callbacks) == 1
    assert mail.outbox[-1].to == ["nowa@example.org"]
    assert invitation.get_absolute_url() in mail.outbox[-1].body
    assert organisation.name in mail.outbox[-1].subject

    invitee = UserFactory(email="nowa@example.org")
    membership = services.invitation_accept(invitation=invitation, user=invitee)
    assert (membership.user, membership.role) == (invitee, "member")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=invitee)


def test_an_invitation_cannot_be_accepted_by_someone_else(owner, organisation):
    invitation = services.invitation_create(
        organisation=organisation, email="right@example.org", role="member", by=owner
    )
    with pytest.raises(ValidationError) as e:
        services.invitation_accept(
            invitation=invitation, user=UserFactory(email="wrong@example.org")
        )
    assert "right@example.org" in e.value.messages[0]
    assert organisation.memberships.count() == 1


def test_an_expired_invitation_is_refused(owner, organisation, time_machine):
    invitation = services.invitation_create(
        organisation=organisation, email="late@example.org", role="member", by=owner
    )
    time_machine.move_to(invitation.created_at.replace(year=invitation.created_at.year + 1))
    with pytest.raises(ValidationError, match="wygasło"):
        services.invitation_accept(
            invitation=invitation, user=UserFactory(email="late@example.org")
        )


def test_a_member_cannot_invite(member, organisation):
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=organisation, email="a@b.pl", role="member", by=member
        )


def test_the_last_owner_cannot_step_down_or_leave(owner, organisation):
    membership = organisation.memberships.get(user=owner)
    with pytest.raises(ValidationError):
        services.membership_set_role(membership=membership, role="member", by=owner)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership, by=owner)
    second = MembershipFactory(organisation=organisation, role="owner")
    services.membership_set_role(membership=membership, role="member", by=second.user)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_user_may_belong_to_several_organisations(user):
    first, second = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(organisation=first, user=user)
    MembershipFactory(organisation=second, user=user)
    assert set(Organisation.objects.for_user(user)) == {first, second}
