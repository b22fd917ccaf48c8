"""Several respondents from one firm: firm score, spread and agreement (DESIGN.md §3.7).

Pure functions over plain data, like ``assessment.scoring``: no ORM, no request, no settings. Each
respondent is scored with ``scoring.score_assessment``; the firm's result is built from those
results with the same rules (``layer_score``, ``dynamic_capability_index``, ``foundation_check``,
``outcome_results``, ``development_level``), so it has exactly the shape of one respondent's result
and report and chart code can use it unchanged.

Agreement is James, Demaree & Wolf's (1984) r_wg(J) per capability. Everything here is computed
whatever the number of respondents; whether spreads, histograms or role means may be *shown* is the
caller's decision (``individual_figures_allowed``, ``role_comparison``'s ``minimum``).
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from assessment.scoring import (
    SCORE_TOLERANCE,
    Answers,
    AssessmentResult,
    CapabilityScore,
    CapabilitySpec,
    ItemSpec,
    Model,
    ModeScore,
    ModeSpec,
    OutcomeGroupResult,
    assemble_result,
    item_score,
    outcome_results,
    score_assessment,
    weighted_mean,
)

K = TypeVar("K", bound=Hashable)


# --- Results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapabilitySpread:
    """How far the respondents' scores for one capability lie apart, and how well they agree."""

    code: str
    n: int  # respondents with a score for the capability
    mean: float | None  # the firm score (None when n = 0)
    sd: float | None  # sample standard deviation (n − 1); None when n < 2
    minimum: float | None
    maximum: float | None
    items: int  # J: the capability's items answered by at least two respondents
    rwg: float | None  # r_wg(J) in [0, 1]; None when n < 2 or J = 0
    low_agreement: bool  # rwg is not None and below thresholds["agreement_cutoff"]


@dataclass(frozen=True)
class ItemDisagreement:
    """One item's variance between respondents, with how many gave each (scored) answer."""

    item: str
    kind: str  # "capability" or "mode"
    group: str  # the capability code, or the mode code
    side: str | None  # the mode's side ("upstream" / "downstream"); None for capability items
    variance: float  # sample variance (n − 1) of the scored answers
    n: int  # respondents who answered the item (don't know / n.a. left out)
    counts: Mapping[int, int]  # scored value -> respondents, every scale point from low to high


@dataclass(frozen=True)
class GroupResult(Generic[K]):
    """A round with several respondents (DESIGN.md §3.7)."""

    n: int  # respondents
    respondents: Mapping[K, AssessmentResult]  # each respondent's own result
    result: AssessmentResult  # the firm's aggregated result, same shape as one respondent's
    spreads: Mapping[str, CapabilitySpread]  # capability code -> spread and agreement
    disagreements: list[ItemDisagreement]  # largest variance first; ties in the model's item order


# --- Agreement --------------------------------------------------------------------------------------


def expected_variance(scale_min: int, scale_max: int) -> float:
    """σ²_EU = (A² − 1) / 12, the variance of answers given at random over A scale points.

    2.0 for a 1–5 scale, 1.25 for 1–4, 2/3 for 1–3 (James, Demaree & Wolf 1984).
    """
    points = scale_max - scale_min + 1
    if points < 2:
        raise ValueError(f"a scale needs at least two points, not {scale_min}–{scale_max}")
    return (points**2 - 1) / 12


def rwg_j(item_variances: Sequence[float], expected_variance: float) -> float | None:
    """r_wg(J) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²) (DESIGN.md §3.7); None for J = 0.

    J is the number of items and s̄² the mean of their variances between respondents. When the
    respondents disagree at least as much as random answers would (s̄² ≥ σ²), the index is 0: the
    formula is negative for σ² < s̄² < J/(J − 1)·σ², divides by zero at s̄² = J/(J − 1)·σ², and
    beyond that gives a meaningless positive value (even above 1), so all of these count as "no
    agreement". Otherwise the value lies in (0, 1]; 1 means every respondent gave the same answers.
    """
    if expected_variance <= 0:
        raise ValueError(f"the expected variance must be positive, not {expected_variance}")
    if any(variance < 0 for variance in item_variances):
        raise ValueError("a variance cannot be negative")
    j = len(item_variances)
    if j == 0:
        return None
    ratio = statistics.fmean(item_variances) / expected_variance
    if ratio >= 1:
        return 0.0
    agreement = j * (1 - ratio)
    return min(max(agreement / (agreement + ratio), 0.0), 1.0)


