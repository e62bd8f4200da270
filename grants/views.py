from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.utils import ErrorList
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cil_portal import caching

from . import budget, files, rules, services
from .forms import (
    ApplicantForm,
    AttachmentForm,
    BudgetFormSet,
    CallFilterForm,
    DeclarationsForm,
    FinalReportForm,
    ReportFileForm,
    ResultFormSet,
    ScheduleFormSet,
    StartForm,
    TaskForm,
)
from .models import Application, Attachment, Call, FinalReport, ReportFile
from .templatetags.grants_tags import time_left_holds_for
from .workflow import TRANSITIONS, Actor, Status, transitions_from

Section = Application.Section
SECTIONS = list(Section)


# --- calls ------------------------------------------------------------------------------


# Closed calls per page: ten years of them must not make one long page.
CLOSED_CALLS_PER_PAGE = 12


@caching.page_cache(times=caching.CALL_TIMES)
def call_list(request):
    now = timezone.now()
    form = CallFilterForm(request.GET or None)
    calls = Call.objects.published().for_list()
    status = ""
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"]
        if data["kind"]:
            calls = calls.filter(kind=data["kind"])
        if data["organiser"] == "city":
            calls = calls.filter(organiser__isnull=True)
        elif data["organiser"]:
            calls = calls.filter(organiser__slug=data["organiser"])
    current = calls.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    closed = calls.filter(closes_at__lte=now).order_by("-closes_at", "-pk")
    if status == "open":
        current, closed = current.filter(opens_at__lte=now), closed.none()
    elif status == "upcoming":
        current, closed = current.filter(opens_at__gt=now), closed.none()
    elif status == "closed":
        current = current.none()
    page = Paginator(closed, CLOSED_CALLS_PER_PAGE).get_page(request.GET.get("page"))
    groups = {"open": [], "upcoming": [], "closed": list(page)}
    for call in current:
        groups[call.state(now)].append(call)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/call_list.html",
        {
            "form": form,
            "groups": groups,
            "now": now,
            "any": any(groups.values()),
            "page": page,
            "query": query.urlencode(),
        },
    )


@caching.page_cache(times=caching.CALL_TIMES)
def call_detail(request, slug: str):
    call = get_object_or_404(
        Call.objects.select_related("organiser").prefetch_related(
            "criteria", "required_attachments", "documents"
        ),
        slug=slug,
    )
    if not rules.can_view_call(request.user, call):
        raise Http404
    mine = (
        Application.objects.for_organisations_of(request.user)
        .filter(call=call)
        .exclude(status=Status.WITHDRAWN)
        .select_related("organisation")
    )
    now = timezone.now()
    left = call.time_left(now)
    if left:
        caching.page_holds_until(request, now + time_left_holds_for(left))
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "state": call.state(now),
            "time_left": left,
            "my_applications": mine,
        },
    )


@login_required
def call_apply(request, slug: str):
    call = get_object_or_404(Call.objects.published().select_related("organiser"), slug=slug)
    form = StartForm(request.POST or None, user=request.user)
    organisations = list(form.fields["organisation"].queryset)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                call=call, organisation=form.cleaned_data["organisation"], by=request.user
            )
        except ValidationError as e:
            for field, errors in e.message_dict.items() if hasattr(e, "error_dict") else []:
                form.add_error(field if field in form.fields else None, errors)
            if not hasattr(e, "error_dict"):
                form.add_error(None, e.messages)
        else:
            return redirect("grants:application_step", application.pk, SECTIONS[0])
    rows = [(o, call.eligibility_error(o)) for o in organisations]
    return render(
        request,
        "grants/call_apply.html",
        {"call": call, "form": form, "rows": rows, "is_open": call.is_open()},
    )


# --- one application --------------------------------------------------------------------


def _get_application(request, pk: int, queryset=None) -> Application:
    application = get_object_or_404(
        queryset
        if queryset is not None
        else Application.objects.select_related("call", "organisation"),
        pk=pk,
    )
    # 404 rather than 403: another organisation's application is not theirs to know of.
    if not rules.can_view_application(request.user, application):
        raise Http404
    return application


