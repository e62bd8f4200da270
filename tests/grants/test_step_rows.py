"""The list steps (schedule, results, budget) save what the page sends back: saved rows
sent back unchanged stay, a changed row changes, a filled blank row is added, and a row
emptied or ticked for removal goes."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from grants.forms import BudgetFormSet
from grants.models import BudgetLine


class _FormData(HTMLParser):
    """What a browser submits for the page's form, as rendered (no typing)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def page_form(client, url, **changes) -> dict:
    parser = _FormData()
    parser.feed(client.get(url).content.decode())
    data = {k: v for k, v in parser.data.items() if k != "csrfmiddlewaretoken"}
    return {**data, **changes}


@pytest.fixture
def two_lines(complete_application):
    BudgetLine.objects.create(
        application=complete_application,
        position=1,
        name="Ławki",
        category="materials",
        unit="szt.",
        unit_cost=Decimal("400.00"),
        quantity=Decimal("2"),
        requested=Decimal("700.00"),
        own_financial=Decimal("100.00"),
    )
    complete_application.total_cost = Decimal("3100.00")
    complete_application.requested_amount = Decimal("2700.00")
    complete_application.save()
    return complete_application


def budget(application):
    application.refresh_from_db()
    return (
        [(line.name, line.requested) for line in application.budget_lines.all()],
        application.total_cost,
        application.requested_amount,
    )


@pytest.mark.parametrize(
    "section, rows",
    [
        ("schedule", lambda a: list(a.schedule_items.values_list("activity", "starts_on"))),
        ("results", lambda a: list(a.results.values_list("description", "target_value"))),
        ("budget", lambda a: list(a.budget_lines.values_list("name", "requested"))),
    ],
)
def test_saving_a_step_unchanged_keeps_every_saved_row(
    now, client, owner, two_lines, section, rows
):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/{section}/"
    before = rows(two_lines)
    assert before
    response = client.post(url, page_form(client, url, next="1"))
    assert response.status_code == 302
    assert rows(two_lines) == before


def test_changing_one_budget_line_keeps_the_others_and_the_totals_follow(
    now, client, owner, two_lines
):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/budget/"
    data = page_form(
        client, url, **{"lines-1-requested": "600.00", "lines-1-own_financial": "200.00"}
    )
    assert client.post(url, {**data, "next": "1"}).status_code == 302
    assert budget(two_lines) == (
        [("Sadzonki", Decimal("2000.00")), ("Ławki", Decimal("600.00"))],
        Decimal("3100.00"),
        Decimal("2600.00"),
    )


def test_a_line_filled_in_a_blank_row_joins_the_saved_ones(now, client, owner, two_lines):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/budget/"
    new = {
        "lines-2-name": "Farby",
        "lines-2-category": "materials",
        "lines-2-unit": "l",
        "lines-2-unit_cost": "50",
        "lines-2-quantity": "4",
        "lines-2-requested": "200",
    }
    assert client.post(url, page_form(client, url, next="1", **new)).status_code == 302
    assert budget(two_lines) == (
        [
            ("Sadzonki", Decimal("2000.00")),
            ("Ławki", Decimal("700.00")),
            ("Farby", Decimal("200.00")),
        ],
        Decimal("3300.00"),
        Decimal("2900.00"),
    )


def test_a_saved_row_ticked_for_removal_goes(now, client, owner, two_lines):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/budget/"
    client.post(url, page_form(client, url, next="1", **{"lines-1-DELETE": "on"}))
    assert budget(two_lines) == (
        [("Sadzonki", Decimal("2000.00"))],
        Decimal("2300.00"),
        Decimal("2000.00"),
    )


def test_a_saved_row_emptied_goes(now, client, owner, two_lines):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/schedule/"
    two_lines.schedule_items.create(
        activity="Sprzątanie", starts_on=date(2027, 4, 1), ends_on=date(2027, 4, 2), position=1
    )
    emptied = {"items-0-activity": "", "items-0-starts_on": "", "items-0-ends_on": ""}
    assert client.post(url, page_form(client, url, next="1", **emptied)).status_code == 302
    assert list(two_lines.schedule_items.values_list("activity", flat=True)) == ["Sprzątanie"]


