from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rules, services
from .forms import GroupMemberFormSet, InvitationForm, OrganisationForm, RoleForm
from .models import Invitation, Membership, Organisation


def _get_visible(request, pk: int) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("sponsor").prefetch_related("memberships"), pk=pk
    )
    # 404 rather than 403: whether an organisation has an account is not for outsiders.
    if not rules.can_view(request.user, organisation):
        raise Http404
    return organisation


def _members_from(formset) -> list[dict]:
    return [
        {k: f.cleaned_data.get(k, "") for k in ("full_name", "email", "phone")}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _save(form, formset, save):
    """Validate the form and the group's members together; return the saved object."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    try:
        return save(form.cleaned_data, _members_from(formset))
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            for field, errors in e.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            formset._non_form_errors = formset.error_class(e.messages)
        return None


@login_required
def create(request):
    form = OrganisationForm(request.POST or None)
    formset = GroupMemberFormSet(request.POST or None, prefix="members")
    if request.method == "POST":
        organisation = _save(
            form,
            formset,
            lambda data, members: services.organisation_create(
                user=request.user, data=data, members=members
            ),
        )
        if organisation:
            messages.success(request, _("The organisation has been saved."))
            return redirect(organisation)
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "organisations/form.html", {"form": form, "formset": formset, "creating": True}
    )


@login_required
def detail(request, pk: int):
    organisation = _get_visible(request, pk)
    memberships = list(organisation.memberships.select_related("user"))
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "my_membership": next((m for m in memberships if m.user_id == request.user.pk), None),
            "group_members": organisation.group_members.all(),
            "invitations": organisation.invitations.filter(accepted_at__isnull=True),
            "can_edit": rules.can_edit(request.user, organisation),
            "can_manage": rules.can_manage_members(request.user, organisation),
            "invitation_form": InvitationForm(),
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
def edit(request, pk: int):
    organisation = _get_visible(request, pk)
    if not rules.can_edit(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    formset = GroupMemberFormSet(request.POST or None, instance=organisation, prefix="members")
    if request.method == "POST":
        saved = _save(
            form,
            formset,
            lambda data, members: services.organisation_update(
                organisation=organisation, by=request.user, data=data, members=members
            ),
        )
        if saved:
            messages.success(request, _("The organisation has been saved."))
            return redirect(saved)
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "organisations/form.html",
        {"form": form, "formset": formset, "organisation": organisation},
    )


@login_required
@require_POST
def invite(request, pk: int):
    organisation = _get_visible(request, pk)
    if not rules.can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(organisation)


@login_required
@require_POST
def invitation_withdraw(request, pk: int, invitation_pk: int):
    organisation = _get_visible(request, pk)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_pk)
    try:
        services.invitation_withdraw(invitation=invitation, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect(organisation)


@login_required
@require_POST
def member_role(request, pk: int, membership_pk: int):
    organisation = _get_visible(request, pk)
    membership = get_object_or_404(organisation.memberships, pk=membership_pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(request, _("The role has been changed."))
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    return redirect(organisation)


@login_required
@require_POST
def member_remove(request, pk: int, membership_pk: int):
    organisation = _get_visible(request, pk)
    membership = get_object_or_404(organisation.memberships, pk=membership_pk)
    leaving = membership.user_id == request.user.pk
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(organisation)
    if leaving:
        messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
        return redirect("front:dashboard")
    messages.success(request, _("The member has been removed."))
    return redirect(organisation)


@login_required
def invitation(request, token: str):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(
                request,
                _("You are now a member of %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect(membership.organisation)
    return render(request, "organisations/invitation.html", {"invitation": invitation})
