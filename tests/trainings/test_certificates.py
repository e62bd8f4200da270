import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from cil_portal.pdf import html_to_pdf
from signups.models import Registration
from tests.trainings.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from trainings.certificates import certificate_holders, certificates_pdf


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def completed_training(min_sessions=2):
    start = timezone.now() - timedelta(days=20)
    first = SessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        training__title="Organizowanie społeczności",
        training__certificate_min_sessions=min_sessions,
    )
    second = SessionFactory(
        training=first.training,
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=3),
    )
    return first.training, [first, second]


def test_html_to_pdf_renders_polish_letters():
    pages = text_of(html_to_pdf("<p>Zażółć gęślą jaźń</p>"))
    assert "Zażółć gęślą jaźń" in pages[0]


def test_it_certifies_those_who_came_to_enough_sessions(db):
    training, sessions = completed_training(min_sessions=2)
    regular = RegistrationFactory(signup_list=training.signup_list, full_name="Łucja Wójcik")
    once = RegistrationFactory(signup_list=training.signup_list, full_name="Jan Raz")
    for s in sessions:
        AttendanceFactory(session=s, registration=regular)
    AttendanceFactory(session=sessions[0], registration=once)
    pages = text_of(certificates_pdf(training=training))
    assert len(pages) == 1
    assert "Łucja Wójcik" in pages[0]
    assert "Organizowanie społeczności" in pages[0]
    assert "Jan Raz" not in pages[0]


def test_it_issues_no_certificate_before_the_training_ends(db):
    training = SessionFactory().training
    AttendanceFactory(session=training.sessions.get())
    with pytest.raises(ValidationError):
        certificates_pdf(training=training)


def test_an_officer_downloads_certificates_from_the_admin(admin_client, db):
    training, sessions = completed_training(min_sessions=1)
    AttendanceFactory(
        session=sessions[0],
        registration=RegistrationFactory(signup_list=training.signup_list, full_name="Ewa Nowak"),
    )
    response = admin_client.post(
        "/admin/trainings/training/",
        {"action": "download_certificates", "_selected_action": [training.pk]},
    )
    assert response["Content-Type"] == "application/pdf"
    assert "Ewa Nowak" in text_of(response.content)[0]


def test_nobody_whose_data_were_removed_gets_a_certificate(db):
    training, sessions = completed_training(min_sessions=1)
    kept = RegistrationFactory(signup_list=training.signup_list, full_name="Łucja Wójcik")
    removed = RegistrationFactory(signup_list=training.signup_list, full_name="Jan Usunięty")
    for registration in (kept, removed):
        AttendanceFactory(session=sessions[0], registration=registration)
    Registration.objects.filter(pk=removed.pk).anonymise()
    assert list(certificate_holders(training)) == [kept]
    assert len(text_of(certificates_pdf(training=training))) == 1
