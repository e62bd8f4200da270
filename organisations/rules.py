"""Who may do what with an organisation: the only place these decisions are made.

Roles: anonymous visitor, signed-in user outside the organisation, member, owner, and
official (an active staff user with the matching model permission).
"""

from .models import Membership, Organisation


def _role(user, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    membership = next((m for m in organisation.memberships.all() if m.user_id == user.pk), None)
    return membership.role if membership else None


def _official(user, perm: str) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)


def can_view(user, organisation: Organisation) -> bool:
    return _role(user, organisation) is not None or _official(
        user, "organisations.view_organisation"
    )


def can_edit(user, organisation: Organisation) -> bool:
    return _role(user, organisation) == Membership.Role.OWNER or _official(
        user, "organisations.change_organisation"
    )


def can_manage_members(user, organisation: Organisation) -> bool:
    return _role(user, organisation) == Membership.Role.OWNER


def can_act_for(user, organisation: Organisation) -> bool:
    """Prepare and submit applications and reports in the organisation's name."""
    return _role(user, organisation) is not None
