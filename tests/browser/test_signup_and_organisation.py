import re

import pytest
from django.core import mail

from organisations.models import Organisation

PASSWORD = "Wiosna-na-Wildzie-2017"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_ngo_signs_up_verifies_signs_in_and_registers_its_organisation(
    page, live_server, axe_check
):
    page.goto(live_server.url + "/")
    axe_check(page)
    page.get_by_role("link", name="Załóż konto").first.click()

    page.get_by_label("Adres e-mail").fill("prezeska@sasiedzi-wilda.pl")
    page.get_by_label("Hasło*", exact=True).fill(PASSWORD)
    page.get_by_label("Hasło (ponownie)").fill(PASSWORD)
    axe_check(page)
    page.get_by_role("button", name="Zarejestruj się").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    axe_check(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    axe_check(page)
    page.get_by_role("button", name="Potwierdź").click()

    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Adres e-mail").fill("prezeska@sasiedzi-wilda.pl")
    page.get_by_label("Hasło*", exact=True).fill(PASSWORD)
    axe_check(page)
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.wait_for_url(re.compile(r"/account/$"))
    axe_check(page)

    page.get_by_role("link", name="Dodaj organizację lub grupę").click()
    page.get_by_label("Nazwa*", exact=True).fill("Stowarzyszenie Sąsiedzi z Wildy")
    page.get_by_label("Forma prawna*", exact=True).select_option("association")
    page.get_by_label("NIP", exact=True).fill("209-000-14-41")
    page.get_by_label("Kod pocztowy").fill("61-487")
    page.get_by_label("Miejscowość").fill("Poznań")
    axe_check(page)
    page.get_by_role("button", name="Zapisz").click()

    assert page.get_by_text("Błędna suma kontrolna numeru NIP.").is_visible()
    assert (
        page.get_by_label("Nazwa*", exact=True).input_value() == "Stowarzyszenie Sąsiedzi z Wildy"
    )
    assert page.get_by_label("Kod pocztowy").input_value() == "61-487"
    axe_check(page)
    assert not Organisation.objects.exists()

    page.get_by_label("NIP", exact=True).fill("209-000-14-40")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Stowarzyszenie Sąsiedzi z Wildy").wait_for()
    assert page.get_by_text("Organizacja została zapisana.").is_visible()
    axe_check(page)

    organisation = Organisation.objects.get()
    assert organisation.nip == "2090001440"
    assert organisation.memberships.get().user.email == "prezeska@sasiedzi-wilda.pl"
