import os

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from grants import services
from grants.models import Attachment

from .factories import RequiredAttachmentFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_it_stores_a_pdf_outside_public_media(now, application, owner):
    attachment = services.attachment_add(
        application=application, by=owner, upload=upload("statut.pdf", PDF)
    )
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "statut.pdf"
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert os.path.exists(path)
    assert "statut" not in os.path.basename(path)


def test_it_accepts_an_image_whatever_its_name(now, application, owner):
    attachment = services.attachment_add(
        application=application, by=owner, upload=upload("zdjecie.dat", PNG)
    )
    assert attachment.content_type == "image/png"


def test_it_refuses_a_renamed_executable_with_a_pdf_name(now, application, owner):
    with pytest.raises(ValidationError) as e:
        services.attachment_add(application=application, by=owner, upload=upload("statut.pdf", EXE))
    assert e.value.code == "type"
    assert Attachment.objects.count() == 0


def test_it_refuses_a_file_over_the_limit(now, application, owner, settings):
    settings.GRANTS_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as e:
        services.attachment_add(
            application=application, by=owner, upload=upload("big.pdf", PDF + b"0" * 200)
        )
    assert e.value.code == "too_large"


def test_the_upload_view_shows_the_refusal_beside_the_field(now, client, application, owner):
    client.force_login(owner)
    response = client.post(
        f"/applications/{application.pk}/edit/attachments/",
        {"upload": "1", "file": upload("statut.pdf", EXE)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    refusal = "Zawartość tego pliku nie jest dozwolonym typem"
    assert page.count(refusal) == 1  # once, beside the file field
    assert page.index('id="id_file"') < page.index(refusal)
    assert 'class="invalid-feedback"' in page
    assert Attachment.objects.count() == 0


def test_a_required_attachment_counts_toward_completeness(now, complete_application, owner):
    required = RequiredAttachmentFactory(call=complete_application.call)
    assert "attachments" in services.completeness_errors(complete_application)
    services.attachment_add(
        application=complete_application,
        by=owner,
        upload=upload("statut.pdf", PDF),
        required=required,
    )
    assert "attachments" not in services.completeness_errors(complete_application)


@pytest.fixture
def attachment(now, application, owner):
    return services.attachment_add(
        application=application, by=owner, upload=upload("statut.pdf", PDF)
    )


def test_members_download_the_attachment(client, attachment, member):
    client.force_login(member)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def test_officials_download_the_attachment(client, attachment, grants_official):
    client.force_login(grants_official)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_a_member_of_another_organisation_gets_404(client, attachment, outsider):
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(attachment.application.get_absolute_url()).status_code == 404
    assert client.get(f"/applications/{attachment.application_id}/pdf/").status_code == 404
    assert client.get(f"/applications/{attachment.application_id}/edit/task/").status_code == 404


def test_a_staff_user_without_the_permission_gets_404(client, attachment, official):
    client.force_login(official)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, attachment):
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_removing_an_attachment_deletes_its_file(
    now, client, attachment, owner, django_capture_on_commit_callbacks
):
    path = attachment.file.path
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/applications/{attachment.application_id}/attachments/{attachment.pk}/delete/"
        )
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)


def test_an_outsider_cannot_remove_an_attachment(now, client, attachment, outsider):
    client.force_login(outsider)
    response = client.post(
        f"/applications/{attachment.application_id}/attachments/{attachment.pk}/delete/"
    )
    assert response.status_code == 404
    assert Attachment.objects.exists()


def test_the_attachments_step_states_the_size_limit(now, client, application, owner, settings):
    settings.GRANTS_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    client.force_login(owner)
    page = client.get(f"/applications/{application.pk}/edit/attachments/").content.decode()
    assert "Największy plik: 10,0\xa0MB" in page
