"""Who may do what with the yearly reports: the only place these decisions are made.

Everyone reads a published report; only officials see a year's draft (the figures as the
data stand now) and publish it.
"""


def _official(user, perm: str) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)


def can_view_draft(user) -> bool:
    return _official(user, "reports.view_report")


def can_publish(user) -> bool:
    return _official(user, "reports.change_report")
