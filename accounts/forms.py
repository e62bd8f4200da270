from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class EmailAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in by e-mail, as on the public site: allauth's backend accepts the
    address in the username field, so the field and its errors say what to type."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.username_field = get_user_model()._meta.get_field("email")
        field = self.fields["username"]
        field.label = _("E-mail")
        field.max_length = self.username_field.max_length
        field.widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "maxlength": field.max_length}
        )
