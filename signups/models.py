"""What trainings and events share: the sign-up list with its registrations.

A training or an event (an `Offering`) owns one `SignupList`. The list is the row that is
locked while seats are handed out, and registrations point at it, so that the database
itself keeps one active registration per person and list. Trainings and events depend
on this app, never the other way round.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "signups.registration"
PERSON_KEY_SALT = "signups.person"


def person_key(email: str) -> str:
    """A keyed hash of an e-mail address: who is the same person, without the address.

    The reports count distinct people by it, so they count the same before and after a
    sign-up's personal data are removed.
    """
    return salted_hmac(
        PERSON_KEY_SALT, email.strip().lower(), secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


class SignupList(models.Model):
    """The sign-up sheet of one training or event.

    Capacity and the sign-up window are edited on the training or event and copied here
    when it is saved, with its title and address for the e-mails.
    """

    title = models.CharField(_("title"), max_length=255)
    url_path = models.CharField(_("address on the portal"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    accepts_signups = models.BooleanField(_("accepts sign-ups"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    opens_at = models.DateTimeField(_("sign-up opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    online_links = models.TextField(
        _("links to join online"),
        blank=True,
        help_text=_("Sent only to the people with a seat, one link a line."),
    )

    class Meta:
        verbose_name = _("sign-up list")
        verbose_name_plural = _("sign-up lists")
        ordering = ["-starts_at", "title"]

    def __str__(self):
        return self.title

    def is_open_at(self, moment) -> bool:
        if not self.accepts_signups:
            return False
        if self.opens_at and moment < self.opens_at:
            return False
        # Without a closing time of its own, sign-up closes when the item begins.
        closes_at = self.closes_at or self.starts_at
        return not (closes_at and moment >= closes_at)

    def has_begun_at(self, moment) -> bool:
        return self.starts_at is not None and moment >= self.starts_at

    def opens_later_than(self, moment) -> bool:
        """Sign-up has not begun yet at `moment` (it will, at opens_at)."""
        return self.accepts_signups and self.opens_at is not None and moment < self.opens_at

    def seats_taken(self) -> int:
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken(), 0)


# What removing a person's data from a sign-up leaves in its personal fields.
ANONYMISED_VALUES = {
    "full_name": "",
    "email": "",
    "needs_sign_language": False,
    "needs_step_free": False,
    "needs_other": "",
}


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def for_admin(self):
        return self.select_related("signup_list")

    def waiting_in_order(self):
        return self.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk")

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def past_keeping(self, now=None):
        """Sign-ups kept as long as the privacy notice says: their item ended (or, without
        an end, began; without either, they were made) before the year before this one, in
        the portal's time zone. Their personal data are to be removed."""
        now = timezone.localtime(now or timezone.now())
        cutoff = now.replace(
            year=now.year - 1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        ended = Coalesce("signup_list__ends_at", "signup_list__starts_at", "created_at")
        return self.not_anonymised().alias(ended=ended).filter(ended__lt=cutoff)

    def anonymise(self, now=None) -> int:
        """Remove the people's data; keep what the reports count (the person key, status,
        attendance, the organisation they came from) and the dates. Returns how many."""
        now = now or timezone.now()
        return self.not_anonymised().update(**ANONYMISED_VALUES, anonymised_at=now, updated_at=now)


class Registration(models.Model):
    """One person's sign-up for one training or event."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    signup_list = models.ForeignKey(
        SignupList,
        verbose_name=_("sign-up list"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    full_name = models.CharField(_("first and last name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    # Kept when the personal data are removed: the reports count distinct people by it.
    person_key = models.CharField(_("person key"), max_length=64, editable=False)
    organisation = models.CharField(
        _("organisation"),
        max_length=255,
        blank=True,
        help_text=_("The organisation or institution you come from, if any."),
    )
    needs_sign_language = models.BooleanField(_("sign-language interpreter"), default=False)
    needs_step_free = models.BooleanField(_("step-free access"), default=False)
    needs_other = models.CharField(_("other needs"), max_length=500, blank=True)
    consent = models.BooleanField(_("consent to the processing of personal data"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attended = models.BooleanField(
        _("attended"),
        default=False,
        help_text=_("For an event held once: the person came. Trainings record each session."),
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"), null=True, blank=True, editable=False
    )
    # For the caches of what counts registrations (the yearly report): cil_portal.caching.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["signup_list", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["signup_list", "email"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_one_active_per_email_and_list",
                violation_error_message=_("This e-mail address is already signed up."),
            ),
            models.CheckConstraint(
                condition=Q(consent=True),
                name="registration_has_consent",
                violation_error_message=_("A registration needs consent to data processing."),
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="registration_waiting_has_place_in_queue",
            ),
            # Counting people needs the key on every row, also those bulk-created.
            models.CheckConstraint(condition=~Q(person_key=""), name="registration_has_person_key"),
            models.CheckConstraint(
                condition=Q(anonymised_at__isnull=True) | Q(email="", full_name=""),
                name="registration_anonymised_has_no_personal_data",
            ),
        ]
        indexes = [
            models.Index(fields=["signup_list", "status", "waiting_since"]),
            # A person's own sign-ups on /account/ (addresses are kept lower-cased).
            models.Index(fields=["email"], name="registration_email"),
        ]

    def __str__(self):
        if self.is_anonymised:
            return str(ANONYMISED_LABEL)
        return f"{self.full_name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        if not self.is_anonymised:
            self.person_key = person_key(self.email)
        super().save(*args, **kwargs)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def display_name(self) -> str:
        return str(ANONYMISED_LABEL) if self.is_anonymised else self.full_name

    @property
    def needs(self) -> list[str]:
        needs = []
        if self.needs_sign_language:
            needs.append(str(_("sign-language interpreter")))
        if self.needs_step_free:
            needs.append(str(_("step-free access")))
        if self.needs_other:
            needs.append(self.needs_other)
        return needs

    def token(self, action: str) -> str:
        return signing.dumps({"r": self.pk, "a": action}, salt=TOKEN_SALT)

    def confirm_url(self) -> str:
        return settings.SITE_URL + reverse("signups:confirm", args=[self.token("confirm")])

    def cancel_url(self) -> str:
        return settings.SITE_URL + reverse("signups:cancel", args=[self.cancel_token])

    @property
    def cancel_token(self) -> str:
        return self.token("cancel")

    def item_url(self) -> str:
        return settings.SITE_URL + self.signup_list.url_path


ANONYMISED_LABEL = _("(personal data removed)")


def registration_pk_from_token(token: str, action: str) -> int:
    """The registration a signed link names; raises signing.BadSignature if tampered with."""
    data = signing.loads(token, salt=TOKEN_SALT)
    if not isinstance(data, dict) or data.get("a") != action or not isinstance(data.get("r"), int):
        raise signing.BadSignature("wrong action")
    return data["r"]


# What a card of a training or an event shows (templates/signups/_card.html): the lists
# read only these columns (each kind adds its own), which spares the rest of the row and
# of its organiser's.
CARD_FIELDS = (
    "title",
    "slug",
    "place_name",
    "signups_enabled",
    "capacity",
    "signup_opens_at",
    "organiser_centre__name",
    "organiser_organisation__name",
    "signup_list__accepts_signups",
    "signup_list__opens_at",
    "signup_list__closes_at",
    "signup_list__starts_at",
)


class OfferingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_seats(self):
        """Annotate `seats_taken` (confirmed registrations) in the same query.

        A subquery rather than a join, so that other annotations (a training's sessions)
        are not multiplied by the registrations.
        """
        confirmed = (
            Registration.objects.filter(
                signup_list=OuterRef("signup_list"), status=Registration.Status.CONFIRMED
            )
            .order_by()
            .values("signup_list")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(seats_taken=Coalesce(Subquery(confirmed), 0))

    def with_open_seats(self, now=None):
        """Open for sign-up at `now` (SignupList.is_open_at in SQL) with a seat still free."""
        now = now or timezone.now()
        queryset = self if "seats_taken" in self.query.annotations else self.with_seats()
        # Without a closing time of its own, sign-up closes when the item begins.
        not_closed = Q(signup_list__closes_at__gt=now) | Q(
            Q(signup_list__starts_at__isnull=True) | Q(signup_list__starts_at__gt=now),
            signup_list__closes_at__isnull=True,
        )
        return queryset.filter(
            Q(signups_enabled=True)
            & (Q(capacity__isnull=True) | Q(capacity__gt=models.F("seats_taken")))
            & (Q(signup_list__opens_at__isnull=True) | Q(signup_list__opens_at__lte=now))
            & not_closed
        )

    def organised_by_centre(self, centre):
        return self.filter(organiser_centre=centre)


class Offering(models.Model):
    """What a training and an event have in common: organiser, place, sign-up, counts."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    organiser_centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("organiser: centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organiser_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organiser: organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave both organiser fields empty when the city organises it."),
    )
    place_name = models.CharField(_("place"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_(
            "With sign-up on the portal the link is sent only to the people with a seat; "
            "for open entry it is shown on the page."
        ),
    )
    signups_enabled = models.BooleanField(
        _("sign-up on the portal"),
        default=True,
        help_text=_("Off for open entry: anyone may come without signing up."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    signup_opens_at = models.DateTimeField(_("sign-up opens at"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    report_sentence = models.TextField(
        _("sentence for the yearly report"),
        blank=True,
        help_text=_("How the yearly report describes it; empty: no bullet of its own."),
    )
    participants_recorded = models.PositiveIntegerField(
        _("recorded number of participants"),
        null=True,
        blank=True,
        help_text=_("For open entry, when attendance is not ticked per person."),
    )
    participants_estimate = models.BooleanField(
        _("the number is an estimate"),
        default=False,
        help_text=_('Reported as "more than N people".'),
    )
    published = models.BooleanField(_("published"), default=True)
    signup_list = models.OneToOneField(
        SignupList, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(organiser_centre__isnull=True) | Q(organiser_organisation__isnull=True),
                name="%(app_label)s_%(class)s_one_organiser",
                violation_error_message=_(
                    "The organiser is the city, one centre or one organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(signup_opens_at__isnull=True)
                | Q(signup_closes_at__isnull=True)
                | Q(signup_closes_at__gt=models.F("signup_opens_at")),
                name="%(app_label)s_%(class)s_signup_window_ordered",
                violation_error_message=_("Sign-up must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The sign-up list mirrors the offering; both change together or not at all.
        with transaction.atomic():
            values = self._signup_list_values()
            if self.signup_list_id is None:
                self.signup_list = SignupList.objects.create(**values)
            else:
                SignupList.objects.filter(pk=self.signup_list_id).update(**values)
            super().save(*args, **kwargs)

    @property
    def organiser_name(self) -> str:
        if self.organiser_centre_id:
            return self.organiser_centre.name
        if self.organiser_organisation_id:
            return self.organiser_organisation.name
        return str(_("City of %(city)s") % {"city": settings.CITY_NAME})

    @property
    def seats_left(self) -> int | None:
        """Free seats; None when there is no limit. Uses `with_seats()` when it ran."""
        if self.capacity is None:
            return None
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = self.signup_list.seats_taken()
        return max(self.capacity - taken, 0)

    @property
    def online_link_is_public(self) -> bool:
        """Open entry shows its link; with sign-up only the people with a seat get it, so
        that the seats (and the meeting) stay theirs."""
        return not self.signups_enabled

    def online_links(self) -> list[str]:
        return [self.online_url] if self.online_url else []

    def public_online_location(self, url: str = "") -> str:
        """What a public calendar may say of the online link `url` (default: the item's)."""
        url = url or self.online_url
        if not url:
            return ""
        return url if self.online_link_is_public else "online"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def first_start(self):
        """When it begins; each kind of offering says."""
        raise NotImplementedError

    def last_end(self):
        """When it ends (None: when it begins); each kind of offering says."""
        raise NotImplementedError

    def clean(self):
        if self.organiser_centre_id and self.organiser_organisation_id:
            raise ValidationError(
                {
                    "organiser_organisation": _(
                        "The organiser is the city, one centre or one organisation."
                    )
                }
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both coordinates or neither.")})

    def sync_signup_list(self) -> None:
        """Copy the dates again, after sessions changed (a training's start is its first)."""
        SignupList.objects.filter(pk=self.signup_list_id).update(**self._signup_list_values())

    def _signup_list_values(self) -> dict:
        return {
            "title": self.title,
            "url_path": self.get_absolute_url() if self.slug else "",
            # Each kind answers without a primary key too (a training then has no sessions).
            "starts_at": self.first_start(),
            "ends_at": self.last_end(),
            "accepts_signups": self.signups_enabled,
            "capacity": self.capacity,
            "opens_at": self.signup_opens_at,
            "closes_at": self.signup_closes_at,
            "online_links": "\n".join(self.online_links()),
        }

    def signup_open_now(self) -> bool:
        return self.signup_list.is_open_at(timezone.now())

    def signup_opens_later(self) -> bool:
        return self.signup_list.opens_later_than(timezone.now())
