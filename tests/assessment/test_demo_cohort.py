"""The demo cohort: seeded synthetic firms with consent and closed self-audits, idempotent, fast."""

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from assessment.demo import DEMO_PASSWORD, load_demo
from assessment.demo_cohort import (
    ADMIN_USERNAME,
    ASSOCIATION_NAME,
    COHORT_NAME,
    load_demo_cohort,
)
from assessment.models import Cohort, CohortMembership, Firm
from reports.benchmark_queries import cohort_alpha, cohort_statistics, participation


@pytest.fixture
def demo_cohort(instrument):
    load_demo(instrument)
    load_demo_cohort(instrument)
    return Cohort.objects.get(name=COHORT_NAME)


def test_it_creates_a_labelled_cohort_of_at_least_40_consenting_synthetic_firms(demo_cohort):
    assert demo_cohort.is_demo is True
    assert demo_cohort.k_threshold == 5
    assert demo_cohort.association.name == ASSOCIATION_NAME
    assert list(demo_cohort.association.admins.values_list("username", flat=True)) == [
        ADMIN_USERNAME
    ]
    memberships = CohortMembership.objects.filter(cohort=demo_cohort).select_related("firm")
    synthetic = [m for m in memberships if m.firm.name.startswith("Synthetic firm")]
    assert len(synthetic) >= 40
    assert all(m.firm.is_demo and m.firm.name.endswith("(demo)") for m in memberships)
    assert all(m.consent_at and m.consent_text for m in memberships)
    assert sum(1 for m in memberships if m.is_consenting) >= 40


def test_the_demo_managers_firm_joins_with_consent(demo_cohort):
    membership = CohortMembership.objects.get(
        cohort=demo_cohort, firm__name="Nordic Sensor Systems (demo)"
    )
    assert membership.is_consenting
    assert membership.consent_by.username == "demo-manager"
    assert "Nordic Sensor Systems (demo)" in membership.consent_text


def test_the_figures_are_populated_with_some_groups_hidden(demo_cohort):
    figures = participation(demo_cohort)
    assert figures.completed >= 40
    sectors = cohort_statistics(demo_cohort, dimension="sector")
    assert any(group.visible for group in sectors)
    assert any(not group.visible for group in sectors)
    alpha = cohort_alpha(demo_cohort)
    assert alpha and all(result.shown and result.n >= 30 for result in alpha.values())


def test_it_is_idempotent_and_seeded(instrument):
    load_demo(instrument)
    assert load_demo_cohort(instrument)
    profiles = list(Firm.objects.filter(is_demo=True).values_list("name", "sector", "region"))
    assert load_demo_cohort(instrument) == []
    assert Cohort.objects.filter(name=COHORT_NAME).count() == 1
    assert list(Firm.objects.filter(is_demo=True).values_list("name", "sector", "region")) == (
        profiles
    )


def test_it_is_fast(instrument):
    load_demo(instrument)
    start = time.perf_counter()
    load_demo_cohort(instrument)
    assert time.perf_counter() - start < 10


def test_load_demo_command_creates_the_cohort_and_the_admin_can_log_in(instrument, client):
    call_command("load_demo", stdout=io.StringIO())
    cohort = Cohort.objects.get(name=COHORT_NAME)
    user = get_user_model().objects.get(username=ADMIN_USERNAME)
    assert user.check_password(DEMO_PASSWORD)
    client.force_login(user)
    html = client.get(reverse("assessment:cohort_dashboard", args=[cohort.pk])).content.decode()
    assert "synthetic demo data" in html
    assert "Synthetic firm" not in html
