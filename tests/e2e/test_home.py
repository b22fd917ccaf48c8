import pytest

from tests.e2e.conftest import PHONE, new_page, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_with_its_own_css_and_js(browser, live_server):
    page, problems = new_page(browser, live_server)
    loaded = []
    page.on("response", lambda r: loaded.append(r.url))
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How well does your firm")
    # Bootstrap's CSS is applied: the navbar is a flex container with the brand colour.
    display = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).display")
    assert display == "flex"
    background = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(31, 78, 121)"
    # Bootstrap's JS is loaded from the site itself.
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert any(url.endswith("/static/vendor/bootstrap/bootstrap.min.css") for url in loaded)
    assert any(url.endswith("/static/vendor/bootstrap/bootstrap.bundle.min.js") for url in loaded)
    assert page.get_by_role(
        "img", name="The three-layer model of value-net capability"
    ).is_visible()
    screenshot(page, "home-desktop")
    problems.assert_none()


def test_home_page_on_a_phone_collapses_the_menu(browser, live_server):
    page, problems = new_page(browser, live_server, viewport=PHONE)
    page.goto("/")
    assert page.get_by_role("button", name="Toggle navigation").is_visible()
    page.get_by_role("button", name="Toggle navigation").click()
    assert page.get_by_role("link", name="Method").is_visible()
    screenshot(page, "home-phone")
    problems.assert_none()


def test_plotly_is_served_from_the_site(browser, live_server):
    page, problems = new_page(browser, live_server)
    response = page.goto("/static/vendor/plotly/plotly.min.js")
    assert response.status == 200
    assert b"plotly.js" in response.body()[:400]
    problems.assert_none()