@login_required
def application_detail(request, pk: int):
    application = _get_application(request, pk, Application.objects.for_detail())
    lines = list(application.budget_lines.all())
    totals = budget.totals(lines, non_financial_counts=application.call.non_financial_counts)
    can_act = rules.can_act_for_application(request.user, application)
    actions = transitions_from(application.status, Actor.APPLICANT) if can_act else []
    errors = (
        services.completeness_errors(application)
        if can_act and application.status in (Status.DRAFT, Status.CORRECTION_REQUESTED)
        else {}
    )
    sections = [
        (s, s.label, errors.get(s.value, []), application.can_edit_section(s.value) and can_act)
        for s in SECTIONS
    ]
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "lines": lines,
            "totals": totals,
            "actions": actions,
            "sections": sections,
            "complete": not errors,
            "can_act": can_act,
            "show_report": FinalReport.objects.filter(application=application).exists(),
            "decision": _decision(application),
        },
    )


# The transitions that decide on an application (its outcome, with the official's reason).
DECISIONS = {"award", "put_on_reserve", "reject_on_merit", "reject_formally"}


def _decision(application):
    """The event that decided the application, the latest if it was decided again (a
    reserve awarded later); None before a decision. Read from the prefetched history."""
    decided = [e for e in application.events.all() if e.transition in DECISIONS]
    return decided[-1] if decided else None


def _add_error(form, field, errors) -> None:
    if not form.is_bound:
        # A page opened afresh shows the call's rules the saved draft breaks; an unbound
        # form has no cleaned data for add_error to update.
        form.full_clean()
        form.cleaned_data = {}
    form.add_error(field, errors)


def _apply_errors(e: ValidationError, form=None, formset=None) -> None:
    """Put a service's ValidationError beside the fields (or rows) it is about."""
    if not hasattr(e, "error_dict"):
        if form is not None:
            _add_error(form, None, e.messages)
        elif formset is not None:
            formset._non_form_errors = ErrorList(e.messages)
        return
    for field, errors in e.error_dict.items():
        if form is not None and (
            field in form.fields or field in getattr(form, "error_groups", ())
        ):
            _add_error(form, field, errors)
        elif formset is not None and field in ("lines", "items"):
            # The rows as read from the page once submitted, the saved ones on a new page.
            row_forms = getattr(formset, "row_forms", formset.forms)
            for error in errors:
                _add_error(row_forms[error.params["row"]], None, error.messages)
        elif form is not None:
            _add_error(form, None, errors)


def _row_initial(queryset, fields):
    return [{f: getattr(obj, f) for f in fields} for obj in queryset]


EXTRA_ROWS = 2
MOST_EXTRA_ROWS = 20

ROW_FORMSETS = {
    Section.BUDGET: (BudgetFormSet, "lines", "budget_lines"),
    Section.SCHEDULE: (ScheduleFormSet, "items", "schedule_items"),
    Section.RESULTS: (ResultFormSet, "results", "results"),
}


def _row_formset(application, section, data, extra=EXTRA_ROWS):
    """The step's rows: the saved ones, then `extra` blank ones (on a page opened afresh)."""
    formset_class, prefix, related = ROW_FORMSETS[section]
    initial = None
    if data is None:
        fields = list(formset_class.form._meta.fields)
        initial = _row_initial(getattr(application, related).all(), fields)
    formset = formset_class(data, prefix=prefix, initial=initial)
    formset.extra = extra
    return formset


def _extra_rows(request) -> int:
    """How many blank rows to offer: more after "Save and add more rows" (without script)."""
    try:
        wanted = int(request.GET.get("rows", EXTRA_ROWS))
    except ValueError:
        wanted = EXTRA_ROWS
    return max(EXTRA_ROWS, min(wanted, MOST_EXTRA_ROWS))


