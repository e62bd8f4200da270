from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Wydarzenie {n}")
    slug = factory.Sequence(lambda n: f"wydarzenie-{n}")
    kind = Event.Kind.CONFERENCE
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + timedelta(days=14)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    capacity = 100
    place_name = "Urząd Miasta Poznania"
    address = "pl. Kolegiacki 17, Poznań"
