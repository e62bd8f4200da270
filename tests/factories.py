import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from organisations.demo import nip_with_checksum
from organisations.models import Membership, Organisation

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = "Jan"
    last_name = "Kowalski"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OfficialFactory(UserFactory):
    is_staff = True


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stowarzyszenie Testowe {n}")
    legal_form = Organisation.LegalForm.ASSOCIATION
    krs = factory.Sequence(lambda n: f"{n + 1:010d}")
    nip = factory.Sequence(lambda n: _valid_nip(n))
    postal_code = "61-001"
    city = "Poznań"


def _valid_nip(n: int) -> str:
    base = 778000000 + n * 7
    while True:
        try:
            return nip_with_checksum(str(base))
        except ValueError:
            base += 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
