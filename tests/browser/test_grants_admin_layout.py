"""The grants admin as an official sees it: the application's action buttons laid out
without overlapping at a laptop's and a tablet's width, and the pages axe-clean."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from grants import services
from grants.workflow import Status
from tests.factories import PASSWORD, OfficialFactory
from tests.grants.factories import ApplicationFactory, CallFactory, in_state


def _overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_application_admin_lays_out_its_actions_and_passes_axe(page, live_server, axe_check):
    roles_sync()
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=10))
    application = in_state(ApplicationFactory(call=call), Status.SUBMITTED)
    officer = OfficialFactory(email="koordynatorka@example.org")
    officer.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    reviewer = OfficialFactory(email="rec@example.org")
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    services.reviewer_assign(call=call, reviewer=reviewer, by=officer)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", officer.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/admin/grants/application/{application.pk}/change/")
        tools = [link.bounding_box() for link in page.locator(".object-tools a").all()]
        assert len(tools) >= 5  # three transitions, the applicant's view, the history
        for i, a in enumerate(tools):
            assert a["x"] >= 0 and a["x"] + a["width"] <= width
            for b in tools[i + 1 :]:
                assert not _overlap(a, b), (width, a, b)
        heading = page.locator("#content h2").first.bounding_box()
        assert all(not _overlap(heading, box) for box in tools)
        axe_check(page)  # the new message's textarea is labelled
    page.goto(f"{live_server.url}/admin/grants/call/{call.pk}/change/")
    axe_check(page)  # the reviewer selects, the split dates, the underlined links
    underline = page.locator(".breadcrumbs a").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert underline == "underline"
