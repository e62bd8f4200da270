import os
import subprocess
import sys
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.db.models.signals import pre_save
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


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None
        self._multiple = False
        self._options: list[tuple[str, bool]] = []
        self._text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or a.get("disabled") is not None and tag != "option":
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                self._add(a["name"], a.get("value", ""))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected]
            if chosen or self._multiple:
                self.data[self._select] = chosen
            else:  # a browser sends a single select's first option when none is selected
                self.data[self._select] = [v for v, _s in self._options[:1]]
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The HTML parser keeps the newline browsers drop after <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """What a browser would send from the form `form_id` of the page, as it was loaded
    (text, hidden and checked inputs, selected options, text areas), for client.post."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.data


@contextmanager
def committed_meanwhile(models, change):
    """Run `change` (another request's work committing) at the moment the code under test
    first saves an instance of any of `models`: what it writes after that moment must not
    undo the change."""
    done = []

    def receiver(sender, instance, **kwargs):
        if not done:
            done.append(True)
            change()

    for model in models:
        pre_save.connect(receiver, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            pre_save.disconnect(receiver, sender=model)


def admin_save(client, obj, **changes) -> None:
    """Save `obj` through its admin change form as an official does: the form as the page
    shows it, with `changes` (by the posted field name, e.g. "starts_at_1")."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page.content.decode(), f"{meta.model_name}_form")
    data.update({k: [v] if isinstance(v, str) else v for k, v in changes.items()})
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
