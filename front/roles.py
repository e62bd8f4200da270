"""The officials' groups and what each may do, kept in one place.

Group names are the ones officials see in the admin, so they are Polish.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PROGRAMME_OFFICER = "Koordynator programu"
REVIEWER = "Recenzent"

# "app label" (every model of the app) or "app label.model" -> the group's actions on it;
# a model named on its own takes only its own actions, not its app's.
GROUP_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    PROGRAMME_OFFICER: {
        "organisations": ["view", "add", "change"],
        "centres": ["view", "add", "change", "delete"],
        "grants": ["view", "add", "change"],
        # Officers read the reviews; reviewers write them (and only reviewers are offered
        # for a call: grants.rules.may_be_reviewer).
        "grants.review": ["view"],
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
        named = {tuple(target.split(".")) for target in apps if "." in target}
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
                ) & ~Q(content_type__model__in=[m for label, m in named if label == app_label])
        permissions = list(Permission.objects.filter(query))
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
