import pytest
from django.contrib.auth.models import Group

from front.roles import PROGRAMME_OFFICER, roles_sync
from grants import services

from .factories import RequiredAttachmentFactory


@pytest.fixture
def officer(db, official):
    roles_sync()
    official.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return official


@pytest.fixture
def submitted(now, complete_application, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    required = RequiredAttachmentFactory(call=complete_application.call)
    services.attachment_add(
        application=complete_application,
        by=owner,
        upload=SimpleUploadedFile("statut.pdf", b"%PDF-1.4\n%%EOF\n"),
        required=required,
    )
    return services.application_submit(application=complete_application, by=owner)


def test_officials_work_with_calls_and_applications_in_the_admin(client, officer, submitted):
    client.force_login(officer)
    call = submitted.call
    for path in [
        "/admin/grants/call/",
        "/admin/grants/call/add/",
        f"/admin/grants/call/{call.pk}/change/",
        "/admin/grants/application/",
        f"/admin/grants/application/{submitted.pk}/change/",
        "/admin/grants/application/?q=CIL",
    ]:
        assert client.get(path).status_code == 200, path
    listing = client.get("/admin/grants/application/").content.decode()
    assert submitted.number in listing


def test_an_official_reads_the_application_page_but_cannot_act(client, officer, submitted):
    client.force_login(officer)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert submitted.number in page
    assert "/do/withdraw/" not in page
