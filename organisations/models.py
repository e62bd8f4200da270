import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import (
    normalise_digits,
    validate_krs,
    validate_nip,
    validate_postal_code,
    validate_regon,
)


class DigitsField(models.CharField):
    """A registry number kept as bare digits whatever separators were typed."""

    def to_python(self, value):
        return normalise_digits(super().to_python(value))

    def get_prep_value(self, value):
        return normalise_digits(super().get_prep_value(value))

    def formfield(self, **kwargs):
        # Room for the separators people type ("783-171-30-47"); the model checks the digits.
        return super().formfield(**{**kwargs, "max_length": self.max_length + 6})


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The organisations a user belongs to, in any role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("association")
        FOUNDATION = "foundation", _("foundation")
        INFORMAL_GROUP = "informal_group", _("informal group")
        OTHER = "other", _("other organisation")

    name = models.CharField(_("name"), max_length=255)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    krs = DigitsField(
        _("KRS number"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("10 digits, from the National Court Register."),
    )
    nip = DigitsField(
        _("NIP"),
        max_length=10,
        blank=True,
        validators=[validate_nip],
        help_text=_("Tax identification number, 10 digits (dashes allowed)."),
    )
    regon = DigitsField(
        _("REGON"),
        max_length=14,
        blank=True,
        validators=[validate_regon],
        help_text=_("9 or 14 digits."),
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=6, blank=True, validators=[validate_postal_code]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    sponsor = models.ForeignKey(
        "self",
        verbose_name=_("sponsoring organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_groups",
        help_text=_(
            "An informal group without legal personality may apply through an organisation "
            "that sponsors it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    MIN_GROUP_MEMBERS = 3

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"],
                condition=~Q(krs=""),
                name="organisation_krs_unique",
                violation_error_message=_("An organisation with this KRS number already exists."),
            ),
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="organisation_nip_unique",
                violation_error_message=_("An organisation with this NIP already exists."),
            ),
            models.CheckConstraint(
                condition=Q(legal_form="informal_group") | Q(sponsor__isnull=True),
                name="organisation_only_groups_have_sponsor",
                violation_error_message=_("Only an informal group has a sponsoring organisation."),
            ),
            models.CheckConstraint(
                condition=~Q(legal_form="informal_group") | Q(krs=""),
                name="organisation_group_has_no_krs",
                violation_error_message=_(
                    "An informal group has no legal personality and so no KRS number."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])

    @property
    def is_informal_group(self) -> bool:
        return self.legal_form == self.LegalForm.INFORMAL_GROUP

    def clean(self):
        if self.sponsor_id and self.sponsor_id == self.pk:
            raise ValidationError({"sponsor": _("An organisation cannot sponsor itself.")})
        if self.sponsor and self.sponsor.is_informal_group:
            raise ValidationError(
                {"sponsor": _("The sponsor must be an organisation with legal personality.")}
            )


class InformalGroupMember(models.Model):
    """A person in an informal group: the group itself has no legal personality."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="group_members"
    )
    full_name = models.CharField(_("first and last name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["pk"]

    def __str__(self):
        return self.full_name


class Membership(models.Model):
    """A user account's place in an organisation."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MEMBER = "member", _("member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_one_per_user_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation; accepted by signing in with it."""

    VALID_DAYS = 14

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_pending_per_email",
                violation_error_message=_("This address has already been invited."),
            )
        ]
        indexes = [
            # The account page's "invitations waiting for you" (email__iexact, pending).
            models.Index(
                Upper("email"),
                condition=Q(accepted_at__isnull=True),
                name="invitation_pending_email",
            )
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("organisations:invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)
