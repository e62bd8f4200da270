from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cil_portal import caching

from . import services
from .filters import CENTRE_CHOICES_ROWS
from .forms import RegistrationForm
from .ical import calendar_bytes
from .models import Registration, registration_pk_from_token


def signup_form(request, offering):
    """The sign-up form of a training's or event's page: (form, redirect or None).

    Both apps' detail views call this, so the form and its rules exist once.
    """
    form = RegistrationForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return form, None
    try:
        services.registration_create(signup_list=offering.signup_list, data=form.cleaned_data)
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            for field, errors in e.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, e.messages)
        return form, None
    messages.success(
        request,
        _(
            "Almost done: we have sent a link to %(email)s. Open it to confirm your sign-up; "
            "until then no seat is kept for you."
        )
        % {"email": form.cleaned_data["email"]},
    )
    return form, redirect(offering)


def _from_token(token: str, action: str) -> Registration:
    try:
        pk = registration_pk_from_token(token, action)
    except signing.BadSignature:
        raise Http404("bad link")
    return get_object_or_404(Registration.objects.select_related("signup_list"), pk=pk)


def confirm(request, token: str):
    registration = _from_token(token, "confirm")
    begun = registration.signup_list.has_begun_at(timezone.now())
    if request.method == "POST" and not begun:
        registration = services.registration_confirm(registration=registration)
    return render(
        request,
        "signups/confirm.html",
        {"registration": registration, "item": registration.signup_list, "begun": begun},
    )


def cancel(request, token: str):
    registration = _from_token(token, "cancel")
    if request.method == "POST" and not registration.is_anonymised:
        if "remove_data" in request.POST:
            services.registration_withdraw(registration=registration)
            messages.success(request, _("Your sign-up is cancelled and your data are removed."))
        else:
            services.registration_cancel(registration=registration)
            messages.success(request, _("Your sign-up has been cancelled."))
        return redirect("signups:cancel", token=token)
    return render(
        request,
        "signups/cancel.html",
        {"registration": registration, "item": registration.signup_list},
    )


def offering_list(request, *, queryset, filterset_class, template: str, context: dict):
    """A public list of trainings or events: coming ones, or past ones with ?when=past."""
    now = timezone.now()
    past = request.GET.get("when") == "past"
    queryset = queryset.past(now) if past else queryset.upcoming(now)
    filterset = filterset_class(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            **context,
            # The filter form is cached per centres offered, values given and language;
            # the items (seats, sign-up open or not) are read on every request.
            "filter_version": caching.digest(
                request.path, CENTRE_CHOICES_ROWS(), sorted(request.GET.lists()), get_language()
            ),
            "filter": filterset,
            "page": page,
            "past": past,
            "query": query.urlencode(),
            "MAP_TILE_URL": settings.MAP_TILE_URL,
        },
    )


def offering_detail(request, offering, *, template: str, context: dict):
    """A training's or event's page with its sign-up form."""
    form, response = signup_form(request, offering)
    if response is not None:
        return response
    return render(
        request,
        template,
        {
            **context,
            "item": offering,
            "form": form,
            "signup_open": offering.signup_open_now(),
            "MAP_TILE_URL": settings.MAP_TILE_URL,
            "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def calendar_response(entries, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        calendar_bytes(entries, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
