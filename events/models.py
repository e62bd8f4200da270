from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from signups.models import CARD_FIELDS, Offering, OfferingQuerySet
from signups.offerings import Slot


class EventQuerySet(OfferingQuerySet):
    def for_list(self):
        return (
            self.published()
            .select_related("organiser_centre", "organiser_organisation", "signup_list")
            .with_seats()
        )

    def for_cards(self):
        """for_list() with only what the lists' cards show."""
        return self.for_list().only(*CARD_FIELDS, "kind", "starts_at")

    def upcoming(self, now):
        return self.filter(
            Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
        ).order_by("starts_at", "pk")

    def past(self, now):
        return self.exclude(
            Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
        ).order_by("-starts_at", "-pk")


class Event(Offering):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        EXHIBITION = "exhibition", _("exhibition")
        INTEGRATION = "integration", _("integration meeting")
        DEBATE = "debate", _("debate")
        GALA = "gala", _("gala")
        SEMINAR = "seminar", _("seminar")
        STUDY_VISIT = "study_visit", _("study visit")
        CAMPAIGN = "campaign", _("campaign")
        SOCIAL_ACTIVITY_DAY = "social_activity_day", _("day of social activity")
        ELECTION_MEETING = "election_meeting", _("election meeting")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    accompanies = models.ForeignKey(
        "self",
        verbose_name=_("accompanies"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompanied_by",
        help_text=_("For example the exhibition that accompanied a conference."),
    )

    objects = EventQuerySet.as_manager()

    class Meta(Offering.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            *Offering.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def first_start(self):
        return self.starts_at

    def last_end(self):
        return self.ends_at or self.starts_at

    def schedule(self) -> list:
        place = ", ".join(p for p in (self.place_name, self.address) if p)
        return [
            Slot(self.starts_at, self.ends_at, place or (_("online") if self.online_url else ""))
        ]
