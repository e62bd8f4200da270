from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cil_portal.pdf import html_to_pdf
from organisations.models import Organisation
from organisations.rules import can_act_for

from . import budget, files, rules
from .budget import ZERO, zl
from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Call,
    ConflictDeclaration,
    ExpectedResult,
    FinalReport,
    Message,
    NumberSequence,
    Project,
    RegrantingEnvelope,
    ReportCost,
    ReportFile,
    ReportResult,
    RequiredAttachment,
    Review,
    ReviewerAssignment,
    ScheduleItem,
    Score,
)
from .tasks import application_confirmation_task, application_status_email_task
from .workflow import (
    DECIDED,
    PENDING,
    REPORTING,
    REVIEWED,
    TRANSITIONS,
    Email,
    Limit,
    Needs,
    Status,
    Transition,
)

Section = Application.Section


# --- starting and filling in ----------------------------------------------------------


def application_start(*, call: Call, organisation: Organisation, by) -> Application:
    """The organisation's application in the call: its active one, or a new draft."""
    if not can_act_for(by, organisation):
        raise PermissionDenied
    existing = Application.objects.filter(call=call, organisation=organisation).exclude(
        status=Status.WITHDRAWN
    )
    if application := existing.first():
        return application
    if not call.is_open():
        raise ValidationError(_("This call is not accepting applications now."), code="closed")
    if error := call.eligibility_error(organisation):
        raise ValidationError({"organisation": error}, code="not_eligible")
    application = Application(
        call=call,
        organisation=organisation,
        created_by=by,
        contact_name=by.get_full_name(),
        contact_email=by.email,
        contact_phone=organisation.phone,
    )
    application.full_clean()
    try:
        # A savepoint: a double click may try to create the same draft twice, and the
        # unique constraint then keeps one; the second request gets the first's draft.
        with transaction.atomic():
            application.save()
    except IntegrityError:
        return existing.get()
    return application


def _check_editable(application: Application, by, section: str) -> None:
    if not rules.can_act_for_application(by, application):
        raise PermissionDenied
    if not application.can_edit_section(section):
        raise ValidationError(
            _("This part of the application cannot be changed now."), code="frozen"
        )


def _lock(application: Application) -> Application:
    # Locked so that a save racing a submission cannot change an application once frozen.
    # Only the application's row (of=self): a draft save, which may write an attachment
    # while it holds the lock, must not hold up awards and publishing in the whole call.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )


APPLICANT_FIELDS = {"contact_name", "contact_email", "contact_phone"}
TASK_FIELDS = {"title", "place", "start_date", "end_date", "summary", "target_group"}
DECLARATION_FIELDS = {"declaration", "rodo_consent"}
SECTION_FIELDS = {
    Section.APPLICANT: APPLICANT_FIELDS,
    Section.TASK: TASK_FIELDS,
    Section.DECLARATIONS: DECLARATION_FIELDS,
}


@transaction.atomic
def application_update(
    *, application: Application, by, section: str, data: dict, areas: Iterable | None = None
) -> Application:
    """Save one part of the form (applicant, task or declarations) into the draft."""
    application = _lock(application)
    _check_editable(application, by, section)
    unknown = set(data) - SECTION_FIELDS[section]
    if unknown:
        raise ValueError(f"fields outside {section}: {unknown}")
    for field, value in data.items():
        setattr(application, field, value)
    start, end = application.start_date, application.end_date
    if section == Section.TASK and start and end and end < start:
        raise ValidationError({"end_date": _("The task cannot end before it starts.")})
    # The call's task period is not enforced here: a draft may break it until it is
    # submitted (call_rule_errors shows where, completeness_errors refuses it).
    application.full_clean()
    application.save()
    if areas is not None:
        application.areas.set(areas)
    return application


def _replace(model, application: Application, rows: list[dict]) -> None:
    objects = [model(application=application, position=i, **row) for i, row in enumerate(rows)]
    for obj in objects:
        obj.full_clean(exclude=["application"])
    model.objects.filter(application=application).delete()
    model.objects.bulk_create(objects)


@transaction.atomic
def application_set_budget(*, application: Application, by, lines: list[dict]) -> Application:
    """Replace the budget lines; every line must add up. The whole may break the call's
    rules while a draft (call_rule_errors shows where; completeness_errors refuses it)."""
    application = _lock(application)
    _check_editable(application, by, Section.BUDGET)
    line_errors = [
        ValidationError(error, code="line", params={"row": i})
        for i, row in enumerate(lines)
        if (error := budget.line_error(SimpleNamespace(**row)))
    ]
    if line_errors:
        raise ValidationError({"lines": line_errors})
    totals = budget.totals(
        [SimpleNamespace(**row) for row in lines],
        non_financial_counts=application.call.non_financial_counts,
    )
    _replace(BudgetLine, application, lines)
    application.total_cost = totals.total
    application.requested_amount = totals.requested
    application.save(update_fields=["total_cost", "requested_amount", "updated_at"])
    return application


def schedule_errors(application: Application, items: list[dict]) -> list[ValidationError]:
    """Activities outside the task's dates, each error naming its row."""
    errors = []
    start, end = application.start_date, application.end_date
    for i, item in enumerate(items):
        if (start and item["starts_on"] < start) or (end and item["ends_on"] > end):
            message = _("Plan every activity within the task's dates (%(start)s – %(end)s).") % {
                "start": date_format(start, "SHORT_DATE_FORMAT") if start else "…",
                "end": date_format(end, "SHORT_DATE_FORMAT") if end else "…",
            }
            errors.append(ValidationError(message, params={"row": i}))
    return errors


