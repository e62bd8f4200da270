"""Who may do what with a centre: the only place these decisions are made.

Centres, their list, map and open data are public. Officials with the model permission
(the programme officers' group, front/roles.py) edit them in the admin.
"""

from .models import Centre


def _official(user, perm: str) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)


def can_view(user, centre: Centre) -> bool:
    return True


def can_edit(user, centre: Centre) -> bool:
    return _official(user, "centres.change_centre")


def can_locate(user) -> bool:
    """Ask the admin which area holds a point (the map widget's area suggestion)."""
    return _official(user, "centres.view_centre") or _official(user, "centres.change_centre")
