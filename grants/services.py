from collections.abc import Iterable
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cil_portal.pdf import html_to_pdf
from organisations.models import Organisation
from organisations.rules import can_act_for

from . import budget, files, rules
from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Call,
    ExpectedResult,
    Message,
    NumberSequence,
    RequiredAttachment,
    ScheduleItem,
)
from .workflow import TRANSITIONS, Limit, Status

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
    return Application.objects.select_for_update().select_related("call").get(pk=application.pk)


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
    if section == Section.TASK:
        errors = budget.task_period_errors(
            application.call, application.start_date, application.end_date
        )
        if errors:
            raise ValidationError(errors)
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
    """Replace the budget lines; every line adds up and the whole keeps the call's rules."""
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
    if errors := budget.call_errors(totals, application.call):
        raise ValidationError(errors, code="call_rules")
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
        if item["ends_on"] < item["starts_on"]:
            errors.append(
                ValidationError(_("An activity cannot end before it starts."), params={"row": i})
            )
        elif (start and item["starts_on"] < start) or (end and item["ends_on"] > end):
            message = _("Every activity happens within the task's dates (%(start)s – %(end)s).") % {
                "start": date_format(start, "SHORT_DATE_FORMAT") if start else "…",
                "end": date_format(end, "SHORT_DATE_FORMAT") if end else "…",
            }
            errors.append(ValidationError(message, params={"row": i}))
    return errors


@transaction.atomic
def application_set_schedule(*, application: Application, by, items: list[dict]) -> Application:
    application = _lock(application)
    _check_editable(application, by, Section.SCHEDULE)
    if errors := schedule_errors(application, items):
        raise ValidationError({"items": errors})
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
    # Locked: two applications submitted at once must not get the same number.
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}/{sequence.last:03d}"


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


def application_transition(
    *,
    application: Application,
    name: str,
    by,
    note: str = "",
    correction_sections: list[str] | None = None,
    correction_until=None,
) -> Application:
    """Move the application along the workflow (see workflow.py); the only way to do it.

    A repeated request (a double click, a retried POST) for a transition already made
    changes nothing and returns the application as it is.
    """
    transition = TRANSITIONS[name]
    with transaction.atomic():
        # Locked: two requests at once (a double click, two members) must make one
        # transition, one history entry, one number and one e-mail.
        application = _lock(application)
        if not rules.can_make(by, application, transition):
            raise PermissionDenied
        if application.status == transition.target and application.status not in (
            transition.sources
        ):
            return application
        if application.status not in transition.sources:
            raise ValidationError(
                _("This cannot be done to an application that is %(status)s.")
                % {"status": application.get_status_display()},
                code="state",
            )
        now = timezone.now()
        _check_time_limit(application, transition.limit, now)
        if transition.needs_complete and (errors := completeness_errors(application)):
            raise ValidationError(
                [m for messages in errors.values() for m in messages], code="incomplete"
            )

        if name == "submit":
            if not application.number:
                application.number = _next_number(application.call.number_prefix)
            application.submitted_at = now
            application.submitted_by = by
        elif name == "request_correction":
            sections = [s for s in (correction_sections or []) if s in Section.values]
            if not sections or correction_until is None or not note.strip():
                raise ValidationError(
                    _("Name the parts to correct, the date to correct them by and why."),
                    code="correction",
                )
            application.correction_sections = sections
            application.correction_until = correction_until
            Message.objects.create(application=application, author=by, body=note)

        ApplicationEvent.objects.create(
            application=application,
            transition=name,
            from_status=application.status,
            to_status=transition.target,
            by=by,
            at=now,
            note=note,
        )
        application.status = transition.target
        application.full_clean()
        application.save()
        if name in ("submit", "correct"):
            from .tasks import application_confirmation_task

            pk = application.pk
            transaction.on_commit(lambda: application_confirmation_task.delay(pk))
    return application


def application_submit(*, application: Application, by) -> Application:
    return application_transition(application=application, name="submit", by=by)


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
    from django.conf import settings

    application = Application.objects.select_related("call", "organisation", "submitted_by").get(
        pk=application.pk
    )
    recipients = []
    for email in (
        application.submitted_by.email if application.submitted_by else "",
        application.contact_email,
    ):
        if email and email.lower() not in {r.lower() for r in recipients}:
            recipients.append(email)
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
