"""A new manager's whole journey in a real browser: sign up, describe the firm, answer every page
(logging out half-way and resuming), submit, and read the radar."""

import pytest

from assessment.models import Item
from tests.e2e.conftest import PHONE, new_page, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Answer pattern: cognitive items "strongly agree" (5), managerial "agree" (4), organisational
# "neither" (3); reverse-keyed items mirrored so every item scores the same within a layer.
# Expected capability scores: (5-1)/4*100 = 100, (4-1)/4*100 = 75, (3-1)/4*100 = 50.
LAYER_ANSWER = {"cognitive": 5, "managerial": 4, "organisational": 3}
EXPECTED_RADAR = [100.0, 100.0, 100.0, 75.0, 75.0, 50.0, 50.0]


def answer_for(item: Item) -> str:
    if item.scale == "agreement":
        value = LAYER_ANSWER[item.facet.capability.layer.code]
        return str(6 - value if item.reverse_keyed else value)
    if item.scale == "adoption":
        return "na" if item.mode.code == "integrating" else "3"
    return "3"


def answer_current_page(page, answers: dict[str, str]) -> None:
    for fieldset in page.locator("fieldset.item-fieldset").all():
        code = fieldset.get_attribute("id").removeprefix("item-")
        fieldset.locator(f'label[for="{code}-{answers[code]}"]').click()


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_manager_completes_a_self_audit_and_sees_the_radar(browser, live_server, instrument):
    answers = {
        item.code: answer_for(item)
        for item in Item.objects.select_related("facet__capability__layer", "mode")
    }
    page, problems = new_page(browser, live_server)
    page.goto("/")
    page.get_by_role("link", name="Start a self-audit").click()
    page.locator("#id_username").fill("erika")
    page.locator("#id_email").fill("erika@example.com")
    page.locator("#id_password1").fill("a-long pass 77")
    page.locator("#id_password2").fill("a-long pass 77")
    page.get_by_role("button", name="Create account").click()

    page.locator("#id_name").fill("Erika Instruments")
    page.locator("#id_sector").select_option("C")
    page.locator("#id_employees").fill("120")
    page.locator("#id_size_band").select_option("medium")
    page.locator("#id_technology_intensity").select_option("high")
    page.locator("#id_country").fill("Sweden")
    page.locator("#id_region").select_option("nordic")
    screenshot(page, "firm-form-desktop")
    page.get_by_role("button", name="Create firm").click()
    page.get_by_role("button", name="Start a new self-audit").click()

    # First half, then log out.
    for _ in range(5):
        assert "Page" in page.locator(".progress").locator("..").inner_text()
        answer_current_page(page, answers)
        if _ == 0:
            screenshot(page, "questionnaire-desktop")
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Log out").click()

    # Resume: the dashboard's Continue goes to the first page with gaps (page 6).
    log_in(page, "erika", "a-long pass 77")
    page.get_by_role("link", name="Continue").click()
    assert "Page 6 of 10" in page.content()
    for number in range(6, 11):
        answer_current_page(page, answers)
        label = "Save and review" if number == 10 else "Save and continue"
        page.get_by_role("button", name=label).click()
    assert "All 101 questions are answered" in page.content()
    page.get_by_role("button", name="Submit answers").click()

    page.wait_for_selector('[data-figure="fig-radar"][data-rendered="true"]')
    radar = page.evaluate(
        "() => { const d = document.querySelector('[data-figure=fig-radar]').data;"
        " return d[d.length - 1].r; }"
    )
    assert radar[:-1] == EXPECTED_RADAR
    assert page.locator("#dci").inner_text() == "72"  # (100 * 75 * 50) ** (1/3) = 72.1
    screenshot(page, "result-desktop")
    problems.assert_none()


def test_questionnaire_on_a_phone(browser, live_server, instrument):
    from django.contrib.auth import get_user_model

    from assessment import services
    from tests.conftest import make_firm

    user = get_user_model().objects.create_user("fiona", "f@example.com", "a-long pass 77")
    firm = make_firm(user, "Fiona Foods")
    round_ = services.self_audit_start(firm=firm, user=user, instrument=instrument)
    page, problems = new_page(browser, live_server, viewport=PHONE)
    log_in(page, "fiona", "a-long pass 77")
    page.goto(f"/rounds/{round_.pk}/answer/page/1/")
    first = page.locator("fieldset.item-fieldset").first
    # Keyboard: focus the first option and move with the arrow keys, as a screen-reader user would.
    first.locator("input").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert first.locator("input:checked").get_attribute("value") == "3"
    screenshot(page, "questionnaire-phone")
    problems.assert_none()