@transaction.atomic
def application_set_schedule(*, application: Application, by, items: list[dict]) -> Application:
    """Replace the schedule; an activity must not end before it starts. Activities may fall
    outside the task's dates while a draft: the task's dates may still change."""
    application = _lock(application)
    _check_editable(application, by, Section.SCHEDULE)
    backwards = [
        ValidationError(_("An activity cannot end before it starts."), params={"row": i})
        for i, item in enumerate(items)
        if item["ends_on"] < item["starts_on"]
    ]
    if backwards:
        raise ValidationError({"items": backwards})
    _replace(ScheduleItem, application, items)
    application.save(update_fields=["updated_at"])
    return application


@transaction.atomic
def application_set_results(*, application: Application, by, results: list[dict]) -> Application:
    application = _lock(application)
    _check_editable(application, by, Section.RESULTS)
    _replace(ExpectedResult, application, results)
    application.save(update_fields=["updated_at"])
    return application


@transaction.atomic
def attachment_add(
    *, application: Application, by, upload, required: RequiredAttachment | None = None
) -> Attachment:
    application = _lock(application)
    _check_editable(application, by, Section.ATTACHMENTS)
    if required is not None and required.call_id != application.call_id:
        raise ValidationError({"required": _("This requirement belongs to another call.")})
    content_type = files.detect_type(upload)
    attachment = Attachment(
        application=application,
        required=required,
        name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.full_clean()
    attachment.save()
    application.save(update_fields=["updated_at"])
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    application = _lock(attachment.application)
    _check_editable(application, by, Section.ATTACHMENTS)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


# --- completeness -----------------------------------------------------------------------


def call_rule_errors(application: Application, section: str) -> dict[str, list]:
    """Where the saved part breaks the call's rules, by the field, total ("total",
    "requested", "own_share") or rows ("items") at fault: shown beside them while the
    draft is edited; completeness_errors refuses the submission for the same reasons."""
    call = application.call
    if section == Section.TASK:
        errors = budget.task_period_errors(call, application.start_date, application.end_date)
        return {field: [message] for field, message in errors.items()}
    if section == Section.SCHEDULE:
        items = list(application.schedule_items.values("starts_on", "ends_on"))
        errors = schedule_errors(application, items)
        return {"items": errors} if errors else {}
    if section == Section.BUDGET:
        lines = list(application.budget_lines.all())
        if not lines:
            return {}  # nothing typed yet: completeness_errors asks for a line
        return budget.call_errors(
            budget.totals(lines, non_financial_counts=call.non_financial_counts), call
        )
    return {}


def completeness_errors(application: Application) -> dict[str, list[str]]:
    """What is missing or wrong, by part of the form; empty when it may be submitted."""
    call = application.call
    errors: dict[str, list[str]] = {}

    def add(section, message):
        errors.setdefault(section, []).append(message)

    if not (application.contact_name and application.contact_email):
        add(Section.APPLICANT, _("Give a contact person and their e-mail."))
    if error := call.eligibility_error(application.organisation):
        add(Section.APPLICANT, error)
    organisation = application.organisation
    if (
        organisation.is_informal_group
        and organisation.group_members.count() < Organisation.MIN_GROUP_MEMBERS
    ):
        add(Section.APPLICANT, _("An informal group lists at least 3 members."))

    for field in ("title", "start_date", "end_date", "summary", "target_group"):
        if not getattr(application, field):
            add(
                Section.TASK,
                _("Fill in: %(field)s.")
                % {"field": Application._meta.get_field(field).verbose_name},
            )
    if not (application.place or application.areas.exists()):
        add(Section.TASK, _("Name the areas or the place where the task happens."))
    for message in budget.task_period_errors(
        call, application.start_date, application.end_date
    ).values():
        add(Section.TASK, message)

    items = list(application.schedule_items.values("starts_on", "ends_on"))
    if not items:
        add(Section.SCHEDULE, _("Add at least one activity to the schedule."))
    elif schedule_errors(application, items):
        add(Section.SCHEDULE, _("Some activities fall outside the task's dates."))

    if not application.results.exists():
        add(Section.RESULTS, _("Add at least one expected result."))

    lines = list(application.budget_lines.all())
    for line in lines:
        if error := budget.line_error(line):
            add(Section.BUDGET, f"{line.name}: {error}")
    totals = budget.totals(lines, non_financial_counts=call.non_financial_counts)
    for messages in budget.call_errors(totals, call).values():
        for message in messages:
            add(Section.BUDGET, message)

    provided = set(application.attachments.values_list("required_id", flat=True))
    for required in call.required_attachments.all():
        if required.pk not in provided:
            add(Section.ATTACHMENTS, _("Attach: %(name)s.") % {"name": required.name})

    if not application.declaration:
        add(Section.DECLARATIONS, _("Confirm the declarations."))
    if not application.rodo_consent:
        add(Section.DECLARATIONS, _("Give your consent to the processing of personal data."))
    return errors


# --- the workflow -----------------------------------------------------------------------


def _next_number(prefix: str) -> str:
    # One statement that bumps and reads the counter. Its row stays locked until the
    # submission commits (two submissions must not get one number), and every submission
    # under the prefix waits for it: the caller takes it last, just before saving.
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    bump = f"UPDATE {table} SET last = last + 1 WHERE prefix = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(bump, [prefix])
        row = cursor.fetchone()
        if row is None:  # the prefix's first number: make its counter, then bump it
            NumberSequence.objects.get_or_create(prefix=prefix)
            cursor.execute(bump, [prefix])
            row = cursor.fetchone()
    return f"{prefix}/{row[0]:03d}"


def _check_time_limit(application: Application, limit: str, now) -> None:
    if limit == Limit.CALL_DEADLINE and not application.call.is_open(now):
        closes_at = application.call.closes_at
        if closes_at is not None and now >= closes_at:
            raise ValidationError(
                _("The call closed on %(when)s; this can no longer be done.")
                % {"when": date_format(timezone.localtime(closes_at), "DATETIME_FORMAT")},
                code="deadline",
            )
        raise ValidationError(_("This call is not accepting applications now."), code="closed")
    if limit == Limit.CORRECTION_DATE:
        until = application.correction_until
        if until is not None and now > until:
            raise ValidationError(
                _("The correction was due by %(when)s.")
                % {"when": date_format(timezone.localtime(until), "DATETIME_FORMAT")},
                code="deadline",
            )


@dataclass(frozen=True)
class TransitionInput:
    """What an official (or the applicant) gives with a transition, beside its reason."""

    correction_sections: list[str] | None = None
    correction_until: object = None
    amount: Decimal | None = None
    agreement_number: str = ""
    agreement_signed_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None


def application_transition(
    *,
    application: Application,
    name: str,
    by,
    note: str = "",
    correction_sections: list[str] | None = None,
    correction_until=None,
    amount: Decimal | None = None,
    agreement_number: str = "",
    agreement_signed_on: date | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    at: datetime | None = None,
) -> Application:
    """Move the application along the workflow (see workflow.py); the only way to do it.

    Checks the state, who makes it, its time limit and what it needs; records who made
    it, when and why; e-mails the applicant once the transaction commits. A repeated
    request (a double click, a retried POST) for a transition already made changes
    nothing and returns the application as it is.

    `at` is when the request reached the server (by default: now). The time limit is
    judged by it, and it is the time recorded: a submission that arrived before the
    deadline but waited for a lock or a busy worker is on time.
    """
    transition = TRANSITIONS[name]
    given = TransitionInput(
        correction_sections=correction_sections,
        correction_until=correction_until,
        amount=amount,
        agreement_number=agreement_number.strip(),
        agreement_signed_on=agreement_signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    note = note.strip()
    with transaction.atomic():
        # Locked: two requests at once (a double click, two members, two officials) must
        # make one transition, one history entry, one number and one e-mail.
        application = _lock(application)
        if not rules.can_make(by, application, transition):
            raise PermissionDenied
        if application.status == transition.target and application.status not in (
            transition.sources
        ):
            _check_repeat(application, transition, given)
            return application
        if application.status not in transition.sources:
            raise ValidationError(
                _("This cannot be done to an application that is %(status)s.")
                % {"status": application.get_status_display()},
                code="state",
            )
        now = timezone.now() if at is None else at
        _check_time_limit(application, transition.limit, now)
        if transition.note_required and not note:
            raise _field_error("note", _("Say why: the applicant reads it."), "note")
        _check_needs(application, transition, given, now)

        effect = EFFECTS.get(name)
        if effect is not None:
            effect(application, by=by, now=now, note=note, given=given)

        event = ApplicationEvent.objects.create(
            application=application,
            transition=name,
            from_status=application.status,
            to_status=transition.target,
            by=by,
            at=now,
            note=note,
        )
        application.status = transition.target
        # Not the call, organisation and accounts: a transition never changes them, and
        # checking that each still exists (four queries, and one for the constraint over
        # call and organisation, which no transition can break: none leaves "withdrawn")
        # is paid by every submission queued at the deadline.
        application.full_clean(exclude=["call", "organisation", "created_by", "submitted_by"])
        if application.status == Status.SUBMITTED and not application.number:
            application.number = _next_number(application.call.number_prefix)
        application.save()
        _notify(application, transition, event)
    return application


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error beside one field of the official's form, keeping its code for callers."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_repeat(application: Application, transition: Transition, given: TransitionInput):
    """A repeat changes nothing; one asking for something else is refused, not ignored."""
    if (
        transition.needs == Needs.AWARD
        and given.amount is not None
        and given.amount != application.awarded_amount
    ):
        raise _field_error(
            "amount",
            _(
                "This application was already awarded %(awarded)s; a decision made is not "
                "changed by awarding again."
            )
            % {"awarded": zl(application.awarded_amount)},
            "already_awarded",
        )


def _check_needs(application: Application, transition: Transition, given: TransitionInput, now):
    if transition.needs == Needs.COMPLETE_APPLICATION:
        if errors := completeness_errors(application):
            raise ValidationError(
                [
                    ValidationError(m, code="incomplete")
                    for messages in errors.values()
                    for m in messages
                ]
            )
    elif transition.needs == Needs.CORRECTION:
        sections = [s for s in (given.correction_sections or []) if s in Section.values]
        if not sections or given.correction_until is None:
            raise ValidationError(
                _("Name the parts to correct, the date to correct them by and why."),
                code="correction",
            )
        if given.correction_until <= now:
            # A date already past would leave the applicant no time at all to correct.
            raise _field_error(
                "correction_until",
                _(
                    "The date to correct by (%(when)s Polish time) has already passed: "
                    "give a date in the future."
                )
                % {
                    "when": date_format(
                        timezone.localtime(given.correction_until), "DATETIME_FORMAT"
                    )
                },
                "correction_past",
            )
    elif transition.needs == Needs.AWARD:
        amount = given.amount
        if amount is None:
            raise _field_error("amount", _("Give the amount awarded."), "amount")
        if amount <= ZERO:
            raise _field_error(
                "amount",
                _(
                    "The amount awarded must be more than 0 zł (you gave %(amount)s); to "
                    "award nothing, put the application on the reserve list or reject it."
                )
                % {"amount": zl(amount)},
                "amount",
            )
        if amount > application.requested_amount:
            raise _field_error(
                "amount",
                _(
                    "The grant awarded (%(amount)s) cannot exceed the amount requested "
                    "(%(requested)s)."
                )
                % {"amount": zl(amount), "requested": zl(application.requested_amount)},
                "above_request",
            )
    elif transition.needs == Needs.AGREEMENT:
        if not given.agreement_number:
            raise _field_error("agreement_number", _("Give the agreement's number."), "agreement")
        starts = given.starts_on or application.start_date
        ends = given.ends_on or application.end_date
        if starts is None or ends is None or ends < starts:
            raise _field_error(
                "ends_on", _("The project cannot end before it starts."), "agreement"
            )
    elif transition.needs == Needs.FINAL_REPORT:
        report = getattr(application, "final_report", None)
        errors = final_report_errors(report) if report else [_("Fill in the final report.")]
        if errors:
            raise ValidationError([ValidationError(m, code="incomplete_report") for m in errors])


# --- what each transition does beside changing the status --------------------------------


def _on_submit(application, *, by, now, note, given):
    # Its number comes last, in application_transition: see _next_number.
    application.submitted_at = now
    application.submitted_by = by


def _on_request_correction(application, *, by, now, note, given):
    application.correction_sections = [s for s in given.correction_sections if s in Section.values]
    application.correction_until = given.correction_until
    Message.objects.create(application=application, author=by, body=note)


def _on_award(application, *, by, now, note, given):
    # The call's row is locked (after the application's, always in that order) so that
    # two officials awarding at the same moment see each other's award: the second one
    # waits here, then counts the first in the sum, and is refused if the pool is spent.
    # _lock locks only the application: this is where the call is locked.
    call = Call.objects.select_for_update().get(pk=application.call_id)
    awarded = call.awarded_total()
    remaining = call.budget_pool - awarded
    if given.amount > remaining:
        raise _field_error(
            "amount",
            _(
                "The call's pool has %(remaining)s left (%(awarded)s of %(pool)s "
                "awarded); %(amount)s does not fit."
            )
            % {
                "remaining": zl(remaining),
                "awarded": zl(awarded),
                "pool": zl(call.budget_pool),
                "amount": zl(given.amount),
            },
            "pool",
        )
    application.awarded_amount = given.amount
    application.decided_at = now
    if call.is_rolling and remaining - given.amount < _smallest_grant(call):
        # A rolling intake stays open until the pool is spent: now it is.
        call.closes_at = now
        call.closed_for_pool = True
        call.save(update_fields=["closes_at", "closed_for_pool"])


def _smallest_grant(call: Call) -> Decimal:
    return max(call.min_amount, Decimal("0.01"))


def _on_resign(application, *, by, now, note, given):
    freed = application.awarded_amount
    # Given up: nothing stands awarded (lists and exports show no amount).
    application.awarded_amount = None
    if freed is None:  # from the reserve list
        return
    call = Call.objects.select_for_update().get(pk=application.call_id)
    remaining = call.budget_pool - (call.awarded_total() - freed)
    if call.closed_for_pool and not call.results_published and remaining >= _smallest_grant(call):
        # Closed only because the pool was spent (not by a date): open again for the rest.
        call.closes_at = None
        call.closed_for_pool = False
        call.save(update_fields=["closes_at", "closed_for_pool"])


def _on_decide_without_grant(application, *, by, now, note, given):
    application.awarded_amount = None
    application.decided_at = now


def _on_sign_agreement(application, *, by, now, note, given):
    application.agreement_number = given.agreement_number
    application.agreement_signed_on = given.agreement_signed_on or timezone.localdate(now)
    starts = application.agreement_starts_on = given.starts_on or application.start_date
    ends = application.agreement_ends_on = given.ends_on or application.end_date
    call = application.call
    if call.organiser_id is None:
        # The city's own grants are not the centres' projects (the yearly report counts
        # the centres' regranting and grassroots initiatives, models.Project): their
        # agreement, with its dates, stays on the application.
        return
    areas = list(application.areas.all())
    project = Project(
        kind=Project.Kind.REGRANTING,
        title=application.title,
        centre_id=call.organiser_id,
        organisation=application.organisation,
        area=areas[0] if len(areas) == 1 else None,
        application=application,
        agreement_number=application.agreement_number,
        starts_on=starts,
        ends_on=ends,
        grant_amount=application.awarded_amount,
        total_cost=max(application.total_cost, application.awarded_amount),
        description=application.summary,
    )
    project.full_clean()
    project.save()


def _on_pay(application, *, by, now, note, given):
    Project.objects.filter(application=application).update(
        paid_on=timezone.localdate(now), paid_amount=application.awarded_amount
    )


def _on_submit_report(application, *, by, now, note, given):
    FinalReport.objects.filter(application=application).update(submitted_at=now)


def _on_settle(application, *, by, now, note, given):
    report = application.final_report
    totals = final_report_totals(report)
    project = Project.objects.filter(application=application).first()
    if project is not None:
        # The project as realised: what it cost, the grant it used (what was paid and not
        # used is returned; paid_amount keeps what was paid), who took part.
        project.grant_amount = totals.from_grant
        project.total_cost = totals.total
        project.participants = report.participants
        project.settled_on = timezone.localdate(now)
        project.full_clean()
        project.save()


EFFECTS = {
    "submit": _on_submit,
    "request_correction": _on_request_correction,
    "award": _on_award,
    "resign": _on_resign,
    "put_on_reserve": _on_decide_without_grant,
    "reject_on_merit": _on_decide_without_grant,
    "reject_formally": _on_decide_without_grant,
    "sign_agreement": _on_sign_agreement,
    "pay": _on_pay,
    "submit_report": _on_submit_report,
    "settle": _on_settle,
}


def _notify(application: Application, transition: Transition, event: ApplicationEvent) -> None:
    if transition.email == Email.CONFIRMATION:
        pk = application.pk
        transaction.on_commit(lambda: application_confirmation_task.delay(pk))
    elif transition.email == Email.STATUS:
        event_pk = event.pk
        transaction.on_commit(lambda: application_status_email_task.delay(event_pk))


def application_submit(*, application: Application, by, at: datetime | None = None) -> Application:
    return application_transition(application=application, name="submit", by=by, at=at)


# --- the PDF and the confirmation -------------------------------------------------------


def application_pdf(*, application: Application) -> bytes:
    application = Application.objects.for_detail().get(pk=application.pk)
    lines = list(application.budget_lines.all())
    totals = budget.totals(lines, non_financial_counts=application.call.non_financial_counts)
    html = render_to_string(
        "grants/application_pdf.html",
        {"application": application, "lines": lines, "totals": totals},
    )
    return html_to_pdf(html)


def pdf_filename(application: Application) -> str:
    return (application.number or f"wniosek-{application.pk}").replace("/", "-") + ".pdf"


def application_send_confirmation(*, application: Application) -> None:
    application = Application.objects.select_related("call", "organisation", "submitted_by").get(
        pk=application.pk
    )
    recipients = _recipients(application)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "url": settings.SITE_URL + application.get_absolute_url(),
        }
        subject = render_to_string("grants/email/confirmation_subject.txt", context)
        body = render_to_string("grants/email/confirmation.txt", context)
        pdf = application_pdf(application=application)
    message = EmailMessage(" ".join(subject.split()), body, None, recipients)
    message.attach(pdf_filename(application), pdf, "application/pdf")
    message.send()


def _recipients(application: Application) -> list[str]:
    recipients: list[str] = []
    for email in (
        application.submitted_by.email if application.submitted_by else "",
        application.contact_email,
    ):
        if email and email.lower() not in {r.lower() for r in recipients}:
            recipients.append(email)
    return recipients


def application_send_status(*, event: ApplicationEvent) -> None:
    """Tell the applicant what happened to the application, and why."""
    event = ApplicationEvent.objects.select_related(
        "application__call", "application__organisation", "application__submitted_by"
    ).get(pk=event.pk)
    application = event.application
    recipients = _recipients(application)
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "event": event,
            "url": settings.SITE_URL + application.get_absolute_url(),
        }
        subject = render_to_string("grants/email/status_subject.txt", context)
        body = render_to_string("grants/email/status.txt", context)
    EmailMessage(" ".join(subject.split()), body, None, recipients).send()


