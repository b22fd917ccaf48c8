"""The demo workshop that `make run` loads: closed, five respondents, a consensus, a report."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.demo_workshop import CONSULTANT, load_demo_workshop
from assessment.models import AssessmentRound, RoundKind, RoundScore, RoundStatus

pytestmark = pytest.mark.django_db


def test_demo_workshop_is_complete_and_idempotent(client, instrument):
    assert load_demo_workshop(instrument)
    assert load_demo_workshop(instrument) == []
    round_ = AssessmentRound.objects.get(kind=RoundKind.WORKSHOP)
    assert round_.status == RoundStatus.CLOSED and round_.firm.is_demo
    assert round_.respondents.filter(submitted_at__isnull=False).count() == 5
    assert RoundScore.objects.filter(round=round_, measure="dci").exists()
    assert round_.consensus.count() == 1
    client.force_login(get_user_model().objects.get(username=CONSULTANT))
    report = client.get(reverse("reports:report", args=[round_.pk])).content.decode()
    assert "workshop-table" in report and "synthetic demo data" in report
    page = client.get(reverse("assessment:workshop", args=[round_.pk])).content.decode()
    assert "Closed" in page and "spread-table" in page
