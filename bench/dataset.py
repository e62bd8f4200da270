"""A deterministic city-scale dataset: ten programme years of a programme like Poznań's.

`build(scale=…)` fills an empty, migrated database whose areas were imported from the
real boundaries (the 42 osiedla). One builder per app, run in the order of STEPS; each
takes the shared `Build` (the plan, a seeded random generator, the moment the data is
anchored to, what earlier builders made) and returns how many rows it made. When a new
app or model lands (the review, the reports), add its builder to STEPS.

Fast by design: rows are made with bulk_create, and no row is validated one by one; the
first row of each kind goes through full_clean so that a model rule the generator breaks
shows at once. Dates are relative to the moment of the build, so that every run has
calls open now and trainings and events to come.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from centres import geo
from centres.models import Area, Centre
from events.models import Event
from front.roles import PROGRAMME_OFFICER, roles_sync
from grants.models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    Call,
    Criterion,
    ExpectedResult,
    NumberSequence,
    Project,
    RequiredAttachment,
    ScheduleItem,
)
from grants.workflow import Status
from organisations.models import InformalGroupMember, Membership, Organisation
from reports.models import Report
from reports.services import report_publish
from signups.models import Registration, SignupList, person_key
from trainings.models import Attendance, Session, Training, TrainingGroup

WARSAW = ZoneInfo("Europe/Warsaw")
SEED = 2017
BATCH = 2000
CENT = Decimal("0.01")
PASSWORD = "bench-password-42"
OFFICIAL_EMAIL = "urzednik@bench.example.org"


@dataclass(frozen=True)
class Plan:
    """How many rows of each kind; the full city (SCALE=1) is the issue's figure."""

    years: int = 10
    organisations: int = 3000
    centres: int = 60
    calls: int = 400
    applications: int = 20000
    projects: int = 8000
    trainings: int = 750
    events: int = 750
    registrations: int = 60000


FULL = Plan()
# Below these a page would lose what it shows (a regranting centre, an open call…).
SMALLEST = Plan(
    years=10,
    organisations=40,
    centres=6,
    calls=12,
    applications=40,
    projects=20,
    trainings=10,
    events=10,
    registrations=40,
)


def plan_for(scale: float) -> Plan:
    if scale <= 0:
        raise ValueError("SCALE must be above 0")
    return Plan(
        **{
            f.name: max(getattr(SMALLEST, f.name), round(getattr(FULL, f.name) * scale))
            for f in fields(Plan)
            if f.name != "years"
        }
    )


@dataclass
class Build:
    plan: Plan
    now: datetime
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    areas: list = field(default_factory=list)
    owners: dict = field(default_factory=dict)  # organisation pk -> its owner (a user)
    organisations: list = field(default_factory=list)
    formal: list = field(default_factory=list)  # the organisations that are not informal groups
    official: object = None
    centres: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    signup_lists: list = field(default_factory=list)  # (list, kind, past?) of each offering
    trainings: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def first_day(self) -> date:
        """The programme's first day: 1 January, ten years back including this one."""
        return date(timezone.localtime(self.now).year - self.plan.years + 1, 1, 1)

    @property
    def today(self) -> date:
        return timezone.localtime(self.now).date()

    def moment(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)

    def spread(self, i: int, n: int, *, until: date) -> date:
        """The i-th of n days spread evenly from the programme's first day to `until`."""
        span = (until - self.first_day).days
        return self.first_day + timedelta(days=int(span * i / max(n, 1)))

    def split(self, total: int, weights: list[float]) -> list[int]:
        """`total` split in proportion to `weights`, whole numbers adding up exactly."""
        scale = total / sum(weights)
        parts = [int(w * scale) for w in weights]
        for i in sorted(range(len(weights)), key=lambda i: parts[i] - weights[i] * scale)[
            : total - sum(parts)
        ]:
            parts[i] += 1
        return parts


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _check_first(objects: list, exclude: list[str] | None = None) -> None:
    """The model's own rules on one row of the kind (all rows are made the same way)."""
    if objects:
        objects[0].full_clean(exclude=exclude, validate_unique=False)


@contextmanager
def dates_as_given(*models):
    """Let bulk_create keep the dates the generator sets: auto_now(_add) would make every
    row "created now", and the pages order by these dates."""
    changed = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


# --- accounts and organisations ----------------------------------------------------------

