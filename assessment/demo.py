"""Synthetic demo data: seeded, labelled as demo everywhere it appears, never mixed with real firms."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment.models import (
    Answer,
    AssessmentRound,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
    Item,
    ModuleKind,
    Respondent,
    RoleLabel,
    RoundKind,
    RoundStatus,
)
from assessment.round_scores import store_self_audit_scores

DEMO_PASSWORD = "demo-password-2026"


def synthetic_answer(item: Item, level: float, rng: random.Random, scales: dict) -> int | None:
    """An answer for an item from a latent level in 0..1, with noise and some don't-knows."""
    scale = scales[item.scale]
    low, high = scale["min"], scale["max"]
    if rng.random() < 0.04:
        return None
    value = low + level * (high - low) + rng.gauss(0, 0.7)
    value = max(low, min(high, round(value)))
    if item.reverse_keyed:
        value = low + high - value
    return int(value)


def item_level(item: Item, profile: dict[str, float], default: float) -> float:
    if item.module.kind == ModuleKind.CAPABILITIES:
        return profile.get(item.facet.capability.code, default)
    if item.module.kind == ModuleKind.PRACTICES:
        return profile.get(f"{item.mode.code}:{item.side}", profile.get(item.mode.code, default))
    return profile.get("outcomes", default)


def answer_round(
    respondent: Respondent,
    items: list[Item],
    *,
    profile: dict[str, float],
    default: float,
    rng: random.Random,
) -> None:
    scales = respondent.round.instrument.scales
    Answer.objects.bulk_create(
        [
            Answer(
                respondent=respondent,
                item=item,
                value=synthetic_answer(item, item_level(item, profile, default), rng, scales),
            )
            for item in items
        ]
    )


def demo_round(
    *,
    firm: Firm,
    user,
    instrument: InstrumentVersion,
    items: list[Item],
    when,
    profile: dict[str, float],
    default: float,
    rng: random.Random,
) -> AssessmentRound:
    round_ = AssessmentRound.objects.create(
        firm=firm,
        instrument=instrument,
        kind=RoundKind.SELF_AUDIT,
        status=RoundStatus.CLOSED,
        title=f"Self-audit {when:%B %Y}",
        module_codes=[module.code for module in instrument.modules.all()],
        created_by=user,
        opened_at=when,
        closed_at=when + timedelta(hours=1),
    )
    AssessmentRound.objects.filter(pk=round_.pk).update(created_at=when)
    respondent = Respondent.objects.create(
        round=round_,
        user=user,
        role_label=RoleLabel.TOP_MANAGEMENT,
        started_at=when,
        submitted_at=when + timedelta(hours=1),
        answers_version=1,
    )
    answer_round(respondent, items, profile=profile, default=default, rng=rng)
    store_self_audit_scores(round_=round_, respondent=respondent)
    return round_


@transaction.atomic
def load_demo(instrument: InstrumentVersion, *, seed: int = 2026) -> list[str]:
    """Create the demo accounts and the demo firm's rounds; idempotent. Returns what was created."""
    User = get_user_model()
    created = []
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
        created.append("admin (site staff)")
    if User.objects.filter(username="demo-manager").exists():
        return created
    manager = User.objects.create_user(
        "demo-manager", "demo-manager@example.com", DEMO_PASSWORD, first_name="Demo"
    )
    firm = Firm.objects.create(
        name="Nordic Sensor Systems (demo)",
        sector="C",
        employees=85,
        size_band="medium",
        technology_intensity="medium_high",
        country="Finland",
        region="nordic",
        international_sales_share=70,
        offshored_share=40,
        upstream_partners=6,
        downstream_partners=45,
        offshoring_years=8,
        is_demo=True,
        created_by=manager,
    )
    FirmMembership.objects.create(firm=firm, user=manager, role=FirmRole.MANAGER)
    items = list(
        instrument.items.select_related("module", "facet__capability", "mode").order_by("position")
    )
    rng = random.Random(seed)
    now = timezone.now()
    last_year = {
        "cultural_awareness": 0.7,
        "global_mindset": 0.6,
        "entrepreneurial_orientation": 0.65,
        "interface_competence": 0.5,
        "analytical_capability": 0.45,
        "flexibility": 0.4,
        "absorptive_capacity": 0.35,
        "influencing:downstream": 0.6,
        "monitoring:downstream": 0.55,
        "integrating": 0.15,
        "outcomes": 0.6,
    }
    this_year = {key: min(1.0, value + 0.12) for key, value in last_year.items()}
    this_year["integrating"] = 0.2
    for days_ago, profile, default in [(365, last_year, 0.4), (3, this_year, 0.5)]:
        demo_round(
            firm=firm,
            user=manager,
            instrument=instrument,
            items=items,
            when=now - timedelta(days=days_ago),
            profile=profile,
            default=default,
            rng=rng,
        )
    created.append("demo-manager with Nordic Sensor Systems (demo): two submitted self-audits")
    return created
