"""Polish registry numbers, checked at the model level with django-localflavor's rules.

localflavor ships the checks as form fields; these validators run those fields so that a
model saved from the admin, a command or a service is held to the same rules as a form.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from localflavor.pl.forms import PLNIPField, PLPostalCodeField, PLREGONField


def _clean_with(field_class, value):
    field_class(required=False).clean(value)


def validate_nip(value: str) -> None:
    _clean_with(PLNIPField, value)


def validate_regon(value: str) -> None:
    _clean_with(PLREGONField, value)


def validate_postal_code(value: str) -> None:
    _clean_with(PLPostalCodeField, value)


validate_krs = RegexValidator(
    r"^\d{10}$", _("A KRS number has exactly 10 digits, e.g. 0000123456."), code="invalid"
)


def normalise_digits(value: str | None) -> str:
    """'783-171-30-47' and '783 171 30 47' are the same NIP as '7831713047'."""
    if not value:
        return ""
    return "".join(ch for ch in value if ch not in " -")
