"""What the demo's grant rounds share (demo.py's 2026 round, demo_projects.py's 2017 one).

An application is brought to its state as `services.application_transition` would have
brought it, but dated in the past: each transition sets what it sets and has its history
entry with the day it happened. Nothing here sends an e-mail or checks a rule; the demo's
data are made to keep the rules, and its tests check that they do. Rows come back
unsaved, so that a whole round can be saved in a few queries.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from .models import Application, ApplicationEvent, Message, Review, Score
from .workflow import TRANSITIONS, Actor, Status

WARSAW = ZoneInfo("Europe/Warsaw")


def at(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WARSAW)


def history(
    application: Application,
    steps: list[tuple[str, datetime, str]],
    *,
    officer,
    member=None,
    amount: Decimal | None = None,
    agreement_number: str = "",
    correction_sections: list[str] | None = None,
    correction_until: datetime | None = None,
) -> tuple[list[ApplicationEvent], list[Message]]:
    """Walk a draft along `steps` (transition, when, note), leaving it, unsaved, in the
    last one's state; return its history entries and the officials' messages, unsaved,
    for the caller to save (in bulk). The applicant's steps are the member's (None: the
    organisation has no account here), the officials' the officer's. The number is the
    caller's."""
    previous = Status.DRAFT
    events, messages = [], []
    for name, when, note in steps:
        transition = TRANSITIONS[name]
        if name == "submit":
            application.submitted_at = when
            application.submitted_by = member
        elif name == "request_correction":
            application.correction_sections = list(correction_sections or [])
            application.correction_until = correction_until
            messages.append(
                Message(application=application, author=officer, body=note, created_at=when)
            )
        elif name == "award":
            application.awarded_amount = amount
            application.decided_at = when
        elif name in ("put_on_reserve", "reject_on_merit", "reject_formally"):
            application.decided_at = when
        elif name == "sign_agreement":
            application.agreement_number = agreement_number
            application.agreement_signed_on = when.date()
        events.append(
            ApplicationEvent(
                application=application,
                transition=name,
                from_status=previous,
                to_status=transition.target,
                by=member if transition.actor == Actor.APPLICANT else officer,
                at=when,
                note=note,
            )
        )
        previous = transition.target
    application.status = previous
    return events, messages


def scores(review: Review, criteria, points: list[int]) -> list[Score]:
    """A review's points, one per criterion in order, unsaved."""
    return [
        Score(review=review, criterion=c, points=p) for c, p in zip(criteria, points, strict=True)
    ]
