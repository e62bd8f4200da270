# The sign-up lists of existing trainings learn when the training ends (its last session),
# which says until when the sign-ups' data are kept.

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def fill_ends_at(apps, schema_editor):
    Training = apps.get_model("trainings", "Training")
    SignupList = apps.get_model("signups", "SignupList")
    Session = apps.get_model("trainings", "Session")
    last_end = (
        Session.objects.filter(training__signup_list=OuterRef("pk"))
        .order_by()
        .values("training__signup_list")
        .annotate(m=Max("ends_at"))
        .values("m")
    )
    lists = Training.objects.values("signup_list")
    SignupList.objects.filter(pk__in=lists, ends_at__isnull=True).update(
        ends_at=Subquery(last_end)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0005_updated_at"),
        ("signups", "0005_anonymisation"),
    ]

    operations = [migrations.RunPython(fill_ends_at, migrations.RunPython.noop, elidable=True)]
