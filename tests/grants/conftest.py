import pytest
import time_machine

from tests.factories import MembershipFactory, OrganisationFactory

from .factories import ApplicationFactory, CallFactory, make_complete, warsaw

# Today in these tests: the call (1 Nov – 15 Dec 2026, 16:00) is open.
TODAY = warsaw(2026, 11, 22, 12)


@pytest.fixture
def now(db):
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def call(db):
    return CallFactory()


@pytest.fixture
def application(db, call, organisation):
    return ApplicationFactory(call=call, organisation=organisation)


@pytest.fixture
def complete_application(application):
    return make_complete(application)


@pytest.fixture
def outsider(db):
    """A member of another organisation."""
    return MembershipFactory(organisation=OrganisationFactory(), role="owner").user


@pytest.fixture
def grants_official(db):
    """A programme officer: staff with the grants permissions."""
    from django.contrib.auth.models import Permission

    from tests.factories import OfficialFactory

    user = OfficialFactory()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="grants"))
    return user