# --- review -----------------------------------------------------------------------------


def reviewer_assign(*, call: Call, reviewer, by) -> ReviewerAssignment:
    if not rules.can_manage_reviewers(by):
        raise PermissionDenied
    if not rules.may_be_reviewer(reviewer):
        raise ValidationError(
            {"reviewer": _("Only an active official with the reviewer's role can review.")}
        )
    assignment, _created = ReviewerAssignment.objects.get_or_create(
        call=call, reviewer=reviewer, defaults={"assigned_by": by}
    )
    return assignment


def declarations_pending(*, call: Call, reviewer) -> list[Organisation]:
    """The applicant organisations the reviewer has not yet declared about, by name."""
    declared = ConflictDeclaration.objects.filter(call=call, reviewer=reviewer).values(
        "organisation_id"
    )
    return list(
        Organisation.objects.filter(applications__call=call, applications__status__in=REVIEWED)
        .exclude(pk__in=declared)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def conflict_declare(*, call: Call, reviewer, answers: dict[int, tuple[bool, str]]) -> int:
    """Record the reviewer's declaration for each organisation still waiting for one.

    `answers` maps an organisation's id to (has_conflict, explanation); a declaration,
    once made, stays: answering again changes nothing (conflict_undo takes one back).
    Returns how many declarations were recorded.
    """
    if not rules.is_assigned(reviewer, call):
        raise PermissionDenied
    pending = declarations_pending(call=call, reviewer=reviewer)
    missing = [o.name for o in pending if o.pk not in answers]
    if missing:
        raise ValidationError(
            _("Declare about every applicant organisation: %(names)s.")
            % {"names": ", ".join(missing)},
            code="missing",
        )
    now = timezone.now()
    made = 0
    for organisation in pending:
        has_conflict, explanation = answers[organisation.pk]
        _declaration, created = ConflictDeclaration.objects.get_or_create(
            call=call,
            reviewer=reviewer,
            organisation=organisation,
            defaults={
                "has_conflict": bool(has_conflict),
                "explanation": (explanation or "").strip()[:500],
                "declared_at": now,
            },
        )
        made += created
    return made


def conflict_undoable(declaration: ConflictDeclaration) -> bool:
    """Whether the reviewer may still take the declaration back: not once they have
    scored that organisation's application in the call (the score rests on it)."""
    return not Review.objects.filter(
        application__call_id=declaration.call_id,
        application__organisation_id=declaration.organisation_id,
        reviewer_id=declaration.reviewer_id,
    ).exists()


@transaction.atomic
def conflict_undo(*, declaration: ConflictDeclaration, by) -> None:
    """Take back a declaration made by mistake: the organisation waits for a new one,
    and the gate (declarations_pending) closes again until the reviewer gives it.

    Nothing of the organisation's application has been shown on the strength of the
    declaration being taken back but its title (a conflict showed nothing), and no
    score rests on it: refused once the reviewer has scored that application.
    """
    declaration = ConflictDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.reviewer_id != by.pk or not rules.is_assigned(by, declaration.call):
        raise PermissionDenied
    if not conflict_undoable(declaration):
        raise ValidationError(
            _(
                "You have already scored the application of %(organisation)s: the "
                "declaration your review rests on cannot be undone. If it was wrong, tell "
                "the programme officer."
            )
            % {"organisation": declaration.organisation.name},
            code="scored",
        )
    # What was taken back stays on record, in the call's history in the admin, in the
    # programme's language (the officials read it, whatever the reviewer's language); the
    # history names the reviewer in its own column.
    with translation.override(settings.LANGUAGE_CODE):
        answer = (
            _("a conflict of interest (%(explanation)s)") % {"explanation": declaration.explanation}
            if declaration.has_conflict and declaration.explanation
            else _("a conflict of interest")
            if declaration.has_conflict
            else _("no conflict of interest")
        )
        message = _("Undid the declaration about %(organisation)s, made %(when)s: %(answer)s.") % {
            "organisation": declaration.organisation.name,
            "when": date_format(timezone.localtime(declaration.declared_at), "DATETIME_FORMAT"),
            "answer": answer,
        }
    LogEntry.objects.log_actions(
        by.pk, [declaration.call], CHANGE, change_message=message, single_object=True
    )
    declaration.delete()


@transaction.atomic
def review_save(
    *, application: Application, reviewer, points: dict[int, int], comment: str
) -> Review:
    """The reviewer's scores for the application: every criterion, within its maximum."""
    application = Application.objects.select_related("call").get(pk=application.pk)
    if not rules.can_review(reviewer, application):
        raise PermissionDenied
    criteria = list(application.call.criteria.all())
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = _("Score this criterion.")
        elif not 0 <= value <= criterion.max_points:
            errors[f"criterion_{criterion.pk}"] = _(
                "Give from 0 to %(max)d points for this criterion."
            ) % {"max": criterion.max_points}
    if not comment.strip():
        errors["comment"] = _("Explain your scores in a comment.")
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={
            "comment": comment.strip(),
            "total_points": sum(points[c.pk] for c in criteria),
        },
    )
    for criterion in criteria:
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"points": points[criterion.pk]}
        )
    return review


