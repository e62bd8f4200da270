from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from centres.models import Area, Centre
from organisations.models import Organisation

from . import budget
from .models import Application, BudgetLine, Call, ExpectedResult, RequiredAttachment, ScheduleItem


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Apply on behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user).select_related(
            "sponsor"
        )
        self.helper = _helper()


class ApplicantForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["contact_name", "contact_email", "contact_phone"]
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_email"):
            self.fields[name].required = True
        self.helper = _helper()


class TaskForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas where the task happens"),
        queryset=Area.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["title", "areas", "place", "start_date", "end_date", "summary", "target_group"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "place": _("Where it happens, if not one of the areas above (e.g. the whole city)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "start_date", "end_date", "summary", "target_group"):
            self.fields[name].required = True
        self.helper = _helper()


class DeclarationsForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["declaration", "rodo_consent"]
        labels = {
            "declaration": _(
                "I declare that the information in this application is true, that the task "
                "is not funded twice from public money and that the organisation has no "
                "overdue taxes or social security contributions."
            ),
            "rodo_consent": _(
                "I consent to the processing of the personal data in this application by the "
                "organiser of the call to run the call and the funded task (GDPR art. 6(1)(a))."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "name",
            "category",
            "unit",
            "unit_cost",
            "quantity",
            "requested",
            "own_financial",
            "own_non_financial",
        ]
        widgets = {
            f: forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})
            for f in ("unit_cost", "quantity", "requested", "own_financial", "own_non_financial")
        }


class ScheduleItemForm(forms.ModelForm):
    class Meta:
        model = ScheduleItem
        fields = ["activity", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class ResultForm(forms.ModelForm):
    class Meta:
        model = ExpectedResult
        fields = ["description", "target_value", "measured_by"]


class RowFormSet(forms.BaseFormSet):
    """Rows of a list (budget, schedule, results): blank rows are skipped, not errors."""

    def rows(self) -> list[dict]:
        """The filled-in rows, in order; `row_forms[i]` is the form of `rows()[i]`."""
        self.row_forms = [
            f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        return [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in self.row_forms]

    def _construct_form(self, i, **kwargs):
        if self.is_bound:
            # A submitted row is blank when it holds what a new row holds, not when it is
            # unchanged: measured against its saved values, a saved row sent back as it
            # was would count as blank and be dropped.
            kwargs.setdefault("initial", {})
        form = super()._construct_form(i, **kwargs)
        # Every row may be left blank (or emptied) to drop it.
        form.empty_permitted = True
        form.use_required_attribute = False
        return form


def row_formset(form, extra=2):
    return forms.formset_factory(
        form, formset=RowFormSet, extra=extra, can_delete=True, max_num=100
    )


BudgetFormSet = row_formset(BudgetLineForm)
ScheduleFormSet = row_formset(ScheduleItemForm)
ResultFormSet = row_formset(ResultForm)


class AttachmentForm(forms.Form):
    required = forms.ModelChoiceField(
        label=_("This file is"),
        queryset=RequiredAttachment.objects.none(),
        required=False,
        empty_label=_("another attachment"),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].queryset = call.required_attachments.all()
        self.helper = _helper()


class CallFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all")),
            ("open", _("open")),
            ("upcoming", _("upcoming")),
            ("closed", _("closed")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("all"))] + list(Call.Kind.choices)
        centres = Centre.objects.filter(calls__isnull=False).distinct().values_list("slug", "name")
        self.fields["organiser"].choices = [
            ("", _("all")),
            ("city", settings.CITY_NAME),
            *centres,
        ]


# --- the final report ---------------------------------------------------------------------

MONEY_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": 0, "required": False}


class FinalReportForm(forms.Form):
    """The final report on one page: what was done, the results, the actual costs.

    Fields per expected result (`result_<pk>`, `comment_<pk>`) and per budget line
    (`grant_<pk>`, `own_financial_<pk>`, `own_non_financial_<pk>`) follow the application.
    """

    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)

    # An error about the costs as a whole (more from the grant than awarded) is shown once
    # under the costs and tied to every "from the grant" input.
    error_groups = ("costs",)

    def __init__(self, *args, application: Application, report=None, **kwargs):
        self.costs_errors: list[str] = []
        self.application = application
        self.expected = list(application.results.all())
        self.lines = list(application.budget_lines.all())
        achieved = {r.expected_id: r for r in report.results.all()} if report else {}
        costs = {c.line_id: c for c in report.costs.all()} if report else {}
        initial = kwargs.pop("initial", {})
        if report is not None:
            initial.update({"summary": report.summary, "participants": report.participants})
        for result in self.expected:
            if result.pk in achieved:
                initial[f"result_{result.pk}"] = achieved[result.pk].achieved_value
                initial[f"comment_{result.pk}"] = achieved[result.pk].comment
        # Before anything is reported, the grant is spent as the budget planned it, within
        # what was awarded (often less than requested): a first save then fits the grant.
        planned = dict(
            zip(
                [line.pk for line in self.lines],
                budget.within(
                    application.awarded_amount or budget.ZERO,
                    [line.requested for line in self.lines],
                ),
                strict=True,
            )
        )
        for line in self.lines:
            cost = costs.get(line.pk)
            initial[f"grant_{line.pk}"] = cost.from_grant if cost else planned[line.pk]
            initial[f"own_financial_{line.pk}"] = cost.own_financial if cost else line.own_financial
            initial[f"own_non_financial_{line.pk}"] = (
                cost.own_non_financial if cost else line.own_non_financial
            )
        super().__init__(*args, initial=initial, **kwargs)
        for result in self.expected:
            self.fields[f"result_{result.pk}"] = forms.IntegerField(
                label=_("Achieved (target: %(target)s)") % {"target": result.target_value},
                min_value=0,
                required=False,
            )
            self.fields[f"comment_{result.pk}"] = forms.CharField(
                label=_("Comment"), max_length=500, required=False
            )
        for line in self.lines:
            self.fields[f"grant_{line.pk}"] = forms.DecimalField(
                label=_("From the grant (zł)"), **MONEY_FIELD
            )
            self.fields[f"own_financial_{line.pk}"] = forms.DecimalField(
                label=_("Own financial (zł)"), **MONEY_FIELD
            )
            self.fields[f"own_non_financial_{line.pk}"] = forms.DecimalField(
                label=_("Own non-financial (zł)"), **MONEY_FIELD
            )

    def add_error(self, field, error):
        if field in self.error_groups:
            self.costs_errors.extend(forms.ValidationError(error).messages)
            return
        super().add_error(field, error)

    def result_rows(self):
        return [(r, self[f"result_{r.pk}"], self[f"comment_{r.pk}"]) for r in self.expected]

    def cost_rows(self):
        return [
            (
                line,
                self[f"grant_{line.pk}"],
                self[f"own_financial_{line.pk}"],
                self[f"own_non_financial_{line.pk}"],
            )
            for line in self.lines
        ]

    def results(self) -> dict:
        data = self.cleaned_data
        return {r.pk: (data[f"result_{r.pk}"], data[f"comment_{r.pk}"]) for r in self.expected}

    def costs(self) -> dict:
        data = self.cleaned_data
        return {
            line.pk: (
                data[f"grant_{line.pk}"],
                data[f"own_financial_{line.pk}"],
                data[f"own_non_financial_{line.pk}"],
            )
            for line in self.lines
        }


class ReportFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("This file is"), choices=[])
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        from .models import ReportFile

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReportFile.Kind.choices
        self.helper = _helper()