FORMS = ["association"] * 45 + ["foundation"] * 35 + ["other"] * 10 + ["informal_group"] * 10
WORDS = [
    "Sąsiedzka", "Aktywne", "Zielone", "Razem", "Otwarte", "Kulturalne", "Młodzieżowe",
    "Senioralne", "Podwórkowe", "Obywatelskie", "Twórcze", "Rowerowe", "Historyczne",
]  # fmt: skip
PREFIX = {
    "association": "Stowarzyszenie",
    "foundation": "Fundacja",
    "other": "Klub",
    "informal_group": "Grupa nieformalna",
}


def build_organisations(b: Build) -> dict[str, int]:
    """Organisations, each with an owner account, and one official (programme officer)."""
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: every bench account shares it
    n = b.plan.organisations
    organisations = []
    for i in range(n):
        form = FORMS[i % len(FORMS)]
        organisations.append(
            Organisation(
                name=f"{PREFIX[form]} {b.rng.choice(WORDS)} Osiedla nr {i + 1}",
                legal_form=form,
                krs="" if form == "informal_group" else f"{1_000_000 + i:010d}",
                street=f"ul. Testowa {i % 200 + 1}",
                postal_code=f"6{i % 2}-{i % 900 + 100:03d}",
                city="Poznań",
                email=f"biuro{i}@org.bench.example.org",
                phone=f"61 {i % 900 + 100} {i % 90 + 10} {i % 90 + 10}",
            )
        )
    _check_first(organisations)
    b.organisations = _bulk(Organisation, organisations)
    b.formal = [o for o in b.organisations if not o.is_informal_group]
    groups = [o for o in b.organisations if o.is_informal_group]
    _bulk(
        InformalGroupMember,
        [
            InformalGroupMember(organisation=o, full_name=f"Członkini {k + 1} grupy {o.pk}")
            for o in groups
            for k in range(Organisation.MIN_GROUP_MEMBERS)
        ],
    )
    users = [
        User(
            username=f"wnioskodawca{i}@bench.example.org",
            email=f"wnioskodawca{i}@bench.example.org",
            first_name=b.rng.choice(["Anna", "Piotr", "Ewa", "Marek", "Joanna", "Tomasz"]),
            last_name=b.rng.choice(["Nowak", "Kowalska", "Wiśniewski", "Zielińska", "Wójcik"]),
            password=password,
        )
        for i in range(n)
    ]
    official = User(
        username=OFFICIAL_EMAIL,
        email=OFFICIAL_EMAIL,
        first_name="Urzędniczka",
        last_name="Benchmarkowa",
        password=password,
        is_staff=True,
    )
    users = _bulk(User, [*users, official])
    b.official = users.pop()
    roles_sync()
    b.official.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    _bulk(
        EmailAddress,
        [
            EmailAddress(user=u, email=u.email, verified=True, primary=True)
            for u in users + [b.official]
        ],
    )
    memberships = [
        Membership(organisation=o, user=u, role=Membership.Role.OWNER)
        for o, u in zip(b.organisations, users, strict=True)
    ]
    _bulk(Membership, memberships)
    b.owners = {o.pk: u for o, u in zip(b.organisations, users, strict=True)}
    return {
        "organisations": n,
        "group_members": len(groups) * Organisation.MIN_GROUP_MEMBERS,
        "users": n + 1,
        "memberships": n,
    }


# --- centres ------------------------------------------------------------------------------


def point_in(area: Area, rng: random.Random) -> tuple[Decimal, Decimal]:
    """A point inside the area's real boundary (tried at random within its bounding box)."""
    for _ in range(1000):
        lat = rng.uniform(area.bbox_south, area.bbox_north)
        lon = rng.uniform(area.bbox_west, area.bbox_east)
        lat, lon = round(Decimal(lat), 6), round(Decimal(lon), 6)
        if geo.contains(area.boundary, float(lat), float(lon)):
            return lat, lon
    raise ValueError(f"no point found inside {area}")