def test_the_formset_reads_saved_rows_sent_back_unchanged_as_rows():
    saved = [
        {
            "name": name,
            "category": "materials",
            "unit": "szt.",
            "unit_cost": Decimal(cost),
            "quantity": Decimal("1.00"),
            "requested": Decimal(cost),
            "own_financial": Decimal("0.00"),
            "own_non_financial": Decimal("0.00"),
        }
        for name, cost in [("Sadzonki", "20.00"), ("Ławki", "400.00")]
    ]
    data = {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "2",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-2-requested": "0.00",
        "lines-2-own_financial": "0.00",
        "lines-2-own_non_financial": "0.00",
    }
    for i, row in enumerate(saved):
        data.update({f"lines-{i}-{k}": str(v) for k, v in row.items()})
    formset = BudgetFormSet(data, prefix="lines", initial=saved)
    assert not any(form.has_changed() for form in formset.forms[2:])
    assert formset.is_valid(), formset.errors
    assert [row["name"] for row in formset.rows()] == ["Sadzonki", "Ławki"]


def test_without_script_save_and_add_more_rows_offers_more_blank_rows(
    now, client, owner, two_lines
):
    client.force_login(owner)
    url = f"/applications/{two_lines.pk}/edit/budget/"
    response = client.post(url, page_form(client, url, more="1"))
    assert response["Location"] == f"{url}?rows=4"  # the two left blank, and two more
    page = client.get(response["Location"]).content.decode()
    assert 'name="lines-TOTAL_FORMS" value="6"' in page
    assert budget(two_lines)[0] == [("Sadzonki", Decimal("2000.00")), ("Ławki", Decimal("700.00"))]


def check_post(application, **changes):
    data = {
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-0-name": "Sadzonki",
        "lines-0-category": "materials",
        "lines-0-unit": "szt.",
        "lines-0-unit_cost": "20.00",
        "lines-0-quantity": "115",
        "lines-0-requested": "2300",
        "lines-0-own_financial": "0",
        "lines-0-own_non_financial": "0",
        "lines-1-unit_cost": "40",
        "lines-1-quantity": "10",
        "lines-1-requested": "0.00",
        "lines-1-own_financial": "0.00",
        "lines-1-own_non_financial": "0.00",
    }
    return {**data, **changes}


def test_the_budget_check_sums_what_is_typed_on_the_server_and_saves_nothing(
    now, client, owner, complete_application
):
    client.force_login(owner)
    response = client.post(
        f"/applications/{complete_application.pk}/edit/budget/check/",
        check_post(complete_application),
    )
    assert response.status_code == 200
    data = response.json()
    # The row being typed (no name yet) counts toward the totals already.
    assert data["lines"] == [
        {"total": "2\u00a0300,00\u00a0zł", "error": ""},
        {
            "total": "400,00\u00a0zł",
            "error": "Dotacja i wkład własny dają razem 0,00\u00a0zł, a koszt pozycji to "
            "400,00\u00a0zł (koszt jednostkowy × liczba jednostek).",
        },
    ]
    assert data["totals"] == {
        "total-cost": "2\u00a0700,00\u00a0zł",
        "total-requested": "2\u00a0300,00\u00a0zł",
        "total-own-financial": "0,00\u00a0zł",
        "total-own-non-financial": "0,00\u00a0zł",
        "own-share": "0,00%",
    }
    assert data["messages"] == {
        "own_share": [
            "Twój wkład własny to 0,00% kosztów całkowitych; w tym naborze wymagane jest "
            "co najmniej 10,00%."
        ]
    }
    assert budget(complete_application)[0] == [("Sadzonki", Decimal("2000.00"))]


def test_the_budget_check_is_only_for_those_who_may_edit_the_budget(
    now, client, outsider, owner, complete_application
):
    url = f"/applications/{complete_application.pk}/edit/budget/check/"
    client.force_login(outsider)
    assert client.post(url, check_post(complete_application)).status_code == 404
    from grants import services

    services.application_submit(application=complete_application, by=owner)
    client.force_login(owner)
    assert client.post(url, check_post(complete_application)).status_code == 403
    assert client.get(url).status_code == 405


def test_the_budget_check_query_count_does_not_grow_with_lines(
    now, client, owner, complete_application, django_assert_max_num_queries
):
    client.force_login(owner)
    url = f"/applications/{complete_application.pk}/edit/budget/check/"

    def lines(n):
        data = {
            "lines-TOTAL_FORMS": str(n),
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "100",
        }
        for i in range(n):
            for key, value in {
                "name": f"Pozycja {i}",
                "category": "materials",
                "unit": "szt.",
                "unit_cost": "10",
                "quantity": "1",
                "requested": "10",
            }.items():
                data[f"lines-{i}-{key}"] = value
        return data

    for n in (1, 30):
        with django_assert_max_num_queries(5):
            response = client.post(url, lines(n))
        assert response.json()["totals"]["total-cost"] == f"{10 * n},00\u00a0zł"