def _budget_summary(formset, call) -> dict:
    """The budget as the server reads the page: each row's cost, the totals and the call's
    rules they break. From the saved lines on a page opened afresh, from what was typed
    once sent (the live check as the user types, or a save that was refused)."""
    rows = []
    for form in formset.forms:
        if form.is_bound:
            form.is_valid()  # its valid fields are then in cleaned_data
            values = form.cleaned_data
        else:
            values = form.initial
        cost, quantity = values.get("unit_cost"), values.get("quantity")
        if values.get("DELETE") or cost is None or quantity is None:
            rows.append(None)
            continue
        rows.append(
            SimpleNamespace(
                unit_cost=cost,
                quantity=quantity,
                requested=values.get("requested") or budget.ZERO,
                own_financial=values.get("own_financial") or budget.ZERO,
                own_non_financial=values.get("own_non_financial") or budget.ZERO,
            )
        )
    costed = [row for row in rows if row is not None]
    totals = budget.totals(costed, non_financial_counts=call.non_financial_counts)
    return {
        "totals": totals,
        "lines": [
            (budget.line_total(row.unit_cost, row.quantity), budget.line_error(row))
            if row is not None
            else (None, None)
            for row in rows
        ],
        # An empty budget is asked for at submit, not while it is being typed.
        "errors": budget.call_errors(totals, call) if costed else {},
    }


@login_required
def application_step(request, pk: int, section: str):
    if section not in Section.values:
        raise Http404
    application = _get_application(request, pk)
    if not rules.can_edit_application(request.user, application, section):
        messages.info(request, _("This part of the application cannot be changed now."))
        return redirect(application)
    call = application.call
    data = request.POST if request.method == "POST" else None
    form = formset = None
    context = {}
    if section == Section.APPLICANT:
        form = ApplicantForm(data, instance=application)
    elif section == Section.TASK:
        form = TaskForm(data, instance=application, initial={"areas": application.areas.all()})
    elif section == Section.DECLARATIONS:
        form = DeclarationsForm(data, instance=application)
    elif section in ROW_FORMSETS:
        formset = _row_formset(application, section, data, _extra_rows(request))
    elif section == Section.ATTACHMENTS:
        form = AttachmentForm(data, request.FILES or None, call=call)
        context["attachments"] = application.attachments.select_related("required")
        context["required"] = call.required_attachments.all()
        context["max_size"] = files.max_bytes()

    if request.method == "POST":
        saved = _save_step(request, application, section, form, formset)
        if saved:
            if section == Section.ATTACHMENTS and "upload" in request.POST:
                messages.success(request, _("The file has been attached."))
                return redirect("grants:application_step", application.pk, section)
            application.refresh_from_db()
            here = reverse("grants:application_step", args=[application.pk, section])
            if services.call_rule_errors(application, section):
                messages.warning(
                    request,
                    _(
                        "Saved as a draft. It does not keep the call's rules yet: the "
                        "messages below say where. You can fix it now or later, before "
                        "you submit."
                    ),
                )
                if "leave" in request.POST:
                    return redirect(application)
                if "more" not in request.POST:
                    return redirect(here)
            else:
                messages.success(request, _("Saved as a draft."))
            if "more" in request.POST:
                blank = formset.total_form_count() - len(formset.row_forms)
                return redirect(f"{here}?rows={blank + EXTRA_ROWS}")
            index = SECTIONS.index(section)
            if "leave" in request.POST or index + 1 == len(SECTIONS):
                return redirect(application)
            return redirect("grants:application_step", application.pk, SECTIONS[index + 1])
        messages.error(request, _("Please correct the errors below."))
    # Opened afresh: the call's rules the saved part breaks, beside the fields at fault
    # (the budget's are in its summary, computed below from the same lines).
    problems = {}
    if request.method != "POST" and section != Section.BUDGET:
        problems = services.call_rule_errors(application, section)
    if problems:
        _apply_errors(ValidationError(problems), form, formset)

    summary = None
    rows = []
    if formset is not None:
        if section == Section.BUDGET:
            summary = _budget_summary(formset, call)
            lines = summary["lines"]
        else:
            lines = [(None, None)] * len(formset.forms)
        saved_rows = formset.initial_form_count()
        rows = [
            (row, i < saved_rows, cost, error)
            for i, (row, (cost, error)) in enumerate(zip(formset.forms, lines, strict=True))
        ]
    return render(
        request,
        "grants/application_step.html",
        {
            "application": application,
            "call": call,
            "section": section,
            "section_label": Section(section).label,
            "steps": [(s, s.label, application.can_edit_section(s.value)) for s in SECTIONS],
            "step_number": SECTIONS.index(section) + 1,
            "step_count": len(SECTIONS),
            "form": form,
            "formset": formset,
            "rows": rows,
            "summary": summary,
            **context,
        },
    )


