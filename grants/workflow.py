"""The application's life, written down once: its states and the transitions between them.

Read this module as the specification. `services.application_transition` is the one
place that applies a transition; it checks the rules written here (which states a
transition leaves from, who makes it, whether the call's deadline or the correction's
date limits it) and records who made it, when and why.

Issue 5 (the officials' side) adds the review and decision states to these tables.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CORRECTION_REQUESTED = "correction_requested", _("correction requested")
    CORRECTED = "corrected", _("corrected")


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    OFFICIAL = "official", _("official")


class Limit(models.TextChoices):
    """What bounds a transition in time."""

    NONE = "none", _("no time limit")
    CALL_DEADLINE = "call_deadline", _("the call's deadline")
    CORRECTION_DATE = "correction_date", _("the date set for the correction")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actor: str
    limit: str = Limit.NONE
    # The application must be complete (every required part filled in) to make it.
    needs_complete: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            name="submit",
            label=_("Submit"),
            sources=frozenset({Status.DRAFT}),
            target=Status.SUBMITTED,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
            needs_complete=True,
        ),
        Transition(
            name="reopen",
            label=_("Reopen to change"),
            sources=frozenset({Status.SUBMITTED}),
            target=Status.DRAFT,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
        ),
        Transition(
            name="withdraw",
            label=_("Withdraw"),
            sources=frozenset({Status.DRAFT, Status.SUBMITTED}),
            target=Status.WITHDRAWN,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
        ),
        Transition(
            name="request_correction",
            label=_("Request a formal correction"),
            sources=frozenset({Status.SUBMITTED, Status.CORRECTED}),
            target=Status.CORRECTION_REQUESTED,
            actor=Actor.OFFICIAL,
        ),
        Transition(
            name="correct",
            label=_("Send the correction"),
            sources=frozenset({Status.CORRECTION_REQUESTED}),
            target=Status.CORRECTED,
            actor=Actor.APPLICANT,
            limit=Limit.CORRECTION_DATE,
            needs_complete=True,
        ),
    ]
}

# States in which the applicant may change the application: all of it in a draft, only
# the parts an official named while a correction is requested.
EDITABLE = frozenset({Status.DRAFT, Status.CORRECTION_REQUESTED})

# States that count as "in the call" (one per organisation and call).
ACTIVE = frozenset(set(Status.values) - {Status.WITHDRAWN})


def transitions_from(status: str, actor: str) -> list[Transition]:
    """The transitions an actor may attempt from a state, in the order written above."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.actor == actor]
