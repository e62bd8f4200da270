from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from centres.models import Area, Centre
from organisations.models import Organisation

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
