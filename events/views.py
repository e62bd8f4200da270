from django.shortcuts import get_object_or_404

from cil_portal import caching
from signups.views import calendar_response, offering_detail, offering_list

from . import queries
from .filters import EventFilter
from .models import Event


@caching.page_cache(times=caching.EVENT_TIMES)
def event_list(request):
    return offering_list(
        request,
        queryset=Event.objects.for_cards(),
        filterset_class=EventFilter,
        template="events/list.html",
        context={},
    )


def event_detail(request, slug: str):
    event = get_object_or_404(Event.objects.for_list().select_related("accompanies"), slug=slug)
    return offering_detail(
        request,
        event,
        template="events/detail.html",
        context={"accompanied_by": event.accompanied_by.filter(published=True)},
    )


def event_ics(request, slug: str):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return calendar_response(
        [queries.event_entry(event)], name=event.title, filename=f"{event.slug}.ics"
    )
