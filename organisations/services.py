from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import InformalGroupMember, Invitation, Membership, Organisation
from .tasks import invitation_send_task


def _check_group_members(organisation: Organisation, members: Iterable[dict]) -> list[dict]:
    members = [m for m in members if m.get("full_name", "").strip()]
    if organisation.is_informal_group and len(members) < Organisation.MIN_GROUP_MEMBERS:
        raise ValidationError(
            _("An informal group lists at least %(n)d members.")
            % {"n": Organisation.MIN_GROUP_MEMBERS},
            code="too_few_members",
        )
    return members


@transaction.atomic
def organisation_create(*, user, data: dict, members: Iterable[dict] = ()) -> Organisation:
    """Create an organisation with `user` as its owner (and an informal group's members)."""
    organisation = Organisation(**data)
    organisation.full_clean()
    members = _check_group_members(organisation, members)
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.OWNER)
    _replace_group_members(organisation, members)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by, data: dict, members: Iterable[dict] | None = None
) -> Organisation:
    if not rules.can_edit(by, organisation):
        raise PermissionDenied
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    if members is not None:
        members = _check_group_members(organisation, members)
    organisation.save()
    if members is not None:
        _replace_group_members(organisation, members)
    return organisation


def _replace_group_members(organisation: Organisation, members: list[dict]) -> None:
    organisation.group_members.all().delete()
    if not organisation.is_informal_group:
        return
    rows = [InformalGroupMember(organisation=organisation, **m) for m in members]
    for row in rows:
        row.full_clean(exclude=["organisation"])
    InformalGroupMember.objects.bulk_create(rows)


def invitation_create(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    if not rules.can_manage_members(by, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A person with this address is already a member.")}, code="member"
        )
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    invitation.full_clean()
    with transaction.atomic():
        invitation.save()
        transaction.on_commit(lambda: invitation_send_task.delay(invitation.pk))
    return invitation


def invitation_withdraw(*, invitation: Invitation, by) -> None:
    """An owner takes back an invitation not yet accepted (a mistyped address, say)."""
    if not rules.can_manage_members(by, invitation.organisation):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    invitation.delete()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    # Locked so that a double click on the link cannot create two memberships.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask for a new one."), code="expired")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_user",
        )
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def _ensure_an_owner_remains(membership: Membership) -> None:
    owners = Membership.objects.select_for_update().filter(
        organisation_id=membership.organisation_id, role=Membership.Role.OWNER
    )
    if membership.role == Membership.Role.OWNER and len(owners) <= 1:
        raise ValidationError(
            _("An organisation needs at least one owner. Make someone else an owner first."),
            code="last_owner",
        )


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by) -> Membership:
    if not rules.can_manage_members(by, membership.organisation):
        raise PermissionDenied
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."), code="role")
    if role != Membership.Role.OWNER:
        _ensure_an_owner_remains(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    is_self = membership.user_id == by.pk
    if not (is_self or rules.can_manage_members(by, membership.organisation)):
        raise PermissionDenied
    _ensure_an_owner_remains(membership)
    membership.delete()