@login_required
@require_POST
def application_budget_check(request, pk: int):
    """The budget as typed, read and summed by the server: the page shows it as the user
    types (static/js/application-budget.js). Nothing is saved."""
    application = _get_application(request, pk)
    if not rules.can_edit_application(request.user, application, Section.BUDGET):
        raise PermissionDenied
    formset = _row_formset(application, Section.BUDGET, request.POST)
    summary = _budget_summary(formset, application.call)
    totals = summary["totals"]
    return JsonResponse(
        {
            "lines": [
                {"total": budget.zl(cost) if cost is not None else "–", "error": error or ""}
                for cost, error in summary["lines"]
            ],
            "totals": {
                "total-cost": budget.zl(totals.total),
                "total-requested": budget.zl(totals.requested),
                "total-own-financial": budget.zl(totals.own_financial),
                "total-own-non-financial": budget.zl(totals.own_non_financial),
                "own-share": f"{number_format(totals.own_share, 2)}%",
            },
            "messages": summary["errors"],
        }
    )


def _save_step(request, application, section, form, formset) -> bool:
    by = request.user
    try:
        if section == Section.ATTACHMENTS:
            if "upload" not in request.POST:
                return True  # "continue" without a new file
            if not form.is_valid():
                return False
            try:
                services.attachment_add(
                    application=application,
                    by=by,
                    upload=form.cleaned_data["file"],
                    required=form.cleaned_data["required"],
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    raise
                form.add_error("file", e)  # its type or its size: beside the file field
                return False
        elif form is not None:
            if not form.is_valid():
                return False
            data = {k: v for k, v in form.cleaned_data.items() if k != "areas"}
            services.application_update(
                application=application,
                by=by,
                section=section,
                data=data,
                areas=form.cleaned_data.get("areas"),
            )
        else:
            if not formset.is_valid():
                return False
            rows = formset.rows()
            if section == Section.BUDGET:
                services.application_set_budget(application=application, by=by, lines=rows)
            elif section == Section.SCHEDULE:
                services.application_set_schedule(application=application, by=by, items=rows)
            else:
                services.application_set_results(application=application, by=by, results=rows)
    except ValidationError as e:
        _apply_errors(e, form, formset)
        return False
    return True


@login_required
@require_POST
def application_transition(request, pk: int, name: str):
    transition = TRANSITIONS.get(name)
    if transition is None or transition.actor != Actor.APPLICANT:
        raise Http404
    application = _get_application(request, pk)
    # Read before the transition: the message says what this request did.
    before, resubmitted = application.status, bool(application.number)
    try:
        application = services.application_transition(
            application=application, name=name, by=request.user, at=request.arrived_at
        )
    except PermissionDenied:
        raise Http404
    except ValidationError as e:
        errors = getattr(e, "error_list", [])
        if errors and all(error.code == "incomplete" for error in errors):
            # The page lists what is missing beside each part: said once, not twice.
            messages.error(
                request,
                _("The application is not complete yet: see what each part below still needs."),
            )
        else:
            for message in e.messages:
                messages.error(request, message)
    else:
        messages.success(request, _transition_done(application, name, before, resubmitted))
    return redirect(application)


def _transition_done(application, name: str, before: str, resubmitted: bool) -> str:
    """What the applicant's transition did, said exactly (a repeat did nothing)."""
    number = {"number": application.number, "status": application.get_status_display()}
    if before == application.status:
        return _("Application %(number)s is already %(status)s: nothing was changed.") % number
    if name == "submit" and resubmitted:
        return (
            _(
                "The changed application %(number)s has been submitted again; it keeps its "
                "number. A confirmation with the application as now submitted (PDF) is on "
                "its way by e-mail."
            )
            % number
        )
    done = {
        "submit": _(
            "The application has been submitted and given the number %(number)s. "
            "A confirmation with the application (PDF) is on its way by e-mail."
        ),
        "reopen": _(
            "Application %(number)s is open for changes again and is no longer submitted: "
            "submit it again before the call closes, or it will not be considered."
        ),
        "withdraw": _("The application has been withdrawn."),
        "correct": _(
            "The correction of application %(number)s has been sent: the programme officers "
            "will check it again. A confirmation (PDF) is on its way by e-mail."
        ),
        "resign": _("You have given up the grant."),
        "submit_report": _("The final report has been submitted."),
    }
    return done[name] % number


@login_required
def application_pdf(request, pk: int):
    application = _get_application(request, pk)
    pdf = services.application_pdf(application=application)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{services.pdf_filename(application)}"'
    return response


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    application = _get_application(request, pk)
    if not rules.can_view_attachment(request.user, application):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment_pk: int):
    application = _get_application(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except PermissionDenied:
        raise Http404
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The attachment has been removed."))
    return redirect(reverse("grants:application_step", args=[pk, Section.ATTACHMENTS]))


# --- the public results -----------------------------------------------------------------


def call_results(request, slug: str):
    call = get_object_or_404(Call.objects.select_related("organiser"), slug=slug)
    if not rules.can_view_call(request.user, call):
        raise Http404
    published = rules.can_view_results(request.user, call)
    context = {"call": call, "published": published}
    if published:
        awarded = list(Application.objects.for_results(call))
        context.update(
            {
                "awarded": awarded,
                "awarded_total": sum((a.awarded_amount for a in awarded), budget.ZERO),
                "reserve": list(Application.objects.for_reserve_list(call)),
                "received": Application.objects.filter(call=call).received().count(),
            }
        )
    return render(request, "grants/call_results.html", context)


# --- the final report -------------------------------------------------------------------


@login_required
def final_report(request, pk: int):
    application = _get_application(
        request, pk, Application.objects.select_related("call", "organisation")
    )
    report = FinalReport.objects.for_report_page().filter(application=application).first()
    can_act = rules.can_act_for_application(request.user, application)
    editable = can_act and application.is_reporting
    if report is None and not editable:
        raise Http404
    form = FinalReportForm(
        request.POST if request.method == "POST" and "save" in request.POST else None,
        application=application,
        report=report,
    )
    upload = ReportFileForm(
        request.POST if "upload" in request.POST else None, request.FILES or None
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        try:
            if "upload" in request.POST:
                if upload.is_valid():
                    services.report_file_add(
                        application=application,
                        by=request.user,
                        upload=upload.cleaned_data["file"],
                        kind=upload.cleaned_data["kind"],
                    )
                    messages.success(request, _("The file has been added to the report."))
                    return redirect("grants:final_report", application.pk)
            elif form.is_valid():
                services.final_report_save(
                    application=application,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    participants=form.cleaned_data["participants"],
                    results=form.results(),
                    costs=form.costs(),
                )
                if request.POST.get("save") == "submit":
                    response = application_transition(request, application.pk, "submit_report")
                    application.refresh_from_db(fields=["status"])
                    if application.status != Status.REPORT_SUBMITTED:
                        messages.info(request, _("What you typed is saved as a draft."))
                    return response
                messages.success(
                    request,
                    _(
                        "The final report has been saved as a draft; it is not submitted yet. "
                        "Come back to it at any time and submit it once it is complete."
                    ),
                )
                return redirect("grants:final_report", application.pk)
        except ValidationError as e:
            target = upload if "upload" in request.POST else form
            _apply_errors(e, target)
        messages.error(request, _("Please correct the errors below."))
    # (A refused save or upload is rolled back whole: the report is as it was read above.)
    return render(
        request,
        "grants/final_report.html",
        {
            "application": application,
            "report": report,
            "form": form,
            "upload": upload,
            "editable": editable,
            "errors": services.final_report_errors(report) if report and editable else [],
            "totals": services.final_report_totals(report) if report else None,
            "files": report.files.all() if report else [],
            "max_size": files.max_bytes(),
        },
    )


@login_required
def report_file_download(request, pk: int, file_pk: int):
    application = _get_application(request, pk)
    stored = get_object_or_404(ReportFile, pk=file_pk, report__application=application)
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_file_delete(request, pk: int, file_pk: int):
    application = _get_application(request, pk)
    stored = get_object_or_404(ReportFile, pk=file_pk, report__application=application)
    try:
        services.report_file_remove(report_file=stored, by=request.user)
    except PermissionDenied:
        raise Http404
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("grants:final_report", pk)
