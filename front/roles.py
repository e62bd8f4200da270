"""The officials' groups and what each may do, kept in one place.

Group names are the ones officials see in the admin, so they are Polish.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PROGRAMME_OFFICER = "Koordynator programu"
REVIEWER = "Recenzent"

# "app label" (every model of the app) or "app label.model" -> the group's actions on it.
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
    # A reviewer reads applications only through review (grants/rules.py): never the
    # whole list, so not grants.view_application.
    REVIEWER: {
        # The applicants' names, to declare conflicts; not their members' personal data.
        "organisations.organisation": ["view"],
        "grants.call": ["view"],
        "grants.criterion": ["view"],
        "grants.review": ["view", "add", "change"],
        "grants.conflictdeclaration": ["view", "add"],
    },
}


def roles_sync() -> dict[str, int]:
    """Create or update the groups; return how many permissions each holds."""
    counts = {}
    for name, apps in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(pk__in=[])
        for target, actions in apps.items():
            app_label, _dot, model = target.partition(".")
            if model:
                query |= Q(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            else:
                query |= Q(
                    content_type__app_label=app_label,
                    codename__regex=rf"^({'|'.join(actions)})_",
                )
        permissions = list(Permission.objects.filter(query))
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
