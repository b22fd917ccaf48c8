"""Sign-up, firm profile and the dashboard."""

import pytest
from django.core import mail
from django.urls import reverse

from assessment.models import Firm, FirmMembership

pytestmark = pytest.mark.django_db

FIRM = {
    "name": "Baltic Gears",
    "sector": "C",
    "employees": "30",
    "size_band": "small",
    "technology_intensity": "medium_low",
    "country": "Estonia",
    "region": "nordic",
    "international_sales_share": "55",
    "offshored_share": "20",
}


def test_signup_logs_in_and_asks_for_the_firm(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "dana",
            "email": "dana@example.com",
            "password1": "a-long pass 77",
            "password2": "a-long pass 77",
        },
    )
    assert response["Location"] == reverse("assessment:firm_create")
    assert client.get(reverse("assessment:dashboard")).status_code == 200


def test_signup_refuses_a_duplicate_email(client, alice):
    response = client.post(
        reverse("signup"),
        {
            "username": "dana",
            "email": "ALICE@example.com",
            "password1": "a-long pass 77",
            "password2": "a-long pass 77",
        },
    )
    assert "already exists" in response.content.decode()


def test_creating_a_firm_makes_the_user_its_manager(alice_client, alice):
    response = alice_client.post(reverse("assessment:firm_create"), FIRM)
    assert response.status_code == 302
    firm = Firm.objects.get(name="Baltic Gears")
    assert FirmMembership.objects.get(firm=firm).user == alice


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("size_band", "medium", "30 employees is in the band “Small (10–49 employees)”"),
        ("international_sales_share", "120", "between 0 and 100"),
        ("offshored_share", "-5", "greater than or equal to 0"),
    ],
)
def test_firm_profile_is_validated(alice_client, field, value, message):
    response = alice_client.post(reverse("assessment:firm_create"), {**FIRM, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Firm.objects.exists()


def test_editing_another_managers_firm_is_404(alice_client, bob_firm):
    assert alice_client.get(reverse("assessment:firm_edit", args=[bob_firm.pk])).status_code == 404
    response = alice_client.post(reverse("assessment:firm_edit", args=[bob_firm.pk]), FIRM)
    assert response.status_code == 404
    bob_firm.refresh_from_db()
    assert bob_firm.name == "Bob Devices GmbH"


def test_dashboard_lists_only_my_firms(alice_client, alice_firm, bob_firm, instrument):
    html = alice_client.get(reverse("assessment:dashboard")).content.decode()
    assert "Alice Components Oy" in html
    assert "Bob Devices GmbH" not in html
    assert "Start a new self-audit" in html


def test_dashboard_requires_login(client):
    assert client.get(reverse("assessment:dashboard"))["Location"].startswith(reverse("login"))


def test_password_reset_sends_a_mail(client, alice):
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_logout_is_a_post(alice_client):
    assert alice_client.post(reverse("logout")).status_code == 302
    assert alice_client.get(reverse("assessment:dashboard")).status_code == 302
