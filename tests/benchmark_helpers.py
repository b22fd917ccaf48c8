"""Shared builders for benchmark tests: cohorts, consenting member firms, closed rounds with
stored scores (no answers needed: peer statistics read ``RoundScore`` rows)."""

import itertools
from datetime import timedelta

from django.utils import timezone

from assessment import cohorts as services
from assessment.models import (
    AssessmentRound,
    Association,
    Cohort,
    RoundKind,
    RoundScore,
    RoundStatus,
)
from tests.conftest import make_firm, make_user

CAPABILITIES = (
    "cultural_awareness",
    "global_mindset",
    "entrepreneurial_orientation",
    "interface_competence",
    "analytical_capability",
    "flexibility",
    "absorptive_capacity",
)
_numbers = itertools.count(1)


def make_cohort(instrument, *, admin=None, k: int = 5, name: str = "Members 2026") -> Cohort:
    admin = admin or make_user(f"assoc-admin-{next(_numbers)}")
    association = Association.objects.create(name=f"Association {next(_numbers)}")
    association.admins.add(admin)
    return services.cohort_create(
        association=association, user=admin, name=name, instrument=instrument, k_threshold=k
    )


def closed_round(firm, instrument, scores: dict[str, float], *, days_ago: int = 10):
    when = timezone.now() - timedelta(days=days_ago)
    round_ = AssessmentRound.objects.create(
        firm=firm,
        instrument=instrument,
        kind=RoundKind.SELF_AUDIT,
        status=RoundStatus.CLOSED,
        opened_at=when,
        closed_at=when,
        level_code="incremental",
    )
    RoundScore.objects.bulk_create(
        [RoundScore(round=round_, measure=m, value=v) for m, v in scores.items()]
    )
    return round_


def uniform_scores(value: float) -> dict[str, float]:
    """The same score on every capability, layer and the DCI."""
    scores = {f"capability:{code}": value for code in CAPABILITIES}
    scores |= {f"layer:{code}": value for code in ("cognitive", "managerial", "organisational")}
    scores["dci"] = value
    return scores


def join_member(cohort, value: float | None, *, owner=None, name=None, **profile):
    """A firm with a manager, consenting in the cohort, with a closed round scoring ``value``."""
    number = next(_numbers)
    owner = owner or make_user(f"manager-{number}")
    firm = make_firm(owner, name or f"Member firm {number}", **profile)
    services.cohort_join(cohort=cohort, firm=firm, user=owner, text="consent text")
    if value is not None:
        closed_round(firm, cohort.instrument, uniform_scores(value))
    return firm, owner
