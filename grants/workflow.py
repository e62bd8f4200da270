"""The application's life, written down once: its states and the transitions between them.

Read this module as the specification. `services.application_transition` is the one
place that applies a transition; it checks the rules written here (which states a
transition leaves from, who makes it, whether the call's deadline or the correction's
date limits it, what it needs) and records who made it, when and why, and tells the
applicant by e-mail.

The grant cycle, in order:

    draft ─submit→ submitted                                   (the applicant, by the deadline)
    submitted ─reopen→ draft, draft|submitted ─withdraw→ withdrawn  (before the deadline)
    formal check of a submitted (or corrected) application:
        ─request_correction→ correction requested ─correct→ corrected (until the given date)
        ─accept_formally→ merit review,  ─reject_formally→ rejected (formal)
    merit review (reviewers score it):
        ─award→ awarded (an amount not above the request, within the call's pool)
        ─put_on_reserve→ reserve list ─award→ awarded
        ─reject_on_merit→ rejected (merit)
    awarded|reserve list ─resign→ withdrawn                     (the applicant gives it up;
        the money is free again, and a rolling intake closed for its spent pool reopens)
    awarded ─sign_agreement→ agreement signed (in a centre's call the application becomes
        a Project; the city's own calls keep the agreement on the application)
    agreement signed ─pay→ in progress (the grant is paid out)
    in progress ─submit_report→ final report submitted
        ─settle→ settled,  ─return_report→ returned for completion ─submit_report→ …
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
    MERIT_REVIEW = "merit_review", _("in merit review")
    REJECTED_FORMAL = "rejected_formal", _("rejected on formal grounds")
    AWARDED = "awarded", _("awarded")
    RESERVE = "reserve", _("on the reserve list")
    REJECTED = "rejected", _("rejected on merit")
    AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")
    IN_PROGRESS = "in_progress", _("in progress")
    REPORT_SUBMITTED = "report_submitted", _("final report submitted")
    REPORT_RETURNED = "report_returned", _("final report returned for completion")
    SETTLED = "settled", _("settled")


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    OFFICIAL = "official", _("official")


class Limit(models.TextChoices):
    """What bounds a transition in time."""

    NONE = "none", _("no time limit")
    CALL_DEADLINE = "call_deadline", _("the call's deadline")
    CORRECTION_DATE = "correction_date", _("the date set for the correction")


class Needs(models.TextChoices):
    """What must be in order before a transition can be made."""

    NOTHING = "", _("nothing more")
    COMPLETE_APPLICATION = "complete_application", _("every part of the application")
    CORRECTION = "correction", _("the parts to correct and the date")
    AWARD = "award", _("an amount within the request and the call's pool")
    AGREEMENT = "agreement", _("the agreement's number and dates")
    FINAL_REPORT = "final_report", _("a complete final report")


class Email(models.TextChoices):
    """What the applicant is sent once the transition commits."""

    NONE = "", _("no e-mail")
    CONFIRMATION = "confirmation", _("a confirmation with the application as a PDF")
    STATUS = "status", _("the new status and the reason")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actor: str
    limit: str = Limit.NONE
    needs: str = Needs.NOTHING
    # Whoever makes it must say why (the applicant reads it in the history and the e-mail).
    note_required: bool = False
    email: str = Email.STATUS

    @property
    def needs_complete(self) -> bool:
        return self.needs == Needs.COMPLETE_APPLICATION


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        # --- the applicant prepares and submits -------------------------------------
        Transition(
            name="submit",
            label=_("Submit"),
            sources=frozenset({Status.DRAFT}),
            target=Status.SUBMITTED,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
            needs=Needs.COMPLETE_APPLICATION,
            email=Email.CONFIRMATION,
        ),
        Transition(
            name="reopen",
            label=_("Reopen to change"),
            sources=frozenset({Status.SUBMITTED}),
            target=Status.DRAFT,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
            email=Email.NONE,
        ),
        Transition(
            name="withdraw",
            label=_("Withdraw"),
            sources=frozenset({Status.DRAFT, Status.SUBMITTED}),
            target=Status.WITHDRAWN,
            actor=Actor.APPLICANT,
            limit=Limit.CALL_DEADLINE,
            email=Email.NONE,
        ),
        # --- the formal check -------------------------------------------------------
        Transition(
            name="request_correction",
            label=_("Request a formal correction"),
            sources=frozenset({Status.SUBMITTED, Status.CORRECTED}),
            target=Status.CORRECTION_REQUESTED,
            actor=Actor.OFFICIAL,
            needs=Needs.CORRECTION,
            note_required=True,
        ),
        Transition(
            name="correct",
            label=_("Send the correction"),
            sources=frozenset({Status.CORRECTION_REQUESTED}),
            target=Status.CORRECTED,
            actor=Actor.APPLICANT,
            limit=Limit.CORRECTION_DATE,
            needs=Needs.COMPLETE_APPLICATION,
            email=Email.CONFIRMATION,
        ),
        Transition(
            name="accept_formally",
            label=_("Formally correct: send to merit review"),
            sources=frozenset({Status.SUBMITTED, Status.CORRECTED}),
            target=Status.MERIT_REVIEW,
            actor=Actor.OFFICIAL,
        ),
        Transition(
            name="reject_formally",
            label=_("Reject on formal grounds"),
            sources=frozenset({Status.SUBMITTED, Status.CORRECTION_REQUESTED, Status.CORRECTED}),
            target=Status.REJECTED_FORMAL,
            actor=Actor.OFFICIAL,
            note_required=True,
        ),
        # --- the decision -----------------------------------------------------------
        Transition(
            name="award",
            label=_("Award a grant"),
            sources=frozenset({Status.MERIT_REVIEW, Status.RESERVE}),
            target=Status.AWARDED,
            actor=Actor.OFFICIAL,
            needs=Needs.AWARD,
        ),
        Transition(
            name="put_on_reserve",
            label=_("Put on the reserve list"),
            sources=frozenset({Status.MERIT_REVIEW}),
            target=Status.RESERVE,
            actor=Actor.OFFICIAL,
        ),
        Transition(
            name="reject_on_merit",
            label=_("Reject on merit"),
            sources=frozenset({Status.MERIT_REVIEW, Status.RESERVE}),
            target=Status.REJECTED,
            actor=Actor.OFFICIAL,
            note_required=True,
        ),
        Transition(
            name="resign",
            label=_("Give up the grant"),
            sources=frozenset({Status.AWARDED, Status.RESERVE}),
            target=Status.WITHDRAWN,
            actor=Actor.APPLICANT,
        ),
        # --- the agreement and the project ------------------------------------------
        Transition(
            name="sign_agreement",
            label=_("Record the signed agreement"),
            sources=frozenset({Status.AWARDED}),
            target=Status.AGREEMENT_SIGNED,
            actor=Actor.OFFICIAL,
            needs=Needs.AGREEMENT,
        ),
        Transition(
            name="pay",
            label=_("Grant paid out: the project is under way"),
            sources=frozenset({Status.AGREEMENT_SIGNED}),
            target=Status.IN_PROGRESS,
            actor=Actor.OFFICIAL,
        ),
        Transition(
            name="submit_report",
            label=_("Submit the final report"),
            sources=frozenset({Status.IN_PROGRESS, Status.REPORT_RETURNED}),
            target=Status.REPORT_SUBMITTED,
            actor=Actor.APPLICANT,
            needs=Needs.FINAL_REPORT,
        ),
        Transition(
            name="settle",
            label=_("Accept the final report: settled"),
            sources=frozenset({Status.REPORT_SUBMITTED}),
            target=Status.SETTLED,
            actor=Actor.OFFICIAL,
        ),
        Transition(
            name="return_report",
            label=_("Return the final report for completion"),
            sources=frozenset({Status.REPORT_SUBMITTED}),
            target=Status.REPORT_RETURNED,
            actor=Actor.OFFICIAL,
            note_required=True,
        ),
    ]
}

# States in which the applicant may change the application: all of it in a draft, only
# the parts an official named while a correction is requested.
EDITABLE = frozenset({Status.DRAFT, Status.CORRECTION_REQUESTED})

# States that count as "in the call" (one per organisation and call).
ACTIVE = frozenset(set(Status.values) - {Status.WITHDRAWN})

# States a reviewer works in or looks back on (never before the formal check is passed).
REVIEWABLE = frozenset({Status.MERIT_REVIEW})
REVIEWED = frozenset(
    {
        Status.MERIT_REVIEW,
        Status.AWARDED,
        Status.RESERVE,
        Status.REJECTED,
        Status.AGREEMENT_SIGNED,
        Status.IN_PROGRESS,
        Status.REPORT_SUBMITTED,
        Status.REPORT_RETURNED,
        Status.SETTLED,
    }
)

# States in which the awarded amount is spent from the call's pool.
GRANTED = frozenset(
    {
        Status.AWARDED,
        Status.AGREEMENT_SIGNED,
        Status.IN_PROGRESS,
        Status.REPORT_SUBMITTED,
        Status.REPORT_RETURNED,
        Status.SETTLED,
    }
)

# States in which the application waits for a decision (a call's results wait for them).
PENDING = frozenset(
    {Status.SUBMITTED, Status.CORRECTION_REQUESTED, Status.CORRECTED, Status.MERIT_REVIEW}
)

# States in which a call's decision on the application is made (for the public results).
DECIDED = GRANTED | {Status.RESERVE, Status.REJECTED, Status.REJECTED_FORMAL}

# States in which the grantee fills in the final report.
REPORTING = frozenset({Status.IN_PROGRESS, Status.REPORT_RETURNED})


def transitions_from(status: str, actor: str) -> list[Transition]:
    """The transitions an actor may attempt from a state, in the order written above."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.actor == actor]
