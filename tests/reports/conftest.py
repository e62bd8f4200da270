import re

import pytest
from django.contrib.auth.models import Group

from front.roles import PROGRAMME_OFFICER, REVIEWER, roles_sync
from tests.factories import OfficialFactory


@pytest.fixture
def coordinator(db):
    """A programme officer: sees drafts and publishes reports."""
    roles_sync()
    user = OfficialFactory()
    user.groups.add(Group.objects.get(name=PROGRAMME_OFFICER))
    return user


@pytest.fixture
def reviewer(db):
    roles_sync()
    user = OfficialFactory()
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


def words(html: str) -> str:
    """The text of a page or a PDF with every run of spaces, tags and line breaks as one
    space, so that phrases can be looked for however they were wrapped."""
    # An inline span (lang="pl" on an official's sentence) breaks no word.
    html = re.sub(r"</?span\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').split())
