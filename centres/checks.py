from django.core import checks

CONSTRAINT = "centre_coordinates_in_city"


@checks.register(checks.Tags.database)
def city_bounds_migrated(app_configs, databases=None, **kwargs):
    """The database checks coordinates against the extent its migrations wrote; `migrate`
    refuses to run with a CITY_BOUNDS that says otherwise, or forms and database would
    disagree. (Only with `databases`, i.e. migrate and check --database: makemigrations
    must still run to write the missing migration.)"""
    if not databases:
        return []
    from django.db.migrations.loader import MigrationLoader

    from .models import Centre

    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    model_state = state.models.get(("centres", "centre"))
    migrated = next(
        (
            c
            for c in (model_state.options.get("constraints", []) if model_state else [])
            if c.name == CONSTRAINT
        ),
        None,
    )
    current = next(c for c in Centre._meta.constraints if c.name == CONSTRAINT)
    # Only the condition matters; the message is translated and so compares unequal.
    if migrated is not None and migrated.condition == current.condition:
        return []
    return [
        checks.Error(
            "CITY_BOUNDS differs from the city extent the database enforces.",
            hint="Make and apply a migration: manage.py makemigrations centres && migrate.",
            obj=Centre,
            id="centres.E001",
        )
    ]
