"""What spans the apps for one person's account: their data when they leave."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from organisations.models import Invitation, Membership, Organisation
from signups import services as signups_services
from signups.models import Registration


def user_signup_emails(*, user) -> list[str]:
    """The addresses a signed-in person has shown to be theirs, lower-cased as sign-ups
    keep them."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({e.strip().lower() for e in emails})


def user_registrations(*, user):
    """The sign-ups made with the person's verified addresses whose data are still kept."""
    return (
        Registration.objects.filter(email__in=user_signup_emails(user=user))
        .not_anonymised()
        .select_related("signup_list")
        .order_by("-signup_list__starts_at", "-created_at")
    )


def organisations_left_without_owner(*, user) -> list[Organisation]:
    """The organisations of which the person is the only owner: they stay, without one."""
    other_owner = Membership.objects.filter(
        organisation=OuterRef("pk"), role=Membership.Role.OWNER
    ).exclude(user=user)
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role=Membership.Role.OWNER)
        .exclude(Exists(other_owner))
        .order_by("name")
    )


@transaction.atomic
def account_delete(*, user) -> int:
    """Delete a resident's account and remove the data of their sign-ups; return how many
    sign-ups lost their data.

    The organisations they belonged to, and those organisations' applications and
    projects, stay: they are the organisation's records, kept as archive rules require
    (what the user did there is kept without naming the account). Officials' accounts are
    closed by an administrator, because reviews and decisions must keep their author.
    """
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("An official's account is closed by an administrator, not from this page."),
            code="official",
        )
    emails = user_signup_emails(user=user)
    registrations = list(user_registrations(user=user))
    for registration in registrations:
        signups_services.registration_withdraw(registration=registration)
    Invitation.objects.alias(address=Lower("email")).filter(
        address__in=emails, accepted_at__isnull=True
    ).delete()
    user.delete()
    return len(registrations)
