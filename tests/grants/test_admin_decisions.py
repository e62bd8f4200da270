"""The officials' admin: the applications list, the transition pages, the exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from openpyxl import load_workbook

from centres.models import Area
from front.roles import REVIEWER
from grants import services
from grants.models import Call, Criterion
from grants.workflow import Status
from tests.factories import OfficialFactory

from .factories import ApplicationFactory, CallFactory, in_state, warsaw


@pytest.fixture
def scored_call(now, officer):
    """A call with two criteria, three applications, two of them scored by a reviewer."""
    call = CallFactory(title="Mikrogranty 2026", slug="mikrogranty-2026")
    c1 = Criterion.objects.create(call=call, name="Zgodność z celami", max_points=10)
    c2 = Criterion.objects.create(call=call, name="Budżet", max_points=5)
    wilda = Area.objects.create(name="Wilda", slug="wilda")
    reviewer = OfficialFactory(email="rec@example.org")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    services.reviewer_assign(call=call, reviewer=reviewer, by=officer)
    apps = []
    for name, title in [
        ("Stowarzyszenie Rolna", "Zielone podwórko"),
        ("Fundacja Wilda", '=HYPERLINK("x")'),
        ("Klub Seniora", "Potańcówka"),
    ]:
        application = in_state(
            ApplicationFactory(call=call, organisation__name=name), Status.MERIT_REVIEW
        )
        application.title = title
        application.save()
        apps.append(application)
    apps[0].areas.add(wilda)
    services.conflict_declare(
        call=call, reviewer=reviewer, answers={a.organisation_id: (False, "") for a in apps}
    )
    services.review_save(
        application=apps[0], reviewer=reviewer, points={c1.pk: 9, c2.pk: 4}, comment="Dobry."
    )
    services.review_save(
        application=apps[1], reviewer=reviewer, points={c1.pk: 3, c2.pk: 1}, comment="Słaby."
    )
    return call, apps, wilda


def test_the_applications_list_has_the_columns_filters_and_search_officials_need(
    client, officer, scored_call
):
    call, apps, wilda = scored_call
    client.force_login(officer)
    page = client.get("/admin/grants/application/").content.decode()
    for header in (
        "Numer",
        "Organizacja",
        "Wnioskowana kwota",
        "Przyznana kwota",
        "Średnia ocena",
        "Status",
    ):
        assert header in page, header
    assert "13,00 / 15" in page
    by_score = client.get("/admin/grants/application/?score=high").content.decode()
    assert "Zielone podwórko" in by_score and "Potańcówka" not in by_score
    unscored = client.get("/admin/grants/application/?score=none").content.decode()
    assert "Potańcówka" in unscored and "Zielone podwórko" not in unscored
    in_area = client.get(f"/admin/grants/application/?areas__id__exact={wilda.pk}").content
    assert "Zielone podwórko" in in_area.decode() and "Potańcówka" not in in_area.decode()
    by_status = client.get("/admin/grants/application/?status__exact=merit_review").content
    assert "Potańcówka" in by_status.decode()
    by_call = client.get(f"/admin/grants/application/?call__id__exact={call.pk}").content
    assert "Potańcówka" in by_call.decode()
    found = client.get("/admin/grants/application/?q=Klub Seniora").content.decode()
    assert "Potańcówka" in found and "Zielone podwórko" not in found
    assert (
        "Potańcówka"
        in client.get(f"/admin/grants/application/?q={apps[2].number}").content.decode()
    )


def test_the_applications_list_keeps_its_query_count_as_it_grows(
    client, officer, now, django_assert_max_num_queries
):
    client.force_login(officer)
    call = CallFactory()
    for size in (2, 10):
        while call.applications.count() < size:
            in_state(ApplicationFactory(call=call), Status.MERIT_REVIEW)
        with django_assert_max_num_queries(12):
            assert client.get("/admin/grants/application/").status_code == 200


def test_an_official_checks_awards_and_signs_through_the_admin_pages(
    client, officer, now, django_capture_on_commit_callbacks
):
    call = CallFactory(budget_pool=Decimal("3000.00"), max_amount=Decimal("3000.00"))
    application = in_state(ApplicationFactory(call=call), Status.SUBMITTED)
    client.force_login(officer)
    change = client.get(f"/admin/grants/application/{application.pk}/change/").content.decode()
    assert "Sadzonki" in change and "2\u00a0300,00" in change  # the readable budget
    base = f"/admin/grants/application/{application.pk}/transition"
    assert f"{base}/accept_formally/" in change
    assert f"{base}/award/" not in change  # not from this state
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{base}/accept_formally/", {"note": ""}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.MERIT_REVIEW
    assert len(mail.outbox) == 1
    refused = client.post(f"{base}/award/", {"amount": "2500.00", "note": ""})
    assert refused.status_code == 200
    assert "2\u00a0000,00" in refused.content.decode()  # above the request, beside the field
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{base}/award/", {"amount": "1800.00"}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == (Status.AWARDED, Decimal("1800"))
    signed = client.post(
        f"{base}/sign_agreement/",
        {"agreement_number": "UM/7/2026", "agreement_signed_on": "2026-11-25", "note": ""},
    )
    assert signed.status_code == 302
    application.refresh_from_db()
    assert application.agreement_number == "UM/7/2026"
    assert client.get(f"{base}/submit/").status_code == 404  # the applicant's, not here


def test_awarding_again_in_the_admin_changes_nothing_and_says_so(
    client, officer, now, django_capture_on_commit_callbacks
):
    application = in_state(ApplicationFactory(call=CallFactory()), Status.MERIT_REVIEW)
    client.force_login(officer)
    url = f"/admin/grants/application/{application.pk}/transition/award/"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"amount": "1800.00"}, follow=True)
    assert "Wnioskodawca dostanie wiadomość e-mail" in first.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"amount": "1800.00"}, follow=True)
    page = again.content.decode()
    assert "nic nie zmieniono" in page and "dostanie wiadomość" not in page
    other = client.post(url, {"amount": "1500.00"})
    assert other.status_code == 200
    assert "1\u00a0800,00" in other.context["form"].errors["amount"][0]
    application.refresh_from_db()
    assert application.awarded_amount == Decimal("1800.00")
    assert len(mail.outbox) == 1  # one decision, one e-mail


def test_bulk_actions_move_the_selected_and_report_the_refused(client, officer, now):
    call = CallFactory()
    ready = in_state(ApplicationFactory(call=call), Status.SUBMITTED)
    draft = in_state(ApplicationFactory(call=call), Status.DRAFT)
    client.force_login(officer)
    response = client.post(
        "/admin/grants/application/",
        {"action": "accept_formally", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (Status.MERIT_REVIEW, Status.DRAFT)
    shown = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("success", "1 wniosek: Poprawny formalnie: do oceny merytorycznej.") in shown
    assert (
        "error",
        f"{draft}: Nie można tego zrobić z wnioskiem o statusie: szkic.",
    ) in shown


def test_a_reviewer_cannot_open_the_applications_admin_or_make_transitions(
    client, scored_call, officer
):
    call, apps, _ = scored_call
    reviewer = call.reviewers.get()
    client.force_login(reviewer)
    assert client.get("/admin/grants/application/").status_code == 403
    assert client.get(f"/admin/grants/application/{apps[0].pk}/change/").status_code == 403
    assert (
        client.post(f"/admin/grants/application/{apps[0].pk}/transition/award/").status_code == 403
    )
    assert client.get(f"/admin/grants/call/{call.pk}/export.xlsx").status_code == 404


@pytest.mark.parametrize("declared", ["nothing yet", "a conflict"])
def test_a_reviewer_cannot_export_a_call_from_the_calls_list(client, officer, now, declared):
    call = CallFactory()
    application = in_state(
        ApplicationFactory(call=call, organisation__name="Fundacja Żony Recenzenta"),
        Status.MERIT_REVIEW,
    )
    reviewer = OfficialFactory(email="rec@example.org")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    services.reviewer_assign(call=call, reviewer=reviewer, by=officer)
    if declared == "a conflict":
        services.conflict_declare(
            call=call, reviewer=reviewer, answers={application.organisation_id: (True, "żona")}
        )
    client.force_login(reviewer)
    listing = client.get("/admin/grants/call/").content.decode()
    assert call.title in listing  # the reviewer reaches the call, to review it
    assert 'value="export_xlsx"' not in listing and 'value="export_csv"' not in listing
    for action in ("export_xlsx", "export_csv"):
        response = client.post(
            "/admin/grants/call/", {"action": action, "_selected_action": [call.pk], "index": 0}
        )
        assert response.status_code == 403
        assert "Content-Disposition" not in response
        assert "Fundacja Żony Recenzenta" not in response.content.decode("utf-8", "replace")


def test_the_xlsx_export_holds_the_calls_applications_and_scores(client, officer, scored_call):
    call, apps, _ = scored_call
    client.force_login(officer)
    response = client.get(f"/admin/grants/call/{call.pk}/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "numer",
        "organizacja",
        "forma prawna",
        "tytuł zadania",
        "osiedla",
        "status",
        "koszt całkowity (zł)",
        "wnioskowana kwota (zł)",
        "przyznana kwota (zł)",
        "oceny",
        "Zgodność z celami (średnia, max 10)",
        "Budżet (średnia, max 5)",
        "średnia ocena",
        "maksimum punktów",
        "data złożenia",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    first = by_number[apps[0].number]
    assert first[1] == "Stowarzyszenie Rolna"
    assert first[4] == "Wilda"
    assert first[7] == 2000 and first[8] is None
    assert (first[9], first[10], first[11], first[12], first[13]) == (1, 9, 4, 13, 15)
    assert by_number[apps[1].number][3] == '\'=HYPERLINK("x")'  # never a formula
    assert by_number[apps[2].number][12] is None  # not reviewed yet
    assert len(rows) == 4


def test_the_csv_export_has_the_same_columns(client, officer, scored_call):
    call, apps, _ = scored_call
    client.force_login(officer)
    response = client.get(f"/admin/grants/call/{call.pk}/export.csv")
    text = response.getvalue().decode("utf-8-sig")  # streamed
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "numer" and rows[0][-3] == "średnia ocena"
    first = next(r for r in rows if r[0] == apps[0].number)
    assert first[7] == "2000,00" and first[12] == "13,00"
    # The same export from the list of calls, as an action.
    assert 'value="export_csv"' in client.get("/admin/grants/call/").content.decode()
    action = client.post(
        "/admin/grants/call/", {"action": "export_csv", "_selected_action": [call.pk]}
    )
    assert action.getvalue().decode("utf-8-sig") == text


def test_the_calls_list_shows_what_each_call_awarded_in_constant_queries(
    client, officer, now, django_assert_max_num_queries
):
    client.force_login(officer)
    for size in (1, 5):
        while Call.objects.count() < size:
            call = CallFactory()
            in_state(ApplicationFactory(call=call), Status.AWARDED, awarded="1500.00")
        with django_assert_max_num_queries(12):
            page = client.get("/admin/grants/call/").content.decode()
    assert page.count("1\u00a0500,00\u00a0zł") == 5


def test_a_correction_date_in_the_past_is_refused_beside_the_field(client, officer, now):
    application = in_state(ApplicationFactory(call=CallFactory()), Status.SUBMITTED)
    client.force_login(officer)
    url = f"/admin/grants/application/{application.pk}/transition/request_correction/"
    # 22 Nov 2026 12:00 in Warsaw: 11:30 the same day has passed (10:30 UTC).
    response = client.post(
        url,
        {
            "note": "Proszę poprawić opis.",
            "correction_sections": ["task"],
            "correction_until": "2026-11-22T11:30",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["correction_until"] == [
        "Termin poprawek (22 listopada 2026, 11:30 czasu polskiego) już minął: "
        "podaj datę w przyszłości."
    ]
    assert form["note"].value() == "Proszę poprawić opis."  # nothing lost
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    ahead = client.post(
        url,
        {
            "note": "Proszę poprawić opis.",
            "correction_sections": ["task"],
            "correction_until": "2026-11-22T12:30",
        },
    )
    assert ahead.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CORRECTION_REQUESTED
    assert application.correction_until == warsaw(2026, 11, 22, 12, 30)


@pytest.mark.parametrize("typed", ["-5", "0"])
def test_awarding_nothing_or_less_is_refused_beside_the_amount(client, officer, now, typed):
    application = in_state(ApplicationFactory(call=CallFactory()), Status.MERIT_REVIEW)
    client.force_login(officer)
    url = f"/admin/grants/application/{application.pk}/transition/award/"
    response = client.post(url, {"amount": typed, "note": "Dobra ocena."})
    assert response.status_code == 200
    form = response.context["form"]
    shown = "-5,00\u00a0zł" if typed == "-5" else "0,00\u00a0zł"
    assert form.errors["amount"] == [
        f"Przyznana kwota musi być większa niż 0 zł (podano {shown}); aby nic nie "
        "przyznawać, wpisz wniosek na listę rezerwową albo go odrzuć."
    ]
    assert not form.non_field_errors()
    page = response.content.decode()
    assert f'value="{typed}"' in page and "Dobra ocena." in page  # nothing lost
    application.refresh_from_db()
    assert (application.status, application.awarded_amount) == (Status.MERIT_REVIEW, None)


def test_a_reviewer_is_offered_none_of_the_officials_actions(client, officer, scored_call):
    call, _apps, _ = scored_call
    reviewer = call.reviewers.get()
    client.force_login(reviewer)
    listing = client.get("/admin/grants/call/")
    assert call.title in listing.content.decode()
    # No action at all is left to a reviewer: Django then shows no actions bar.
    assert listing.context["action_form"] is None
    response = client.post(
        "/admin/grants/call/",
        {"action": "publish_results", "_selected_action": [call.pk], "index": 0},
    )
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.results_published_at is None
    client.force_login(officer)
    offered = client.get("/admin/grants/call/").content.decode()
    for action in ("publish_results", "export_xlsx", "export_csv"):
        assert f'value="{action}"' in offered
    applications = client.get("/admin/grants/application/").content.decode()
    for action in ("accept_formally", "put_on_reserve", "pay", "export_xlsx", "export_csv"):
        assert f'value="{action}"' in applications


def test_a_viewer_of_applications_is_offered_no_decisions(client, now):
    from django.contrib.auth.models import Permission

    viewer = OfficialFactory()
    viewer.user_permissions.set(Permission.objects.filter(codename="view_application"))
    in_state(ApplicationFactory(call=CallFactory()), Status.SUBMITTED)
    client.force_login(viewer)
    page = client.get("/admin/grants/application/")
    assert page.status_code == 200
    assert page.context["action_form"] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_application_of_several_calls_exports_at_once(client, officer, scored_call, fmt):
    """All applications selected across calls ("select all"): one file, each row naming its
    call; the criteria differ between calls, so only the average and maximum are given."""
    call, apps, _ = scored_call
    other = in_state(
        ApplicationFactory(
            call=CallFactory(title="Inicjatywy 2026"), organisation__name="Koło Gospodyń"
        ),
        Status.MERIT_REVIEW,
    )
    client.force_login(officer)
    response = client.post(
        "/admin/grants/application/",
        {"action": f"export_{fmt}", "select_across": "1", "index": "0",
         "_selected_action": [other.pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="wnioski.{fmt}"'
    if fmt == "csv":
        text = response.getvalue().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(response.getvalue())).active
        rows = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["numer", "nabór", "organizacja"]
    assert rows[0][-4:] == ["oceny", "średnia ocena", "maksimum punktów", "data złożenia"]
    by_org = {row[2]: row for row in rows[1:]}
    assert set(by_org) == {
        "Stowarzyszenie Rolna",
        "Fundacja Wilda",
        "Klub Seniora",
        "Koło Gospodyń",
    }
    assert by_org["Koło Gospodyń"][1] == "Inicjatywy 2026"
    assert by_org["Stowarzyszenie Rolna"][1] == "Mikrogranty 2026"
    assert by_org["Stowarzyszenie Rolna"][-4] == "1"  # one review
    assert by_org["Fundacja Wilda"][4] == '\'=HYPERLINK("x")'  # never a formula
