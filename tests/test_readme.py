"""The README's configuration table and the settings module describe the same variables."""

import re

from tests.utils import ROOT

SETTINGS = (ROOT / "cil_portal" / "settings.py").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _read_by_settings() -> set[str]:
    return set(re.findall(r'env(?:str|bool|int|list|bounds)\(\s*"([A-Z][A-Z0-9_]*)"', SETTINGS))


def _documented() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    names = set()
    for row in rows:
        first_cell = row.split("|")[1]
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    # EMAIL_HOST's row names the SMTP variables that only matter once it is set.
    email_row = next(r for r in rows if r.startswith("| `EMAIL_HOST`"))
    names |= set(re.findall(r"`(EMAIL_[A-Z_]+)`", email_row))
    return names


def test_the_readme_documents_every_variable_the_settings_read():
    assert _read_by_settings() - _documented() == set()


def test_the_readme_documents_no_variable_the_settings_ignore():
    assert _documented() - _read_by_settings() == set()


def test_the_readme_opens_with_the_two_commands():
    opening = README.split("\n## ", 1)[0]
    assert re.search(r"^make run\b", opening, re.M)
    assert re.search(r"^make test\b", opening, re.M)
