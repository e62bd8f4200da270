from django.shortcuts import get_object_or_404

from cil_portal import caching
from signups.views import calendar_response, offering_detail, offering_list

from . import queries
from .filters import TrainingFilter
from .models import Training


@caching.page_cache(times=caching.TRAINING_TIMES)
def training_list(request):
    return offering_list(
        request,
        queryset=Training.objects.for_cards(),
        filterset_class=TrainingFilter,
        template="trainings/list.html",
        context={},
    )


def training_detail(request, slug: str):
    training = get_object_or_404(Training.objects.for_list(), slug=slug)
    return offering_detail(
        request,
        training,
        template="trainings/detail.html",
        context={"sessions": training.sessions.all()},
    )


def training_ics(request, slug: str):
    training = get_object_or_404(Training.objects.published(), slug=slug)
    sessions = training.sessions.select_related("training")
    return calendar_response(
        [queries.session_entry(s) for s in sessions],
        name=training.title,
        filename=f"{training.slug}.ics",
    )
