import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from organisations.models import Organisation
from tests.factories import PASSWORD, MembershipFactory, OfficialFactory, UserFactory

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


GROUP = {
    "name": "Sąsiedzi z Dębca",
    "legal_form": "informal_group",
    "members-TOTAL_FORMS": "3",
    "members-INITIAL_FORMS": "0",
    "members-0-full_name": "Anna Nowak",
    "members-1-full_name": "Jan Kowalski",
    "members-2-full_name": "Ewa Zielińska",
}


def test_an_informal_group_names_its_sponsor_by_krs_or_nip(client, user, organisation):
    client.force_login(user)
    response = client.post("/organisations/new/", {**GROUP, "sponsor": organisation.krs})
    assert response.status_code == 302
    group = Organisation.objects.get(name="Sąsiedzi z Dębca")
    assert group.sponsor == organisation
    assert [m.full_name for m in group.group_members.all()] == [
        "Anna Nowak",
        "Jan Kowalski",
        "Ewa Zielińska",
    ]
    # The edit form shows the sponsor's number again; the NIP with dashes finds it too.
    edit = client.get(f"/organisations/{group.pk}/edit/").content.decode()
    assert f'value="{organisation.krs}"' in edit
    n = organisation.nip
    nip = f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"
    data = {**GROUP, "sponsor": nip, "members-INITIAL_FORMS": "0"}
    group.group_members.all().delete()
    assert client.post(f"/organisations/{group.pk}/edit/", data).status_code == 302
    group.refresh_from_db()
    assert group.sponsor == organisation


def test_an_unknown_sponsor_number_is_refused_and_the_form_keeps_what_was_typed(client, user):
    client.force_login(user)
    response = client.post("/organisations/new/", {**GROUP, "sponsor": "0000999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Żadna organizacja o numerze KRS lub NIP 0000999999 nie ma konta" in html
    assert 'value="Sąsiedzi z Dębca"' in html
    assert 'value="Ewa Zielińska"' in html
    assert not Organisation.objects.exists()


def test_an_informal_group_with_two_members_is_refused_on_the_page(client, user):
    client.force_login(user)
    data = {**GROUP, "members-2-full_name": ""}
    response = client.post("/organisations/new/", data)
    assert response.status_code == 200
    assert "co najmniej 3" in response.content.decode()
    assert 'value="Jan Kowalski"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_form_does_not_list_the_organisations_on_the_portal(client, user, organisation):
    client.force_login(user)
    html = client.get("/organisations/new/").content.decode()
    assert organisation.name not in html


def test_an_owner_makes_a_member_an_owner_on_the_page(client, organisation, owner, member):
    client.force_login(owner)
    membership = organisation.memberships.get(user=member)
    response = client.post(
        f"/organisations/{organisation.pk}/members/{membership.pk}/role/", {"role": "owner"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_the_last_owner_is_told_why_they_cannot_step_down(client, organisation, owner):
    client.force_login(owner)
    membership = organisation.memberships.get(user=owner)
    response = client.post(
        f"/organisations/{organisation.pk}/members/{membership.pk}/role/",
        {"role": "member"},
        follow=True,
    )
    assert "Organizacja musi mieć co najmniej jednego właściciela" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "owner"


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_an_owner_changes_roles_or_removes_people(client, organisation, people, who):
    # Two owners, so that only the permission can stop the change, not the last-owner rule.
    target = MembershipFactory(organisation=organisation, role="owner")
    client.force_login(people[who])
    client.post(f"/organisations/{organisation.pk}/members/{target.pk}/role/", {"role": "member"})
    client.post(f"/organisations/{organisation.pk}/members/{target.pk}/remove/")
    target.refresh_from_db()
    assert target.role == "owner"


def test_an_owner_removes_a_member_and_a_member_may_leave(client, organisation, owner, people):
    second = MembershipFactory(organisation=organisation, role="member")
    client.force_login(owner)
    client.post(f"/organisations/{organisation.pk}/members/{second.pk}/remove/")
    assert not organisation.memberships.filter(pk=second.pk).exists()

    leaving = organisation.memberships.get(user=people["member"])
    client.force_login(people["member"])
    response = client.post(f"/organisations/{organisation.pk}/members/{leaving.pk}/remove/")
    assert response["Location"] == "/account/"
    assert not organisation.memberships.filter(pk=leaving.pk).exists()


def test_an_owner_withdraws_a_mistyped_invitation_and_may_invite_again(
    client, organisation, owner, people
):
    client.force_login(owner)
    url = f"/organisations/{organisation.pk}/invite/"
    client.post(url, {"email": "anna@exmaple.org", "role": "member"})
    invitation = organisation.invitations.get()
    page = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "Wycofaj" in page

    client.force_login(people["member"])
    client.post(f"/organisations/{organisation.pk}/invitations/{invitation.pk}/withdraw/")
    assert organisation.invitations.exists(), "a member may not withdraw"

    client.force_login(owner)
    response = client.post(
        f"/organisations/{organisation.pk}/invitations/{invitation.pk}/withdraw/", follow=True
    )
    assert "Wycofano zaproszenie dla anna@exmaple.org." in response.content.decode()
    assert not organisation.invitations.exists()
    client.post(url, {"email": "anna@exmaple.org", "role": "member"})
    assert organisation.invitations.count() == 1


def test_a_member_sees_a_button_to_leave(client, organisation, member):
    client.force_login(member)
    page = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "Opuść tę organizację" in page


def test_an_invitee_without_an_account_signs_up_and_finds_the_invitation(
    client, organisation, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organisations/{organisation.pk}/invite/",
            {"email": "zaproszona@example.org", "role": "member"},
        )
    link = re.search(r"https?://\S+(/organisations/invitations/\S+/)", mail.outbox[-1].body)[1]
    client.logout()

    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    login_page = client.get(response["Location"]).content.decode()
    assert "/accounts/signup/?next=" in login_page, "the sign-up link keeps the way back"

    client.post(
        "/accounts/signup/",
        {"email": "zaproszona@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirm = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)[1]
    client.post(confirm)
    client.post("/accounts/login/", {"login": "zaproszona@example.org", "password": PASSWORD})
    dashboard = client.get("/account/").content.decode()
    assert organisation.name in dashboard
    assert link in dashboard
    response = client.post(link)
    assert response.status_code == 302
    assert organisation.memberships.filter(user__email="zaproszona@example.org").exists()


def test_the_krs_number_is_labelled_with_a_capital_as_the_other_facts(client, organisation, owner):
    client.force_login(owner)
    page = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert '<dt class="col-sm-4">Numer KRS</dt>' in page
    assert "numer KRS</dt>" not in page
