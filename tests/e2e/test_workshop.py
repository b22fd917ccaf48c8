"""A workshop in real browsers: the facilitator shows a room QR link, three people join on their
phones in separate browser contexts and answer, and the facilitator's dashboard fills in without a
reload; then consensus is recorded, the round closed and the report read."""

import pytest

from assessment.models import Item
from tests.conftest import make_firm, make_user
from tests.e2e.conftest import DESKTOP, PHONE, new_page, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every item of person 1 scores 5, of person 2 scores 3, of person 3 scores 4 (reverse-keyed
# items mirrored): capability scores 100, 50 and 75, so every mean on the radar is 75.
PEOPLE = [("top_management", 5), ("middle_management", 3), ("specialist", 4)]


def answers_scoring(value: int) -> dict[str, str]:
    return {
        item.code: str(6 - value if item.reverse_keyed else value)
        for item in Item.objects.filter(module__code="A")
    }


def answer_all_pages(page, answers: dict[str, str]) -> None:
    while True:
        for fieldset in page.locator("fieldset.item-fieldset").all():
            code = fieldset.get_attribute("id").removeprefix("item-")
            fieldset.locator(f'label[for="{code}-{answers[code]}"]').click()
        review = page.get_by_role("button", name="Save and review")
        if review.count():
            review.click()
            return
        page.get_by_role("button", name="Save and continue").click()


def submitted_count(page) -> int:
    return int(page.locator("[data-count=submitted]").inner_text())


def test_three_people_answer_while_the_dashboard_updates(browser, live_server, instrument):
    alice = make_user("alice")
    make_firm(alice, "Alice Components Oy")
    facilitator, problems = new_page(browser, live_server, viewport=DESKTOP)
    facilitator.goto("/accounts/login/")
    facilitator.locator("#id_username").fill("alice")
    facilitator.locator("#id_password").fill("correct horse 42")
    facilitator.get_by_role("button", name="Log in").click()

    facilitator.get_by_role("link", name="New workshop").click()
    facilitator.locator("#id_title").fill("Leadership team workshop")
    for code in ("B", "C"):  # capability audit only
        facilitator.locator(f'input[name="modules"][value="{code}"]').uncheck()
    facilitator.get_by_role("button", name="Open the workshop").click()
    facilitator.get_by_role("button", name="Create a room link and show its QR code").click()
    room_url = facilitator.locator("#room-url").inner_text().strip()
    assert facilitator.locator(".qr svg").count() == 1
    screenshot(facilitator, "workshop-room-qr-desktop")
    facilitator.get_by_role("link", name="Back to the dashboard").click()
    facilitator.evaluate("() => { window.__noReload = true; }")
    assert submitted_count(facilitator) == 0
    assert "appear when at least 3 people" in facilitator.locator("#live-figures").inner_text()

    phones = []
    for number, (role, value) in enumerate(PEOPLE, start=1):
        phone, phone_problems = new_page(browser, live_server, viewport=PHONE)
        phones.append(phone_problems)
        phone.goto(room_url)
        phone.locator("#id_role_label").select_option(role)
        if number == 1:
            screenshot(phone, "workshop-join-phone")
        phone.get_by_role("button", name="Join and start").click()
        code = phone.locator("#personal-code").inner_text()
        assert len(code.replace("-", "")) == 16
        phone.get_by_role("link", name="Start").click()
        answer_all_pages(phone, answers_scoring(value))
        phone.get_by_role("button", name="Submit answers").click()
        assert "Thank you" in phone.content()
        if number == 1:
            screenshot(phone, "workshop-thanks-phone")
        # The facilitator's page updates by itself.
        facilitator.wait_for_function(
            f"() => document.querySelector('[data-count=submitted]').textContent.trim() === '{number}'"
        )
        phone.context.close()

    assert facilitator.evaluate("() => window.__noReload === true")
    facilitator.wait_for_selector("#live-radar[data-rendered=true]")
    mean = facilitator.evaluate(
        "() => document.getElementById('live-radar').data"
        ".find(t => t.name === 'Mean of respondents').r"
    )
    assert set(mean) == {75.0}
    rows = facilitator.locator("#spread-table tbody tr")
    assert rows.count() == 7
    assert "75" in rows.first.inner_text() and "25" in rows.first.inner_text()
    screenshot(facilitator, "workshop-dashboard-desktop")

    facilitator.reload()
    form = facilitator.get_by_role("form", name="Agreed score for Cultural awareness")
    form.locator('input[name="score"]').fill("70")
    form.locator('textarea[name="rationale"]').fill(
        "Sales sees partners' cultures as harder to read."
    )
    form.get_by_role("button", name="Record").click()
    assert "Agreed score for Cultural awareness recorded" in facilitator.content()
    facilitator.locator("#confirm-close").check()
    facilitator.get_by_role("button", name="Close the workshop").click()
    assert "closed with 3 submitted questionnaires" in facilitator.content()
    facilitator.get_by_role("link", name="Report", exact=True).click()
    table = facilitator.locator("#workshop-table").inner_text()
    assert "Sales sees partners' cultures as harder to read." in table
    screenshot(facilitator, "workshop-report-desktop")
    facilitator.set_viewport_size(PHONE)
    screenshot(facilitator, "workshop-report-phone")
    problems.assert_none()
    for phone_problems in phones:
        phone_problems.assert_none()
