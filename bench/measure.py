"""What the bench measures inside one process: the pages' SQL queries and the long jobs."""

import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grants.models import Application, Call, Project

from .dataset import OFFICIAL_EMAIL, largest_year


@dataclass
class Endpoint:
    name: str
    path: str
    as_user: str = ""  # e-mail of the account the page is requested as

    def as_dict(self) -> dict:
        return {"name": self.name, "path": self.path, "as_user": self.as_user}


def endpoints() -> list[Endpoint]:
    """The pages of issue 8, with a call, a year and two accounts taken from the data."""
    call = Call.objects.open_at(timezone.now()).order_by("closes_at", "pk").first()
    applicant = (
        get_user_model()
        .objects.filter(memberships__organisation__applications__isnull=False, is_staff=False)
        .annotate(n=Count("memberships__organisation__applications"))
        .order_by("-n", "pk")
        .first()
    )
    year = largest_year()
    return [
        Endpoint("/healthz", "/healthz"),
        Endpoint("/", "/"),
        Endpoint("/centres/", "/centres/"),
        Endpoint("/centres.geojson", "/centres.geojson"),
        Endpoint("/areas.geojson", "/areas.geojson"),
        Endpoint("/calls/", "/calls/"),
        Endpoint("/calls/<slug>/", call.get_absolute_url() if call else "/calls/none/"),
        Endpoint("/trainings/", "/trainings/"),
        Endpoint("/events/", "/events/"),
        Endpoint("/calendar.ics", "/calendar.ics"),
        Endpoint("/reports/<year>/", f"/reports/{year}/"),
        Endpoint("/account/", "/account/", as_user=applicant.email if applicant else ""),
        Endpoint("admin applications", "/admin/grants/application/", as_user=OFFICIAL_EMAIL),
    ]


def client_for(email: str = "") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="pl")
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    return client


def session_cookie(client: Client) -> str:
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}" if name in client.cookies else ""


SERVER_TIME_RUNS = 7


def count_queries(endpoint: Endpoint) -> tuple[int, int, float]:
    """(status, SQL queries, server ms) of a request, after a first one that warms the
    caches. Server ms: the median of SERVER_TIME_RUNS requests made one at a time in this
    process, what one visitor waits for on a quiet server (wrk's latencies add the queue)."""
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a 404 is reported, not logged
    client = client_for(endpoint.as_user)
    client.get(endpoint.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(endpoint.path)
    counted = len(queries.captured_queries)  # now: the next request clears Django's log
    times = sorted(_timed(lambda: client.get(endpoint.path))[0] for _ in range(SERVER_TIME_RUNS))
    return response.status_code, counted, times[len(times) // 2] * 1000


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


# --- the long jobs ---------------------------------------------------------------------


def time_import_areas(path: Path) -> dict:
    out = io.StringIO()
    seconds, _ = _timed(lambda: call_command("import_areas", str(path), stdout=out))
    return {"seconds": round(seconds, 3), "file": path.name}


def _download(client: Client, path: str) -> dict:
    seconds, response = _timed(lambda: client.get(path))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "status": response.status_code,
        "seconds": round(seconds, 3),
        "bytes": len(body),
        "content_type": response.get("Content-Type", "").split(";")[0],
    }


def time_yearly_pdf(year: int) -> dict:
    """The yearly PDF, what rendering it costs and what a user waits for, each labelled:

    - render: the summary and WeasyPrint in this process, as the tasks do it, wall clock
      and CPU: what publishing pays once, and the draft once per state of the data;
    - download: a resident's GET /reports/<year>.pdf of the published year (its stored file);
    - draft: an official's GET ?draft=1, first while the draft is being prepared (202, the
      task queued; rendered in the request only when tasks run eagerly, without Redis),
      then once the task has rendered it (the task is run here, there is no worker).
    """
    from reports import services

    logging.getLogger("django.request").setLevel(logging.ERROR)
    public = client_for()
    if public.get(f"/reports/{year}.pdf").status_code == 404:
        return {"built": False, "note": f"/reports/{year}.pdf answers 404: not published"}
    download = _download(public, f"/reports/{year}.pdf")

    official = client_for(OFFICIAL_EMAIL)
    draft_path = f"/reports/{year}.pdf?draft=1"
    draft_first = _download(official, draft_path)
    key = services._draft_pdf_key(year, "pl")
    wall, cpu = time.perf_counter(), time.process_time()
    if draft_first["status"] == 202:
        pdf = services.draft_pdf_render(year=year, language="pl", key=key)  # the worker's job
    else:  # rendered in the request already: render it once more to time it alone
        pdf = services.report_pdf(summary=services.summary_build(year=year), language="pl")
    render = {
        "seconds": round(time.perf_counter() - wall, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "bytes": len(pdf),
        "projects": Project.objects.filter(ends_on__year=year).count(),
    }
    draft_ready = _download(official, draft_path)
    return {
        "built": True,
        "year": year,
        "render": render,
        "download": download,
        "draft_first": draft_first,
        "draft_ready": draft_ready,
        # The figure issue 8 asks for: what a user waits for the PDF they download.
        "seconds": download["seconds"],
        "bytes": download["bytes"],
        "status": download["status"],
    }


def time_exports() -> dict:
    """The applications' CSV and XLSX export: the admin actions export_csv / export_xlsx
    (as the sign-ups' admin has them) run on every application ("select all"), timed
    until the last byte (the CSV is streamed)."""
    admin = site._registry.get(Application)
    actions = set(admin.actions or []) if admin else set()
    any_pk = Application.objects.values_list("pk", flat=True).first()
    rows = Application.objects.count()
    results = {}
    for name in ("export_csv", "export_xlsx"):
        if name not in actions:
            results[name] = {"built": False, "note": f"ApplicationAdmin has no {name} action"}
            continue
        client = client_for(OFFICIAL_EMAIL)
        data = {"action": name, "select_across": "1", "index": "0", "_selected_action": any_pk}

        def export(c=client, d=data):
            response = c.post("/admin/grants/application/", d)
            return response, response.getvalue()

        seconds, (response, body) = _timed(export)
        results[name] = {
            "built": response.status_code == 200,
            "status": response.status_code,
            "rows": rows,
            "seconds": round(seconds, 3),
            "bytes": len(body),
        }
        if response.status_code != 200:
            results[name]["note"] = f"answers {response.status_code}, not a file"
    return results
