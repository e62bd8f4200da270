import datetime

import time_machine
from django.core.management import call_command
from django.utils import timezone

from centres.models import Area, Centre


def test_the_demo_has_the_42_osiedla_and_the_six_centres_of_2017(db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert Area.objects.count() == 42
    assert Centre.objects.count() == 6
    assert Centre.objects.active_in(2017).count() == 6
    wilda = Centre.objects.get(name='Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ"')
    assert (wilda.area.name, wilda.street) == ("Wilda", "ul. Rolna 24")
    assert wilda.operator.name == "Stowarzyszenie Sąsiedzka Wilda"
    regranting = Centre.objects.get(kind=Centre.Kind.REGRANTING)
    assert regranting.area is None
    assert Centre.objects.get(slug="lazanka").mobile
    assert not Centre.objects.filter(operator__isnull=True).exists()


def test_the_demo_centres_lie_in_their_osiedla_on_the_real_boundaries(db, osiedla_text):
    call_command("load_demo", verbosity=0)
    from centres.services import areas_import, areas_parse

    areas_import(features=areas_parse(osiedla_text))
    assert Area.objects.count() == 42
    for centre in Centre.objects.filter(kind=Centre.Kind.NEIGHBOURHOOD):
        assert centre.area.contains(centre.latitude, centre.longitude), centre.name


def test_wildas_demo_centre_trainings_and_events_lie_inside_wilda(db, osiedla_text):
    from centres.services import areas_import, areas_parse
    from events.models import Event
    from trainings.models import Training

    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        call_command("load_demo", verbosity=0)
        areas_import(features=areas_parse(osiedla_text))
        wilda_area = Area.objects.get(name="Wilda")
        wilda = Centre.objects.get(area=wilda_area)
        trainings = list(Training.objects.filter(organiser_centre=wilda))
        events = list(Event.objects.filter(organiser_centre=wilda))
        assert trainings and len(events) >= 2
        for item in [wilda, *trainings, *events]:
            assert wilda_area.contains(item.latitude, item.longitude), str(item)
        now = timezone.now()
        assert any(e.starts_at < now for e in events), "a past event in Wilda"
        assert any(e.starts_at > now for e in events), "a coming event in Wilda"
        assert any(t.first_start() > now for t in trainings)
