"""What other pages (home, a centre's page, the dashboard) show of the grants."""

from django.utils import timezone

from .models import Application, Call


def open_calls(*, limit: int = 6) -> list[Call]:
    """Calls accepting applications now, the one closing soonest first."""
    now = timezone.now()
    return list(Call.objects.open_at(now).for_list().order_by("closes_at", "title")[:limit])


def open_calls_for_centre(centre) -> list[Call]:
    calls = Call.objects.open_at(timezone.now()).for_list().filter(organiser=centre)
    return list(calls.order_by("closes_at", "title"))


def applications_for_dashboard(user) -> list[Application]:
    return list(Application.objects.for_dashboard(user))
