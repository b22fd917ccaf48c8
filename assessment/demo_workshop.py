"""Synthetic demo workshop: a consultant, a client firm and a closed workshop with five people.

Seeded and labelled as demo data; idempotent. Shows the facilitator's dashboard, disagreement and
consensus, and the workshop report without anyone having to answer first.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment import workshops
from assessment.demo import DEMO_PASSWORD, answer_round
from assessment.models import (
    AssessmentRound,
    Capability,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
    Respondent,
    RoundStatus,
)
from assessment.round_scores import store_workshop_scores

CONSULTANT = "demo-consultant"

# Latent levels (0..1) per capability: the board is more optimistic about the cognitive core than
# middle management and specialists, who see the organisation's flexibility differently.
PEOPLE = [
    ("top_management", "", {"cultural_awareness": 0.8, "global_mindset": 0.75, "flexibility": 0.6}),
    (
        "top_management",
        "",
        {"cultural_awareness": 0.75, "global_mindset": 0.7, "flexibility": 0.55},
    ),
    (
        "middle_management",
        "",
        {"cultural_awareness": 0.45, "global_mindset": 0.5, "flexibility": 0.3},
    ),
    (
        "middle_management",
        "",
        {"cultural_awareness": 0.5, "global_mindset": 0.45, "flexibility": 0.25},
    ),
    ("specialist", "", {"cultural_awareness": 0.55, "global_mindset": 0.6, "flexibility": 0.2}),
]


@transaction.atomic
def load_demo_workshop(instrument: InstrumentVersion, *, seed: int = 6) -> list[str]:
    User = get_user_model()
    if User.objects.filter(username=CONSULTANT).exists():
        return []
    consultant = User.objects.create_user(
        CONSULTANT, f"{CONSULTANT}@example.com", DEMO_PASSWORD, first_name="Demo"
    )
    firm = Firm.objects.create(
        name="Baltic Marine Electronics (demo client)",
        sector="C",
        employees=140,
        size_band="medium",
        technology_intensity="high",
        country="Estonia",
        region="central_eastern_europe",
        international_sales_share=85,
        offshored_share=30,
        is_demo=True,
        created_by=consultant,
    )
    FirmMembership.objects.create(firm=firm, user=consultant, role=FirmRole.CONSULTANT)
    round_ = workshops.workshop_create(
        firm=firm,
        user=consultant,
        instrument=instrument,
        title="Management team workshop (demo)",
        module_codes=["A", "B"],
        share_results=True,
    )
    items = list(
        instrument.items.filter(module__code__in=["A", "B"])
        .select_related("module", "facet__capability", "mode")
        .order_by("position")
    )
    rng = random.Random(seed)
    start = timezone.now() - timedelta(days=2)
    for number, (role, name, profile) in enumerate(PEOPLE):
        (respondent,) = workshops.invitations_create(round_=round_, role_label=role, name=name)
        answer_round(respondent, items, profile=profile, default=0.5, rng=rng)
        Respondent.objects.filter(pk=respondent.pk).update(
            started_at=start, submitted_at=start + timedelta(minutes=25 + number), answers_version=1
        )
    round_.refresh_from_db()
    group = store_workshop_scores(round_)
    flexibility = Capability.objects.get(instrument=instrument, code="flexibility")
    workshops.consensus_record(
        round_=round_,
        capability=flexibility,
        score=round(group.result.capabilities["flexibility"].score / 5) * 5,
        rationale="Specialists showed how slowly supplier changes reach the shop floor; the board accepted the lower view.",
        user=consultant,
    )
    AssessmentRound.objects.filter(pk=round_.pk).update(
        status=RoundStatus.CLOSED,
        created_at=start - timedelta(days=1),
        opened_at=start,
        closed_at=start + timedelta(hours=2),
    )
    return [f"{CONSULTANT} with a closed demo workshop (5 respondents) for {firm.name}"]