def build_centres(b: Build) -> dict[str, int]:
    """Centres over the 42 areas: one regranting centre in eight, a mobile one in ten."""
    b.areas = list(Area.objects.with_boundary().order_by("name"))
    if not b.areas:
        raise RuntimeError("No area has a boundary: import the real areas first.")
    operators = b.formal
    n = b.plan.centres
    regranting = max(1, n // 8)
    centres = []
    for i in range(n):
        kind = Centre.Kind.REGRANTING if i < regranting else Centre.Kind.NEIGHBOURHOOD
        area = b.areas[(i - regranting) % len(b.areas)]
        mobile = kind == Centre.Kind.NEIGHBOURHOOD and i % 10 == 0
        lat, lon = point_in(
            area if kind == Centre.Kind.NEIGHBOURHOOD else b.rng.choice(b.areas), b.rng
        )
        start_year = b.first_day.year + (0 if i < n // 2 else b.rng.randrange(b.plan.years))
        # Most centres run on; one in five stopped at the end of a year.
        until = None
        if kind == Centre.Kind.NEIGHBOURHOOD and i % 5 == 4 and start_year < b.today.year:
            until = date(b.rng.randrange(start_year, b.today.year), 12, 31)
        name = (
            f"Centrum Inicjatyw Lokalnych – Regrantingowe nr {i + 1}"
            if kind == Centre.Kind.REGRANTING
            else f"Centrum Inicjatyw Lokalnych: {area.name} ({i + 1})"
        )
        centres.append(
            Centre(
                name=("Mobilne " + name) if mobile else name,
                slug=f"cil-{i + 1:03d}",
                kind=kind,
                mobile=mobile,
                area=area if kind == Centre.Kind.NEIGHBOURHOOD else None,
                operator=operators[i % len(operators)],
                street="" if mobile else f"ul. Centralna {i + 1}",
                postal_code="" if mobile else "61-001",
                latitude=lat,
                longitude=lon,
                email=f"cil{i + 1}@bench.example.org",
                phone="61 000 00 00",
                opening_hours="pon.–pt. 10:00–18:00",
                description="Centrum wspiera mieszkańców w realizacji inicjatyw oddolnych. " * 3,
                active_from=date(start_year, 1, 1),
                active_until=until,
            )
        )
    _check_first(centres)
    b.centres = _bulk(Centre, centres)
    return {"centres": n}


# --- grants -------------------------------------------------------------------------------

KIND_RULES = {
    # kind: (pool, min, max, max task days)
    Call.Kind.REGRANTING: (Decimal("100000.00"), Decimal("500.00"), Decimal("5000.00"), None),
    Call.Kind.SMALL_GRANT: (Decimal("100000.00"), Decimal("2000.00"), Decimal("10000.00"), 90),
    Call.Kind.OPEN_COMPETITION: (
        Decimal("300000.00"),
        Decimal("5000.00"),
        Decimal("50000.00"),
        None,
    ),
}
CLOSED_MIX = (
    [Status.SUBMITTED] * 84
    + [Status.WITHDRAWN] * 6
    + [Status.DRAFT] * 4
    + [Status.CORRECTION_REQUESTED] * 3
    + [Status.CORRECTED] * 3
)
OPEN_MIX = [Status.DRAFT] * 60 + [Status.SUBMITTED] * 40
CATEGORIES = [c for c, _ in BudgetLine.Category.choices]
TOPICS = [
    "Sąsiedzkie podwórko", "Festyn osiedlowy", "Kino plenerowe", "Warsztaty dla seniorów",
    "Ogród społeczny", "Historia naszej ulicy", "Rowerem po osiedlu", "Biblioteka sąsiedzka",
    "Zajęcia dla dzieci", "Spacer badawczy", "Mural na osiedlu", "Klub planszówek",
]  # fmt: skip


def _calls(b: Build) -> list[Call]:
    """Calls spread over the ten years; the last few open now, two more upcoming."""
    regranting = [c for c in b.centres if c.kind == Centre.Kind.REGRANTING]
    neighbourhood = [c for c in b.centres if c.kind == Centre.Kind.NEIGHBOURHOOD]
    n = b.plan.calls
    calls = []
    for i in range(n):
        kind = [Call.Kind.REGRANTING, Call.Kind.REGRANTING, Call.Kind.SMALL_GRANT][i % 3]
        if i % 10 == 9:
            kind = Call.Kind.OPEN_COMPETITION
        pool, low, high, days = KIND_RULES[kind]
        if i >= n - 2:  # upcoming
            opens = b.now + timedelta(days=10 + 7 * (n - i))
        elif i >= n - 4:  # open now, closing within a month
            opens = b.now - timedelta(days=20)
        else:
            opens = b.moment(b.spread(i, n - 4, until=b.today - timedelta(days=50)), 9)
        closes = opens + timedelta(days=30 + 5 * (i % 4), hours=7)
        organiser = None
        if kind == Call.Kind.REGRANTING:
            organiser = regranting[i % len(regranting)]
        elif kind == Call.Kind.SMALL_GRANT and i % 2:
            organiser = neighbourhood[i % len(neighbourhood)]
        year = timezone.localtime(opens).year
        calls.append(
            Call(
                kind=kind,
                organiser=organiser,
                title=f"{Call.Kind(kind).label.capitalize()} {year} – nabór {i + 1}",
                slug=f"nabor-{year}-{i + 1:03d}",
                summary="Wsparcie dla działań mieszkańców, organizacji i grup nieformalnych.",
                description="Nabór wspiera małe projekty, które ożywiają osiedla. " * 5,
                rules="Wymagany wkład własny: 10% kosztów. " * 3,
                eligible_legal_forms=["association", "foundation", "other"],
                informal_groups_allowed=kind == Call.Kind.REGRANTING,
                budget_pool=pool,
                min_amount=low,
                max_amount=high,
                own_contribution_share=Decimal("10.00"),
                non_financial_counts=kind != Call.Kind.SMALL_GRANT,
                task_earliest_start=(closes + timedelta(days=14)).date(),
                task_latest_end=(closes + timedelta(days=380)).date(),
                max_task_days=days,
                opens_at=opens,
                closes_at=closes,
            )
        )
    _check_first(calls)
    return _bulk(Call, calls)


def _budget(b: Build, application: Application, call: Call) -> list[BudgetLine]:
    """Two to four lines adding up: 84% from the grant, 11% own money, 5% volunteer work."""
    _pool, low, high, _days = KIND_RULES[call.kind]
    requested_target = Decimal(b.rng.randrange(int(low), int(high * Decimal("0.95")), 10))
    total_target = requested_target / Decimal("0.84")
    count = b.rng.randint(2, 4)
    weights = [b.rng.uniform(1, 3) for _ in range(count)]
    lines = []
    for position, w in enumerate(weights):
        quantity = Decimal(b.rng.randint(1, 12))
        unit_cost = money(total_target * Decimal(w / sum(weights)) / quantity)
        cost = money(unit_cost * quantity)
        requested = money(cost * Decimal("0.84"))
        own_financial = money(cost * Decimal("0.11"))
        lines.append(
            BudgetLine(
                application=application,
                position=position,
                name=f"Pozycja kosztorysu {position + 1}",
                category=CATEGORIES[(position + application.call_id) % len(CATEGORIES)],
                unit="szt.",
                unit_cost=unit_cost,
                quantity=quantity,
                requested=requested,
                own_financial=own_financial,
                own_non_financial=cost - requested - own_financial,
            )
        )
    application.total_cost = sum((money(x.unit_cost * x.quantity) for x in lines), Decimal(0))
    application.requested_amount = sum((x.requested for x in lines), Decimal(0))
    return lines


def _between(b: Build, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * b.rng.random()


def _applications(b: Build) -> tuple[list[Application], dict[str, int]]:
    calls = [c for c in b.calls if c.opens_at <= b.now]
    counts = b.split(b.plan.applications, [b.rng.uniform(0.5, 1.5) for _ in calls])
    sequences: Counter = Counter()
    applications, lines, schedule, results, history = [], [], [], [], []
    for call, count in zip(calls, counts, strict=True):
        is_open = call.closes_at > b.now
        end = min(call.closes_at, b.now)
        mix = OPEN_MIX if is_open else CLOSED_MIX
        start_date = call.task_earliest_start + timedelta(days=b.rng.randrange(20))
        eligible = b.organisations if call.informal_groups_allowed else b.formal
        for organisation in b.rng.sample(eligible, min(count, len(eligible))):
            status = b.rng.choice(mix)
            owner = b.owners[organisation.pk]
            created = _between(b, call.opens_at, end)
            submitted = _between(b, created, end) if status != Status.DRAFT else None
            if status == Status.WITHDRAWN and b.rng.random() < 0.5:
                submitted = None  # withdrawn while still a draft
            number = ""
            if submitted:
                prefix = (
                    f"CIL/{timezone.localtime(call.opens_at).year}/{call.NUMBER_LETTERS[call.kind]}"
                )
                sequences[prefix] += 1
                number = f"{prefix}/{sequences[prefix]:03d}"
            application = Application(
                call=call,
                organisation=organisation,
                status=status,
                number=number,
                created_by=owner,
                created_at=created,
                updated_at=submitted or created,
                submitted_at=submitted,
                submitted_by=owner if submitted else None,
                contact_name=owner.get_full_name(),
                contact_email=owner.email,
                contact_phone=organisation.phone,
                title=f"{b.rng.choice(TOPICS)} {call.pk}-{organisation.pk}",
                place=f"Poznań, {b.rng.choice(b.areas).name}",
                start_date=start_date,
                end_date=start_date + timedelta(days=60),
                summary="Mieszkańcy wspólnie przygotują działanie dla sąsiadów. " * 4,
                target_group="Mieszkańcy osiedla, rodziny z dziećmi i seniorzy.",
                declaration=True,
                rodo_consent=True,
            )
            if status == Status.CORRECTION_REQUESTED:
                application.correction_sections = [Application.Section.BUDGET]
                application.correction_until = call.closes_at + timedelta(days=21)
            lines += _budget(b, application, call)
            schedule.append(
                ScheduleItem(
                    application=application,
                    activity="Przygotowanie i realizacja działania",
                    starts_on=application.start_date,
                    ends_on=application.end_date,
                )
            )
            results.append(
                ExpectedResult(
                    application=application,
                    description="Uczestnicy działania",
                    target_value=b.rng.randint(20, 200),
                    measured_by="lista obecności i zdjęcia",
                )
            )
            history += _history(b, application, owner)
            applications.append(application)
    _check_first(applications)
    with dates_as_given(Application):
        applications = _bulk(Application, applications)
    for rows in (lines, schedule, results, history):
        for row in rows:
            row.application_id = row.application.pk
    _check_first(lines, exclude=["application"])
    _bulk(BudgetLine, lines)
    _bulk(ScheduleItem, schedule)
    _bulk(ExpectedResult, results)
    _bulk(ApplicationEvent, history)
    # Later submissions continue the numbering where the generated ones stop.
    _bulk(NumberSequence, [NumberSequence(prefix=p, last=n) for p, n in sequences.items()])
    return applications, {
        "budget_lines": len(lines),
        "schedule_items": len(schedule),
        "expected_results": len(results),
        "history_entries": len(history),
    }


def _history(b: Build, application: Application, owner) -> list[ApplicationEvent]:
    """The history entries the workflow would have written for the application's state."""
    if not application.submitted_at:
        if application.status == Status.WITHDRAWN:
            return [
                _event(
                    application,
                    "withdraw",
                    Status.DRAFT,
                    Status.WITHDRAWN,
                    owner,
                    application.created_at,
                )
            ]
        return []
    at = application.submitted_at
    events = [_event(application, "submit", Status.DRAFT, Status.SUBMITTED, owner, at)]
    later = at + timedelta(days=3)
    if application.status == Status.WITHDRAWN:
        events.append(
            _event(application, "withdraw", Status.SUBMITTED, Status.WITHDRAWN, owner, later)
        )
    if application.status in (Status.CORRECTION_REQUESTED, Status.CORRECTED):
        events.append(
            _event(
                application,
                "request_correction",
                Status.SUBMITTED,
                Status.CORRECTION_REQUESTED,
                b.official,
                later,
            )
        )
    if application.status == Status.CORRECTED:
        events.append(
            _event(
                application,
                "correct",
                Status.CORRECTION_REQUESTED,
                Status.CORRECTED,
                owner,
                later + timedelta(days=2),
            )
        )
    return events


def _event(application, transition, source, target, by, at) -> ApplicationEvent:
    return ApplicationEvent(
        application=application,
        transition=transition,
        from_status=source,
        to_status=target,
        by=by,
        at=at,
    )


def _projects(b: Build) -> list[Project]:
    """Realised projects: regranting grants from submitted applications (45%) and
    grassroots initiatives of the neighbourhood centres."""
    n = b.plan.projects
    regranting_centres = [c for c in b.centres if c.kind == Centre.Kind.REGRANTING]
    neighbourhood = [c for c in b.centres if c.kind == Centre.Kind.NEIGHBOURHOOD]
    funded = [
        a
        for a in b.applications
        if a.status == Status.SUBMITTED
        and a.call.kind == Call.Kind.REGRANTING
        and a.end_date < b.today
    ]
    funded = b.rng.sample(funded, min(len(funded), n * 45 // 100))
    projects = []
    for i, a in enumerate(funded):
        projects.append(
            Project(
                kind=Project.Kind.REGRANTING,
                title=a.title,
                centre=a.call.organiser or regranting_centres[0],
                organisation=a.organisation,
                area=b.rng.choice(b.areas),
                application=a,
                agreement_number=f"UM/{a.end_date.year}/{i + 1:05d}",
                starts_on=a.start_date,
                ends_on=a.end_date,
                grant_amount=a.requested_amount,
                total_cost=a.total_cost,
                participants=b.rng.randint(10, 200),
            )
        )
    grassroots = n - len(projects)
    for i in range(grassroots):
        centre = neighbourhood[i % len(neighbourhood)]
        ends = b.spread(i, grassroots, until=b.today)
        projects.append(
            Project(
                kind=Project.Kind.GRASSROOTS,
                title=f"{b.rng.choice(TOPICS)} – inicjatywa {i + 1}",
                centre=centre,
                organisation=b.rng.choice(b.organisations) if i % 2 else None,
                area=centre.area,
                starts_on=ends - timedelta(days=b.rng.randint(1, 120)),
                ends_on=ends,
                total_cost=money(b.rng.randint(200, 8000)),
                participants=b.rng.randint(5, 300),
            )
        )
    for p in projects:
        p.created_at = p.updated_at = b.moment(p.ends_on)
    _check_first(projects)
    with dates_as_given(Project):
        return _bulk(Project, projects)


def build_grants(b: Build) -> dict[str, int]:
    """Calls with criteria and a required attachment, applications with their budgets,
    schedules, results and history, and the realised projects."""
    b.calls = _calls(b)
    criteria, required = [], []
    for call in b.calls:
        for position, (name, points) in enumerate(
            [("Zgodność z celami naboru", 10), ("Udział mieszkańców", 10), ("Realność budżetu", 5)]
        ):
            criteria.append(Criterion(call=call, name=name, max_points=points, position=position))
        required.append(RequiredAttachment(call=call, name="Statut organizacji"))
    _bulk(Criterion, criteria)
    _bulk(RequiredAttachment, required)
    b.applications, counts = _applications(b)
    projects = _projects(b)
    return {
        "calls": len(b.calls),
        "applications": len(b.applications),
        **counts,
        "projects": len(projects),
    }


# --- trainings and events -----------------------------------------------------------------

TRAINING_TOPICS = [
    "Organizowanie społeczności lokalnej", "Jak napisać wniosek o mikrogrant",
    "Rozliczanie małych grantów", "Komunikacja w grupie sąsiedzkiej", "Fundraising lokalny",
    "Wolontariat na osiedlu", "Prawo dla organizacji pozarządowych", "Moderowanie debat",
]  # fmt: skip


def _when(b: Build, i: int, n: int) -> date:
    """The i-th of n items from the programme's start to four months ahead."""
    return b.spread(i, n, until=b.today + timedelta(days=120))


def _organiser(b: Build, i: int) -> dict:
    if i % 10 < 4:
        return {"organiser_centre": b.centres[i % len(b.centres)]}
    if i % 10 < 7:
        return {"organiser_organisation": b.organisations[i % len(b.organisations)]}
    return {}


def build_trainings(b: Build) -> dict[str, int]:
    """Trainings of one to five weekly sessions, two report groups a year, sign-up lists."""
    n = b.plan.trainings
    by_year = {
        year: [
            TrainingGroup(
                name=f"Cykle szkoleń {year} ({k + 1})",
                report_sentence=f"cykle szkoleń dla organizacji i mieszkańców ({year})",
            )
            for k in range(2)
        ]
        for year in range(b.first_day.year, _when(b, n, n).year + 1)
    }
    groups = _bulk(TrainingGroup, [g for pair in by_year.values() for g in pair])
    trainings, sessions, lists = [], [], []
    for i in range(n):
        first = _when(b, i, n)
        count = b.rng.randint(1, 5)
        starts = [b.moment(first + timedelta(days=7 * k), 17) for k in range(count)]
        enabled = i % 10 != 0
        capacity = b.rng.choice([None, 20, 25, 30, 40])
        slug = f"szkolenie-{i + 1:05d}"
        title = f"{TRAINING_TOPICS[i % len(TRAINING_TOPICS)]} – edycja {i + 1}"
        signup_list = SignupList(
            title=title,
            url_path=f"/trainings/{slug}/",
            starts_at=starts[0],
            accepts_signups=enabled,
            capacity=capacity,
        )
        lists.append(signup_list)
        training = Training(
            title=title,
            slug=slug,
            description="Praktyczne szkolenie z ćwiczeniami i materiałami. " * 4,
            **_organiser(b, i),
            place_name="Sala szkoleniowa CIL",
            address="ul. Centralna 1, Poznań",
            signups_enabled=enabled,
            capacity=capacity,
            topic=TRAINING_TOPICS[i % len(TRAINING_TOPICS)],
            audience="Organizacje pozarządowe i grupy nieformalne",
            trainer="Zespół trenerów CIL",
            group=b.rng.choice(by_year[first.year]) if i % 5 < 2 else None,
            report_sentence="" if i % 5 < 4 else f"szkolenie „{title}”",
            published=i % 20 != 0,
            signup_list=signup_list,
            created_at=starts[0] - timedelta(days=30),
            updated_at=starts[0] - timedelta(days=30),
        )
        trainings.append(training)
        for k, start in enumerate(starts):
            sessions.append(
                Session(
                    training=training,
                    title=f"Spotkanie {k + 1}",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                )
            )
        b.signup_lists.append((signup_list, "training", starts[-1] < b.now))
    _bulk(SignupList, lists)
    for t in trainings:
        t.signup_list_id = t.signup_list.pk
    _check_first(trainings)
    with dates_as_given(Training):
        b.trainings = _bulk(Training, trainings)
    for s in sessions:
        s.training_id = s.training.pk
    _bulk(Session, sessions)
    return {"trainings": n, "training_sessions": len(sessions), "training_groups": len(groups)}


def build_events(b: Build) -> dict[str, int]:
    """Events of every kind; open-entry ones in the past have a recorded count."""
    n = b.plan.events
    kinds = [k for k, _ in Event.Kind.choices]
    events, lists = [], []
    for i in range(n):
        starts = b.moment(_when(b, i, n), 18)
        enabled = i % 4 != 0
        capacity = b.rng.choice([None, 50, 80, 120, 200]) if enabled else None
        slug = f"wydarzenie-{i + 1:05d}"
        kind = kinds[i % len(kinds)]
        title = f"{Event.Kind(kind).label.capitalize()} na osiedlu nr {i + 1}"
        past = starts < b.now
        signup_list = SignupList(
            title=title,
            url_path=f"/events/{slug}/",
            starts_at=starts,
            accepts_signups=enabled,
            capacity=capacity,
        )
        lists.append(signup_list)
        events.append(
            Event(
                title=title,
                slug=slug,
                description="Spotkanie dla mieszkańców i organizacji. " * 4,
                **_organiser(b, i + 3),
                place_name="Dom Kultury",
                address="ul. Kulturalna 3, Poznań",
                latitude=Decimal("52.408200"),
                longitude=Decimal("16.933500"),
                signups_enabled=enabled,
                capacity=capacity,
                kind=kind,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                report_sentence=f"wydarzenie „{title}”" if i % 3 == 0 else "",
                participants_recorded=b.rng.randint(30, 300) if past and not enabled else None,
                participants_estimate=past and not enabled and i % 3 == 0,
                published=i % 20 != 1,
                signup_list=signup_list,
                created_at=starts - timedelta(days=45),
                updated_at=starts - timedelta(days=45),
            )
        )
        b.signup_lists.append((signup_list, "event", past))
    _bulk(SignupList, lists)
    for e in events:
        e.signup_list_id = e.signup_list.pk
    _check_first(events)
    with dates_as_given(Event):
        b.events = _bulk(Event, events)
    return {"events": n}


# --- sign-ups -----------------------------------------------------------------------------

STATUS_MIX = (
    [Registration.Status.CONFIRMED] * 85
    + [Registration.Status.CANCELLED] * 10
    + [Registration.Status.PENDING] * 5
)


def build_signups(b: Build) -> dict[str, int]:
    """Registrations over the sign-up lists (the capacity decides who waits), attendance
    ticked at past events and at the sessions of past trainings."""
    lists = [(sl, kind, past) for sl, kind, past in b.signup_lists if sl.accepts_signups]
    counts = b.split(b.plan.registrations, [(sl.capacity or 60) for sl, _, _ in lists])
    pool = max(1000, b.plan.registrations // 3)
    registrations = []
    confirmed_by_list = defaultdict(list)
    for (signup_list, kind, past), count in zip(lists, counts, strict=True):
        confirmed = 0
        for person in b.rng.sample(range(pool), min(count, pool)):
            status = b.rng.choice(STATUS_MIX)
            created = signup_list.starts_at - timedelta(
                days=b.rng.randint(1, 30), minutes=person % 600
            )
            waiting_since = None
            if status == Registration.Status.CONFIRMED:
                if signup_list.capacity is not None and confirmed >= signup_list.capacity:
                    status, waiting_since = Registration.Status.WAITING, created
                else:
                    confirmed += 1
            r = Registration(
                signup_list=signup_list,
                full_name=f"Mieszkanka {person}",
                email=f"mieszkanka{person}@bench.example.org",
                person_key=person_key(f"mieszkanka{person}@bench.example.org"),
                organisation="" if person % 3 else f"Rada Osiedla nr {person % 42 + 1}",
                needs_step_free=person % 17 == 0,
                consent=True,
                status=status,
                attended=kind == "event"
                and past
                and status == "confirmed"
                and b.rng.random() < 0.75,
                created_at=created,
                confirmed_at=created + timedelta(hours=1)
                if status in ("confirmed", "waiting")
                else None,
                waiting_since=waiting_since,
                cancelled_at=created + timedelta(days=1) if status == "cancelled" else None,
            )
            r.updated_at = r.cancelled_at or r.confirmed_at or created
            registrations.append(r)
            if status == Registration.Status.CONFIRMED and kind == "training" and past:
                confirmed_by_list[signup_list.pk].append(r)
    _check_first(registrations)
    with dates_as_given(Registration):
        _bulk(Registration, registrations)
    attendance = []
    sessions = Session.objects.filter(training__signup_list_id__in=list(confirmed_by_list))
    for session in sessions.select_related("training").order_by("pk"):
        for r in confirmed_by_list[session.training.signup_list_id]:
            if b.rng.random() < 0.75:
                attendance.append(Attendance(session=session, registration=r))
    _bulk(Attendance, attendance)
    return {"registrations": len(registrations), "training_attendance": len(attendance)}


# --- reports ------------------------------------------------------------------------------


def largest_year() -> int:
    """The year with the most realised projects: the heaviest yearly report."""
    row = (
        Project.objects.values("ends_on__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-ends_on__year")
        .first()
    )
    return row["ends_on__year"] if row else timezone.localdate().year


def build_reports(b: Build) -> dict[str, int]:
    """The heaviest year published, as an official publishes it (figures frozen, PDF
    stored), so that its page is what residents read on the morning of publication."""
    report = Report.objects.create(year=largest_year())
    report_publish(report=report, by=b.official)
    return {"published_reports": 1}


# One builder per app, in dependency order. Add the review builder here.
STEPS: list[tuple[str, Callable[[Build], dict[str, int]]]] = [
    ("organisations", build_organisations),
    ("centres", build_centres),
    ("grants", build_grants),
    ("trainings", build_trainings),
    ("events", build_events),
    ("signups", build_signups),
    ("reports", build_reports),
]


def build(*, scale: float, now: datetime | None = None, report=print) -> dict[str, int]:
    """Fill the (migrated, empty but for the areas) database; return the rows made."""
    import time as clock

    b = Build(plan=plan_for(scale), now=(now or timezone.now()).replace(second=0, microsecond=0))
    counts: dict[str, int] = {"areas": Area.objects.with_boundary().count()}
    for name, step in STEPS:
        started = clock.perf_counter()
        with transaction.atomic():
            made = step(b)
        counts.update(made)
        report(
            f"  {name}: {', '.join(f'{v} {k}' for k, v in made.items())} "
            f"({clock.perf_counter() - started:.1f} s)"
        )
    if connection.vendor == "postgresql":
        # Planner statistics, as a database that grew over years has them; right after a
        # bulk load PostgreSQL would plan for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
