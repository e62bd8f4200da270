from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .budget import ZERO, line_total, zl
from .workflow import ACTIVE, DECIDED, EDITABLE, GRANTED, REPORTING, REVIEWED, Status

# The law (art. 19a of the act on public benefit activity) caps a small grant.
SMALL_GRANT_MAX_AMOUNT = Decimal("10000.00")
SMALL_GRANT_MAX_DAYS = 90

MONEY = {"max_digits": 12, "decimal_places": 2}


def private_storage():
    return storages["private"]


def _area_names() -> Prefetch:
    # Only the names: each area's boundary is kilobytes of GeoJSON, read again per row.
    from centres.models import Area

    return Prefetch("areas", queryset=Area.objects.only("name"))


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def open_at(self, moment):
        return self.published().filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment), opens_at__lte=moment
        )

    def upcoming_at(self, moment):
        return self.published().filter(opens_at__gt=moment)

    def closed_at(self, moment):
        return self.published().filter(closes_at__lte=moment)

    def for_list(self):
        return self.select_related("organiser")

    def with_awarded_total(self):
        """Each call with `awarded_sum`: what its standing grants spend from its pool."""
        granted = (
            Application.objects.filter(call=OuterRef("pk"), status__in=GRANTED)
            .order_by()
            .values("call")
            .annotate(total=Sum("awarded_amount"))
            .values("total")
        )
        money = models.DecimalField(**MONEY)
        return self.annotate(
            awarded_sum=Coalesce(Subquery(granted, output_field=money), ZERO, output_field=money)
        )


