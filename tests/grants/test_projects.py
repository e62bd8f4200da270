"""Projects and final reports: the grantee reports online, the official settles or
returns it; grassroots initiatives recorded in the admin; a centre's projects."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from centres.models import Area, Centre
from front.roles import PROGRAMME_OFFICER, roles_sync
from grants import queries, services
from grants.models import FinalReport, Project, ReportFile
from grants.workflow import Status
from tests.factories import OfficialFactory
from tests.utils import committed_meanwhile, form_data

from .factories import ApplicationFactory, CallFactory, in_state

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def centre(db):
    return Centre.objects.create(
        name="CIL Regrantingowy",
        slug="cil-regrantingowy",
        kind="regranting",
        active_from="2016-01-01",
    )


@pytest.fixture
def grant(now, centre, organisation, member):
    """A regranting grant of 2 000 zł under way: agreement signed and paid."""
    call = CallFactory(kind="regranting", organiser=centre)
    application = in_state(ApplicationFactory(call=call, organisation=organisation), Status.AWARDED)
    officer = OfficialFactory()
    roles_sync()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    services.application_transition(
        application=application, name="sign_agreement", by=officer, agreement_number="UM/1/2026"
    )
    services.application_transition(application=application, name="pay", by=officer)
    application.refresh_from_db()
    application.officer = officer
    return application


def report_form(application, **overrides):
    [result] = application.results.all()
    [line] = application.budget_lines.all()
    data = {
        "save": "1",
        "summary": "Posadziliśmy 120 roślin z 45 sąsiadami.",
        "participants": "45",
        f"result_{result.pk}": "120",
        f"comment_{result.pk}": "Więcej niż planowaliśmy.",
        f"grant_{line.pk}": "1900.00",
        f"own_financial_{line.pk}": "0",
        f"own_non_financial_{line.pk}": "350.00",
    }
    data.update(overrides)
    return data


def test_the_grantee_files_the_final_report_online_and_submits_it(
    client, grant, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = f"/applications/{grant.pk}/report/"
    page = client.get(url).content.decode()
    assert "Sadzonki" in page and "Posadzone rośliny" in page
    response = client.post(url, report_form(grant))
    assert response.status_code == 302
    report = grant.final_report
    assert (report.participants, report.results.get().achieved_value) == (45, 120)
    assert report.costs.get().from_grant == Decimal("1900.00")
    photo = client.post(
        url,
        {"upload": "1", "kind": "photo", "file": SimpleUploadedFile("sadzenie.png", PNG)},
    )
    assert photo.status_code == 302
    stored = ReportFile.objects.get()
    assert stored.file.storage.location.endswith("private")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, report_form(grant, save="submit"))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Status.REPORT_SUBMITTED
    assert grant.final_report.submitted_at is not None
    # Frozen once submitted.
    assert client.post(url, report_form(grant, participants="99")).status_code == 404
    assert "Posadziliśmy" in client.get(url).content.decode()


def test_the_report_refuses_more_from_the_grant_than_awarded_and_keeps_what_was_typed(
    client, grant, member
):
    client.force_login(member)
    response = client.post(
        f"/applications/{grant.pk}/report/",
        report_form(
            grant,
            **{
                f"grant_{grant.budget_lines.get().pk}": "2000.01",
                f"own_non_financial_{grant.budget_lines.get().pk}": "0",
            },
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "przekraczają" in page or "exceed" in page
    assert "Posadziliśmy 120 roślin" in page

    assert not FinalReport.objects.exists()  # refused whole, nothing half-saved


def _input(page, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_every_error_of_the_report_is_tied_to_its_input(client, grant, member):
    [result], [line] = grant.results.all(), grant.budget_lines.all()
    client.force_login(member)
    url = f"/applications/{grant.pk}/report/"
    page = client.post(
        url, report_form(grant, **{f"result_{result.pk}": "-5", f"grant_{line.pk}": "-1"})
    ).content.decode()
    for name in (f"result_{result.pk}", f"grant_{line.pk}"):
        tag = _input(page, name)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="id_{name}_error"' in tag
        assert f'<div id="id_{name}_error" class="invalid-feedback">' in page
    assert "aria-invalid" not in _input(page, f"own_financial_{line.pk}")
    # More from the grant than awarded: one error under the costs, tied to each grant input.
    page = client.post(
        url,
        report_form(grant, **{f"grant_{line.pk}": "2000.01", f"own_non_financial_{line.pk}": "0"}),
    ).content.decode()
    tag = _input(page, f"grant_{line.pk}")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="costs-error"' in tag
    error = page[page.index('id="costs-error"') :]
    assert "przekraczają" in error[: error.index("</div>")]


def test_an_incomplete_report_cannot_be_submitted(grant, member):
    with pytest.raises(ValidationError) as e:
        services.application_transition(application=grant, name="submit_report", by=member)
    assert e.value.error_list[0].code == "incomplete_report"
    services.final_report_save(
        application=grant, by=member, summary="", participants=None, results={}, costs={}
    )
    with pytest.raises(ValidationError) as e:
        services.application_transition(application=grant, name="submit_report", by=member)
    assert len(e.value.messages) >= 4  # summary, participants, the result, the line


def test_a_photo_must_be_an_image_and_a_renamed_executable_is_refused(grant, member):
    with pytest.raises(ValidationError) as e:
        services.report_file_add(
            application=grant,
            by=member,
            upload=SimpleUploadedFile("zdjecie.png", PDF),
            kind="photo",
        )
    assert "file" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.report_file_add(
            application=grant,
            by=member,
            upload=SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00" + b"\x00" * 200),
            kind="document",
        )
    document = services.report_file_add(
        application=grant, by=member, upload=SimpleUploadedFile("faktura.pdf", PDF), kind="document"
    )
    assert document.content_type == "application/pdf"


def test_someone_else_gets_404_on_the_report_and_its_files(client, grant, member, outsider):
    document = services.report_file_add(
        application=grant, by=member, upload=SimpleUploadedFile("faktura.pdf", PDF), kind="document"
    )
    client.force_login(outsider)
    assert client.get(f"/applications/{grant.pk}/report/").status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.final_report_save(
            application=grant, by=outsider, summary="x", participants=1, results={}, costs={}
        )
    client.force_login(member)
    assert client.get(document.get_absolute_url()).status_code == 200


def submit_report(grant, member):
    [result] = grant.results.all()
    [line] = grant.budget_lines.all()
    services.final_report_save(
        application=grant,
        by=member,
        summary="Posadziliśmy 120 roślin.",
        participants=45,
        results={result.pk: (120, "")},
        costs={line.pk: (Decimal("1900.00"), Decimal("0"), Decimal("350.00"))},
    )
    return services.application_transition(application=grant, name="submit_report", by=member)


def test_the_official_settles_the_report_and_the_project_records_what_was_realised(grant, member):
    submit_report(grant, member)
    services.application_transition(application=grant, name="settle", by=grant.officer)
    project = Project.objects.get(application=grant)
    assert project.grant_amount == Decimal("1900.00")  # what the grant paid for
    assert project.total_cost == Decimal("2250.00")
    assert project.participants == 45
    assert project.settled_on == date(2026, 11, 22)
    assert project.paid_on == date(2026, 11, 22)
    assert Project.objects.realised_in(project.ends_on.year).get() == project


def test_a_returned_report_is_completed_and_submitted_again(client, grant, member):
    submit_report(grant, member)
    services.application_transition(
        application=grant, name="return_report", by=grant.officer, note="Dodajcie zdjęcia."
    )
    grant.refresh_from_db()
    assert grant.status == Status.REPORT_RETURNED
    client.force_login(member)
    page = client.get(grant.get_absolute_url()).content.decode()
    assert "Dodajcie zdjęcia." in page  # the remarks, in the history
    assert client.post(f"/applications/{grant.pk}/report/", report_form(grant)).status_code == 302
    services.application_transition(application=grant, name="submit_report", by=member)
    grant.refresh_from_db()
    assert grant.status == Status.REPORT_SUBMITTED


def test_the_official_reads_the_report_in_the_admin(client, grant, member):
    submit_report(grant, member)
    client.force_login(grant.officer)
    page = client.get(f"/admin/grants/application/{grant.pk}/change/").content.decode()
    assert f"/admin/grants/application/{grant.pk}/transition/settle/" in page
    assert f"/applications/{grant.pk}/report/" in page
    assert "Posadziliśmy" in client.get(f"/applications/{grant.pk}/report/").content.decode()
    response = client.post(
        f"/admin/grants/application/{grant.pk}/transition/return_report/", {"note": ""}
    )
    assert response.status_code == 200  # the remarks are required
    response = client.post(f"/admin/grants/application/{grant.pk}/transition/settle/", {"note": ""})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Status.SETTLED


def test_a_programme_officer_records_a_grassroots_initiative_in_the_admin(client, centre, db):
    roles_sync()
    officer = OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    client.force_login(officer)
    assert client.get("/admin/grants/project/add/").status_code == 200
    response = client.post(
        "/admin/grants/project/add/",
        {
            "kind": "grassroots",
            "title": "Sąsiedzka wigilia na Łazarzu",
            "centre": centre.pk,
            "starts_on": "2026-12-20",
            "ends_on": "2026-12-20",
            "grant_amount": "0",
            "total_cost": "850.00",
            "participants": "60",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get()
    assert (project.kind, project.total_cost, project.application) == (
        "grassroots",
        Decimal("850.00"),
        None,
    )
    refused = client.post(
        "/admin/grants/project/add/",
        {
            "kind": "grassroots",
            "title": "Inicjatywa z dotacją",
            "centre": centre.pk,
            "starts_on": "2026-12-20",
            "ends_on": "2026-12-20",
            "grant_amount": "100",
            "total_cost": "850.00",
        },
    )
    assert refused.status_code == 200
    assert Project.objects.count() == 1


def test_a_centres_page_lists_its_projects_and_its_areas_others(client, centre, db):
    area = Area.objects.create(name="Łazarz", slug="lazarz")
    local = Centre.objects.create(
        name="CIL Łazarz",
        slug="cil-lazarz",
        kind="neighbourhood",
        area=area,
        active_from="2016-01-01",
    )
    Project.objects.create(
        kind="grassroots",
        title="Sąsiedzka wigilia",
        centre=local,
        area=area,
        starts_on=date(2026, 12, 20),
        ends_on=date(2026, 12, 20),
        total_cost=Decimal("850"),
    )
    Project.objects.create(
        kind="regranting",
        title="Mural na Łazarzu",
        centre=centre,
        area=area,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 30),
        grant_amount=Decimal("4000"),
        total_cost=Decimal("4500"),
    )
    local_page = client.get(local.get_absolute_url()).content.decode()
    assert "Sąsiedzka wigilia" in local_page
    assert "Mural na Łazarzu" in local_page  # another centre's project in its area
    regranting_page = client.get(centre.get_absolute_url()).content.decode()
    assert "Mural na Łazarzu" in regranting_page and "Sąsiedzka wigilia" not in regranting_page
    assert [p.title for p in queries.projects_in_area(area, exclude_centre=local)] == [
        "Mural na Łazarzu"
    ]


def test_the_centres_page_query_count_does_not_grow_with_projects(
    client, centre, db, django_assert_max_num_queries
):
    for size in (1, 8):
        while Project.objects.count() < size:
            Project.objects.create(
                kind="regranting",
                title=f"Projekt {Project.objects.count()}",
                centre=centre,
                starts_on=date(2026, 5, 1),
                ends_on=date(2026, 6, 30),
                grant_amount=Decimal("1000"),
                total_cost=Decimal("1200"),
            )
        with django_assert_max_num_queries(12):
            assert client.get(centre.get_absolute_url()).status_code == 200


def test_a_grants_project_page_in_the_admin_shows_its_budget(client, grant):
    client.force_login(grant.officer)
    project = Project.objects.get(application=grant)
    page = client.get(f"/admin/grants/project/{project.pk}/change/").content.decode()
    assert "Sadzonki: 2\u00a0300,00\u00a0zł" in page
    assert "UM/1/2026" in page


def test_correcting_a_grants_project_in_the_admin_keeps_what_its_workflow_set_meanwhile(
    client, grant, member
):
    project = Project.objects.get(application=grant)
    url = f"/admin/grants/project/{project.pk}/change/"
    client.force_login(grant.officer)
    data = form_data(client.get(url).content.decode(), "project_form")
    data["title"] = ["Sąsiedzkie podwórko na Wildzie"]

    def settled_elsewhere():
        Project.objects.filter(pk=project.pk).update(
            grant_amount=Decimal("1900.00"),
            total_cost=Decimal("2250.00"),
            participants=45,
            settled_on=date(2026, 11, 23),
        )

    with committed_meanwhile([Project], settled_elsewhere):
        assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.title == "Sąsiedzkie podwórko na Wildzie"
    assert (project.grant_amount, project.participants, project.settled_on) == (
        Decimal("1900.00"),
        45,
        date(2026, 11, 23),
    )
    assert project.paid_on == date(2026, 11, 22)


def _direct_grant(centre, amount, **extra):
    return {
        "kind": "regranting",
        "title": "Grant przyznany poza portalem",
        "centre": centre.pk,
        "starts_on": "2026-03-01",
        "ends_on": "2026-04-01",
        "grant_amount": amount,
        "total_cost": "999999.00",
        **extra,
    }


def test_a_regranting_grant_recorded_without_an_application_must_fit_in_the_envelope(
    client, centre, now
):
    from grants.models import RegrantingEnvelope

    roles_sync()
    officer = OfficialFactory()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    client.force_login(officer)
    refused = client.post("/admin/grants/project/add/", _direct_grant(centre, "999999.00"))
    assert refused.status_code == 200
    assert "2026" in refused.context["adminform"].form.errors["grant_amount"][0]  # no envelope
    RegrantingEnvelope.objects.create(centre=centre, year=2026, amount=Decimal("30000.00"))
    in_state(
        ApplicationFactory(call=CallFactory(kind="regranting", organiser=centre)),
        Status.AWARDED,
        awarded="2000.00",
    )
    refused = client.post("/admin/grants/project/add/", _direct_grant(centre, "28000.01"))
    assert "28\u00a0000,00\u00a0zł" in refused.context["adminform"].form.errors["grant_amount"][0]
    assert not Project.objects.exists()
    assert (
        client.post("/admin/grants/project/add/", _direct_grant(centre, "28000.00")).status_code
        == 302
    )
    project = Project.objects.get()
    assert services.envelope_figures(project.centre.envelopes.get()).remaining == Decimal("0.00")
    # Correcting it keeps it within the envelope: its own amount counts as free.
    with pytest.raises(ValidationError):
        services.project_update(
            project=project, by=officer, changes={"grant_amount": Decimal("28000.01")}
        )
    services.project_update(project=project, by=officer, changes={"title": "Grant poprawiony"})


def test_a_grants_project_cannot_be_given_more_than_its_award(grant):
    project = Project.objects.get(application=grant)
    project.grant_amount = grant.awarded_amount + Decimal("0.01")
    with pytest.raises(ValidationError) as e:
        project.full_clean()
    assert "2\u00a0000,00\u00a0zł" in e.value.message_dict["grant_amount"][0]


def test_the_submitted_report_page_keeps_its_query_count_as_the_report_grows(
    client, grant, member, django_assert_max_num_queries
):
    from grants.models import BudgetLine, ExpectedResult, ReportCost, ReportResult

    submit_report(grant, member)
    report = grant.final_report
    client.force_login(grant.officer)
    for size in (1, 6):
        while report.results.count() < size:
            n = report.results.count()
            expected = ExpectedResult.objects.create(
                application=grant, description=f"Wynik {n}", target_value=5, measured_by="lista"
            )
            ReportResult.objects.create(report=report, expected=expected, achieved_value=4)
            line = BudgetLine.objects.create(
                application=grant,
                name=f"Pozycja {n}",
                category="other",
                unit="szt.",
                unit_cost=Decimal("1"),
                quantity=Decimal("1"),
                own_financial=Decimal("1"),
            )
            ReportCost.objects.create(report=report, line=line, own_financial=Decimal("1"))
        with django_assert_max_num_queries(13):
            page = client.get(f"/applications/{grant.pk}/report/").content.decode()
        for cost in report.costs.select_related("line"):
            assert cost.line.name in page
        assert page.count(" / 5</li>") == size - 1  # each added result: achieved / target


@pytest.fixture
def smaller_grant(now, centre, organisation):
    """1 500 zł awarded of the 2 000 zł requested, under way."""
    call = CallFactory(kind="regranting", organiser=centre)
    application = in_state(
        ApplicationFactory(call=call, organisation=organisation),
        Status.AGREEMENT_SIGNED,
        awarded="1500.00",
    )
    officer = OfficialFactory()
    roles_sync()
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    services.application_transition(application=application, name="pay", by=officer)
    application.refresh_from_db()
    assert not FinalReport.objects.filter(application=application).exists()  # none yet
    return application


def test_the_report_starts_from_the_grant_awarded_and_saves_as_a_draft_as_it_is(
    client, smaller_grant, member
):
    client.force_login(member)
    url = f"/applications/{smaller_grant.pk}/report/"
    page = client.get(url).content.decode()
    [line] = smaller_grant.budget_lines.all()
    assert 'value="1500.00"' in _input(page, f"grant_{line.pk}")  # not the 2 000 requested
    # Saved at once, half-filled, as loaded: a draft, not a refusal.
    data = form_data(page, "final-report-form")
    data["save"] = "1"
    response = client.post(url, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Sprawozdanie końcowe zapisano jako wersję roboczą; nie zostało jeszcze złożone. "
        "Możesz do niego wrócić w każdej chwili i złożyć je, gdy będzie kompletne."
    ]
    report = FinalReport.objects.get(application=smaller_grant)
    assert report.submitted_at is None
    assert report.costs.get().from_grant == Decimal("1500.00")
    smaller_grant.refresh_from_db()
    assert smaller_grant.status == Status.IN_PROGRESS
    assert "Zapisz jako wersję roboczą" in response.content.decode()


def test_submitting_an_incomplete_report_keeps_it_as_a_draft_and_says_so(
    client, smaller_grant, member
):
    client.force_login(member)
    url = f"/applications/{smaller_grant.pk}/report/"
    data = form_data(client.get(url).content.decode(), "final-report-form")
    data["save"] = "submit"
    response = client.post(url, data, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert "Opisz, co zostało zrobione." in said
    assert said[-1] == "To, co wpisano, zapisano jako wersję roboczą."
    assert FinalReport.objects.get(application=smaller_grant).submitted_at is None
