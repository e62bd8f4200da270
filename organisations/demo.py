"""Demo organisations: believable Poznań NGOs with valid (made-up) registry numbers."""

from .models import InformalGroupMember, Organisation


def nip_with_checksum(first9: str) -> str:
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first9, weights, strict=True)) % 11
    if check == 10:
        raise ValueError("no valid NIP starts with these digits")
    return first9 + str(check)


def regon_with_checksum(first8: str) -> str:
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(first8, weights, strict=True)) % 11
    return first8 + str(check % 10)


ORGANISATIONS = [
    # name, legal form, KRS, NIP prefix, REGON prefix, street, postal code
    (
        "Stowarzyszenie Sąsiedzka Wilda",
        "association",
        "0000412345",
        "778214561",
        "30214561",
        "ul. Rolna 24",
        "61-487",
    ),
    (
        "Fundacja Aktywne Osiedla",
        "foundation",
        "0000523456",
        "779231457",
        "30523456",
        "ul. Bukowska 27/29",
        "60-501",
    ),
    (
        "Stowarzyszenie Przyjaciół Kiekrza",
        "association",
        "0000634567",
        "781190233",
        "30634567",
        "ul. Chojnicka 4",
        "62-090",
    ),
    (
        "Fundacja Chartowo Razem",
        "foundation",
        "0000745678",
        "782245612",
        "30745678",
        "os. Czecha 41",
        "61-287",
    ),
    (
        "Stowarzyszenie Młodzieżowy Klub Filmowy",
        "association",
        "0000856789",
        "783178945",
        "30856789",
        "ul. Ratajczaka 44",
        "61-728",
    ),
    (
        "Fundacja Łazarz Mobilny",
        "foundation",
        "0000967890",
        "779256781",
        "30967890",
        "ul. Głogowska 100",
        "60-263",
    ),
]


def load() -> list[Organisation]:
    result = []
    for name, form, krs, nip9, regon8, street, postal in ORGANISATIONS:
        nip = nip_with_checksum(nip9)
        organisation, _ = Organisation.objects.update_or_create(
            krs=krs,
            defaults={
                "name": name,
                "legal_form": form,
                "nip": nip,
                "regon": regon_with_checksum(regon8),
                "street": street,
                "postal_code": postal,
                "city": "Poznań",
                "email": f"kontakt@{nip}.example.org",
            },
        )
        organisation.full_clean()
        result.append(organisation)
    group, created = Organisation.objects.get_or_create(
        name="Grupa nieformalna Zielone Podwórko",
        legal_form=Organisation.LegalForm.INFORMAL_GROUP,
        defaults={"sponsor": result[0], "city": "Poznań"},
    )
    if created:
        InformalGroupMember.objects.bulk_create(
            InformalGroupMember(organisation=group, full_name=n)
            for n in ("Anna Nowak", "Piotr Kowalski", "Maria Wiśniewska")
        )
    result.append(group)
    return result
