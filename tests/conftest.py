import os

import pytest
from django.utils import translation

from . import factories

# Playwright's sync API runs an event loop in the test's thread; the test still talks to
# the database synchronously, which Django allows only when told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _polish(settings):
    """Every test starts in the portal's default language, as a new visitor would."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: allauth's rate limits (one confirmation e-mail
    per address per 3 minutes, failed sign-ins) must not carry over from another test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def official(db):
    return factories.OfficialFactory()


@pytest.fixture
def officer(db):
    """A programme officer: an official in the group that runs the programme in the admin."""
    from django.contrib.auth.models import Group

    from front.roles import PROGRAMME_OFFICER, roles_sync

    roles_sync()
    user = factories.OfficialFactory()
    user.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return user


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory()


@pytest.fixture
def owner(db, organisation):
    return factories.MembershipFactory(organisation=organisation, role="owner").user


@pytest.fixture
def member(db, organisation):
    return factories.MembershipFactory(organisation=organisation, role="member").user


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: browsers cannot be downloaded here, and the network is closed."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "pl-PL", "timezone_id": "Europe/Warsaw"}


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail on any serious or critical WCAG 2.1 AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
            },
        )
        bad = [
            v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
        ]
        assert not bad, f"axe-core on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in bad
        )

    return check


@pytest.fixture
def django_capture_on_commit_callbacks():
    """pytest-django's fixture, leaving out the page cache's own callbacks (each write
    renews its table's generation on commit, cil_portal.caching._Renew; they are tested
    in tests/cil_portal/test_page_cache.py): the tests count what the code under test
    put off until the commit, an e-mail or a task. With execute=True every callback,
    the cache's too, still runs."""
    import contextlib

    from django.test import TestCase

    from cil_portal.caching import _Renew

    @contextlib.contextmanager
    def capture(*, using="default", execute=False):
        own = []
        with TestCase.captureOnCommitCallbacks(using=using, execute=execute) as callbacks:
            yield own
        own.extend(c for c in callbacks if not isinstance(c, _Renew))

    return capture
