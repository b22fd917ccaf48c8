"""The Django admin works for staff and is closed to everyone else."""

import pytest
from django.urls import reverse

from assessment import models
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [
    models.InstrumentVersion,
    models.Layer,
    models.Capability,
    models.Facet,
    models.PracticeMode,
    models.OutcomeGroup,
    models.Item,
    models.Firm,
    models.FirmMembership,
    models.AssessmentRound,
    models.Respondent,
    models.Answer,
    models.ConsensusScore,
    models.Association,
    models.Cohort,
    models.CohortMembership,
]


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("staff", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_load_for_staff(staff_client, instrument, alice_firm, model):
    meta = model._meta
    assert (
        staff_client.get(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        ).status_code
        == 200
    )


def test_published_instrument_items_are_read_only_for_staff(staff_client, instrument):
    item = instrument.items.first()
    url = reverse("admin:assessment_item_change", args=[item.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b'name="text"' not in response.content  # shown, not editable
    response = staff_client.post(url, {"text": "changed"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text != "changed"


def test_admin_is_refused_to_non_staff(client, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:assessment_firm_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_is_refused_to_anonymous(client):
    response = client.get(reverse("admin:assessment_item_changelist"))
    assert response.status_code == 302
