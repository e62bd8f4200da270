import copy
from datetime import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Exists, Max, Min
from django.utils import timezone

register = template.Library()


def years_present(queryset, field: str, first: int, last: int) -> list[int]:
    """The years from `first` to `last` (local time) in which some row of `queryset` has
    a `field` datetime: one query, each year one probe of the field's index."""
    zone = timezone.get_current_timezone()
    starts = [datetime(year, 1, 1, tzinfo=zone) for year in range(first, last + 2)]
    probes = {
        f"y{start.year}": Exists(queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end}))
        for start, end in zip(starts, starts[1:], strict=False)
    }
    found = queryset.model._default_manager.order_by().values(**probes)[:1]
    row = next(iter(found), {})
    return sorted(int(name[1:]) for name, present in row.items() if present)


@register.inclusion_tag("admin/date_hierarchy.html")
def datetime_hierarchy(cl):
    """Django's date hierarchy, its first level (the years) found with years_present:
    Django truncates every row's date in the time zone, then sorts and de-duplicates
    them (at 20 000 applications, most of the list's SQL time)."""
    field = cl.date_hierarchy
    if any(f"{field}__{part}" in cl.params for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    span = cl.queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None or span["last"] is None:
        return {"show": True, "back": None, "choices": []}
    first, last = (timezone.localtime(span[end]) for end in ("first", "last"))
    if first.year == last.year:
        # Django then starts at the year's months (or the month's days), as if chosen:
        # its own code, told so, without reading the span again.
        chosen = copy.copy(cl)
        chosen.params = {**cl.params, f"{field}__year": first.year}
        if first.month == last.month:
            chosen.params[f"{field}__month"] = first.month
        return date_hierarchy(chosen)
    first, last = first.year, last.year
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]),
             "title": str(year)}
            for year in years_present(cl.queryset, field, first, last)
        ],
    }  # fmt: skip
