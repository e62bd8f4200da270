import pytest
from django.core.exceptions import ValidationError

from organisations.models import Organisation

pytestmark = pytest.mark.django_db

# Public identifiers of the City of Poznań and of ZUS, as printed on their documents.
CITY_OF_POZNAN_NIP = "209-00-01-440"
CITY_OF_POZNAN_REGON = "631257816"
ZUS_NIP = "5261040828"


def org(**kwargs):
    return Organisation(name="Test", legal_form="association", **kwargs)


@pytest.mark.parametrize("nip", [CITY_OF_POZNAN_NIP, "2090001440", ZUS_NIP, "526 104 08 28"])
def test_it_accepts_real_nips_in_any_usual_notation(nip):
    organisation = org(nip=nip)
    organisation.full_clean()
    assert organisation.nip == nip.replace("-", "").replace(" ", "")


@pytest.mark.parametrize(
    "nip", ["2090001441", "5261040820", "123456789", "12345678901", "abcdefghij"]
)
def test_it_refuses_nips_with_a_wrong_check_digit_or_shape(nip):
    with pytest.raises(ValidationError) as e:
        org(nip=nip).full_clean()
    assert "nip" in e.value.error_dict


def test_the_nip_message_is_polish():
    with pytest.raises(ValidationError) as e:
        org(nip="2090001441").full_clean()
    message = e.value.error_dict["nip"][0].messages[0]
    assert "NIP" in message and "kontroln" in message


@pytest.mark.parametrize("regon", [CITY_OF_POZNAN_REGON, "000331501", "63125781600010"])
def test_it_accepts_valid_regons(regon):
    org(regon=regon).full_clean()


@pytest.mark.parametrize("regon", ["631257817", "12345678", "1234567890123"])
def test_it_refuses_invalid_regons(regon):
    with pytest.raises(ValidationError) as e:
        org(regon=regon).full_clean()
    assert "regon" in e.value.error_dict


@pytest.mark.parametrize("krs", ["0000123456", "0000412345"])
def test_it_accepts_ten_digit_krs_numbers(krs):
    org(krs=krs).full_clean()


@pytest.mark.parametrize("krs", ["123456", "00001234567", "000012345X"])
def test_it_refuses_krs_numbers_that_are_not_ten_digits(krs):
    with pytest.raises(ValidationError) as e:
        org(krs=krs).full_clean()
    assert "krs" in e.value.error_dict


@pytest.mark.parametrize(
    "code,ok", [("61-888", True), ("61888", False), ("6-1888", False), ("AB-123", False)]
)
def test_it_checks_postal_codes_as_nn_nnn(code, ok):
    organisation = org(postal_code=code)
    if ok:
        organisation.full_clean()
    else:
        with pytest.raises(ValidationError):
            organisation.full_clean()
