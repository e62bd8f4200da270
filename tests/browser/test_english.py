"""A visitor who chose English gets the public pages in English, each passing axe-core."""

import pytest
from playwright.sync_api import expect

from centres import demo as centres_demo
from organisations import demo as organisations_demo
from tests.events.factories import EventFactory
from tests.trainings.factories import SessionFactory

PAGES = [
    ("/centres/", "Local Initiatives Centres"),
    ("/centres/mine/", "Which centre is mine?"),
    ("/centres/wil-da-sie/", 'Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ"'),
    ("/trainings/", "Trainings"),
    ("/events/", "Events"),
    ("/calls/", None),
    ("/privacy/", None),
    ("/accounts/login/", "Sign In"),
    ("/accounts/signup/", "Sign Up"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_reads_the_public_pages_in_english(page, live_server, axe_check):
    organisations_demo.load()
    centres_demo.load()
    training = SessionFactory(training__title="Jak napisać wniosek", training__capacity=3).training
    event = EventFactory(title="Gala sojuszników", kind="gala")

    page.goto(live_server.url + "/")
    page.get_by_role("list", name="Język").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Coming trainings")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Centres")
    axe_check(page)

    for path, heading in [
        *PAGES,
        (training.get_absolute_url(), training.title),
        (event.get_absolute_url(), event.title),
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)

    page.goto(live_server.url + training.get_absolute_url())
    expect(page.locator("#signup-title")).to_have_text("Sign up")
    expect(page.get_by_label("First and last name")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 seats left")
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.locator(".lead")).to_have_text("Gala")
