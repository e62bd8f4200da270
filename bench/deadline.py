"""The evening a call closes: 200 applicants submit within ten seconds of the deadline.

Every applicant (an account and its organisation) has a complete draft in one call. Over
HTTP against gunicorn, each presses "Submit" once at a moment in the last ten seconds
before the deadline, or only after it; some press twice (a double click, or a retry when
the first answer came). Then the database is read: every applicant who pressed before
the deadline must have one submitted application with one number and one history entry,
and every one who pressed only after it must have been refused with the Polish message.
"""

import http.client
import os
import random
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from centres.models import Centre
from grants import services
from grants.models import (
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Call,
    ExpectedResult,
    RequiredAttachment,
    ScheduleItem,
)
from grants.workflow import Status
from organisations.models import Membership, Organisation

from .dataset import PASSWORD
from .measure import client_for, session_cookie

SLUG = "nabor-termin-bench"
LATE_MARK = "The call closed on %(when)s; this can no longer be done."
DONE_MARK = (
    "The application has been submitted and given the number %(number)s. "
    "A confirmation with the application (PDF) is on its way by e-mail."
)
# A second press, taken after the first: the page says nothing changed.
AGAIN_MARK = "Application %(number)s is already %(status)s: nothing was changed."


@dataclass
class Applicant:
    application_id: int
    cookie: str  # session and CSRF cookies
    csrf: str
    sends: list[float] = field(default_factory=list)  # planned moments (epoch seconds)
    answers: list[dict] = field(default_factory=list)


def prepare(*, count: int = 200, seed: int = 19) -> list[Applicant]:
    """The call (open a week, closing in an hour for now) and its complete drafts."""
    rng = random.Random(seed)
    now = timezone.now()
    organiser = Centre.objects.filter(kind=Centre.Kind.REGRANTING).order_by("pk").first()
    call = Call.objects.create(
        kind=Call.Kind.REGRANTING,
        organiser=organiser,
        title="Mikrogranty – nabór zamykany dziś wieczorem",
        slug=SLUG,
        eligible_legal_forms=["association", "foundation", "other"],
        informal_groups_allowed=True,
        budget_pool=Decimal("1000000.00"),
        min_amount=Decimal("500.00"),
        max_amount=Decimal("5000.00"),
        own_contribution_share=Decimal("10.00"),
        task_earliest_start=now.date() + timedelta(days=30),
        task_latest_end=now.date() + timedelta(days=300),
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(hours=1),
    )
    required = RequiredAttachment.objects.create(call=call, name="Statut organizacji")
    password = make_password(PASSWORD)
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"termin{i}@bench.example.org", email=f"termin{i}@bench.example.org",
             first_name="Zdąż", last_name=f"Przedterminem {i}", password=password)
        for i in range(count)
    )  # fmt: skip
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Stowarzyszenie Ostatniej Chwili {i}", legal_form="association",
                     krs=f"{9_000_000 + i:010d}", city="Poznań", postal_code="61-001")
        for i in range(count)
    )  # fmt: skip
    Membership.objects.bulk_create(
        Membership(organisation=o, user=u, role="owner")
        for o, u in zip(organisations, users, strict=True)
    )
    start = call.task_earliest_start
    applications = Application.objects.bulk_create(
        Application(call=call, organisation=o, created_by=u, contact_name=u.get_full_name(),
                    contact_email=u.email, title=f"Sąsiedzkie działanie {i}", place="Poznań",
                    start_date=start, end_date=start + timedelta(days=30),
                    summary="Wspólne działanie sąsiadów.", target_group="Mieszkańcy",
                    total_cost=Decimal("1200.00"), requested_amount=Decimal("1000.00"),
                    declaration=True, rodo_consent=True)
        for i, (o, u) in enumerate(zip(organisations, users, strict=True))
    )  # fmt: skip
    BudgetLine.objects.bulk_create(
        BudgetLine(application=a, name="Materiały", category="materials", unit="kpl.",
                   unit_cost=Decimal("1200.00"), quantity=Decimal("1"),
                   requested=Decimal("1000.00"), own_non_financial=Decimal("200.00"))
        for a in applications
    )  # fmt: skip
    ScheduleItem.objects.bulk_create(
        ScheduleItem(application=a, activity="Działanie", starts_on=a.start_date,
                     ends_on=a.end_date)
        for a in applications
    )  # fmt: skip
    ExpectedResult.objects.bulk_create(
        ExpectedResult(application=a, description="Uczestnicy", target_value=30,
                       measured_by="lista obecności")
        for a in applications
    )  # fmt: skip
    attachments = []
    for a, u in zip(applications, users, strict=True):
        attachment = Attachment(application=a, required=required, name="statut.pdf",
                                content_type="application/pdf", size=9, uploaded_by=u)  # fmt: skip
        attachment.file.save("upload", ContentFile(b"%PDF-1.4\n"), save=False)
        attachments.append(attachment)
    Attachment.objects.bulk_create(attachments)
    first = Application.objects.select_related("call", "organisation").get(pk=applications[0].pk)
    if errors := services.completeness_errors(first):
        raise RuntimeError(f"The deadline scenario's drafts are incomplete: {errors}")

    result = []
    for a, u in zip(applications, users, strict=True):
        csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and field
        cookie = f"{session_cookie(client_for(u.email))}; csrftoken={csrf}"
        result.append(Applicant(application_id=a.pk, cookie=cookie, csrf=csrf))
    rng.shuffle(result)
    return result


