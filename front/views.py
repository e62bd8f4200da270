import logging
from datetime import timedelta

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_http_methods, require_safe

from centres import queries as centres_queries
from centres.views import AreaDetailView, CentreDetailView
from cil_portal import caching
from events import queries as event_queries
from grants import queries as grants_queries
from organisations.models import Invitation, Organisation
from signups.ical import calendar_bytes
from trainings import queries as training_queries

from . import services
from .forms import AccountDeleteForm

logger = logging.getLogger(__name__)


@caching.page_cache
def home(request):
    return render(
        request,
        "front/home.html",
        {
            "home_centres": centres_queries.home_centres(),
            "open_calls": grants_queries.open_calls(),
            "coming_trainings": training_queries.coming_for_home(),
            "coming_events": event_queries.coming_for_home(),
        },
    )


CALENDAR_ROWS = caching.Fingerprint(
    *training_queries.calendar_sources(), *event_queries.calendar_sources()
)
CALENDAR_SPAN = timedelta(days=365)


def _calendar(request) -> bytes:
    """The calendar, gzipped: cached per version of the trainings, sessions and events
    (and language: events are described by their kind) until the first entry it holds
    becomes more than a year old and leaves it."""
    if not hasattr(request, "_calendar"):
        key = f"front:calendar:{caching.digest(CALENDAR_ROWS(), get_language())}"
        entry = caching.cached_entry(key)
        if entry is None:
            since = timezone.now() - CALENDAR_SPAN
            entries = training_queries.calendar_entries(since=since)
            entries += event_queries.calendar_entries(since=since)
            entries.sort(key=lambda e: e.starts_at)
            body = calendar_bytes(entries, name=f"{settings.PROGRAMME_NAME} – {settings.CITY_NAME}")
            # An entry is in while it ended (or, without an end, began) since a year ago.
            leaves = [max(e.starts_at, e.ends_at or e.starts_at) + CALENDAR_SPAN for e in entries]
            expires = min(leaves, default=None)
            entry = (expires, caching.store_document(key, body, expires=expires))
        # The whole response is kept for anonymous subscribers until the first entry leaves.
        caching.page_holds_until(request, entry[0])
        request._calendar = entry[1]
    return request._calendar


# Only midnight as a time: the calendar lists every entry from a year back, whatever has
# begun or ended since; when the oldest leaves it, _calendar says so.
@caching.page_cache(times=(), query=())
@require_safe
@condition(etag_func=lambda request: f'W/"{caching.digest(_calendar(request))}"')
def calendar_ics(request):
    """Trainings' sessions and events, from a year back, for calendar subscriptions."""
    response = caching.document_response(
        request, _calendar(request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("OK\n", content_type="text/plain")


def _legal_page(request, name: str):
    # The legal texts are long prose kept whole per language (a lawyer reviews each
    # version as a document), so the page picks the template of the active language.
    template = select_template([f"front/{name}.{get_language()}.html", f"front/{name}.pl.html"])
    return HttpResponse(template.render({}, request))


def accessibility(request):
    return _legal_page(request, "accessibility")


def privacy(request):
    return _legal_page(request, "privacy")


@login_required
def dashboard(request):
    organisations = (
        Organisation.objects.for_user(request.user)
        .select_related("sponsor")
        .prefetch_related("memberships")
    )
    memberships = {m.organisation_id: m for m in request.user.memberships.all()}
    rows = [(o, memberships.get(o.pk)) for o in organisations]
    invitations = Invitation.objects.filter(
        email__iexact=request.user.email, accepted_at__isnull=True
    ).select_related("organisation")
    return render(
        request,
        "front/dashboard.html",
        {
            "organisation_rows": rows,
            "invitations": invitations,
            "grant_applications": grants_queries.applications_for_dashboard(request.user),
            "registrations": services.user_registrations(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """The person deletes their account, after typing their password again."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    official = request.user.is_staff or request.user.is_superuser
    if request.method == "POST" and not official:
        # Limited like allauth's own re-authentication: a left-open session must not let
        # anyone guess the password here.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
        elif form.is_valid():
            try:
                removed = services.account_delete(user=request.user)
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                logout(request)
                messages.success(
                    request,
                    ngettext(
                        "Your account has been deleted, with the data of %(n)d sign-up.",
                        "Your account has been deleted, with the data of %(n)d sign-ups.",
                        removed,
                    )
                    % {"n": removed}
                    if removed
                    else _("Your account has been deleted."),
                )
                return redirect("front:home")
    return render(
        request,
        "front/account_delete.html",
        {
            "form": form,
            "official": official,
            "registrations": services.user_registrations(user=request.user),
            "left_without_owner": services.organisations_left_without_owner(user=request.user),
        },
    )


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: most often a page left open too long."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


class CentrePageView(CentreDetailView):
    """The centre's page with what other apps hold about it: calls, trainings, events."""

    template_name = "front/centre_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre = self.object
        context["centre_calls"] = grants_queries.open_calls_for_centre(centre)
        context["centre_projects"] = grants_queries.projects_for_centre(centre)
        context["area_projects"] = (
            grants_queries.projects_in_area(centre.area, exclude_centre=centre)
            if centre.area_id
            else []
        )
        context["trainings"] = training_queries.coming_for_centre(centre)
        context["trainings_held_here"] = training_queries.coming_held_at_centre(centre)
        context["events"] = event_queries.coming_for_centre(centre)
        context["events_held_here"] = event_queries.coming_held_at_centre(centre)
        return context


centre_page = caching.page_cache(CentrePageView.as_view())


class AreaPageView(AreaDetailView):
    """The area's page with the projects realised there, by year (or of one year)."""

    template_name = "front/area_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.object
        years = grants_queries.project_years_in_area(area)
        chosen = self.request.GET.get("year", "")
        year = int(chosen) if chosen.isdigit() and len(chosen) == 4 else None
        by_year = {y: [] for y in ([year] if year is not None else years)}
        for project in grants_queries.projects_in_area(area, year=year):
            by_year[project.ends_on.year].append(project)
        context.update(
            {"project_years": years, "chosen_year": year, "projects_by_year": by_year.items()}
        )
        return context


area_page = caching.page_cache(AreaPageView.as_view(), times=())


@require_safe
@never_cache
def switch_language(request, code: str):
    """The language switcher's links: remember the choice and go back to the same page.

    Links rather than a form, so that no public page carries a CSRF token and every one
    can be kept whole for anonymous visitors (cil_portal.caching.page_cache)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("front:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
