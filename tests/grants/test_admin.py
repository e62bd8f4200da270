from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from front.roles import PROGRAMME_OFFICER, roles_sync
from grants import services
from grants.models import Application, Message
from tests.utils import committed_meanwhile, form_data

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


def test_the_lists_row_checkbox_is_djangos_own_markup(client, officer, submitted):
    """The grants admin writes the action checkbox itself (cheaper than Django's widget
    rendering): the admin's JavaScript and assistive technology must get the same tag."""
    from django.contrib import admin
    from django.utils import translation

    model_admin = admin.site._registry[Application]
    draft = Application(pk=submitted.pk + 1, title='<b>"Ogród" & co</b>')
    with translation.override("pl"):
        for application in (submitted, draft):
            ours = model_admin.action_checkbox(application)
            assert ours == admin.ModelAdmin.action_checkbox(model_admin, application)
        assert "Wybierz ten obiekt" in ours and "&lt;b&gt;&quot;Ogród&quot; &amp; co" in ours
    client.force_login(officer)
    listing = client.get("/admin/grants/application/").content.decode()
    assert model_admin.action_checkbox(submitted) in listing


def test_an_official_reads_the_application_page_but_cannot_act(client, officer, submitted):
    client.force_login(officer)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert submitted.number in page
    assert "/do/withdraw/" not in page


def test_an_official_adds_a_small_grant_call_and_the_law_is_checked(client, officer):
    client.force_login(officer)
    data = {
        "kind": "small_grant",
        "title": "Małe granty 2027",
        "slug": "male-granty-2027",
        "published": "on",
        "eligible_legal_forms": ["association", "foundation"],
        "budget_pool": "100000",
        "min_amount": "1000",
        "max_amount": "12000",
        "own_contribution_share": "10",
        "non_financial_counts": "on",
        "max_task_days": "90",
        "opens_at_0": "2027-01-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2027-02-01",
        "closes_at_1": "16:00",
    }
    for prefix in ("criteria", "required_attachments", "documents", "assignments"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post("/admin/grants/call/add/", data)
    assert response.status_code == 200  # refused: above 10 000 zł
    assert "10 000" in response.content.decode()
    data["max_amount"] = "10000"
    response = client.post("/admin/grants/call/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    from grants.models import Call

    assert Call.objects.get(slug="male-granty-2027").eligible_legal_forms == [
        "association",
        "foundation",
    ]


def test_the_admin_keeps_the_submitted_text_and_records_messages(client, officer, submitted):
    client.force_login(officer)
    url = f"/admin/grants/application/{submitted.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # read-only
    data = {
        "messages-TOTAL_FORMS": "1",
        "messages-INITIAL_FORMS": "0",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000",
        "messages-0-body": "Dziękujemy, wniosek jest kompletny.",
    }
    for prefix in ("schedule_items", "results", "reviews", "events"):
        count = getattr(submitted, prefix).count()
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(count),
                f"{prefix}-INITIAL_FORMS": str(count),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, obj in enumerate(getattr(submitted, prefix).all()):
            data[f"{prefix}-{i}-id"] = str(obj.pk)
            data[f"{prefix}-{i}-application"] = str(submitted.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    message = submitted.messages.get()
    assert message.author == officer
    submitted.refresh_from_db()
    assert submitted.title == "Sąsiedzkie podwórko"


def test_writing_to_the_applicant_never_undoes_a_transition_made_meanwhile(
    client, officer, submitted
):
    client.force_login(officer)
    url = f"/admin/grants/application/{submitted.pk}/change/"
    data = form_data(client.get(url).content.decode(), "application_form")
    data["messages-0-body"] = ["Proszę o kontakt w sprawie harmonogramu."]

    def award_elsewhere():
        Application.objects.filter(pk=submitted.pk).update(
            status="awarded", awarded_amount=Decimal("1800.00"), decided_at=timezone.now()
        )

    with committed_meanwhile([Application, Message], award_elsewhere):
        assert client.post(url, data).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.awarded_amount) == ("awarded", Decimal("1800.00"))
    assert submitted.messages.get().body == "Proszę o kontakt w sprawie harmonogramu."


def test_a_message_sent_to_the_applicant_cannot_be_changed_or_deleted(client, officer, submitted):
    sent = Message.objects.create(application=submitted, author=officer, body="Proszę o statut.")
    client.force_login(officer)
    url = f"/admin/grants/application/{submitted.pk}/change/"
    page = client.get(url).content.decode()
    assert "Proszę o statut." in page and 'name="messages-0-body"' not in page
    data = form_data(page, "application_form")
    # A hand-made POST that rewrites and deletes the sent message, and adds a new one.
    data.update(
        {
            "messages-0-id": [str(sent.pk)],
            "messages-0-application": [str(submitted.pk)],
            "messages-0-body": ["Nigdy tego nie napisałem."],
            "messages-0-DELETE": ["on"],
            "messages-1-body": ["Dziękujemy, statut dotarł."],
            "messages-TOTAL_FORMS": ["2"],
        }
    )
    assert client.post(url, data).status_code == 302
    assert sorted(submitted.messages.values_list("body", flat=True)) == [
        "Dziękujemy, statut dotarł.",
        "Proszę o statut.",
    ]
