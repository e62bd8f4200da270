"""The budget's arithmetic and the call's money rules, in Decimal only.

The budget step shows these sums and rules as the user types by asking the server
(views.application_budget_check, from static/js/application-budget.js): the browser
does no arithmetic of its own.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def within(total: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """The parts as they are if they fit in the total; else scaled down in proportion,
    to the grosz, summing to the total exactly (the grosze rounded off go to the
    largest part). 2000 awarded of 1500 + 1000 requested: 1200 + 800."""
    whole = sum(parts, ZERO)
    if whole <= total:
        return list(parts)
    shares = [(total * part / whole).quantize(CENT, rounding=ROUND_DOWN) for part in parts]
    largest = max(range(len(parts)), key=lambda i: parts[i])
    shares[largest] += total - sum(shares, ZERO)
    return shares


def line_total(unit_cost: Decimal, quantity: Decimal) -> Decimal:
    return money(unit_cost * quantity)


def zl(value: Decimal) -> str:
    """10000.5 -> '10 000,50 zł' (Polish: space between thousands, decimal comma)."""
    text = f"{money(value):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0zł"


@dataclass(frozen=True)
class Totals:
    total: Decimal
    requested: Decimal
    own_financial: Decimal
    own_non_financial: Decimal
    own_counted: Decimal

    @property
    def own_share(self) -> Decimal:
        """The counted own contribution as a percentage of the total cost."""
        if self.total == ZERO:
            return ZERO
        return money(self.own_counted * HUNDRED / self.total)


def totals(lines: Iterable, *, non_financial_counts: bool) -> Totals:
    """Sum budget lines (objects with unit_cost, quantity, requested, own_… attributes)."""
    total = requested = own_financial = own_non_financial = ZERO
    for line in lines:
        total += line_total(line.unit_cost, line.quantity)
        requested += money(line.requested)
        own_financial += money(line.own_financial)
        own_non_financial += money(line.own_non_financial)
    own_counted = own_financial + (own_non_financial if non_financial_counts else ZERO)
    return Totals(total, requested, own_financial, own_non_financial, own_counted)


def line_error(line) -> str | None:
    """A line's parts must add up to its cost (unit cost × quantity)."""
    cost = line_total(line.unit_cost, line.quantity)
    parts = money(line.requested) + money(line.own_financial) + money(line.own_non_financial)
    if parts != cost:
        return _(
            "The grant and own contributions add up to %(parts)s, but the line costs %(cost)s "
            "(unit cost × quantity)."
        ) % {"parts": zl(parts), "cost": zl(cost)}
    return None


def call_errors(t: Totals, call) -> dict[str, list[str]]:
    """Where the budget breaks the call's rules, by the total at fault ("total",
    "requested", "own_share"), each as a sentence for the applicant."""
    errors: dict[str, list[str]] = {}
    if t.total == ZERO:
        errors["total"] = [_("Add at least one cost to the budget.")]
        return errors
    if t.requested < call.min_amount:
        errors.setdefault("requested", []).append(
            _("The grant requested (%(amount)s) is below this call's minimum of %(limit)s.")
            % {"amount": zl(t.requested), "limit": zl(call.min_amount)}
        )
    if t.requested > call.max_amount:
        errors.setdefault("requested", []).append(
            _("The grant requested (%(amount)s) is above this call's maximum of %(limit)s.")
            % {"amount": zl(t.requested), "limit": zl(call.max_amount)}
        )
    if t.requested > call.budget_pool:
        errors.setdefault("requested", []).append(
            _("The grant requested (%(amount)s) is above the call's whole pool of %(limit)s.")
            % {"amount": zl(t.requested), "limit": zl(call.budget_pool)}
        )
    if t.own_share < call.own_contribution_share:
        if call.non_financial_counts:
            message = _(
                "Your own contribution is %(share)s%% of the total cost; this call requires "
                "at least %(required)s%%."
            )
        else:
            message = _(
                "Your own financial contribution is %(share)s%% of the total cost; this call "
                "requires at least %(required)s%% (volunteer work and in-kind contributions "
                "do not count here)."
            )
        errors["own_share"] = [
            message
            % {
                "share": f"{t.own_share}".replace(".", ","),
                "required": f"{call.own_contribution_share}".replace(".", ","),
            }
        ]
    return errors


def task_period_errors(call, start, end) -> dict[str, str]:
    """The task's dates against the call's allowed period and longest task."""
    errors = {}
    if start and end and end < start:
        errors["end_date"] = _("The task cannot end before it starts.")
        return errors
    if start and call.task_earliest_start and start < call.task_earliest_start:
        errors["start_date"] = _("In this call the task may start on %(date)s at the earliest.") % {
            "date": call.task_earliest_start.strftime("%d.%m.%Y")
        }
    if end and call.task_latest_end and end > call.task_latest_end:
        errors["end_date"] = _("In this call the task must end by %(date)s.") % {
            "date": call.task_latest_end.strftime("%d.%m.%Y")
        }
    days = (end - start).days + 1 if start and end else None
    if days and call.max_task_days and days > call.max_task_days:
        errors["end_date"] = _(
            "The task lasts %(days)d days; this call allows at most %(max)d days."
        ) % {"days": days, "max": call.max_task_days}
    return errors
