"""The dashboard's query count does not grow with the user's firms, rounds or cohorts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import Association, Cohort, CohortMembership
from tests.conftest import make_firm, open_workshop

pytestmark = pytest.mark.django_db


def add_firm(alice, instrument, number):
    firm = make_firm(alice, f"Firm {number}")
    services.self_audit_start(firm=firm, user=alice, instrument=instrument)
    open_workshop(firm, alice, instrument)
    association, _ = Association.objects.get_or_create(name="Guild")
    cohort = Cohort.objects.create(
        association=association,
        name=f"Cohort {number}",
        instrument=instrument,
        join_code=f"CODE{number}",
    )
    CohortMembership.objects.create(
        cohort=cohort, firm=firm, consent_by=alice, consent_at=timezone.now(), consent_text="scores"
    )


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessment:dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_firms(alice_client, alice, instrument):
    add_firm(alice, instrument, 1)
    one = dashboard_queries(alice_client)
    for number in range(2, 5):
        add_firm(alice, instrument, number)
    page = alice_client.get(reverse("assessment:dashboard")).content.decode()
    assert page.count("New workshop") == 4 and "Cohort 4" in page
    assert dashboard_queries(alice_client) == one