def item_variance(values: Sequence[float]) -> float | None:
    """Sample variance (n − 1 denominator, as in James et al.) of one item's answers; None for n < 2."""
    if len(values) < 2:
        return None
    return statistics.variance([float(value) for value in values])


def scored_answers(item: ItemSpec, answer_sets: Sequence[Answers]) -> list[int]:
    """The item's answers on the scored direction (reverse keyed: low + high − answer), without
    "don't know" / "not applicable"."""
    return [
        int(score)
        for answers in answer_sets
        if (score := item_score(answers.get(item.code), item)) is not None
    ]


def individual_figures_allowed(n_respondents: int, minimum: int) -> bool:
    """The in-firm anonymity rule: spreads, histograms and other figures from which a colleague's
    answers could be read are shown only with at least ``minimum`` respondents
    (``thresholds["respondent_anonymity_min"]``, 3)."""
    return n_respondents >= minimum


# --- The firm's result ------------------------------------------------------------------------------


def _mean(values: Sequence[float]) -> float | None:
    return weighted_mean([(value, 1.0) for value in values])


def middle_answer(values: Sequence[int], item: ItemSpec) -> int | None:
    """The median answer, used for outcome indicators; None when nobody answered.

    With an even number of answers and two different middle answers, their midpoint is taken when
    it is a scale point (declined + improved -> unchanged); otherwise the one of the two scale
    points next to it that is nearer the middle of the scale (no change + improved -> no change),
    and the lower of them if both are equally near.
    """
    if not values:
        return None
    ordered = sorted(values)
    low, high = ordered[(len(ordered) - 1) // 2], ordered[len(ordered) // 2]
    if (low + high) % 2 == 0:
        return (low + high) // 2
    below, above = (low + high) // 2, (low + high) // 2 + 1
    centre_twice = item.scale_min + item.scale_max
    return above if abs(2 * above - centre_twice) < abs(2 * below - centre_twice) else below


def _firm_capability(
    capability: CapabilitySpec, results: Sequence[AssessmentResult]
) -> CapabilityScore:
    """Score = mean of the respondents' scores that exist; answered / total = answers given by all
    respondents / (respondents × items); facet means = mean of the respondents' facet means."""
    own = [result.capabilities[capability.code] for result in results]
    n_items = sum(len(facet.items) for facet in capability.facets)
    facet_means = {
        facet.code: _mean(
            [
                score.facet_means[facet.code]
                for score in own
                if score.facet_means.get(facet.code) is not None
            ]
        )
        for facet in capability.facets
    }
    return CapabilityScore(
        capability.code,
        capability.title,
        _mean([score.score for score in own if score.score is not None]),
        sum(score.answered for score in own),
        n_items * len(own),
        facet_means,
    )


def _firm_modes(
    modes: tuple[ModeSpec, ...], results: Sequence[AssessmentResult]
) -> dict[tuple[str, str], ModeScore]:
    """Per mode and side: mean of the respondents' scores that exist; answered / total pooled."""
    firm = {}
    for mode in modes:
        for side, items in mode.items.items():
            own = [result.modes[(mode.code, side)] for result in results]
            firm[(mode.code, side)] = ModeScore(
                mode.code,
                side,
                mode.title,
                _mean([score.score for score in own if score.score is not None]),
                sum(score.answered for score in own),
                len(items) * len(own),
                mode.use_selectively,
            )
    return firm


def _firm_outcomes(model: Model, answer_sets: Sequence[Answers]) -> dict[str, OutcomeGroupResult]:
    """Each indicator counts by the respondents' median answer (``middle_answer``); nobody = unknown."""
    medians = {
        item.code: middle_answer(scored_answers(item, answer_sets), item)
        for group in model.outcome_groups
        for item in group.items
    }
    return outcome_results(model.outcome_groups, medians)


def firm_result(
    model: Model, results: Sequence[AssessmentResult], answer_sets: Sequence[Answers]
) -> AssessmentResult:
    """The firm's result from its respondents' results (and, for the outcomes, their answers).

    Capabilities and modes are the means of the respondents' scores; layers, DCI, foundation check
    and level follow from those by the single-respondent rules of ``assessment.scoring``. With one
    respondent this is that respondent's result.
    """
    return assemble_result(
        model,
        {cap.code: _firm_capability(cap, results) for cap in model.capabilities},
        _firm_modes(model.modes, results),
        _firm_outcomes(model, answer_sets),
    )


# --- Spread and disagreement ------------------------------------------------------------------------


def item_disagreements(model: Model, answer_sets: Sequence[Answers]) -> list[ItemDisagreement]:
    """Every capability and practice item answered by at least two respondents, largest variance
    first; equal variances keep the model's order (capabilities, then modes)."""
    placed: list[tuple[ItemSpec, str, str, str | None]] = [
        (item, "capability", cap.code, None)
        for cap in model.capabilities
        for facet in cap.facets
        for item in facet.items
    ]
    placed += [
        (item, "mode", mode.code, side)
        for mode in model.modes
        for side, items in mode.items.items()
        for item in items
    ]
    found = []
    for item, kind, group, side in placed:
        values = scored_answers(item, answer_sets)
        variance = item_variance(values)
        if variance is None:
            continue
        counts = {point: values.count(point) for point in range(item.scale_min, item.scale_max + 1)}
        found.append(ItemDisagreement(item.code, kind, group, side, variance, len(values), counts))
    return sorted(found, key=lambda row: -row.variance)  # sorted() is stable: ties keep model order


def capability_spread(
    capability: CapabilitySpec,
    scores: Sequence[float | None],
    variances: Mapping[str, float],
    *,
    agreement_cutoff: float,
) -> CapabilitySpread:
    """Spread of the respondents' scores and r_wg(J) over the capability's items with a variance.

    σ² comes from the scale of the capability's first item, as in ``scoring.capability_score``.
    """
    values = [score for score in scores if score is not None]
    n = len(values)
    item_vars = [
        variances[item.code]
        for facet in capability.facets
        for item in facet.items
        if item.code in variances
    ]
    rwg = None
    if n >= 2 and item_vars:
        first = capability.facets[0].items[0]
        rwg = rwg_j(item_vars, expected_variance(first.scale_min, first.scale_max))
    return CapabilitySpread(
        code=capability.code,
        n=n,
        mean=_mean(values),
        sd=statistics.stdev(values) if n >= 2 else None,
        minimum=min(values) if values else None,
        maximum=max(values) if values else None,
        items=len(item_vars),
        rwg=rwg,
        low_agreement=rwg is not None and rwg < agreement_cutoff - SCORE_TOLERANCE,
    )


def group_result(model: Model, answers_by_respondent: Mapping[K, Answers]) -> GroupResult[K]:
    """Score every respondent, then the firm: mean scores, spreads, r_wg(J), disagreement list."""
    respondents = {
        key: score_assessment(model, answers) for key, answers in answers_by_respondent.items()
    }
    results = list(respondents.values())
    answer_sets = list(answers_by_respondent.values())
    disagreements = item_disagreements(model, answer_sets)
    variances = {row.item: row.variance for row in disagreements if row.kind == "capability"}
    cutoff = model.thresholds["agreement_cutoff"]
    spreads = {
        cap.code: capability_spread(
            cap,
            [result.capabilities[cap.code].score for result in results],
            variances,
            agreement_cutoff=cutoff,
        )
        for cap in model.capabilities
    }
    return GroupResult(
        n=len(respondents),
        respondents=respondents,
        result=firm_result(model, results, answer_sets),
        spreads=spreads,
        disagreements=disagreements,
    )


def role_comparison(
    model: Model, results_by_role: Mapping[str, Sequence[AssessmentResult]], minimum: int = 2
) -> dict[str, dict[str, float | None]]:
    """Mean capability scores per role label (e.g. management against sales).

    A label with fewer than ``minimum`` respondents is left out entirely, and within a label a
    capability scored for fewer than ``minimum`` of its respondents is None, so that no mean is one
    person's score.
    """
    comparison = {}
    for role, results in results_by_role.items():
        if len(results) < minimum:
            continue
        means: dict[str, float | None] = {}
        for cap in model.capabilities:
            scores = [r.capabilities[cap.code].score for r in results]
            scored = [score for score in scores if score is not None]
            means[cap.code] = _mean(scored) if len(scored) >= minimum else None
        comparison[role] = means
    return comparison
