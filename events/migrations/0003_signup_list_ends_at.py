# The sign-up lists of existing events learn when the event ends (or, without an end, when
# it begins), which says until when the sign-ups' data are kept.

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_ends_at(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    SignupList = apps.get_model("signups", "SignupList")
    events = Event.objects.filter(signup_list=OuterRef("pk"))
    SignupList.objects.filter(pk__in=Event.objects.values("signup_list")).update(
        starts_at=Subquery(events.values("starts_at")[:1]),
        ends_at=Subquery(events.annotate(end=Coalesce("ends_at", "starts_at")).values("end")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_online_link_help"),
        ("signups", "0005_anonymisation"),
    ]

    operations = [migrations.RunPython(fill_ends_at, migrations.RunPython.noop, elidable=True)]
