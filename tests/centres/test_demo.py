from django.core.management import call_command

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
