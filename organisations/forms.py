from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import InformalGroupMember, Invitation, Membership, Organisation
from .validators import normalise_digits


class OrganisationForm(forms.ModelForm):
    # The sponsor is named by its KRS or NIP, never picked from a list: which organisations
    # have an account on the portal is not shown to every signed-in user.
    sponsor = forms.CharField(
        label=_("Sponsoring organisation: its KRS or NIP"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Only for an informal group applying through an organisation with legal "
            "personality; that organisation needs an account on the portal."
        ),
    )

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
        sponsor = self.instance.sponsor if self.instance.sponsor_id else None
        self.initial["sponsor"] = (sponsor.krs or sponsor.nip) if sponsor else ""
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_sponsor(self):
        number = normalise_digits(self.cleaned_data.get("sponsor"))
        if not number:
            return None
        sponsor = (
            Organisation.objects.exclude(legal_form=Organisation.LegalForm.INFORMAL_GROUP)
            .filter(Q(krs=number) | Q(nip=number))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if sponsor is None:
            raise forms.ValidationError(
                _(
                    "No organisation with the KRS or NIP %(number)s has an account on the "
                    "portal. Ask it to register first, or check the number."
                ),
                params={"number": number},
                code="unknown_sponsor",
            )
        return sponsor

    def clean(self):
        data = super().clean()
        # The field is hidden for other legal forms; a number typed before switching goes.
        if data.get("legal_form") != Organisation.LegalForm.INFORMAL_GROUP:
            data["sponsor"] = None
        return data


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