# The way from the client to the server takes a moment: a press this close to the
# deadline, either side, could fairly be judged either way, so none is planned there.
TOO_CLOSE = 0.05


def plan(applicants: list[Applicant], *, deadline: float, window: float, seed: int = 19):
    """Who presses when: 85% in the `window` seconds before the deadline, 15% only in the
    two seconds after; one in five presses again, within 0.15 s or after the answer."""
    rng = random.Random(seed)
    late_from = int(len(applicants) * 0.85)
    for i, a in enumerate(applicants):
        if i < late_from:
            first = deadline - TOO_CLOSE - (window - TOO_CLOSE) * rng.random()
        else:
            first = deadline + TOO_CLOSE + 2 * rng.random()
        a.sends = [first]
        if i % 5 == 0:
            a.sends.append(first + 0.15 * rng.random() if i % 10 == 0 else -1.0)  # -1: retry


def _press(port: int, a: Applicant, at: float) -> dict:
    body = f"csrfmiddlewaretoken={a.csrf}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    wait = at - time.time()
    if wait > 0:
        time.sleep(wait)
    try:
        conn.request(
            "POST",
            f"/applications/{a.application_id}/do/submit/",
            body=body,
            headers={
                "Cookie": a.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept-Language": "pl",
            },
        )
        # Pressed once the request has left: before it, the time counted would include
        # this process's own delays (two hundred threads waiting for one interpreter on
        # a busy machine), which no browser has.
        sent = time.time()
        response = conn.getresponse()
        response.read()
        cookies = SimpleCookie()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                cookies.load(value)
        return {
            "sent": sent,
            "answered": time.time(),
            "status": response.status,
            "location": response.getheader("Location", ""),
            "cookies": {k: m.value for k, m in cookies.items()},
        }
    finally:
        conn.close()


def _applicant(port: int, a: Applicant) -> None:
    for at in a.sends:
        a.answers.append(_press(port, a, time.time() if at < 0 else at))


def _message_shown(port: int, a: Applicant, answer: dict) -> str:
    """The page the browser is sent to after the press, with the message it carries."""
    cookies = dict(part.split("=", 1) for part in a.cookie.split("; "))
    cookies.update(answer["cookies"])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "GET",
            answer["location"],
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def wait_until_idle(port: int, *, limit: float = 60.0) -> float:
    """Wait (at most `limit` s) until /healthz answers in under 50 ms three times running,
    so that what the previous load left queued does not eat the deadline's seconds."""
    started = time.monotonic()
    fast = 0
    while fast < 3 and time.monotonic() - started < limit:
        t = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
        finally:
            conn.close()
        fast = fast + 1 if time.monotonic() - t < 0.05 else 0
        time.sleep(0.2)
    return time.monotonic() - started


