from datetime import timedelta

from django import template
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import ngettext

from organisations.models import Organisation

from ..budget import zl as _zl
from ..workflow import Status

register = template.Library()


@register.filter
def zl(value):
    if value is None or value == "":
        return ""
    return _zl(value)


# A status's badge colour: done or going well, waiting for the applicant, refused, with
# the officials; any other (withdrawn) light.
_BADGE = {
    Status.DRAFT: "text-bg-secondary",
    **dict.fromkeys(
        [
            Status.SUBMITTED,
            Status.CORRECTED,
            Status.AWARDED,
            Status.AGREEMENT_SIGNED,
            Status.IN_PROGRESS,
            Status.SETTLED,
        ],
        "text-bg-success",
    ),
    **dict.fromkeys(
        [Status.CORRECTION_REQUESTED, Status.RESERVE, Status.REPORT_RETURNED], "text-bg-warning"
    ),
    **dict.fromkeys([Status.REJECTED, Status.REJECTED_FORMAL], "text-bg-danger"),
    **dict.fromkeys([Status.MERIT_REVIEW, Status.REPORT_SUBMITTED], "text-bg-info"),
}


@register.simple_tag
def status_badge(application):
    """The application's status as a coloured badge (a tag, not an included template:
    the account page shows one per application)."""
    return format_html(
        '<span class="badge {}">{}</span>',
        _BADGE.get(application.status, "text-bg-light border"),
        capfirst(application.get_status_display()),
    )


@register.filter
def time_left(left: timedelta | None) -> str:
    """The time left to a deadline as one says it: "41 days left" ("zostało 41 dni"),
    in days from two days on, then in hours, in the last hour in minutes."""
    if not left or left <= timedelta(0):
        return ""
    if left >= timedelta(days=2):
        days = left.days
        return ngettext("%(count)d day left", "%(count)d days left", days) % {"count": days}
    if left >= timedelta(hours=1):
        hours = int(left.total_seconds() // 3600)
        return ngettext("%(count)d hour left", "%(count)d hours left", hours) % {"count": hours}
    minutes = max(1, int(left.total_seconds() // 60))
    return ngettext("%(count)d minute left", "%(count)d minutes left", minutes) % {"count": minutes}


def time_left_holds_for(left: timedelta) -> timedelta:
    """How long time_left() goes on saying what it says for `left` (a cached page holds
    that long): until the days, hours or minutes it counts drop by one."""
    if left >= timedelta(days=2):
        unit = timedelta(days=1)
    elif left >= timedelta(hours=1):
        unit = timedelta(hours=1)
    else:
        unit = timedelta(minutes=1)
    return left - (left // unit) * unit


@register.filter
def legal_forms(codes) -> list[str]:
    """A call's eligible legal forms as their names (informal groups have their own rule)."""
    return [
        str(Organisation.LegalForm(code).label)
        for code in codes or []
        if code in Organisation.LegalForm.values and code != Organisation.LegalForm.INFORMAL_GROUP
    ]
