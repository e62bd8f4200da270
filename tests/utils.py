import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_portal(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh process with the portal's real settings and `env`."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "cil_portal.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


class _FormFields(HTMLParser):
    """What a browser would send from the page's form with the given id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or a.get("disabled") is not None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            key, value = self.data[-1]
            self.data[-1] = (key, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                key, value = self.data[-1]
                # The browser drops the newline right after <textarea>.
                self.data[-1] = (key, value[1:] if value.startswith("\n") else value)
            self._textarea = None


def admin_save(client, obj, **changes) -> None:
    """Save `obj` through its admin change form as an official does: the form as the page
    shows it, with `changes` (by the posted field name, e.g. "starts_at_1")."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    parser = _FormFields(f"{meta.model_name}_form")
    parser.feed(page.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({k: [v] if isinstance(v, str) else v for k, v in changes.items()})
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
