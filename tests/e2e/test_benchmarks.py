"""Benchmark journeys in a real browser: an association sets up a cohort, a manager joins with the
code and consents; the demo cohort's dashboard and member view render their figures."""

import pytest
from django.contrib.auth import get_user_model

from assessment.demo import DEMO_PASSWORD, load_demo
from assessment.demo_cohort import COHORT_NAME, load_demo_cohort
from assessment.models import Cohort, CohortMembership, Firm
from tests.conftest import make_firm
from tests.e2e.conftest import DESKTOP, PHONE, new_page, screenshot
from tests.e2e.test_self_audit import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_association_creates_a_cohort_and_a_manager_joins_with_consent(
    browser, live_server, instrument
):
    User = get_user_model()
    User.objects.create_user("assoc", "assoc@example.com", "a-long pass 77")
    manager = User.objects.create_user("mia", "mia@example.com", "a-long pass 77")
    firm = make_firm(manager, "Mia Machines Oy")

    page, problems = new_page(browser, live_server)
    log_in(page, "assoc", "a-long pass 77")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Associations").click()
    page.get_by_role("link", name="Create an association").first.click()
    page.locator("#id_name").fill("Machine Builders Association")
    page.get_by_role("button", name="Create association").click()
    page.get_by_role("link", name="New cohort").click()
    page.locator("#id_name").fill("Benchmark 2026")
    page.locator("#id_invited_count").fill("30")
    page.get_by_role("button", name="Create cohort").click()
    code = page.locator("#join-code").inner_text().strip()
    assert len(code.replace("-", "")) == 10
    page.get_by_role("button", name="Log out").click()

    log_in(page, "mia", "a-long pass 77")
    page.goto("/dashboard/")
    page.get_by_role("link", name="Join a cohort with a code").click()
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name="Continue").click()
    assert "Machine Builders Association" in page.locator("main").inner_text()
    page.get_by_role("button", name="Give consent and join").click()
    assert "Tick the box" in page.content()  # not ticked: nothing recorded
    assert not CohortMembership.objects.exists()
    page.get_by_label("I have read what is shared and I consent for the firm").check()
    screenshot(page, "benchmark-consent-desktop")
    page.get_by_role("button", name="Give consent and join").click()
    assert "Your consent is recorded" in page.content()
    membership = CohortMembership.objects.get(firm=firm)
    assert membership.consent_by == manager and membership.is_consenting
    page.get_by_role("button", name="Log out").click()

    log_in(page, "assoc", "a-long pass 77")
    page.goto(f"/associations/cohorts/{membership.cohort_id}/")
    assert page.locator("#count-invited").inner_text() == "30"
    assert page.locator("#count-joined").inner_text() == "fewer than 5"
    assert "Mia Machines" not in page.content()
    problems.assert_none()


@pytest.fixture
def demo(instrument):
    load_demo(instrument)
    load_demo_cohort(instrument)
    return Cohort.objects.get(name=COHORT_NAME)


@pytest.mark.parametrize(("viewport", "suffix"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_demo_association_dashboard(browser, live_server, demo, viewport, suffix):
    page, problems = new_page(browser, live_server, viewport=viewport)
    log_in(page, "demo-association", DEMO_PASSWORD)
    page.goto(f"/associations/cohorts/{demo.pk}/")
    page.wait_for_selector('[data-figure="fig-capabilities"][data-rendered="true"]')
    page.wait_for_selector('[data-figure="fig-layers"][data-rendered="true"]')
    traces = page.evaluate(
        "() => document.querySelector('[data-figure=fig-capabilities]').data"
        ".map(t => [t.name, t.q1.length, t.lowerfence.length])"
    )
    assert traces[0] == ["Whole cohort", 7, 7]
    assert "synthetic demo data" in page.content()
    assert int(page.locator("#count-completed").inner_text()) >= 40
    assert "Synthetic firm" not in page.content()
    screenshot(page, f"benchmark-dashboard-{suffix}")
    problems.assert_none()


@pytest.mark.parametrize(("viewport", "suffix"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_demo_member_view_draws_the_peer_band(browser, live_server, demo, viewport, suffix):
    firm = Firm.objects.get(name="Nordic Sensor Systems (demo)")
    page, problems = new_page(browser, live_server, viewport=viewport)
    log_in(page, "demo-manager", DEMO_PASSWORD)
    page.goto("/dashboard/")
    screenshot(page, f"benchmark-manager-dashboard-{suffix}")
    page.get_by_role("link", name="View benchmarks").click()
    selector = f'[data-figure="fig-radar-{demo.pk}"]'
    page.wait_for_selector(f'{selector}[data-rendered="true"]')
    traces = page.evaluate(
        f"() => document.querySelector('{selector}').data.map(t => [t.name, t.r])"
    )
    by_name = dict(traces)
    low = by_name["Whole cohort: 25th–75th percentile"]
    high = by_name["Whole cohort: 25th–75th percentile (upper)"]
    median = by_name["Whole cohort: median"]
    assert len(low) == 8 and all(
        lo <= mid <= hi for lo, mid, hi in zip(low, median, high, strict=True)
    )
    assert all(value is not None for value in by_name[firm.name])
    assert "synthetic demo data" in page.content()
    screenshot(page, f"benchmark-member-{suffix}")
    problems.assert_none()