def run(applicants: list[Applicant], *, port: int, window: float = 10.0) -> dict:
    """Move the deadline to `window` + 2 s from now, let everyone press, then check."""
    waited = wait_until_idle(port)
    load_at_start = round(os.getloadavg()[0], 2)
    deadline = time.time() + window + 2.0
    closes_at = datetime.fromtimestamp(deadline, tz=UTC)
    Call.objects.filter(slug=SLUG).update(closes_at=closes_at)
    plan(applicants, deadline=deadline, window=window)
    threads = [threading.Thread(target=_applicant, args=(port, a)) for a in applicants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    with translation.override("pl"):
        late_text = gettext(LATE_MARK).split("%(when)s")[0].strip()
    rows = {
        a.pk: a for a in Application.objects.filter(pk__in=[x.application_id for x in applicants])
    }
    submits = Counter(
        ApplicationEvent.objects.filter(
            application_id__in=list(rows), transition="submit"
        ).values_list("application_id", flat=True)
    )
    numbers = Counter(a.number for a in rows.values() if a.number)
    outcome = Counter()
    problems = []
    answer_times = []
    for a in applicants:
        row = rows[a.application_id]
        on_time = a.answers[0]["sent"] < deadline
        accepted = row.status == Status.SUBMITTED
        answer_times += [x["answered"] - x["sent"] for x in a.answers]
        if len(a.answers) > 1:
            outcome["pressed twice"] += 1
        if submits[row.pk] > 1 or (row.number and numbers[row.number] > 1):
            outcome["duplicated"] += 1
            problems.append(f"{row.pk}: {submits[row.pk]} history entries, number {row.number}")
        if on_time and accepted:
            outcome["accepted"] += 1
            if not row.number or submits[row.pk] != 1:
                problems.append(f"{row.pk}: accepted without one number and one history entry")
        elif on_time:
            outcome["lost"] += 1
            late_by = max(x["answered"] for x in a.answers) - deadline
            problems.append(
                f"{row.pk}: pressed {deadline - a.answers[0]['sent']:.3f} s before the "
                f"deadline, answered {late_by:+.3f} s after it, left {row.status}"
            )
        elif accepted:
            outcome["accepted after the deadline"] += 1
            problems.append(f"{row.pk}: pressed after the deadline and accepted")
        else:
            pages = [_message_shown(a=a, answer=x, port=port) for x in a.answers]
            if all(late_text in page for page in pages):
                outcome["refused as late"] += 1
            else:
                outcome["refused without the message"] += 1
                problems.append(f"{row.pk}: refused, but the page did not say '{late_text}…'")
    # The accepted ones saw the success message with their number on one press, and a
    # second press said nothing changed, or, pressed after the deadline, that the call had
    # closed (checked on a sample: each page costs a GET).
    sample = [a for a in applicants if rows[a.application_id].status == Status.SUBMITTED][:20]
    for a in sample:
        row = rows[a.application_id]
        with translation.override("pl"):
            facts = {"number": row.number, "status": row.get_status_display()}
            done, again = escape(gettext(DONE_MARK) % facts), escape(gettext(AGAIN_MARK) % facts)
        pages = [_message_shown(port, a, x) for x in a.answers]
        said = [
            "done" if done in p else "again" if again in p or late_text in p else "?" for p in pages
        ]
        if sorted(said) != ["again"] * (len(pages) - 1) + ["done"]:
            problems.append(f"{a.application_id}: accepted, but the pages said {said}")
    answer_times.sort()
    pressed_on_time = sum(1 for a in applicants if a.answers[0]["sent"] < deadline)
    return {
        "load_at_start": load_at_start,
        "waited_for_idle_s": round(waited, 1),
        "applicants": len(applicants),
        "requests": sum(len(a.answers) for a in applicants),
        "pressed before the deadline": pressed_on_time,
        "pressed only after it": len(applicants) - pressed_on_time,
        "accepted": outcome["accepted"],
        "refused as late": outcome["refused as late"],
        "pressed twice": outcome["pressed twice"],
        "duplicated": outcome["duplicated"],
        "lost": outcome["lost"],
        "accepted after the deadline": outcome["accepted after the deadline"],
        "refused without the message": outcome["refused without the message"],
        "answer_p50_ms": round(1000 * answer_times[len(answer_times) // 2], 1),
        "answer_max_ms": round(1000 * answer_times[-1], 1),
        "problems": problems,
        "ok": not problems
        and outcome["lost"] == 0
        and outcome["duplicated"] == 0
        and outcome["refused as late"] == len(applicants) - pressed_on_time,
    }
