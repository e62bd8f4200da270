"""Demo people for the second demo year (2018), modelled on the Słupsk seed
(003_5856a9cb2eff4990.txt): 220 representatives of 48 organisations, who come to the
year's trainings and events. Shared by the trainings' and the events' demo data."""

# The eleven organisations of the integration meetings come first, as the seed names them.
ORGANISATIONS_2018 = [
    "Fundacja INDYGO",
    "Stowarzyszenie INSPIRACJE",
    "Integracyjny Klub Sportowy ZRYW",
    "Bank Żywności",
    "Polski Związek Niewidomych",
    "Stowarzyszenie Horyzont",
    "Chrześcijańskie Stowarzyszenie Dobroczynne",
    "Fundacja Teatru Władca Lalek",
    "Towarzystwo Pomocy im. św. Brata Alberta",
    "Towarzystwo Kultury Teatralnej – Teatr Rondo",
    "Towarzystwo Opieki nad Zwierzętami",
    "Stowarzyszenie Młodzi Aktywni",
    "Fundacja Pomocy Dzieciom Promyk",
    "Stowarzyszenie Przyjaciół Osób Niepełnosprawnych",
    "Fundacja Rozwoju Przedsiębiorczości Społecznej",
    "Stowarzyszenie Klub Seniora Złota Jesień",
    "Fundacja Edukacji Ekologicznej",
    "Stowarzyszenie Rodziców Dzieci z Autyzmem",
    "Fundacja Kultury Młodych",
    "Stowarzyszenie Wolontariuszy Razem",
    "Fundacja Dom Otwarty",
    "Stowarzyszenie Sportowe Orlik",
    "Fundacja Zdrowia Psychicznego",
    "Stowarzyszenie Kobiet Aktywnych",
    "Fundacja Historii Lokalnej",
    "Stowarzyszenie Muzyczne Akord",
    "Fundacja Wsparcia Rodziny",
    "Stowarzyszenie Honorowych Dawców Krwi",
    "Fundacja Sztuki Ulicy",
    "Stowarzyszenie Miłośników Przyrody",
    "Fundacja Równych Szans",
    "Stowarzyszenie Uniwersytet Trzeciego Wieku",
    "Fundacja Pomocy Bezdomnym",
    "Stowarzyszenie Harcerskie Azymut",
    "Fundacja Nowoczesnej Edukacji",
    "Stowarzyszenie Cyklistów",
    "Fundacja Integracji Cudzoziemców",
    "Stowarzyszenie Teatr Amatorski Maska",
    "Fundacja Opieki Paliatywnej",
    "Stowarzyszenie Działkowców Zielona Oaza",
    "Fundacja Aktywizacji Zawodowej",
    "Stowarzyszenie Pomocy Sąsiedzkiej",
    "Fundacja Rozwoju Sportu Dzieci",
    "Stowarzyszenie Twórców Ludowych",
    "Fundacja Bezpieczne Miasto",
    "Stowarzyszenie Przyjaciół Biblioteki",
    "Fundacja Zwierzęta w Potrzebie",
    "Stowarzyszenie Inicjatyw Obywatelskich",
]
PEOPLE_2018 = 220

FIRST_NAMES = [
    "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Agnieszka", "Paweł",
    "Joanna", "Krzysztof", "Ewa", "Marcin", "Monika", "Łukasz", "Aleksandra", "Jakub",
    "Barbara", "Grzegorz", "Zofia", "Andrzej", "Natalia",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Kowalczyk", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski", "Zielińska",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowska", "Jankowski", "Mazur", "Krawczyk",
]  # fmt: skip


def representative(n: int) -> dict:
    """Person n (1–220) of the 2018 demo: each of the 48 organisations sends four or five."""
    return {
        "full_name": f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n * 5) % len(LAST_NAMES)]}",
        "email": f"przedstawiciel{n:03d}@example.org",
        "organisation": ORGANISATIONS_2018[(n - 1) % len(ORGANISATIONS_2018)],
    }
