# The sign-ups' personal data are removed when the privacy notice says; the reports count
# people by a keyed hash of the e-mail instead, filled here for the rows that exist.

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac


def person_key(email: str) -> str:
    # As signups.models.person_key at the time of this migration.
    return salted_hmac(
        "signups.person", email.strip().lower(), secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def fill_person_keys(apps, schema_editor):
    Registration = apps.get_model("signups", "Registration")
    rows = Registration.objects.only("pk", "email")
    for registration in rows.iterator(chunk_size=2000):
        registration.person_key = person_key(registration.email)
        registration.save(update_fields=["person_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("signups", "0004_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="personal data removed at"
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="person_key",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="person key"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="signuplist",
            name="ends_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ends at"),
        ),
        migrations.RunPython(fill_person_keys, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_one_active_per_email_and_list",
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("status", "cancelled"), _negated=True),
                    ("anonymised_at__isnull", True),
                ),
                fields=("signup_list", "email"),
                name="registration_one_active_per_email_and_list",
                violation_error_message="This e-mail address is already signed up.",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("person_key", ""), _negated=True),
                name="registration_has_person_key",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("anonymised_at__isnull", True), models.Q(("email", ""), ("full_name", "")),
                    _connector="OR",
                ),
                name="registration_anonymised_has_no_personal_data",
            ),
        ),
    ]