@dataclass(frozen=True)
class Missing:
    reviewer: object
    applications: list


def reviews_missing(*, call: Call) -> list[Missing]:
    """Who has not yet reviewed what: each assigned reviewer with the applications in
    merit review they may score (no declared conflict) and have not scored."""
    applications = list(
        Application.objects.filter(call=call, status=Status.MERIT_REVIEW)
        .select_related("organisation")
        .order_by("number")
    )
    reviewed = set(
        Review.objects.filter(application__call=call).values_list("application_id", "reviewer_id")
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(call=call, has_conflict=True).values_list(
            "organisation_id", "reviewer_id"
        )
    )
    result = []
    for assignment in call.assignments.select_related("reviewer"):
        rid = assignment.reviewer_id
        todo = [
            a
            for a in applications
            if (a.pk, rid) not in reviewed and (a.organisation_id, rid) not in conflicts
        ]
        if todo:
            result.append(Missing(reviewer=assignment.reviewer, applications=todo))
    return result


# --- results and money --------------------------------------------------------------------


@transaction.atomic
def call_check_pool(*, call: Call, budget_pool: Decimal) -> None:
    """Refuse a pool below what the call has already awarded.

    The call's row is locked, as an award locks it (_on_award), and stays locked until
    the caller's transaction ends: an award made meanwhile waits, then counts the new
    pool; a new pool waits for the award, then counts it.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    awarded = call.awarded_total()
    if budget_pool < awarded:
        raise _field_error(
            "budget_pool",
            _("The call has already awarded %(awarded)s: the pool cannot be smaller.")
            % {"awarded": zl(awarded)},
            "below_awarded",
        )


@transaction.atomic
def call_update(*, call: Call, by, changes: dict) -> Call:
    """Save an official's changes to a call, and only the fields changed.

    What the workflow keeps on the call meanwhile (the results' publication, the closing
    time of a rolling intake whose pool was spent) is never overwritten with the values
    the official's form loaded earlier; the pool never goes below what is awarded.
    """
    if not rules.can_manage_calls(by):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    for field, value in changes.items():
        setattr(call, field, value)
    if "closes_at" in changes:
        # The official's date now closes it, not the spent pool.
        call.closed_for_pool = False
        changes = {**changes, "closed_for_pool": False}
    if "budget_pool" in changes:
        call_check_pool(call=call, budget_pool=call.budget_pool)
    call.full_clean()
    call.save(update_fields=list(changes))
    return call


def call_publish_results(*, call: Call, by) -> Call:
    """Publish the call's results: only once every application in it is decided."""
    if not rules.can_decide(by):
        raise PermissionDenied
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.results_published_at is not None:
            return call
        waiting = list(
            call.applications.filter(status__in=PENDING)
            .order_by("number")
            .values_list("number", "title")
        )
        if waiting:
            # Named, so that the official knows which ones to decide first.
            named = ", ".join(
                _("%(number)s “%(title)s”") % {"number": number, "title": title}
                for number, title in waiting
            )
            raise ValidationError(
                ngettext(
                    "%(n)d application in this call still waits for a decision: %(named)s.",
                    "%(n)d applications in this call still wait for a decision: %(named)s.",
                    len(waiting),
                )
                % {"n": len(waiting), "named": named},
                code="undecided",
            )
        if not call.applications.filter(status__in=DECIDED).exists():
            raise ValidationError(_("Nothing has been decided in this call yet."), code="empty")
        if call.is_open():
            raise ValidationError(_("The call is still accepting applications."), code="open")
        call.results_published_at = timezone.now()
        call.save(update_fields=["results_published_at"])
    return call


