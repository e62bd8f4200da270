from decimal import Decimal
from types import SimpleNamespace

import pytest

from grants import budget

from .factories import CallFactory


def line(unit_cost, quantity, requested="0", own_financial="0", own_non_financial="0"):
    return SimpleNamespace(
        unit_cost=Decimal(unit_cost),
        quantity=Decimal(quantity),
        requested=Decimal(requested),
        own_financial=Decimal(own_financial),
        own_non_financial=Decimal(own_non_financial),
    )


def test_it_adds_up_in_exact_decimal_cents():
    # 0.1 + 0.2 is not 0.3 in floating point; in the budget it is.
    t = budget.totals(
        [line("0.10", "1", "0.10"), line("0.20", "1", "0.20")], non_financial_counts=True
    )
    assert t.total == Decimal("0.30")
    assert t.requested == Decimal("0.30")
    assert all(isinstance(v, Decimal) for v in vars(t).values())


def test_a_line_costs_unit_cost_times_quantity_rounded_half_up():
    assert budget.line_total(Decimal("33.33"), Decimal("1.5")) == Decimal("50.00")  # 49.995
    assert budget.line_total(Decimal("12.34"), Decimal("3")) == Decimal("37.02")


def test_the_own_share_counts_non_financial_only_where_the_call_says_so():
    lines = [line("100", "10", "800", "100", "100")]
    assert budget.totals(lines, non_financial_counts=True).own_share == Decimal("20.00")
    assert budget.totals(lines, non_financial_counts=False).own_share == Decimal("10.00")


def test_it_flags_a_line_whose_parts_do_not_add_up():
    assert budget.line_error(line("100", "2", "150", "40")) is not None
    assert budget.line_error(line("100", "2", "150", "40", "10")) is None


@pytest.mark.parametrize(
    "requested, field",
    [("999.99", "requested"), ("5000.01", "requested")],
)
def test_it_refuses_a_request_outside_the_calls_amounts(db, requested, field):
    call = CallFactory(min_amount=Decimal("1000"), max_amount=Decimal("5000"))
    total = Decimal(requested) * 2
    t = budget.totals(
        [line(str(total), "1", requested, str(total - Decimal(requested)))],
        non_financial_counts=True,
    )
    assert field in budget.call_errors(t, call)


def test_it_accepts_the_exact_minimum_and_maximum(db):
    call = CallFactory(min_amount=Decimal("1000"), max_amount=Decimal("5000"))
    for requested in ("1000.00", "5000.00"):
        t = budget.totals(
            [line("10000", "1", requested, str(10000 - Decimal(requested)))],
            non_financial_counts=True,
        )
        assert budget.call_errors(t, call) == {}


def test_it_refuses_a_request_above_the_pool(db):
    call = CallFactory(budget_pool=Decimal("3000"), max_amount=Decimal("3000"))
    t = budget.totals([line("4000", "1", "3000.01", "999.99")], non_financial_counts=True)
    messages = budget.call_errors(t, call)["requested"]
    assert len(messages) == 2  # above the maximum and above the pool


def test_it_refuses_too_small_an_own_contribution(db):
    call = CallFactory(own_contribution_share=Decimal("10"))
    t = budget.totals([line("2000", "1", "1801", "199")], non_financial_counts=True)
    assert "own_share" in budget.call_errors(t, call)
    t = budget.totals([line("2000", "1", "1800", "200")], non_financial_counts=True)
    assert budget.call_errors(t, call) == {}


def test_it_checks_the_task_period(db):
    from datetime import date

    call = CallFactory(
        task_earliest_start=date(2027, 1, 1), task_latest_end=date(2027, 6, 30), max_task_days=90
    )
    assert "start_date" in budget.task_period_errors(call, date(2026, 12, 31), date(2027, 1, 5))
    assert "end_date" in budget.task_period_errors(call, date(2027, 6, 1), date(2027, 7, 1))
    assert budget.task_period_errors(call, date(2027, 1, 1), date(2027, 3, 31)) == {}  # 90 days
    assert "end_date" in budget.task_period_errors(call, date(2027, 1, 1), date(2027, 4, 1))


def test_no_float_in_money_code():
    import inspect

    from grants import budget as module
    from grants import services

    for source in (inspect.getsource(module), inspect.getsource(services)):
        assert "float(" not in source


def test_zl_formats_polish_money():
    assert budget.zl(Decimal("10000.5")) == "10\u00a0000,50\u00a0zł"


def test_parts_within_a_smaller_total_are_scaled_to_the_grosz():
    from grants.budget import within

    d = Decimal
    assert within(d("2000.00"), [d("1500.00"), d("1000.00")]) == [d("1200.00"), d("800.00")]
    thirds = within(d("100.00"), [d("100.00"), d("100.00"), d("100.00")])
    assert thirds == [d("33.34"), d("33.33"), d("33.33")] and sum(thirds) == d("100.00")
    assert within(d("3000.00"), [d("1500.00"), d("1000.00")]) == [d("1500.00"), d("1000.00")]
    assert within(d("0.00"), [d("10.00")]) == [d("0.00")]
