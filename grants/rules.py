"""Who may do what with calls and applications: the only place these decisions are made.

Roles: anonymous visitor, signed-in user outside the organisation, member of the
applicant organisation (any role), official (an active staff user with the permission).
"""

from organisations.rules import can_act_for

from .models import Application, Call
from .workflow import Actor, Transition


def _official(user, perm: str) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)


def can_view_call(user, call: Call) -> bool:
    return call.published or _official(user, "grants.view_call")


def can_view_application(user, application: Application) -> bool:
    """Members of the applicant organisation and officials; nobody else learns it exists."""
    return can_act_for(user, application.organisation) or _official(user, "grants.view_application")


def can_act_for_application(user, application: Application) -> bool:
    """Prepare, change, submit or withdraw it in the organisation's name."""
    return can_act_for(user, application.organisation)


def can_edit_application(user, application: Application, section: str) -> bool:
    return can_act_for(user, application.organisation) and application.can_edit_section(section)


def can_view_attachment(user, application: Application) -> bool:
    return can_view_application(user, application)


def can_make(user, application: Application, transition: Transition) -> bool:
    """Whether the user is the right actor for the transition (the state is checked apart)."""
    if transition.actor == Actor.APPLICANT:
        return can_act_for(user, application.organisation)
    if transition.actor == Actor.OFFICIAL:
        return _official(user, "grants.change_application")
    return False
