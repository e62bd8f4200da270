"""Who may do what with calls and applications: the only place these decisions are made.

Roles: anonymous visitor, signed-in user outside the organisation, member of the
applicant organisation (any role), reviewer (a staff user assigned to a call, with the
reviewer's permission `grants.add_review`), official (an active staff user with the
permission: programme officers, front/roles.py).

A reviewer sees an application only through review: assigned to its call, having
declared about every applicant organisation of the call, and without a conflict with
the organisation that applies.
"""

from organisations.rules import can_act_for

from .models import Application, Call, ConflictDeclaration, ReviewerAssignment
from .workflow import REVIEWABLE, REVIEWED, Actor, Transition


def _official(user, perm: str) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)


def can_view_call(user, call: Call) -> bool:
    """A published call: anyone. A draft: only the officials who prepare calls, to
    preview it (a reviewer reads calls in the admin, not unpublished ones here)."""
    return call.published or can_manage_calls(user)


def can_view_results(user, call: Call) -> bool:
    return can_view_call(user, call) and call.results_published


def can_view_application(user, application: Application) -> bool:
    """Members of the applicant organisation, officials and its cleared reviewers;
    nobody else learns it exists."""
    return (
        can_act_for(user, application.organisation)
        or _official(user, "grants.view_application")
        or can_read_as_reviewer(user, application)
    )


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


def can_manage_calls(user) -> bool:
    """Change a call: its texts, dates, money and criteria."""
    return _official(user, "grants.change_call")


def can_manage_projects(user) -> bool:
    """Record and correct realised projects (a grant's own follow its workflow)."""
    return _official(user, "grants.change_project")


def can_decide(user) -> bool:
    """Decide on applications and publish a call's results."""
    return _official(user, "grants.change_application")


# --- review ---------------------------------------------------------------------------


def may_be_reviewer(user) -> bool:
    return _official(user, "grants.add_review")


def can_manage_reviewers(user) -> bool:
    return _official(user, "grants.add_reviewerassignment")


def is_assigned(user, call: Call) -> bool:
    return (
        may_be_reviewer(user)
        and ReviewerAssignment.objects.filter(call=call, reviewer=user).exists()
    )


def _cleared_without_conflict(user, application: Application) -> bool:
    """Assigned, every applicant organisation of the call declared, none with a conflict
    with this application's organisation."""
    from .services import declarations_pending

    if not is_assigned(user, application.call):
        return False
    if declarations_pending(call=application.call, reviewer=user):
        return False
    return ConflictDeclaration.objects.filter(
        call=application.call,
        reviewer=user,
        organisation=application.organisation_id,
        has_conflict=False,
    ).exists()


def can_read_as_reviewer(user, application: Application) -> bool:
    return (
        user.is_authenticated
        and application.status in REVIEWED
        and _cleared_without_conflict(user, application)
    )


def can_review(user, application: Application) -> bool:
    """Score the application: while it is in merit review, cleared, without a conflict."""
    return (
        user.is_authenticated
        and application.status in REVIEWABLE
        and _cleared_without_conflict(user, application)
    )


def can_see_reviews(user) -> bool:
    """Every call's ranking, scores and exports, and who has not reviewed yet: the
    programme officers' oversight, the same for every call (a reviewer sees only their
    own reviews, on the review desk)."""
    return _official(user, "grants.view_review") and _official(user, "grants.change_application")