# --- the officials' forms in the admin -----------------------------------------------------


class TransitionForm(forms.Form):
    """What an official gives with a transition; the fields shown depend on what it needs."""

    note = forms.CharField(
        label=_("Why (the applicant reads it)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        required=False,
    )
    correction_sections = forms.MultipleChoiceField(
        label=_("Parts to correct"),
        choices=Application.Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    correction_until = forms.DateTimeField(
        label=_("Correct by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    amount = forms.DecimalField(
        label=_("Amount awarded (zł)"), max_digits=12, decimal_places=2, required=False
    )
    agreement_number = forms.CharField(label=_("Agreement number"), max_length=60, required=False)
    agreement_signed_on = forms.DateField(
        label=_("Agreement signed on"), required=False, widget=DateInput()
    )
    starts_on = forms.DateField(label=_("Project starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Project ends on"), required=False, widget=DateInput())

    FIELDS_BY_NEED = {
        "correction": ["correction_sections", "correction_until"],
        "award": ["amount"],
        "agreement": ["agreement_number", "agreement_signed_on", "starts_on", "ends_on"],
    }

    def __init__(self, *args, transition, application, **kwargs):
        super().__init__(*args, **kwargs)
        keep = ["note", *self.FIELDS_BY_NEED.get(transition.needs, [])]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if transition.note_required:
            self.fields["note"].required = True
        if "amount" in self.fields:
            self.fields["amount"].initial = application.requested_amount
            self.fields["amount"].required = True
        if "starts_on" in self.fields:
            self.fields["starts_on"].initial = application.start_date
            self.fields["ends_on"].initial = application.end_date
            self.fields["agreement_number"].required = True


class ScoreForm(forms.Form):
    """A reviewer's card: points per criterion (within its maximum) and a comment."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5, "cols": 80})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {s.criterion_id: s.points for s in review.scores.all()} if review else {}
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_points})",
                min_value=0,
                max_value=criterion.max_points,
                initial=given.get(criterion.pk),
            )
        if review is not None:
            self.fields["comment"].initial = review.comment
        self.order_fields([f"criterion_{c.pk}" for c in self.criteria] + ["comment"])

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
