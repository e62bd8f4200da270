"""The applications list's dates by submission (grants_admin.datetime_hierarchy): the
years found by probing each year, and otherwise Django's own drill-down, the same links."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.test import RequestFactory

from grants.models import Application
from grants.templatetags.grants_admin import datetime_hierarchy

from .factories import ApplicationFactory, CallFactory, warsaw


def changelist(officer, query=""):
    request = RequestFactory().get(f"/admin/grants/application/{query}")
    request.user = officer
    return admin.site._registry[Application].get_changelist_instance(request)


def submitted_at(*moments):
    call = CallFactory()
    for moment in moments:
        application = ApplicationFactory(call=call)
        Application.objects.filter(pk=application.pk).update(submitted_at=moment)


# Midnight on New Year's Eve in Warsaw is still the old year in UTC: the years are local.
SEVERAL_YEARS = [
    warsaw(2019, 5, 1),
    warsaw(2021, 1, 1, 0, 30),
    warsaw(2021, 7, 1),
    warsaw(2024, 3, 3),
]


@pytest.mark.parametrize(
    ("moments", "query"),
    [
        (SEVERAL_YEARS, ""),
        (SEVERAL_YEARS, "?status__exact=draft"),
        (SEVERAL_YEARS, "?submitted_at__year=2021"),
        (SEVERAL_YEARS, "?submitted_at__year=2021&submitted_at__month=7"),
        ([warsaw(2024, 3, 3), warsaw(2024, 9, 1)], ""),  # one year: its months
        ([warsaw(2024, 3, 3), warsaw(2024, 3, 20)], ""),  # one month: its days
        ([], ""),
    ],
)
def test_the_dates_are_djangos_own(officer, moments, query):
    submitted_at(*moments)
    cl = changelist(officer, query)
    assert datetime_hierarchy(cl) == date_hierarchy(cl)


def test_the_years_are_those_with_applications_in_local_time(officer):
    submitted_at(*SEVERAL_YEARS)
    ApplicationFactory(call=CallFactory())  # a draft: not submitted, no year
    choices = datetime_hierarchy(changelist(officer))["choices"]
    assert [c["title"] for c in choices] == ["2019", "2021", "2024"]
    assert choices[0]["link"] == "?submitted_at__year=2019"


def test_the_years_follow_the_lists_filters(officer):
    submitted_at(*SEVERAL_YEARS)
    found = Application.objects.filter(submitted_at__year__in=[2019, 2024])
    found.update(title="Ogród sensoryczny")
    choices = datetime_hierarchy(changelist(officer, "?q=sensoryczny"))["choices"]
    assert [c["title"] for c in choices] == ["2019", "2024"]


def test_the_list_shows_the_years_in_two_queries(client, officer, django_assert_max_num_queries):
    submitted_at(*SEVERAL_YEARS)
    client.force_login(officer)
    client.get("/admin/grants/application/")
    with django_assert_max_num_queries(12) as captured:
        page = client.get("/admin/grants/application/").content.decode()
    assert '<a href="?submitted_at__year=2021">2021</a>' in page
    assert [q["sql"] for q in captured if "TRUNC" in q["sql"].upper()] == []
