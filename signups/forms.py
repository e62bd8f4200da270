from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Registration


class RegistrationForm(forms.ModelForm):
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("We need your consent to process your data for this sign-up.")
        },
    )

    class Meta:
        model = Registration
        fields = [
            "full_name",
            "email",
            "organisation",
            "needs_sign_language",
            "needs_step_free",
            "needs_other",
            "consent",
        ]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        labels = {
            "needs_sign_language": _("I need a sign-language interpreter"),
            "needs_step_free": _("I need step-free access"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _(
                "I agree that the city processes my name, e-mail and the needs I gave to run "
                "this sign-up and to contact me about it."
            ),
            reverse_lazy("front:privacy"),
            _("Privacy notice"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=200)
    body = forms.CharField(label=_("message"), widget=forms.Textarea(attrs={"rows": 8}))
