from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import InformalGroupMember, Invitation, Membership, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "legal_form",
            "krs",
            "nip",
            "regon",
            "street",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
            "sponsor",
        ]
        widgets = {
            "postal_code": forms.TextInput(attrs={"placeholder": "60-101", "inputmode": "numeric"}),
            "nip": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "krs": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "regon": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = Organisation.objects.exclude(
            legal_form=Organisation.LegalForm.INFORMAL_GROUP
        )
        if self.instance.pk:
            self.fields["sponsor"].queryset = self.fields["sponsor"].queryset.exclude(
                pk=self.instance.pk
            )
        self.helper = FormHelper()
        self.helper.form_tag = False


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = InformalGroupMember
        fields = ["full_name", "email", "phone"]


GroupMemberFormSet = forms.inlineformset_factory(
    Organisation,
    InformalGroupMember,
    form=GroupMemberForm,
    extra=3,
    can_delete=True,
    max_num=50,
)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Membership.Role.choices)
