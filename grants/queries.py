"""What other pages (home, a centre's page, the dashboard) show of the grants."""

from django.utils import timezone

from .models import Application, Call, Project


def open_calls(*, limit: int = 6) -> list[Call]:
    """Calls accepting applications now, the one closing soonest first."""
    now = timezone.now()
    return list(Call.objects.open_at(now).for_list().order_by("closes_at", "title")[:limit])


def open_calls_for_centre(centre) -> list[Call]:
    calls = Call.objects.open_at(timezone.now()).for_list().filter(organiser=centre)
    return list(calls.order_by("closes_at", "title"))


def applications_for_dashboard(user) -> list[Application]:
    return list(Application.objects.for_dashboard(user))


def projects_for_centre(centre) -> list[Project]:
    """The centre's realised projects (grants and grassroots initiatives), latest first."""
    return list(Project.objects.for_centre(centre).for_listing())


def projects_in_area(area, *, exclude_centre=None) -> list[Project]:
    """Projects realised in an area by other centres (regranting grants there)."""
    projects = Project.objects.filter(area=area).for_listing()
    if exclude_centre is not None:
        projects = projects.exclude(centre=exclude_centre)
    return list(projects)
