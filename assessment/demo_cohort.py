"""A synthetic benchmark cohort for the demo: an association, its admin, and 55 synthetic firms.

Seeded (``random.Random``), labelled as synthetic demo data wherever it appears (``is_demo`` on the
cohort and every firm, "(demo)" / "(synthetic)" in the names), and idempotent. The firms' profiles
are chosen so that most peer groups can be shown and two small sectors are suppressed; 50 firms
have a closed self-audit (more than 30, so Cronbach's alpha is shown), 3 joined without completing
one, and 2 withdrew their consent. The demo manager's firm joins too, so the member view is
populated.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment.cohorts import consent_text, join_code_generate
from assessment.demo import DEMO_PASSWORD, demo_round
from assessment.models import (
    Association,
    Cohort,
    CohortMembership,
    Firm,
    InstrumentVersion,
)

ASSOCIATION_NAME = "Demo Trade Association (synthetic)"
COHORT_NAME = "Value-net benchmark 2026 (synthetic demo)"
ADMIN_USERNAME = "demo-association"
RESPONDENT_USERNAME = "demo-synthetic-respondent"
DEMO_FIRM_NAME = "Nordic Sensor Systems (demo)"
K = 5
INVITED = 60

# Profiles (sector, size band, technology intensity, region) in blocks of 5 identical firms: any
# two peer groups made of whole blocks differ by 0 or at least 5 firms, so the k-anonymity rules
# can show them. The demo manager's firm completes the first block. Then 5 firms of two small
# sectors (3 + 2) alike in everything else: those two groups are hidden (fewer than k firms).
BLOCK = 5
BLOCKS = (
    ("C", "medium", "medium_high", "nordic"),
    ("C", "small", "medium_high", "western_europe"),
    ("C", "small", "high", "nordic"),
    ("C", "medium", "medium_low", "central_eastern_europe"),
    ("G", "small", "low", "western_europe"),
    ("G", "micro", "medium_low", "southern_europe"),
    ("J", "small", "high", "nordic"),
    ("J", "micro", "high", "western_europe"),
    ("M", "medium", "medium_high", "western_europe"),
)
SMALL_GROUPS = (("H", "small", "low", "nordic"),) * 3 + (("F", "small", "low", "nordic"),) * 2
COUNTRIES = {
    "nordic": ["Finland", "Sweden", "Denmark", "Norway"],
    "western_europe": ["Germany", "Netherlands", "Belgium", "France"],
    "central_eastern_europe": ["Poland", "Czechia", "Estonia"],
    "southern_europe": ["Italy", "Spain", "Portugal"],
}
EMPLOYEES = {"micro": (3, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 900)}
NOT_COMPLETED = 3  # joined, no closed audit yet
WITHDRAWN = 2  # completed, then withdrew consent: left out of every figure
CAPABILITIES = (
    "cultural_awareness",
    "global_mindset",
    "entrepreneurial_orientation",
    "interface_competence",
    "analytical_capability",
    "flexibility",
    "absorptive_capacity",
)
MODES = ("influencing", "monitoring", "coordinating", "integrating")


def _profiles(rng: random.Random) -> list[tuple[str, str, str, str]]:
    """The firms' profiles: first those that do not count (not completed, withdrawn), then the
    blocks and the small groups, shuffled."""
    counted = [profile for profile in BLOCKS for _ in range(BLOCK)] + list(SMALL_GROUPS)
    rng.shuffle(counted)
    extra = [rng.choice(BLOCKS) for _ in range(NOT_COMPLETED + WITHDRAWN)]
    return extra + counted


def _profile(rng: random.Random, technology: str) -> tuple[dict[str, float], float]:
    """Latent levels (0–1) per capability and practice mode around a firm-wide level."""
    base = rng.uniform(0.25, 0.8) + {"high": 0.08, "medium_high": 0.04}.get(technology, 0)
    layer_shift = [rng.gauss(0, 0.06) for _ in range(3)]
    layer_of = [0, 0, 0, 1, 1, 2, 2]
    profile = {
        code: min(1.0, max(0.0, base + layer_shift[layer_of[i]] + rng.gauss(0, 0.08)))
        for i, code in enumerate(CAPABILITIES)
    }
    for mode in MODES:
        for side in ("upstream", "downstream"):
            level = base - (0.3 if mode == "integrating" else 0) + rng.gauss(0, 0.12)
            profile[f"{mode}:{side}"] = min(1.0, max(0.0, level))
    profile["outcomes"] = min(1.0, max(0.0, base + rng.gauss(0, 0.1)))
    return profile, base


def _consent(membership: CohortMembership, cohort: Cohort, firm: Firm, user, when) -> None:
    membership.consent_by = user
    membership.consent_at = when
    membership.consent_text = consent_text(cohort, firm)


@transaction.atomic
def load_demo_cohort(instrument: InstrumentVersion, *, seed: int = 2026) -> list[str]:
    """Create the demo association, its admin and cohort with synthetic firms; idempotent."""
    User = get_user_model()
    if Cohort.objects.filter(association__name=ASSOCIATION_NAME, name=COHORT_NAME).exists():
        return []
    created = []
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create_user(
            ADMIN_USERNAME, "demo-association@example.com", DEMO_PASSWORD, first_name="Demo"
        )
        created.append(f"{ADMIN_USERNAME} (association admin)")
    association, _ = Association.objects.get_or_create(name=ASSOCIATION_NAME)
    association.admins.add(admin)
    respondent, made = User.objects.get_or_create(
        username=RESPONDENT_USERNAME, defaults={"is_active": False}
    )
    if made:
        respondent.set_unusable_password()
        respondent.save(update_fields=["password"])
    cohort = Cohort.objects.create(
        association=association,
        name=COHORT_NAME,
        instrument=instrument,
        join_code=join_code_generate(),
        k_threshold=K,
        invited_count=INVITED,
        is_demo=True,
        created_by=admin,
    )
    rng = random.Random(seed)
    items = list(
        instrument.items.select_related("module", "facet__capability", "mode").order_by("position")
    )
    now = timezone.now()
    profiles = _profiles(rng)
    for number, (sector, size, technology, region) in enumerate(profiles, 1):
        low, high = EMPLOYEES[size]
        firm = Firm.objects.create(
            name=f"Synthetic firm {number:03d} (demo)",
            sector=sector,
            employees=rng.randint(low, high),
            size_band=size,
            technology_intensity=technology,
            country=rng.choice(COUNTRIES[region]),
            region=region,
            international_sales_share=rng.randint(10, 90),
            offshored_share=rng.randint(5, 70),
            is_demo=True,
        )
        joined = now - timedelta(days=rng.randint(30, 200))
        membership = CohortMembership(cohort=cohort, firm=firm)
        _consent(membership, cohort, firm, None, joined)
        if number > NOT_COMPLETED:
            profile, base = _profile(rng, technology)
            demo_round(
                firm=firm,
                user=respondent,
                instrument=instrument,
                items=items,
                when=joined + timedelta(days=rng.randint(1, 25)),
                profile=profile,
                default=base,
                rng=rng,
            )
        if NOT_COMPLETED < number <= NOT_COMPLETED + WITHDRAWN:
            membership.withdrawn_at = joined + timedelta(days=28)
        membership.save()
    created.append(
        f"{ASSOCIATION_NAME} with cohort {COHORT_NAME}: {len(profiles)} synthetic firms "
        f"({len(profiles) - NOT_COMPLETED - WITHDRAWN} completed and consenting, {NOT_COMPLETED} not "
        f"completed, {WITHDRAWN} withdrawn)"
    )
    demo_firm = Firm.objects.filter(name=DEMO_FIRM_NAME, is_demo=True).first()
    if demo_firm is not None:
        manager = demo_firm.memberships.filter(role="manager").select_related("user").first()
        membership = CohortMembership(cohort=cohort, firm=demo_firm)
        _consent(membership, cohort, demo_firm, manager.user if manager else None, now)
        membership.save()
        created.append(f"{DEMO_FIRM_NAME} joined {COHORT_NAME} with consent")
    return created