@dataclass(frozen=True)
class EnvelopeFigures:
    amount: Decimal
    granted: Decimal
    paid: Decimal
    settled: Decimal
    returned: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.granted


def envelope_figures(envelope) -> EnvelopeFigures:
    """What a regranting centre granted, paid, settled and got back in the envelope's year.

    Granted: awards in the centre's calls opened that year (from the decision on, and
    still standing), plus regranting projects recorded without an application that
    start that year. Paid: what was paid out of them. Settled: the grant the settled
    projects used, as their final reports account for it. Returned: what was paid to the
    settled projects and not used. One query, or none for an envelope read with
    RegrantingEnvelope.objects.with_figures() (the figures are computed there).
    """
    if not hasattr(envelope, "awards_granted"):
        envelope = RegrantingEnvelope.objects.with_figures().get(pk=envelope.pk)
    return EnvelopeFigures(
        amount=envelope.amount,
        granted=envelope.awards_granted + envelope.direct_granted,
        paid=envelope.paid_total,
        settled=envelope.settled_total,
        returned=envelope.returned_total,
    )


@transaction.atomic
def project_check_grant(*, project: Project) -> None:
    """A regranting grant recorded without an application must fit in the centre's
    envelope for the year it starts, where envelope_figures counts it as granted.

    (A grant's project is bounded by its award instead: Project.clean.) The envelope's
    row stays locked until the caller's transaction ends, so that two grants recorded at
    once do not both take what is left.
    """
    if project.kind != Project.Kind.REGRANTING or project.application_id:
        return
    year = project.starts_on.year
    envelope = (
        RegrantingEnvelope.objects.select_for_update()
        .filter(centre_id=project.centre_id, year=year)
        .first()
    )
    if envelope is None:
        raise _field_error(
            "grant_amount",
            _(
                "A regranting grant is paid from the centre's envelope: record its %(year)d "
                "envelope first."
            )
            % {"year": year},
            "no_envelope",
        )
    figures = envelope_figures(envelope)
    counted = Project.objects.filter(
        pk=project.pk,
        kind=Project.Kind.REGRANTING,
        application__isnull=True,
        centre_id=project.centre_id,
        starts_on__year=year,
    ).values_list("grant_amount", flat=True)
    left = figures.remaining + sum(counted, ZERO)  # this grant's earlier amount is free
    if project.grant_amount > left:
        raise _field_error(
            "grant_amount",
            _("The centre's %(year)d envelope has %(left)s left to grant; %(amount)s does not fit.")
            % {"year": year, "left": zl(left), "amount": zl(project.grant_amount)},
            "envelope",
        )


