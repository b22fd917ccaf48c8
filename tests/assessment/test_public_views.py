"""Home and method pages, open to everyone."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_offers_a_start_per_role(client):
    html = client.get(reverse("home")).content.decode()
    assert "Start a self-audit" in html and "Start as a consultant" in html


def test_method_page_shows_the_thresholds_of_the_current_instrument(client, instrument):
    html = client.get(reverse("assessment:method")).content.decode()
    # coverage 0.666 -> "66.6 %", foundation gap 15, agreement cut-off 0.7, k 5
    assert "two thirds (66.6\u00a0%)" in html
    assert "more than\n    15 points" in html
    assert "below\n    0.7" in html
    assert f"version {instrument.version}" in html


def test_method_page_works_before_any_instrument_is_loaded(client):
    response = client.get(reverse("assessment:method"))
    assert response.status_code == 200
    assert "two thirds" in response.content.decode()


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
