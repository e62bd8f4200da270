import datetime
from decimal import Decimal

import factory

from centres.models import Area, Centre
from tests.factories import OrganisationFactory


def square(south: float, west: float, size: float = 0.01) -> dict:
    """A GeoJSON Polygon: a square `size` degrees wide with its south-west corner given."""
    n, e = south + size, west + size
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [e, south], [e, n], [west, n], [west, south]]],
    }


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Osiedle {n}")
    slug = factory.Sequence(lambda n: f"osiedle-{n}")
    boundary = None


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centrum Inicjatyw Lokalnych {n}")
    slug = factory.Sequence(lambda n: f"cil-{n}")
    kind = Centre.Kind.NEIGHBOURHOOD
    area = factory.SubFactory(AreaFactory)
    operator = factory.SubFactory(OrganisationFactory)
    street = "ul. Rolna 24"
    postal_code = "61-487"
    latitude = Decimal("52.391500")
    longitude = Decimal("16.918000")
    active_from = datetime.date(2017, 1, 1)


class RegrantingCentreFactory(CentreFactory):
    kind = Centre.Kind.REGRANTING
    area = None