@transaction.atomic
def project_record(*, project: Project, by) -> Project:
    """Record a realised project in the admin: a grassroots initiative, or a regranting
    grant made outside the portal's calls (within the centre's envelope)."""
    if not rules.can_manage_projects(by):
        raise PermissionDenied
    project.full_clean()
    project_check_grant(project=project)
    project.save()
    return project


@transaction.atomic
def project_update(*, project: Project, by, changes: dict) -> Project:
    """Save an official's changes to a project, and only the fields changed: what the
    grant's workflow sets meanwhile (payment, settlement, the amounts) is kept."""
    if not rules.can_manage_projects(by):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    for field, value in changes.items():
        setattr(project, field, value)
    project.full_clean()
    project_check_grant(project=project)
    project.save(update_fields=[*changes, "updated_at"])
    return project


# --- the final report ---------------------------------------------------------------------


def _check_reporting(application: Application, by) -> None:
    if not rules.can_act_for_application(by, application):
        raise PermissionDenied
    if application.status not in REPORTING:
        raise ValidationError(_("The final report cannot be changed now."), code="frozen")


@transaction.atomic
def final_report_save(
    *,
    application: Application,
    by,
    summary: str,
    participants: int | None,
    results: dict[int, tuple[int | None, str]],
    costs: dict[int, tuple[Decimal, Decimal, Decimal]],
) -> FinalReport:
    """Save the final report as a draft: the results achieved and what each line cost.

    `results` maps an expected result's id to (achieved, comment); `costs` maps a budget
    line's id to (from the grant, own financial, own non-financial).
    """
    application = _lock(application)
    _check_reporting(application, by)
    report, _created = FinalReport.objects.get_or_create(application=application)
    report.summary = summary.strip()
    report.participants = participants
    report.full_clean()
    report.save()
    expected = {r.pk: r for r in application.results.all()}
    for pk, (achieved, comment) in results.items():
        if pk not in expected:
            raise ValueError(f"result {pk} is not the application's")
        if achieved is None:
            ReportResult.objects.filter(report=report, expected_id=pk).delete()
            continue
        ReportResult.objects.update_or_create(
            report=report,
            expected_id=pk,
            defaults={"achieved_value": achieved, "comment": (comment or "").strip()[:500]},
        )
    lines = {line.pk: line for line in application.budget_lines.all()}
    for pk, parts in costs.items():
        if pk not in lines:
            raise ValueError(f"line {pk} is not the application's")
        from_grant, own_financial, own_non_financial = (budget.money(p or ZERO) for p in parts)
        ReportCost.objects.update_or_create(
            report=report,
            line_id=pk,
            defaults={
                "from_grant": from_grant,
                "own_financial": own_financial,
                "own_non_financial": own_non_financial,
            },
        )
    totals = final_report_totals(report)
    if totals.from_grant > (application.awarded_amount or ZERO):
        raise ValidationError(
            {
                "costs": _(
                    "The costs paid from the grant (%(spent)s) exceed the grant awarded "
                    "(%(awarded)s)."
                )
                % {"spent": zl(totals.from_grant), "awarded": zl(application.awarded_amount)}
            }
        )
    return report


