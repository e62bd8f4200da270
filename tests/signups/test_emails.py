import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tests.events.factories import EventFactory
from tests.trainings.factories import SessionFactory, TrainingFactory

WARSAW = ZoneInfo("Europe/Warsaw")
START = datetime.datetime(2027, 3, 12, 17, 0, tzinfo=WARSAW)

FORM = {"full_name": "Anna Nowak", "email": "anna@example.org", "consent": "on"}

pytestmark = pytest.mark.django_db


def _path(kind: str) -> str:
    url = re.search(rf"https?://\S+/signups/\S+/{kind}/", mail.outbox[-1].body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _sign_up_and_confirm(client, item, capture):
    with capture(execute=True):
        client.post(item.get_absolute_url(), FORM)
    request_mail = mail.outbox[-1].body
    with capture(execute=True):
        page = client.post(_path("confirm")).content.decode()
    return request_mail, mail.outbox[-1].body, page


def test_the_confirmation_of_an_event_says_when_where_and_how_to_cancel(
    client, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, 0, tzinfo=WARSAW), tick=False)
    event = EventFactory(
        title="Debata o Wildzie",
        starts_at=START,
        ends_at=START.replace(hour=19),
        place_name="CIL WIL.DA.SIĘ",
        address="ul. Rolna 24, Poznań",
    )
    asked, confirmed, page = _sign_up_and_confirm(client, event, django_capture_on_commit_callbacks)
    when = "- 12 marca 2027, 17:00–19:00, CIL WIL.DA.SIĘ, ul. Rolna 24, Poznań"
    assert when in asked
    assert "Kiedy i gdzie:\n" + when in confirmed
    assert "Jeśli nie możesz przyjść, anuluj zapis" in confirmed
    # Paragraphs a single blank line apart, in both e-mails.
    assert "\n\n\n" not in asked and "\n\n\n" not in confirmed
    assert when + "\n\n" in asked and when + "\n\nJeśli nie możesz" in confirmed
    assert re.search(r"https?://\S+/signups/\S+/cancel/", confirmed)
    assert '<h1 class="h2">Twój zapis jest potwierdzony</h1>' in page
    assert "<title>Twój zapis jest potwierdzony ·" in page


def test_the_confirmation_of_a_training_lists_each_session(
    client, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 12, 0, tzinfo=WARSAW), tick=False)
    training = TrainingFactory(
        title="Cykl OSL", place_name="CIL Bukowska", address="ul. Bukowska 27/29"
    )
    SessionFactory(training=training, starts_at=START, ends_at=START.replace(hour=20))
    later = START + datetime.timedelta(days=7)
    SessionFactory(
        training=training,
        starts_at=later,
        ends_at=later.replace(hour=19),
        place_name="CIL Wilda",
        address="ul. Rolna 24",
    )
    _, confirmed, _ = _sign_up_and_confirm(client, training, django_capture_on_commit_callbacks)
    assert (
        "Kiedy i gdzie (każde spotkanie):\n"
        "- 12 marca 2027, 17:00–20:00, CIL Bukowska, ul. Bukowska 27/29\n"
        "- 19 marca 2027, 17:00–19:00, CIL Wilda, ul. Rolna 24\n"
    ) in confirmed


def test_the_page_before_confirming_still_asks_to_confirm(
    client, django_capture_on_commit_callbacks
):
    training = SessionFactory().training
    with django_capture_on_commit_callbacks(execute=True):
        client.post(training.get_absolute_url(), FORM)
    page = client.get(_path("confirm")).content.decode()
    assert '<h1 class="h2">Potwierdź zapis</h1>' in page
