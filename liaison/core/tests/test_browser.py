"""End to end in headless Chromium: sign in, switch to Lao, the partner list, a 404.

Screenshots land in var/screenshots/ for a human to look at.
"""

import pytest
from django.urls import reverse

from liaison.core.testing import browser
from liaison.core.testing.browser import login, screenshot

# The FontFace objects of the vendored Lao font that the page actually loaded (the CSS
# declares them with unicode-range, so they load only when Lao text is on the page).
LOADED_LAO_FACES = """() => [...document.fonts]
    .filter(face => face.family.replace(/["']/g, '') === 'Noto Sans Lao')
    .map(face => face.status)"""


def _is_lao(text: str) -> bool:
    return any("\u0e80" <= char <= "\u0eff" for char in text)


def _switch_language(page, code: str) -> None:
    page.locator("#liaison-language-menu").click()
    with page.expect_navigation():
        page.locator(f'button[name="language"][value="{code}"]').click()


@pytest.mark.browser
def test_officer_switches_to_lao_and_sees_the_partner_agencies(cast, browser_page):
    page = browser_page
    font_responses: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: font_responses.append((r.url, r.status)) if ".ttf" in r.url else None,
    )

    login(page, cast.vn_officer.username, cast.password)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert reverse("login") not in page.url

    _switch_language(page, "lo")

    assert page.locator("html").get_attribute("lang") == "lo"
    # A Lao UI string: the navbar link to the partner list is written in Lao script.
    partner_link = page.locator(f'nav a[href="{reverse("partner_list")}"]')
    assert partner_link.is_visible()
    assert _is_lao(partner_link.inner_text()), partner_link.inner_text()
    page.wait_for_function("document.fonts.status === 'loaded'")
    statuses = page.evaluate(LOADED_LAO_FACES)
    assert "loaded" in statuses, f"Noto Sans Lao faces: {statuses}"
    assert page.evaluate("""() => document.fonts.check('16px "Noto Sans Lao"', 'ລາວ')""")
    # Served by us, not found on the system: the vendored file came over HTTP.
    assert any("NotoSansLao" in url and status == 200 for url, status in font_responses)
    screenshot(page, "h4-browser-home-lo")

    page.goto(reverse("partner_list"))
    assert page.locator("html").get_attribute("lang") == "lo"
    sekong = page.get_by_text(cast.sekong.name).first
    sekong.wait_for(state="visible")
    assert page.get_by_text(cast.kh_add.name).count() == 0  # no partnership with Cambodia
    screenshot(page, "h4-browser-partner-list-lo")


@pytest.mark.browser
def test_outsider_gets_404_for_another_agencys_user(cast, browser_page):
    page = browser_page
    login(page, cast.outsider.username, cast.password)

    response = page.goto(reverse("user_detail", args=[cast.vn_officer.pk]))

    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "km"  # the outsider's language
    body = page.locator("body").inner_text()
    assert cast.vn_officer.full_name not in body
    assert cast.vn_officer.username not in body
    screenshot(page, "h4-browser-user-detail-404-km")

    # The same page exists for someone in scope: the 404 above is scoping, not a bad URL.
    own_page = page.goto(reverse("user_detail", args=[cast.outsider.pk]))
    assert own_page.status == 200


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_chromium_fails_in_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="may not be skipped"):
        browser._unavailable("/nowhere/chromium not found")


def test_missing_chromium_skips_with_a_message_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser._unavailable("/nowhere/chromium not found")
