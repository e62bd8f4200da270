import pytest
from playwright.sync_api import expect

from tests.factories import MembershipFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/", "/no-such-page/"])
def test_public_pages_pass_axe(page, live_server, axe_check, path):
    page.goto(live_server.url + path)
    assert page.locator("main#main").count() == 1
    assert page.locator("header nav").count() == 1
    assert page.locator("footer").count() == 1
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_first_tab_reaches_a_visible_skip_link_to_the_content(page, live_server):
    page.goto(live_server.url + "/accessibility/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Przejdź do treści głównej"
    assert focused.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_switches_to_english_and_back(page, live_server, axe_check):
    page.goto(live_server.url + "/accessibility/")
    languages = page.get_by_role("list", name="Język")
    expect(languages.get_by_role("link", name="Polski")).to_have_attribute("aria-current", "true")
    languages.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Accessibility statement", level=1).wait_for()
    assert page.url == live_server.url + "/accessibility/"
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
    page.get_by_role("list", name="Language").get_by_role("link", name="Polski").click()
    page.get_by_role("heading", name="Deklaracja dostępności", level=1).wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_owner_invites_a_member_from_the_organisation_page(page, live_server, axe_check):
    from django.core import mail

    from tests.factories import PASSWORD

    membership = MembershipFactory(role="owner")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adres e-mail*", exact=True).fill(membership.user.email)
    page.get_by_label("Hasło*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.get_by_role("link", name=membership.organisation.name).click()
    axe_check(page)
    page.get_by_label("E-mail*", exact=True).fill("wolontariusz@example.org")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    assert page.get_by_text("Wysłano zaproszenie na adres wolontariusz@example.org.").is_visible()
    axe_check(page)
    assert mail.outbox[-1].to == ["wolontariusz@example.org"]

    # The invitee, signed in with that address, finds the invitation on the dashboard.
    invitee = UserFactory(email="wolontariusz@example.org")
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Adres e-mail*", exact=True).fill(invitee.email)
    page.get_by_label("Hasło*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.get_by_role("link", name="Zobacz zaproszenie").click()
    axe_check(page)
    page.get_by_role("button", name="Przyjmij zaproszenie").click()
    assert page.get_by_text(
        f"Jesteś teraz członkiem organizacji {membership.organisation.name}."
    ).is_visible()
    assert membership.organisation.memberships.filter(user=invitee, role="member").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.front.error_urls")
def test_the_server_error_page_passes_axe(page, live_server, axe_check):
    response = page.goto(live_server.url + "/fail/")
    assert response.status == 500
    assert page.locator("main h1").inner_text() == "Przepraszamy, wystąpił błąd serwera"
    axe_check(page)