@dataclass(frozen=True)
class ReportTotals:
    from_grant: Decimal
    own_financial: Decimal
    own_non_financial: Decimal

    @property
    def own(self) -> Decimal:
        return self.own_financial + self.own_non_financial

    @property
    def total(self) -> Decimal:
        return self.from_grant + self.own


def final_report_totals(report: FinalReport) -> ReportTotals:
    costs = list(report.costs.all())
    return ReportTotals(
        from_grant=sum((c.from_grant for c in costs), ZERO),
        own_financial=sum((c.own_financial for c in costs), ZERO),
        own_non_financial=sum((c.own_non_financial for c in costs), ZERO),
    )


def final_report_errors(report: FinalReport) -> list[str]:
    """What the final report still lacks; empty when it may be submitted."""
    application = report.application
    errors = []
    if not report.summary:
        errors.append(_("Describe what was done."))
    if report.participants is None:
        errors.append(_("Give the number of participants."))
    reported = set(report.results.values_list("expected_id", flat=True))
    for result in application.results.all():
        if result.pk not in reported:
            errors.append(_("Give what was achieved: %(result)s.") % {"result": result.description})
    costed = set(report.costs.values_list("line_id", flat=True))
    for line in application.budget_lines.all():
        if line.pk not in costed:
            errors.append(_("Give the actual cost: %(line)s.") % {"line": line.name})
    totals = final_report_totals(report)
    if totals.total == ZERO:
        errors.append(_("Give the actual costs."))
    if totals.from_grant > (application.awarded_amount or ZERO):
        errors.append(_("The costs paid from the grant exceed the grant awarded."))
    return errors


@transaction.atomic
def report_file_add(*, application: Application, by, upload, kind: str) -> ReportFile:
    """A photo or a document for the final report, checked as attachments are."""
    application = _lock(application)
    _check_reporting(application, by)
    content_type = files.detect_type(upload)
    if kind == ReportFile.Kind.PHOTO and not content_type.startswith("image/"):
        raise ValidationError({"file": _("A photo is a JPG or PNG image.")}, code="not_a_photo")
    report, _created = FinalReport.objects.get_or_create(application=application)
    stored = ReportFile(
        report=report,
        kind=kind,
        name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    stored.file.save("upload", upload, save=False)
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def report_file_remove(*, report_file: ReportFile, by) -> None:
    application = _lock(report_file.report.application)
    _check_reporting(application, by)
    name, storage = report_file.file.name, report_file.file.storage
    report_file.delete()
    transaction.on_commit(lambda: storage.delete(name))
