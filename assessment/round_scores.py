"""Scores a closed round keeps for peer statistics (``RoundScore`` rows and the level code).

``result_measures`` is pure; ``store_round_scores`` writes them. Peer statistics read these rows so
that a cohort of thousands of firms needs no rescoring of answers per request.
"""

from __future__ import annotations

from django.db import transaction

from assessment.aggregation import GroupResult, group_result
from assessment.models import AssessmentRound, Respondent, RoundScore
from assessment.scoring import AssessmentResult, score_assessment
from assessment.scoring_input import build_model, respondent_answers, round_answers, round_items

DCI = "dci"


def capability_measure(code: str) -> str:
    return f"capability:{code}"


def layer_measure(code: str) -> str:
    return f"layer:{code}"


def mode_measure(mode: str, side: str) -> str:
    return f"mode:{mode}:{side}"


def result_measures(result: AssessmentResult) -> dict[str, float]:
    """Measure name -> 0–100 score for every scored measure; unscored measures are left out."""
    measures: dict[str, float] = {}
    for code, cap in result.capabilities.items():
        if cap.score is not None:
            measures[capability_measure(code)] = cap.score
    for code, layer in result.layers.items():
        if layer.score is not None:
            measures[layer_measure(code)] = layer.score
    if result.dci is not None:
        measures[DCI] = result.dci
    for (mode, side), score in result.modes.items():
        if score.score is not None:
            measures[mode_measure(mode, side)] = score.score
    return measures


@transaction.atomic
def store_round_scores(*, round_: AssessmentRound, result: AssessmentResult) -> None:
    """Replace the round's stored scores and level with those of ``result``."""
    RoundScore.objects.filter(round=round_).delete()
    RoundScore.objects.bulk_create(
        [
            RoundScore(round=round_, measure=measure, value=value)
            for measure, value in result_measures(result).items()
        ]
    )
    round_.level_code = result.level.code if result.level else ""
    round_.save(update_fields=["level_code"])


def store_self_audit_scores(*, round_: AssessmentRound, respondent: Respondent) -> AssessmentResult:
    """Score the one respondent of a self-audit and store the round's scores."""
    result = score_assessment(
        build_model(round_.instrument, round_items(round_)), respondent_answers(respondent)
    )
    store_round_scores(round_=round_, result=result)
    return result


def counted_respondents(round_: AssessmentRound) -> list[Respondent]:
    """The respondents whose answers count: submitted and not withdrawn (1 query)."""
    return list(
        round_.respondents.filter(submitted_at__isnull=False, revoked_at__isnull=True).order_by(
            "submitted_at", "pk"
        )
    )


def workshop_group_result(
    round_: AssessmentRound, respondents: list[Respondent] | None = None, model=None
) -> GroupResult | None:
    """The aggregated result of a workshop's counted respondents; None if nobody submitted."""
    respondents = counted_respondents(round_) if respondents is None else respondents
    if not respondents:
        return None
    model = model or build_model(round_.instrument, round_items(round_))
    answers = round_answers(respondents)
    return group_result(model, {r.pk: answers[r.pk] for r in respondents})


def store_workshop_scores(round_: AssessmentRound) -> GroupResult | None:
    """Store the firm's aggregated (mean) scores of a closed workshop."""
    group = workshop_group_result(round_)
    if group is not None:
        store_round_scores(round_=round_, result=group.result)
    return group
