import re

import pytest
from playwright.sync_api import expect

from centres import demo as centres_demo
from centres.services import areas_import, areas_parse
from organisations import demo as organisations_demo
from tests.centres.conftest import ABSENT, OSIEDLA

# A point in Wilda away from the centres' markers (inside Wilda on the city's boundaries).
WILDA_POINT = (52.385, 16.93)


@pytest.fixture
def demo_year(db):
    if not OSIEDLA.exists():
        pytest.skip(ABSENT)
    areas_import(features=areas_parse(OSIEDLA.read_text(encoding="utf-8")))
    organisations_demo.load()
    centres_demo.load()


def _map_ready(page, map_id):
    expect(page.locator(f"#{map_id}")).to_have_attribute("data-map-ready", "true")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_filters_the_list_opens_a_popup_and_reaches_the_centre(
    page, live_server, axe_check, demo_year
):
    page.goto(live_server.url + "/")
    _map_ready(page, "home-map")
    axe_check(page)

    page.goto(live_server.url + "/centres/")
    _map_ready(page, "centres-map")
    expect(page.locator("#list-title")).to_have_text("6 centrów")
    axe_check(page)

    page.get_by_label("Osiedle", exact=True).select_option(label="Wilda")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.locator("#list-title")).to_have_text("1 centrum")
    expect(page.locator(".centre-list")).to_contain_text("WIL.DA.SIĘ")
    _map_ready(page, "centres-map")
    expect(page.locator("#centres-map")).to_have_attribute("data-centres-loaded", "1")
    axe_check(page)

    # The marker is a keyboard button: focus it and press Enter to open its popup.
    marker = page.get_by_role("button", name=re.compile("WIL.DA.SIĘ"))
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("CIL Sąsiedzki")
    expect(popup).to_contain_text("Wilda")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    axe_check(page)
    popup.get_by_role("link", name=re.compile("WIL.DA.SIĘ")).click()

    expect(page).to_have_url(re.compile(r"/centres/wil-da-sie/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("WIL.DA.SIĘ")
    expect(page.locator("main")).to_contain_text("Stowarzyszenie Sąsiedzka Wilda")
    _map_ready(page, "centre-map")
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_which_centre_is_mine_for_a_point_in_wilda_names_wil_da_sie(
    page, live_server, axe_check, demo_year
):
    page.goto(live_server.url + "/centres/mine/")
    _map_ready(page, "mine-map")
    axe_check(page)

    lat, lon = WILDA_POINT
    x, y = page.evaluate(
        """([lat, lon]) => {
            const map = document.getElementById("mine-map").centresMap;
            map.setView([lat, lon], 14, { animate: false });
            const p = map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""",
        [lat, lon],
    )
    page.evaluate("window.sameDocument = true")
    page.locator("#mine-map").click(position={"x": x, "y": y})

    # The answer arrives in the live region without a reload, so it is announced.
    expect(page.locator("#mine-result")).to_have_attribute("aria-live", "polite")
    answer = page.locator("#mine-result #answer")
    expect(answer.get_by_role("heading", level=2)).to_have_text("Centra dla osiedla Wilda")
    expect(answer).to_contain_text('Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ"')
    expect(answer).to_contain_text("Regrantingowe na ul. Bukowskiej")
    expect(answer).not_to_contain_text("Chartowie")
    expect(answer.locator(".mine-summary")).to_have_text(
        'Centrum sąsiedzkie osiedla Wilda: Centrum Inicjatyw Lokalnych "WIL.DA.SIĘ".'
    )
    expect(answer.get_by_role("link", name=re.compile("Strona osiedla Wilda"))).to_have_attribute(
        "href", "/areas/wilda/"
    )
    assert page.evaluate("window.sameDocument") is True
    expect(page).to_have_url(re.compile(r"/centres/mine/\?.*lat="))
    expect(page.get_by_label("Twoje osiedle")).to_have_value("wilda")
    _map_ready(page, "mine-map")
    axe_check(page)

    # Without the map: choosing the osiedle gives the same answer.
    page.get_by_label("Twoje osiedle").select_option(label="Kiekrz")
    page.get_by_role("button", name="Pokaż moje centra").click()
    expect(page.locator("#mine-result #answer")).to_contain_text("Osiedle Kiekrz")
    assert page.evaluate("window.sameDocument") is True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_opens_an_areas_popup_on_the_map_and_lists_its_projects(
    page, live_server, axe_check
):
    from datetime import date
    from decimal import Decimal

    from grants.models import Project
    from tests.centres.factories import AreaFactory, CentreFactory, square

    area = AreaFactory(name="Górczyn", slug="gorczyn", boundary=square(52.40, 16.90, 0.02))
    centre = CentreFactory(
        name="CIL Górczyn", area=area, latitude=Decimal("52.4180"), longitude=Decimal("16.9180")
    )
    for title, ends_on in [
        ("Sąsiedzki piknik", date(2017, 6, 3)),
        ("Ogród na skwerze", date(2018, 9, 9)),
    ]:
        Project.objects.create(
            kind="grassroots",
            title=title,
            centre=centre,
            area=area,
            starts_on=ends_on,
            ends_on=ends_on,
            total_cost=Decimal("1200"),
        )

    page.goto(live_server.url + "/centres/")
    _map_ready(page, "centres-map")
    x, y = page.evaluate(
        """([lat, lon]) => {
            const map = document.getElementById("centres-map").centresMap;
            map.setView([lat, lon], 14, { animate: false });
            const p = map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
        }""",
        [52.405, 16.905],
    )
    page.locator("#centres-map").click(position={"x": x, "y": y})
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Górczyn")
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    axe_check(page)
    popup.get_by_role("link", name="Centra i projekty na tym osiedlu").click()

    expect(page).to_have_url(re.compile(r"/areas/gorczyn/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Górczyn")
    main = page.locator("main")
    expect(main).to_contain_text("CIL Górczyn")
    expect(main).to_contain_text("Sąsiedzki piknik")
    expect(main).to_contain_text("Ogród na skwerze")
    axe_check(page)

    page.get_by_label("Rok", exact=True).select_option("2018")
    page.get_by_role("button", name="Pokaż").click()
    expect(main).to_contain_text("Ogród na skwerze")
    expect(main).not_to_contain_text("Sąsiedzki piknik")
    axe_check(page)
    main.locator(".centre-list").get_by_role("link", name="CIL Górczyn").click()
    expect(page).to_have_url(re.compile(r"/centres/"))
    expect(page.locator("main").get_by_role("link", name="Górczyn")).to_have_attribute(
        "href", "/areas/gorczyn/"
    )


def _luminance(rgb: str) -> float:
    r, g, b = (int(c) / 255 for c in re.findall(r"\d+", rgb)[:3])

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    let bg = "rgb(255, 255, 255)";
    for (let p = el.parentElement; p; p = p.parentElement) {
        const c = getComputedStyle(p).backgroundColor;
        if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
    }
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40);
    return {tag: el.tagName, text, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
            color: s.outlineColor, bg};
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_element_reached_by_tab_shows_a_focus_ring_of_3_to_1(
    page, live_server, demo_year, tmp_path
):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(live_server.url + "/centres/")
    _map_ready(page, "centres-map")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        if focus["tag"] == "BODY":
            break
        seen.append(focus)
        assert focus["style"] == "solid" and focus["width"] >= 2, focus
        assert _contrast(focus["color"], focus["bg"]) >= 3, focus
    page.screenshot(path=str(tmp_path / "focus.png"))
    assert len(seen) >= 20
    assert {"A", "SELECT", "BUTTON", "INPUT"} <= {f["tag"] for f in seen}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_popup_opened_from_the_keyboard_takes_the_focus_and_escape_gives_it_back(
    page, live_server, demo_year
):
    page.goto(live_server.url + "/centres/?area=wilda")
    _map_ready(page, "centres-map")
    marker = page.get_by_role("button", name=re.compile("WIL.DA.SIĘ"))
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a").first
    expect(link).to_be_focused()
    expect(link).to_contain_text("WIL.DA.SIĘ")
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    # Its close button gives the focus back too.
    page.keyboard.press("Enter")
    expect(link).to_be_focused()
    page.locator(".leaflet-popup-close-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    # A pointer's click opens the popup and leaves the focus alone.
    page.locator("h1").click()
    marker.click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("WIL.DA.SIĘ")
    expect(link).not_to_be_focused()
