from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signups.models import CARD_FIELDS, Offering, OfferingQuerySet
from signups.offerings import Slot


class TrainingGroup(models.Model):
    """Trainings that the yearly report describes in one sentence and counts together.

    In 2017 the two cycles (community organising; cooperation of the city with NGOs)
    were one bullet: "…, w których łącznie uczestniczyło 108 osób".
    """

    name = models.CharField(_("name"), max_length=255)
    report_sentence = models.TextField(
        _("sentence for the yearly report"),
        help_text=_("The official's description; the portal adds the number of participants."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training group (for the report)")
        verbose_name_plural = _("training groups (for the report)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TrainingQuerySet(OfferingQuerySet):
    def with_dates(self):
        """Annotate the first session's start and the last one's end.

        Subqueries rather than a join grouped by training: the lists filter on sessions
        first (upcoming, past), so only the trainings shown are looked at, and other
        annotations (the seats) are not computed once per session.
        """
        sessions = Session.objects.filter(training=OuterRef("pk"))
        return self.annotate(
            first_starts_at=Subquery(sessions.order_by("starts_at").values("starts_at")[:1]),
            last_ends_at=Subquery(sessions.order_by("-ends_at").values("ends_at")[:1]),
        )

    def for_list(self):
        return (
            self.published()
            .select_related("organiser_centre", "organiser_organisation", "signup_list")
            .with_dates()
            .with_seats()
        )

    def for_cards(self):
        """for_list() with only what the lists' cards show."""
        return self.for_list().only(*CARD_FIELDS, "topic")

    def upcoming(self, now):
        """With a session still to end (its last session ends at `now` or later)."""
        return self.filter(pk__in=_trainings_ending_from(now)).order_by("first_starts_at", "pk")

    def past(self, now):
        """Every session ended before `now`, or none planned."""
        return self.exclude(pk__in=_trainings_ending_from(now)).order_by("-first_starts_at", "-pk")


def _trainings_ending_from(now):
    return Session.objects.filter(ends_at__gte=now).values("training_id")


class Training(Offering):
    """A cycle of sessions, or a single training (one session)."""

    topic = models.CharField(_("topic"), max_length=255)
    audience = models.CharField(
        _("audience"), max_length=500, blank=True, help_text=_("Who the training is for.")
    )
    trainer = models.CharField(_("trainer"), max_length=255, blank=True)
    group = models.ForeignKey(
        TrainingGroup,
        verbose_name=_("group in the yearly report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
    )
    certificate_min_sessions = models.PositiveSmallIntegerField(
        _("sessions needed for a certificate"),
        default=1,
        help_text=_("A participant who came to at least this many sessions gets a certificate."),
    )

    objects = TrainingQuerySet.as_manager()

    class Meta(Offering.Meta):
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-created_at"]

    def get_absolute_url(self):
        return reverse("trainings:detail", args=[self.slug])

    def online_links(self) -> list[str]:
        links = super().online_links()
        if self.pk:
            for url in self.sessions.exclude(online_url="").values_list("online_url", flat=True):
                if url not in links:
                    links.append(url)
        return links

    def schedule(self) -> list:
        if not self.pk:
            return []
        return [
            Slot(
                s.starts_at,
                s.ends_at,
                s.place or (_("online") if s.online_url or self.online_url else ""),
            )
            for s in self.sessions.all()
        ]

    def first_start(self):
        if not self.pk:
            return None
        if hasattr(self, "first_starts_at"):
            return self.first_starts_at
        return self.sessions.aggregate(m=Min("starts_at"))["m"]

    def last_end(self):
        if not self.pk:
            return None
        return self.sessions.aggregate(m=Max("ends_at"))["m"]


class Session(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("topic of the session"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place_name = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("Empty: the training's place.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # For the caches of the pages that show sessions (the calendar): see cil_portal.caching.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        # The lists ask which trainings have a session still to end, and each training's
        # first start and last end.
        indexes = [
            models.Index(fields=["ends_at"], name="session_ends_at"),
            models.Index(fields=["training", "starts_at"], name="session_training_starts"),
            models.Index(fields=["training", "ends_at"], name="session_training_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session ends after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.training.title} – {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.place_name, self.address) if p) or ", ".join(
            p for p in (self.training.place_name, self.training.address) if p
        )


class Attendance(models.Model):
    """A registered person came to a session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    registration = models.ForeignKey(
        "signups.Registration",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="training_attendances",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration.full_name} – {self.session}"

    def clean(self):
        if self.session.training.signup_list_id != self.registration.signup_list_id:
            raise ValidationError(_("This person is not registered for this training."))
