from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from .workflow import ACTIVE, EDITABLE, Status

# The law (art. 19a of the act on public benefit activity) caps a small grant.
SMALL_GRANT_MAX_AMOUNT = Decimal("10000.00")
SMALL_GRANT_MAX_DAYS = 90

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


def private_storage():
    return storages["private"]


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
    published = models.BooleanField(_("published"), default=True)
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

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
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

    def task_days(self) -> int | None:
        if self.start_date and self.end_date:
            return (self.end_date - self.start_date).days + 1
        return None


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
        from .budget import line_total

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


class Project(models.Model):
    """A realised project: a regranting grant, or a grassroots initiative a centre supported.

    Together they are the "projects realised" of the yearly report. A regranting grant
    comes from an awarded application; a grassroots initiative is recorded by the centre's
    staff directly, with no call and no grant.
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