class Call(models.Model):
    """A call for applications (nabór): a regranting round, a small grant, a competition."""

    class Kind(models.TextChoices):
        REGRANTING = "regranting", _("regranting micro-grant")
        SMALL_GRANT = "small_grant", _("small grant (art. 19a)")
        OPEN_COMPETITION = "open_competition", _("open competition")

    # The letter in an application's number: CIL/2017/R/042.
    NUMBER_LETTERS = {Kind.REGRANTING: "R", Kind.SMALL_GRANT: "M", Kind.OPEN_COMPETITION: "K"}

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organiser = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("organising centre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        help_text=_("Leave empty when the city itself runs the call."),
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    rules = models.TextField(_("rules"), blank=True)
    eligible_legal_forms = models.JSONField(
        _("legal forms that may apply"),
        default=list,
        blank=True,
        help_text=_("Legal forms of organisations that may apply (codes)."),
    )
    informal_groups_allowed = models.BooleanField(
        _("informal groups may apply directly"),
        default=False,
        help_text=_("Otherwise an informal group applies only through an eligible sponsor."),
    )
    budget_pool = models.DecimalField(_("budget pool (zł)"), **MONEY)
    min_amount = models.DecimalField(_("minimum amount (zł)"), **MONEY, default=ZERO)
    max_amount = models.DecimalField(_("maximum amount (zł)"), **MONEY)
    own_contribution_share = models.DecimalField(
        _("required own contribution (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    non_financial_counts = models.BooleanField(
        _("volunteer work and in-kind contributions count"),
        default=True,
        help_text=_("Whether the own non-financial contribution counts toward the required share."),
    )
    task_earliest_start = models.DateField(_("task may start on"), null=True, blank=True)
    task_latest_end = models.DateField(_("task must end by"), null=True, blank=True)
    max_task_days = models.PositiveSmallIntegerField(
        _("longest task (days)"), null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a rolling intake, open until the pool is spent."),
    )
    closed_for_pool = models.BooleanField(
        _("closed because its pool was spent"),
        default=False,
        editable=False,
        help_text=_(
            "A rolling intake closes itself once too little is left for a grant, and opens "
            "again when a grantee gives one up."
        ),
    )
    published = models.BooleanField(_("published"), default=True)
    results_published_at = models.DateTimeField(
        _("results published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the action that publishes the results once every decision is made."),
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewers"),
        through="ReviewerAssignment",
        through_fields=("call", "reviewer"),
        blank=True,
        related_name="calls_to_review",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__lte=F("max_amount")),
                name="call_min_not_above_max",
                violation_error_message=_("The minimum amount cannot exceed the maximum."),
            ),
            models.CheckConstraint(
                condition=Q(max_amount__lte=F("budget_pool")),
                name="call_max_not_above_pool",
                violation_error_message=_("The maximum amount cannot exceed the budget pool."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="small_grant")
                | (
                    Q(max_amount__lte=SMALL_GRANT_MAX_AMOUNT)
                    & Q(max_task_days__isnull=False)
                    & Q(max_task_days__lte=SMALL_GRANT_MAX_DAYS)
                ),
                name="call_small_grant_within_the_law",
                violation_error_message=_(
                    "A small grant (art. 19a) is at most 10 000 zł for a task of at most 90 days."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="call_closes_after_it_opens",
                violation_error_message=_("A call must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("grants:call_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SMALL_GRANT:
            if self.max_amount is not None and self.max_amount > SMALL_GRANT_MAX_AMOUNT:
                errors["max_amount"] = _("A small grant (art. 19a) cannot exceed 10 000 zł.")
            if self.max_task_days is None or self.max_task_days > SMALL_GRANT_MAX_DAYS:
                errors["max_task_days"] = _(
                    "A task funded by a small grant (art. 19a) lasts at most 90 days."
                )
        if self.kind == self.Kind.REGRANTING and self.organiser_id is None:
            errors["organiser"] = _("A regranting call is run by a regranting centre.")
        if (
            self.task_earliest_start
            and self.task_latest_end
            and self.task_latest_end < self.task_earliest_start
        ):
            errors["task_latest_end"] = _("The task period must end after it starts.")
        unknown = set(self.eligible_legal_forms or []) - set(Organisation.LegalForm.values)
        if unknown:
            errors["eligible_legal_forms"] = _("Unknown legal form.")
        if errors:
            raise ValidationError(errors)

    @property
    def organiser_name(self) -> str:
        return self.organiser.name if self.organiser_id else settings.CITY_NAME

    @property
    def is_rolling(self) -> bool:
        return self.closes_at is None

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return (
            self.published
            and self.opens_at <= moment
            and (self.closes_at is None or moment < self.closes_at)
        )

    def state(self, moment=None) -> str:
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return "upcoming"
        if self.closes_at is not None and moment >= self.closes_at:
            return "closed"
        return "open"

    def time_left(self, moment=None) -> timedelta | None:
        moment = moment or timezone.now()
        if self.closes_at is None or moment >= self.closes_at:
            return None
        return self.closes_at - moment

    def eligibility_error(self, organisation: Organisation) -> str | None:
        """Why the organisation may not apply to this call, or None when it may."""
        forms = set(self.eligible_legal_forms or [])
        if organisation.is_informal_group:
            if self.informal_groups_allowed:
                return None
            sponsor = organisation.sponsor
            if sponsor is not None and sponsor.legal_form in forms:
                return None
            return str(_("In this call an informal group applies through an eligible sponsor."))
        if organisation.legal_form not in forms:
            return str(_("Organisations of this legal form may not apply in this call."))
        return None

    def awarded_total(self) -> Decimal:
        """The sum awarded in this call so far: what is spent from its pool."""
        calls = Call.objects.filter(pk=self.pk).with_awarded_total()
        return calls.values_list("awarded_sum", flat=True).get()

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    @property
    def max_points(self) -> int:
        return sum(c.max_points for c in self.criteria.all())

    @property
    def number_prefix(self) -> str:
        year = timezone.localtime(self.opens_at).year
        return f"CIL/{year}/{self.NUMBER_LETTERS[self.kind]}"


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class RequiredAttachment(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_attachments")
    name = models.CharField(_("name"), max_length=255)
    description = models.CharField(_("description"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class CallDocument(models.Model):
    """A public document of the call (its rules, the offer template)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="calls/%Y/")

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class NumberSequence(models.Model):
    """The last number given under a prefix such as CIL/2017/R."""

    prefix = models.CharField(max_length=30, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last}"


class ApplicationQuerySet(models.QuerySet):
    def for_organisations_of(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def for_dashboard(self, user):
        return (
            self.for_organisations_of(user)
            .select_related("call", "organisation")
            .prefetch_related("events__by", "messages__author")
            .order_by("-updated_at")
        )

    def received(self):
        """The applications that came in: submitted and standing (a draft, one reopened
        for changes included, or a withdrawn one did not come in)."""
        return self.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])

    def with_scores(self):
        """Each application with its reviews' average total (None before any review)."""
        reviews = Review.objects.filter(application=OuterRef("pk")).order_by().values("application")
        return self.annotate(
            average_score=Subquery(
                reviews.annotate(avg=Avg("total_points")).values("avg"),
                output_field=models.DecimalField(max_digits=7, decimal_places=2),
            ),
            review_count=Coalesce(Subquery(reviews.annotate(n=Count("pk")).values("n")), 0),
            call_max_points=Coalesce(
                Subquery(
                    Criterion.objects.filter(call=OuterRef("call"))
                    .order_by()
                    .values("call")
                    .annotate(total=Sum("max_points"))
                    .values("total")
                ),
                0,
            ),
        )

    def for_ranking(self, call):
        """The call's applications past the formal check, best average score first."""
        return (
            self.filter(call=call, status__in=REVIEWED)
            .with_scores()
            .select_related("organisation")
            .order_by(F("average_score").desc(nulls_last=True), "number")
        )

    def for_results(self, call):
        """The call's grants as the public results list them, largest first."""
        return (
            self.filter(call=call, status__in=GRANTED)
            .select_related("organisation")
            .order_by("-awarded_amount", "organisation__name")
        )

    def for_reserve_list(self, call):
        """The call's reserve list as the public results show it: in the ranking's order
        (best average score first), the order in which money freed goes to them."""
        return (
            self.filter(call=call, status=Status.RESERVE)
            .with_scores()
            .select_related("organisation")
            .order_by(F("average_score").desc(nulls_last=True), "number")
        )

    def for_export(self, call):
        return (
            self.filter(call=call)
            .exclude(status=Status.DRAFT)
            .with_scores()
            .select_related("organisation")
            .prefetch_related(_area_names(), "reviews__scores", "reviews__reviewer")
            .order_by("number")
        )

    def for_export_across_calls(self):
        """These applications (of any calls) for one export: what rows() reads of each;
        drafts left out, as from a call's export."""
        return (
            self.exclude(status=Status.DRAFT)
            .with_scores()
            .select_related("organisation")
            .prefetch_related(_area_names())
            .order_by("number", "pk")
        )

    def for_detail(self):
        return self.select_related(
            "call", "call__organiser", "organisation", "organisation__sponsor", "submitted_by"
        ).prefetch_related(
            "areas",
            "budget_lines",
            "schedule_items",
            "results",
            "attachments__required",
            "events__by",
            "messages__author",
            "organisation__memberships",
            "organisation__group_members",
            "call__required_attachments",
        )


class Application(models.Model):
    """An application (oferta, wniosek) of an organisation in a call."""

    class Section(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        TASK = "task", _("Task")
        SCHEDULE = "schedule", _("Schedule")
        RESULTS = "results", _("Expected results")
        BUDGET = "budget", _("Budget")
        ATTACHMENTS = "attachments", _("Attachments")
        DECLARATIONS = "declarations", _("Declarations")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    number = models.CharField(_("number"), max_length=30, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    title = models.CharField(_("task title"), max_length=255, blank=True)
    areas = models.ManyToManyField(
        "centres.Area", verbose_name=_("areas where the task happens"), blank=True
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    start_date = models.DateField(_("task starts on"), null=True, blank=True)
    end_date = models.DateField(_("task ends on"), null=True, blank=True)
    summary = models.TextField(_("short description"), max_length=3000, blank=True)
    target_group = models.TextField(_("target group"), max_length=1000, blank=True)

    # Kept in step with the budget lines by services.application_set_budget.
    total_cost = models.DecimalField(_("total cost (zł)"), **MONEY, default=ZERO)
    requested_amount = models.DecimalField(_("requested (zł)"), **MONEY, default=ZERO)

    declaration = models.BooleanField(_("declarations"), default=False)
    rodo_consent = models.BooleanField(_("consent to personal data processing"), default=False)

    correction_sections = models.JSONField(_("parts to correct"), default=list, blank=True)
    correction_until = models.DateTimeField(_("correct by"), null=True, blank=True)

    # The decision and the agreement, set by the officials' transitions.
    awarded_amount = models.DecimalField(
        _("awarded (zł)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    # The task's dates as the agreement sets them (a centre's grant also gives them to
    # its Project; the city's own grants make no Project and keep them here).
    agreement_starts_on = models.DateField(_("agreement: task starts on"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("agreement: task ends on"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        # The officials' list: newest first (the admin adds -id to make it total), all of
        # them or of one status; a page of 100 read from the index, not 20 000 sorted.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="application_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="application_status_newest"),
            models.Index(fields=["submitted_at"], name="application_submitted_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=~Q(status=Status.WITHDRAWN),
                name="application_one_active_per_call_and_organisation",
                violation_error_message=_(
                    "This organisation already has an application in this call."
                ),
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="application_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True)
                | Q(awarded_amount__lte=F("requested_amount")),
                name="application_award_not_above_request",
                violation_error_message=_("The grant awarded cannot exceed the amount requested."),
            ),
        ]

    def __str__(self):
        return self.number or self.title or str(_("draft application"))

    def get_absolute_url(self):
        return reverse("grants:application_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def can_edit_section(self, section: str) -> bool:
        if self.status not in EDITABLE:
            return False
        if self.status == Status.CORRECTION_REQUESTED:
            return section in (self.correction_sections or [])
        return True

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def is_reporting(self) -> bool:
        return self.status in REPORTING


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("personnel")
        MATERIALS = "materials", _("materials and supplies")
        SERVICES = "services", _("services")
        TRAVEL = "travel", _("travel and transport")
        PROMOTION = "promotion", _("promotion")
        ADMINISTRATION = "administration", _("administration")
        OTHER = "other", _("other")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("cost item"), max_length=255)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=30)
    unit_cost = models.DecimalField(
        _("unit cost (zł)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    requested = models.DecimalField(
        _("from the grant (zł)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    own_financial = models.DecimalField(
        _("own financial (zł)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    own_non_financial = models.DecimalField(
        _("own non-financial (zł)"),
        **MONEY,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Volunteer work and in-kind contributions, valued in zł."),
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def total(self) -> Decimal:
        return line_total(self.unit_cost, self.quantity)


class ScheduleItem(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="schedule_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    activity = models.CharField(_("activity"), max_length=255)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("schedule")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.activity


class ExpectedResult(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("result"), max_length=255)
    target_value = models.PositiveIntegerField(_("target value"))
    measured_by = models.CharField(_("how it is measured"), max_length=255)

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description


def attachment_path(instance, filename: str) -> str:
    # The stored name never comes from the user: the original is kept in `name`.
    import uuid

    return f"applications/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    required = models.ForeignKey(
        RequiredAttachment,
        verbose_name=_("for the requirement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:attachment", args=[self.application_id, self.pk])


class ApplicationEvent(models.Model):
    """One step in the application's history: who moved it where, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(_("transition"), max_length=40)
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Message(models.Model):
    """A message from an official to the applicant about an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.body[:60]


class ProjectQuerySet(models.QuerySet):
    def realised_in(self, year: int):
        """Projects whose realisation ended in the year: the yearly report counts these."""
        return self.filter(ends_on__year=year)

    def for_centre(self, centre):
        return self.filter(centre=centre)

    def in_area(self, area):
        """Realised in the area: recorded there, or by one of its centres without an area
        (a neighbourhood centre works only in its own area)."""
        return self.filter(Q(area=area) | Q(area__isnull=True, centre__area=area))

    def for_listing(self):
        return self.select_related("centre", "organisation", "area").order_by("-ends_on", "title")


class Project(models.Model):
    """A realised project: a regranting grant, or a grassroots initiative a centre supported.

    Together they are the "projects realised" of the yearly report. A regranting grant
    comes from an awarded application in a centre's call; a grassroots initiative is
    recorded by the centre's staff directly, with no call and no grant. A grant from a
    call the city runs itself (a small grant, an open competition) makes no Project: the
    report counts what the centres realised (their regranting and the initiatives they
    supported), and the city's own grants are reported elsewhere.

    The grant amount is the grant as awarded until the final report is settled, and from
    then on the part of it the project actually used: what the city reports (the yearly
    report sums it). What was paid out stays in `paid_amount`; the difference was returned.
    """

    class Kind(models.TextChoices):
        REGRANTING = "regranting", _("regranting grant")
        GRASSROOTS = "grassroots", _("grassroots initiative")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("Empty for an initiative of residents without an organisation."),
    )
    area = models.ForeignKey(
        "centres.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text=_("Where the project happened; empty when city-wide."),
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
    )
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    grant_amount = models.DecimalField(
        _("grant amount"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    total_cost = models.DecimalField(_("total cost"), **MONEY, validators=[MinValueValidator(ZERO)])
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    paid_on = models.DateField(
        _("grant paid on"), null=True, blank=True, help_text=_("Empty until the grant is paid.")
    )
    paid_amount = models.DecimalField(
        _("grant paid (zł)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("What was paid out: the grant awarded. Empty until the grant is paid."),
    )
    settled_on = models.DateField(
        _("settled on"),
        null=True,
        blank=True,
        help_text=_("When the final report was accepted."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-ends_on", "title"]
        indexes = [models.Index(fields=["ends_on", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="project_dates_ordered",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(total_cost__gte=F("grant_amount")),
                name="project_cost_covers_grant",
                violation_error_message=_("The total cost cannot be lower than the grant."),
            ),
            models.CheckConstraint(
                condition=Q(kind="regranting") | Q(grant_amount=0),
                name="project_only_regranting_has_grant",
                violation_error_message=_("A grassroots initiative has no grant."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # A grant's project uses at most what was awarded (the call's rules bounded that);
        # one recorded without an application is bounded by the centre's envelope
        # (services.project_check_grant).
        awarded = self.application.awarded_amount if self.application_id else None
        if awarded is not None and self.grant_amount is not None and self.grant_amount > awarded:
            raise ValidationError(
                {
                    "grant_amount": _("The grant cannot exceed the %(awarded)s awarded.")
                    % {"awarded": zl(awarded)}
                }
            )


# --- review --------------------------------------------------------------------------


class ReviewerAssignment(models.Model):
    """A reviewer assigned to score the applications of a call."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        ordering = ["call", "reviewer__last_name", "reviewer__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "reviewer"],
                name="assignment_one_per_call_and_reviewer",
                violation_error_message=_("This reviewer is already assigned to the call."),
            )
        ]

    def __str__(self):
        return f"{self.reviewer} – {self.call}"


class ConflictDeclaration(models.Model):
    """A reviewer's declaration about one applicant organisation in a call.

    No application of the call is shown to the reviewer until every applicant
    organisation has one; declaring a conflict excludes the reviewer from that
    organisation's application.
    """

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="declarations"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")
        ordering = ["call", "reviewer", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "reviewer", "organisation"],
                name="declaration_one_per_reviewer_and_organisation",
            )
        ]

    def __str__(self):
        return f"{self.reviewer} / {self.organisation}"


class Review(models.Model):
    """One reviewer's scores (karta oceny) for one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    comment = models.TextField(_("comment"))
    # Kept in step with the scores by services.review_save.
    total_points = models.PositiveSmallIntegerField(_("points"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "reviewer__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="review_one_per_application_and_reviewer",
            )
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


# --- money ----------------------------------------------------------------------------


class RegrantingEnvelopeQuerySet(models.QuerySet):
    def with_figures(self):
        """Each envelope with what its centre granted, paid, settled and got back in the
        year, in the same query (services.envelope_figures reads them; see there)."""
        money = models.DecimalField(**MONEY)

        def total(queryset, group: str, amount) -> Coalesce:
            sums = queryset.order_by().values(group).annotate(total=Sum(amount)).values("total")
            return Coalesce(Subquery(sums, output_field=money), ZERO, output_field=money)

        centre, year = OuterRef("centre"), OuterRef("year")
        awards = Application.objects.filter(
            call__organiser=centre, call__opens_at__year=year, status__in=GRANTED
        )
        projects = Project.objects.filter(centre=centre, kind=Project.Kind.REGRANTING).filter(
            Q(
                application__status__in=GRANTED,
                application__call__organiser=centre,
                application__call__opens_at__year=year,
            )
            | Q(application__isnull=True, starts_on__year=year)
        )
        # A project paid before the amount paid was recorded counts its grant as paid.
        paid_amount = Coalesce("paid_amount", "grant_amount")
        paid = projects.filter(paid_on__isnull=False)
        settled = projects.filter(settled_on__isnull=False)
        return self.annotate(
            awards_granted=total(awards, "call__organiser", "awarded_amount"),
            direct_granted=total(
                projects.filter(application__isnull=True), "centre", "grant_amount"
            ),
            paid_total=total(paid, "centre", paid_amount),
            settled_total=total(settled, "centre", "grant_amount"),
            returned_total=total(settled, "centre", paid_amount - F("grant_amount")),
        )


class RegrantingEnvelope(models.Model):
    """The money a regranting centre has for its micro-grants in a year."""

    centre = models.ForeignKey(
        "centres.Centre",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="envelopes",
        limit_choices_to={"kind": "regranting"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("envelope (zł)"), **MONEY, validators=[MinValueValidator(ZERO)])

    objects = RegrantingEnvelopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("regranting envelope")
        verbose_name_plural = _("regranting envelopes")
        ordering = ["-year", "centre__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="envelope_one_per_centre_and_year",
                violation_error_message=_("This centre already has an envelope for the year."),
            )
        ]

    def __str__(self):
        return f"{self.centre} {self.year}"

    def clean(self):
        from centres.models import Centre

        if self.centre_id and self.centre.kind != Centre.Kind.REGRANTING:
            raise ValidationError({"centre": _("Only a regranting centre has an envelope.")})


# --- the final report -------------------------------------------------------------------


class FinalReportQuerySet(models.QuerySet):
    def for_report_page(self):
        """With the results, costs and files the report's page (and its form) show."""
        return self.prefetch_related(
            models.Prefetch("results", ReportResult.objects.select_related("expected")),
            models.Prefetch("costs", ReportCost.objects.select_related("line")),
            "files",
        )


class FinalReport(models.Model):
    """The grantee's final report (sprawozdanie końcowe) on a funded task."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="final_report",
    )
    summary = models.TextField(_("what was done"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = FinalReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self):
        return str(self.application)


class ReportResult(models.Model):
    """What was achieved of one expected result."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="results")
    expected = models.ForeignKey(
        ExpectedResult,
        verbose_name=_("expected result"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    achieved_value = models.PositiveIntegerField(_("achieved"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("result achieved")
        verbose_name_plural = _("results achieved")
        ordering = ["expected__position", "expected__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "expected"], name="report_result_once")
        ]

    def __str__(self):
        return f"{self.expected}: {self.achieved_value}"


class ReportCost(models.Model):
    """What one budget line actually cost, split as the budget splits it."""

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="costs")
    line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE, related_name="+"
    )
    from_grant = models.DecimalField(
        _("from the grant (zł)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    own_financial = models.DecimalField(
        _("own financial (zł)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    own_non_financial = models.DecimalField(
        _("own non-financial (zł)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["line__position", "line__pk"]
        constraints = [models.UniqueConstraint(fields=["report", "line"], name="report_cost_once")]

    def __str__(self):
        return str(self.line)

    @property
    def total(self) -> Decimal:
        return self.from_grant + self.own_financial + self.own_non_financial


def report_file_path(instance, filename: str) -> str:
    import uuid

    return f"reports/{instance.report.application_id}/{uuid.uuid4().hex}"


class ReportFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        DOCUMENT = "document", _("document")

    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=report_file_path)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:report_file", args=[self.report.application_id, self.pk])
