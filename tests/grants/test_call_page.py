"""The public call page: how long is left, until when (Warsaw time) and who may apply."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from grants.templatetags.grants_tags import time_left

from .factories import CallFactory, warsaw


@pytest.mark.parametrize(
    "left, said",
    [
        (timedelta(days=41, hours=3), "zostało 41 dni"),
        (timedelta(days=22), "zostały 22 dni"),
        (timedelta(days=3, hours=23), "zostały 3 dni"),
        (timedelta(days=5), "zostało 5 dni"),
        (timedelta(days=2), "zostały 2 dni"),
        (timedelta(days=1, hours=23, minutes=59), "zostało 47 godzin"),
        (timedelta(hours=21, minutes=30), "zostało 21 godzin"),
        (timedelta(hours=3), "zostały 3 godziny"),
        (timedelta(hours=5, minutes=59), "zostało 5 godzin"),
        (timedelta(hours=1), "została 1 godzina"),
        (timedelta(minutes=59), "zostało 59 minut"),
        (timedelta(minutes=2), "zostały 2 minuty"),
        (timedelta(seconds=30), "została 1 minuta"),
    ],
)
def test_the_time_left_is_said_in_polish_with_the_right_plural(left, said):
    assert time_left(left) == said


def test_the_time_left_is_said_in_english_too():
    with translation.override("en"):
        assert time_left(timedelta(days=41)) == "41 days left"
        assert time_left(timedelta(hours=1)) == "1 hour left"


def test_nothing_is_said_once_the_time_is_up():
    assert time_left(None) == ""
    assert time_left(timedelta(0)) == ""


def test_the_call_page_says_the_time_left_and_the_closing_time_in_warsaw(client, db):
    call = CallFactory(
        opens_at=warsaw(2026, 12, 1, 9), closes_at=datetime(2027, 1, 31, 15, tzinfo=UTC)
    )
    with time_machine.travel(warsaw(2026, 12, 21, 12), tick=False):
        page = client.get(f"/calls/{call.slug}/").content.decode()
    assert "otwarty – zostało 41 dni" in page
    assert "31 stycznia 2027, 16:00" in page  # 15:00 UTC is 16:00 in Warsaw in winter
    assert "miesiąc" not in page and "tygodnie" not in page


def test_the_call_page_says_who_may_apply(client, db):
    call = CallFactory(
        eligible_legal_forms=["association", "foundation"], informal_groups_allowed=False
    )
    page = client.get(f"/calls/{call.slug}/").content.decode()
    assert "<dt>Kto może składać oferty</dt><dd>stowarzyszenie, fundacja</dd>" in page
    assert "składają wnioski przez organizację patronacką" in page
    direct = CallFactory(eligible_legal_forms=["association"], informal_groups_allowed=True)
    page = client.get(f"/calls/{direct.slug}/").content.decode()
    assert "<dd>stowarzyszenie</dd>" in page
    assert "mogą składać wnioski samodzielnie" in page


def test_a_draft_call_is_a_404_to_a_reviewer_and_a_preview_to_an_official(client, db):
    from django.contrib.auth.models import Group

    from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
    from tests.factories import OfficialFactory

    roles_sync()
    draft = CallFactory(published=False, slug="szkic-naboru")
    reviewer, officer = OfficialFactory(), OfficialFactory()
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    for url in ("/calls/szkic-naboru/", "/calls/szkic-naboru/results/"):
        assert client.get(url).status_code == 404
        client.force_login(reviewer)
        assert client.get(url).status_code == 404
        client.force_login(officer)
        assert client.get(url).status_code == 200
        client.logout()
    assert draft.title not in client.get("/calls/").content.decode()
