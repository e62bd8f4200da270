"""How the yearly summary says its numbers: Polish plural forms and rounded thousands.

Every count goes through ngettext, so the Polish catalogue's plural forms decide
"1 projekt / 2 projekty / 5 projektów"; amounts are said in whole thousands of złoty, with
"blisko" (nearly) where rounding went up, as the city's own reports do.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Thousands:
    value: int
    nearly: bool


def to_thousands(amount: Decimal) -> Thousands:
    """225 870 zł -> 226 thousand, nearly; 299 123 zł -> 299 thousand."""
    rounded = (amount / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Thousands(int(rounded), rounded * THOUSAND > amount)


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def thousands_of_zloty(amount: Decimal) -> str:
    t = to_thousands(amount)
    if amount > 0 and t.value == 0:
        # "0 tys. zł" would say that the projects cost nothing.
        return _("less than 1 thousand zł")
    if t.nearly:
        return ngettext("nearly %(n)s thousand zł", "nearly %(n)s thousand zł", t.value) % {
            "n": _n(t.value)
        }
    return ngettext("%(n)s thousand zł", "%(n)s thousand zł", t.value) % {"n": _n(t.value)}


def projects_realised(n: int) -> str:
    return ngettext("%(n)s project was realised", "%(n)s projects were realised", n) % {"n": _n(n)}


def grants_awarded(n: int) -> str:
    return ngettext("%(n)s grant was awarded", "%(n)s grants were awarded", n) % {"n": _n(n)}


def in_which_people_took_part(n: int) -> str:
    return ngettext(
        "in which %(n)s person took part in total",
        "in which %(n)s people took part in total",
        n,
    ) % {"n": _n(n)}


def more_than_people_took_part(n: int) -> str:
    return ngettext("more than %(n)s person took part", "more than %(n)s people took part", n) % {
        "n": _n(n)
    }


def people_took_part(n: int, *, estimate: bool = False) -> str:
    if estimate:
        return more_than_people_took_part(n)
    return ngettext("%(n)s person took part", "%(n)s people took part", n) % {"n": _n(n)}


def in_which_took_part(n: int, *, estimate: bool = False) -> str:
    if estimate:
        return ngettext(
            "in which more than %(n)s person took part in total",
            "in which more than %(n)s people took part in total",
            n,
        ) % {"n": _n(n)}
    return in_which_people_took_part(n)


# "zorganizowano …": how many of a kind, in the accusative after the verb.
COUNTED = {
    "training_days": ngettext_lazy("%(n)s training day", "%(n)s training days", "n"),
    "training": ngettext_lazy("%(n)s training", "%(n)s trainings", "n"),
    "conference": ngettext_lazy("%(n)s conference", "%(n)s conferences", "n"),
    "exhibition": ngettext_lazy("%(n)s exhibition", "%(n)s exhibitions", "n"),
    "integration": ngettext_lazy("%(n)s integration meeting", "%(n)s integration meetings", "n"),
    "debate": ngettext_lazy("%(n)s debate", "%(n)s debates", "n"),
    "gala": ngettext_lazy("%(n)s gala", "%(n)s galas", "n"),
    "seminar": ngettext_lazy("%(n)s seminar", "%(n)s seminars", "n"),
    "study_visit": ngettext_lazy("%(n)s study visit", "%(n)s study visits", "n"),
    "campaign": ngettext_lazy("%(n)s campaign", "%(n)s campaigns", "n"),
    "social_activity_day": ngettext_lazy(
        "%(n)s day of social activity", "%(n)s days of social activity", "n"
    ),
    "election_meeting": ngettext_lazy("%(n)s election meeting", "%(n)s election meetings", "n"),
    "other": ngettext_lazy("%(n)s event", "%(n)s events", "n"),
}

# "…; w konferencji udział wzięło ponad 130 osób": where one of a kind took place.
IN_ONE = {
    "training_days": pgettext_lazy("yearly report", "in the training"),
    "training": pgettext_lazy("yearly report", "in the training"),
    "conference": pgettext_lazy("yearly report", "in the conference"),
    "exhibition": pgettext_lazy("yearly report", "in the exhibition"),
    "integration": pgettext_lazy("yearly report", "in the integration meeting"),
    "debate": pgettext_lazy("yearly report", "in the debate"),
    "gala": pgettext_lazy("yearly report", "in the gala"),
    "seminar": pgettext_lazy("yearly report", "in the seminar"),
    "study_visit": pgettext_lazy("yearly report", "in the study visit"),
    "campaign": pgettext_lazy("yearly report", "in the campaign"),
    "social_activity_day": pgettext_lazy("yearly report", "in the day of social activity"),
    "election_meeting": pgettext_lazy("yearly report", "in the election meeting"),
    "other": pgettext_lazy("yearly report", "in the event"),
}


def counted(kind: str, n: int) -> str:
    return str(COUNTED.get(kind, COUNTED["other"]) % {"n": n})


def activity_parts(a) -> tuple[str, str]:
    """One bullet as (the official's own sentence, what the portal adds in the page's
    language): the first is Polish whatever the language of the page.

    Several things said together take "…, w których łącznie uczestniczyło 108 osób";
    one takes "…; w konferencji udział wzięło ponad 130 osób".
    """
    sentence = a.sentence
    head = "" if sentence else counted(a.kind, a.count)
    if a.participants is None:
        return sentence, head
    if a.kind == "training_group" or (not sentence and a.count > 1):
        return sentence, f"{head}, {in_which_took_part(a.participants, estimate=a.estimate)}"
    where = IN_ONE.get(a.kind, IN_ONE["other"])
    return sentence, f"{head}; {where} {people_took_part(a.participants, estimate=a.estimate)}"


def activity(a) -> str:
    return "".join(activity_parts(a))


def _city(summary) -> str:
    # CITY_NAME_LOCATIVE is a Polish form ("w Poznaniu"); other languages name the city.
    return summary.city_locative if get_language().startswith("pl") else summary.city_name


def centres_heading(summary) -> str:
    values = {"year": summary.year, "city": _city(summary)}
    if not summary.centres:
        return _("In %(year)s no centre was active in %(city)s.") % values
    return _("In %(year)s the following were active in %(city)s:") % values


def activities_heading(summary) -> str:
    if not summary.activities:
        return _("In %(year)s no activities were recorded.") % {"year": summary.year}
    return _("In %(year)s the following activities were organised:") % {"year": summary.year}


def projects_paragraph(summary) -> str:
    if not summary.projects:
        return _(
            "In %(year)s no projects were realised under regranting and grassroots initiatives."
        ) % {"year": summary.year}
    if not summary.regranting:
        # Without regranting grants the report does not say "w tym przyznano 0 dotacji … w
        # tym w formie regrantingu - 0 tys. zł".
        return _(
            "In %(year)s, under regranting and grassroots initiatives, %(projects)s. The "
            "projects cost %(total)s."
        ) % {
            "year": summary.year,
            "projects": projects_realised(summary.projects),
            "total": thousands_of_zloty(summary.total_cost),
        }
    return _(
        "In %(year)s, under regranting and grassroots initiatives, %(projects)s (of which "
        "%(grants)s for tasks in the form of regranting). The projects cost %(total)s, of "
        "which in the form of regranting - %(regranting)s."
    ) % {
        "year": summary.year,
        "projects": projects_realised(summary.projects),
        "grants": grants_awarded(summary.regranting),
        "total": thousands_of_zloty(summary.total_cost),
        "regranting": thousands_of_zloty(summary.regranting_cost),
    }


def empty_year(summary) -> str:
    return _(
        "For %(year)s there are no data: no centre was active, and no activities or "
        "projects were recorded."
    ) % {"year": summary.year}


def no_charts(summary) -> str:
    return _(
        "No projects were realised in %(year)s, so there are no charts or tables of their cost."
    ) % {"year": summary.year}


def engaged(summary) -> str:
    """ "W działania zaangażowano 48 organizacji i 220 ich przedstawicieli." """
    if not summary.organisations_engaged:
        return ""
    organisations = ngettext(
        "%(n)s organisation", "%(n)s organisations", summary.organisations_engaged
    ) % {"n": _n(summary.organisations_engaged)}
    representatives = ngettext(
        "%(n)s of their representatives",
        "%(n)s of their representatives",
        summary.representatives,
    ) % {"n": _n(summary.representatives)}
    return _("%(organisations)s and %(representatives)s were engaged in the activities.") % {
        "organisations": organisations,
        "representatives": representatives,
    }


def people(summary) -> str:
    """How many different people the attendance lists of the year's trainings and events
    name, where that is more than the representatives already said.

    It says where the number comes from: a conference counted by its organisers ("ponad
    130 osób") has no attendance list, and "108 people took part in all" beside it would
    contradict it.
    """
    if not summary.people_engaged or summary.people_engaged == summary.representatives:
        return ""
    return ngettext(
        "The attendance lists of the trainings and events name %(n)s person.",
        "The attendance lists of the trainings and events name %(n)s different people.",
        summary.people_engaged,
    ) % {"n": _n(summary.people_engaged)}


def applications(summary) -> str:
    if not summary.applications_received:
        return ""
    return ngettext(
        "%(n)s grant application was received, %(funded)s of them funded.",
        "%(n)s grant applications were received, %(funded)s of them funded.",
        summary.applications_received,
    ) % {"n": _n(summary.applications_received), "funded": _n(summary.applications_funded)}


@dataclass(frozen=True)
class SummaryText:
    """The summary in words, in the order DESIGN.md gives; a list's last item ends with a
    full stop, as in the city's reports."""

    centres_heading: str
    centres: tuple[str, ...]
    activities_heading: str
    activities: tuple[str, ...]
    # The same bullets as (Polish sentence of the official's, the portal's words), so that
    # a page in another language can mark the first as Polish.
    activity_parts: tuple[tuple[str, str], ...]
    projects: str
    engaged: str
    people: str
    applications: str

    def plain(self) -> str:
        parts = [self.centres_heading, _bullets(self.centres)]
        parts += [self.activities_heading, _bullets(self.activities), self.projects]
        parts += [self.engaged, self.people, self.applications]
        return "\n\n".join(p for p in parts if p)


def _bullets(items) -> str:
    return "\n".join(f"• {item}" for item in items)


def _closed(items: list[str]) -> tuple[str, ...]:
    if items and not items[-1].rstrip().endswith((".", "!", "?")):
        items[-1] = items[-1].rstrip() + "."
    return tuple(items)


def _closed_parts(parts: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    if parts:
        sentence, words = parts[-1]
        if words:
            parts[-1] = (sentence, _closed([words])[0])
        else:
            parts[-1] = (_closed([sentence])[0], words)
    return tuple(parts)


def summary_text(summary) -> SummaryText:
    return SummaryText(
        centres_heading=centres_heading(summary),
        centres=_closed(list(summary.centres)),
        activities_heading=activities_heading(summary),
        activities=_closed([activity(a) for a in summary.activities]),
        activity_parts=_closed_parts([activity_parts(a) for a in summary.activities]),
        projects=projects_paragraph(summary),
        engaged=engaged(summary),
        people=people(summary),
        applications=applications(summary),
    )
