from django.db import migrations


def forwards(apps, schema_editor):
    from front.site import site_sync

    site_sync(apps.get_model("sites", "Site"))


class Migration(migrations.Migration):
    """The Site allauth's e-mails name ("Centrum Inicjatyw Lokalnych") instead of
    Django's example.com; load_demo syncs it again from the settings."""

    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
