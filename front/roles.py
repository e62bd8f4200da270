"""The officials' groups and what each may do, kept in one place.

Group names are the ones officials see in the admin, so they are Polish.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PROGRAMME_OFFICER = "Koordynator programu"
REVIEWER = "Recenzent"

# app label -> the actions a group has on every model of that app.
GROUP_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    PROGRAMME_OFFICER: {
        "organisations": ["view", "add", "change"],
        "centres": ["view", "add", "change", "delete"],
        "grants": ["view", "add", "change"],
        "trainings": ["view", "add", "change", "delete"],
        "events": ["view", "add", "change", "delete"],
        "signups": ["view", "change", "delete"],
        "reports": ["view", "add", "change"],
        "accounts": ["view"],
    },
    REVIEWER: {
        "organisations": ["view"],
        "grants": ["view"],
    },
}


def roles_sync() -> dict[str, int]:
    """Create or update the groups; return how many permissions each holds."""
    counts = {}
    for name, apps in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(pk__in=[])
        for app_label, actions in apps.items():
            query |= Q(
                content_type__app_label=app_label,
                codename__regex=rf"^({'|'.join(actions)})_",
            )
        permissions = list(Permission.objects.filter(query))
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
