"""Scoring of one respondent's answers against the three-layer model (DESIGN.md §3.1–3.6).

Pure functions over plain data: no ORM, no request, no settings. Every threshold comes from the
instrument (``Model.thresholds``). ``assessment.scoring_input`` builds the inputs from the database.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

Answers = Mapping[
    str, int | None
]  # item code -> answer on the item's scale; None = don't know / n.a.

# Shares in instrument files are written to three decimals (0.667 for two thirds): a share within
# half a unit of the third decimal counts as reaching the threshold, so 2 of 3 items meet 0.667.
SHARE_TOLERANCE = 0.0005
# Scores are sums of fractions, so floating-point noise (70 + 15 = 85.00000000000001, or a mode at
# 59.99999999999999 for an exact 60) must not decide whether a score reaches a threshold.
SCORE_TOLERANCE = 1e-9


# --- Inputs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    code: str
    scale_min: int
    scale_max: int
    reverse: bool = False
    weight: float = 1.0


@dataclass(frozen=True)
class FacetSpec:
    code: str
    items: tuple[ItemSpec, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class CapabilitySpec:
    code: str
    title: str
    facets: tuple[FacetSpec, ...]


@dataclass(frozen=True)
class LayerSpec:
    """A layer; layers are listed from the core outwards."""

    code: str
    title: str
    capabilities: tuple[CapabilitySpec, ...]


@dataclass(frozen=True)
class ModeSpec:
    code: str
    title: str
    use_selectively: bool
    items: Mapping[str, tuple[ItemSpec, ...]]  # side -> items


@dataclass(frozen=True)
class OutcomeGroupSpec:
    code: str
    title: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class LevelSpec:
    code: str
    title: str
    requires: Mapping[str, Mapping]


@dataclass(frozen=True)
class Model:
    layers: tuple[LayerSpec, ...]
    modes: tuple[ModeSpec, ...] = ()
    outcome_groups: tuple[OutcomeGroupSpec, ...] = ()
    levels: tuple[LevelSpec, ...] = ()
    thresholds: Mapping[str, float] = field(default_factory=dict)

    @property
    def capabilities(self) -> tuple[CapabilitySpec, ...]:
        return tuple(cap for layer in self.layers for cap in layer.capabilities)


# --- Results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapabilityScore:
    code: str
    title: str
    score: float | None  # 0-100, None when there are not enough answers
    answered: int
    total: int
    facet_means: Mapping[str, float | None]

    @property
    def is_scored(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class LayerScore:
    code: str
    title: str
    score: float | None


@dataclass(frozen=True)
class FoundationMessage:
    kind: str  # "foundation_gap": outer outruns inner; "unused_potential": inner exceeds outer
    inner: str  # layer codes
    outer: str
    difference: float  # points, always positive
    text: str


@dataclass(frozen=True)
class ModeScore:
    mode: str
    side: str
    title: str
    score: float | None  # 0-100; None when every item is "not applicable" or unanswered
    answered: int
    total: int
    use_selectively: bool


@dataclass(frozen=True)
class OutcomeGroupResult:
    code: str
    title: str
    improved: int
    unchanged: int
    declined: int
    unknown: int

    @property
    def is_improved(self) -> bool:
        """More indicators improved than declined."""
        return self.improved > self.declined


@dataclass(frozen=True)
class RequirementCheck:
    key: str
    met: bool
    text: str  # what is required and where the firm stands, in words


@dataclass(frozen=True)
class LevelResult:
    code: str
    title: str
    checks: tuple[RequirementCheck, ...]  # the requirements of the level reached
    next_code: str | None
    next_title: str | None
    next_checks: tuple[RequirementCheck, ...]  # the requirements of the next level

    @property
    def missing_for_next(self) -> tuple[RequirementCheck, ...]:
        return tuple(check for check in self.next_checks if not check.met)


@dataclass(frozen=True)
class AssessmentResult:
    capabilities: Mapping[str, CapabilityScore]
    layers: Mapping[str, LayerScore]
    dci: float | None
    foundation: tuple[FoundationMessage, ...]
    modes: Mapping[tuple[str, str], ModeScore]
    outcomes: Mapping[str, OutcomeGroupResult]
    level: LevelResult | None


# --- Rules ------------------------------------------------------------------------------------------


def item_score(value: int | None, item: ItemSpec) -> float | None:
    """The item's score on its scale; reverse-keyed items count (min + max) − answer (6 − x)."""
    if value is None:
        return None
    if not item.scale_min <= value <= item.scale_max:
        raise ValueError(f"{item.code}: {value} is outside {item.scale_min}–{item.scale_max}")
    return float(item.scale_min + item.scale_max - value) if item.reverse else float(value)


def weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None for no pairs."""
    total = sum(weight for _, weight in pairs)
    if not pairs or total == 0:
        return None
    mean = sum(value * weight for value, weight in pairs) / total
    # Rounding must not push a mean outside its values (e.g. all 5s giving 5.000000000000001).
    values = [value for value, weight in pairs if weight]
    return min(max(mean, min(values)), max(values))


def to_percent(mean: float, low: int, high: int) -> float:
    """Map a mean on a low..high scale to 0–100, e.g. (mean − 1) / 4 × 100 on 1–5."""
    return (mean - low) / (high - low) * 100


def facet_mean(facet: FacetSpec, answers: Answers) -> float | None:
    """Weighted mean of the facet's answered items (after reverse keying)."""
    pairs = []
    for item in facet.items:
        score = item_score(answers.get(item.code), item)
        if score is not None:
            pairs.append((score, item.weight))
    return weighted_mean(pairs)


def capability_score(
    capability: CapabilitySpec, answers: Answers, *, coverage_min_share: float
) -> CapabilityScore:
    """Weighted mean of facet means on 0–100, or None without enough answers.

    A capability is scored only when at least ``coverage_min_share`` of its items are answered and
    every facet has at least one answer.
    """
    items = [item for facet in capability.facets for item in facet.items]
    answered = sum(1 for item in items if answers.get(item.code) is not None)
    means = {facet.code: facet_mean(facet, answers) for facet in capability.facets}
    covered = bool(items) and answered / len(items) >= coverage_min_share - SHARE_TOLERANCE
    score = None
    if covered and all(mean is not None for mean in means.values()):
        mean = weighted_mean([(means[f.code], f.weight) for f in capability.facets])
        first = items[0]
        score = to_percent(mean, first.scale_min, first.scale_max)
    return CapabilityScore(capability.code, capability.title, score, answered, len(items), means)


def layer_score(layer: LayerSpec, scores: Mapping[str, CapabilityScore]) -> LayerScore:
    """Mean of the layer's capability scores; None unless every capability is scored."""
    values = [scores[cap.code].score for cap in layer.capabilities]
    if not values or any(value is None for value in values):
        return LayerScore(layer.code, layer.title, None)
    return LayerScore(layer.code, layer.title, sum(values) / len(values))


def dynamic_capability_index(layer_scores: list[float | None]) -> float | None:
    """Geometric mean of the layer scores: the layers do not compensate for each other.

    A layer at 0 makes the index 0; a missing layer makes it None.
    """
    if not layer_scores or any(score is None for score in layer_scores):
        return None
    if any(score <= 0 for score in layer_scores):
        return 0.0
    index = math.exp(sum(math.log(score) for score in layer_scores) / len(layer_scores))
    # exp/log rounding can land a hair outside the layer scores (three layers at 100 -> 100.00…04).
    return min(max(index, min(layer_scores)), max(layer_scores))


def foundation_check(layers: list[LayerScore], *, gap: float) -> tuple[FoundationMessage, ...]:
    """Compare each layer with the one beneath it (layers listed from the core outwards)."""
    messages = []
    for inner, outer in itertools.pairwise(layers):
        if inner.score is None or outer.score is None:
            continue
        difference = outer.score - inner.score
        if difference > gap + SCORE_TOLERANCE:
            messages.append(
                FoundationMessage(
                    "foundation_gap",
                    inner.code,
                    outer.code,
                    difference,
                    f"The {outer.title.lower()} is {difference:.1f} points above the "
                    f"{inner.title.lower()} beneath it: practice outruns its foundation.",
                )
            )
        elif -difference > gap + SCORE_TOLERANCE:
            messages.append(
                FoundationMessage(
                    "unused_potential",
                    inner.code,
                    outer.code,
                    -difference,
                    f"The {inner.title.lower()} is {-difference:.1f} points above the "
                    f"{outer.title.lower()} built on it: potential is not yet turned into practice.",
                )
            )
    return tuple(messages)


def mode_scores(modes: tuple[ModeSpec, ...], answers: Answers) -> dict[tuple[str, str], ModeScore]:
    """Per mode and side: mean adoption of the applicable items on 0–100."""
    result = {}
    for mode in modes:
        for side, items in mode.items.items():
            pairs = []
            for item in items:
                score = item_score(answers.get(item.code), item)
                if score is not None:
                    pairs.append((score, item.weight))
            mean = weighted_mean(pairs)
            score = None
            if mean is not None:
                score = to_percent(mean, items[0].scale_min, items[0].scale_max)
            result[(mode.code, side)] = ModeScore(
                mode.code, side, mode.title, score, len(pairs), len(items), mode.use_selectively
            )
    return result


def outcome_results(
    groups: tuple[OutcomeGroupSpec, ...], answers: Answers
) -> dict[str, OutcomeGroupResult]:
    """Count improved / unchanged / declined / unknown per group (scale: 1 declined … 3 improved)."""
    result = {}
    for group in groups:
        counts = {"improved": 0, "unchanged": 0, "declined": 0, "unknown": 0}
        for item in group.items:
            value = answers.get(item.code)
            item_score(value, item)  # raises ValueError for an answer outside the scale
            if value is None:
                counts["unknown"] += 1
            elif value == item.scale_max:
                counts["improved"] += 1
            elif value == item.scale_min:
                counts["declined"] += 1
            else:
                counts["unchanged"] += 1
        result[group.code] = OutcomeGroupResult(group.code, group.title, **counts)
    return result


def _fmt(value: float | None) -> str:
    return "not enough answers" if value is None else f"{value:.1f}"


def check_requirements(
    requires: Mapping[str, Mapping],
    *,
    dci: float | None,
    capabilities: Mapping[str, CapabilityScore],
    modes: Mapping[tuple[str, str], ModeScore],
    outcomes: Mapping[str, OutcomeGroupResult],
) -> tuple[RequirementCheck, ...]:
    """Evaluate a level's requirements; each check says in words what is needed and what is."""
    checks = []
    if "dci_min" in requires:
        need = requires["dci_min"]["value"]
        met = dci is not None and dci >= need - SCORE_TOLERANCE
        checks.append(
            RequirementCheck(
                "dci_min", met, f"Dynamic Capability Index at least {need:g} (now {_fmt(dci)})"
            )
        )
    if "capability_min" in requires:
        rule = requires["capability_min"]
        cap = capabilities.get(rule["capability"])
        score = cap.score if cap else None
        title = cap.title if cap else rule["capability"]
        met = score is not None and score >= rule["value"] - SCORE_TOLERANCE
        checks.append(
            RequirementCheck(
                "capability_min", met, f"{title} at least {rule['value']:g} (now {_fmt(score)})"
            )
        )
    if "modes_min" in requires:
        rule = requires["modes_min"]
        strong = [
            m
            for m in modes.values()
            if not m.use_selectively
            and m.score is not None
            and m.score >= rule["score_min"] - SCORE_TOLERANCE
        ]
        met = len(strong) >= rule["count"]
        checks.append(
            RequirementCheck(
                "modes_min",
                met,
                f"At least {rule['count']} value-net practices (mode and side, integrating aside) "
                f"at {rule['score_min']:g} or more (now {len(strong)})",
            )
        )
    improved = [group for group in outcomes.values() if group.is_improved]
    if "outcome_groups_improved_min" in requires:
        need = requires["outcome_groups_improved_min"]["value"]
        checks.append(
            RequirementCheck(
                "outcome_groups_improved_min",
                len(improved) >= need,
                f"At least {need} of the {len(outcomes)} outcome areas improved through partnerships "
                f"(now {len(improved)})",
            )
        )
    if "outcome_groups_required" in requires:
        for code in requires["outcome_groups_required"]["groups"]:
            group = outcomes.get(code)
            title = group.title if group else code
            met = bool(group and group.is_improved)
            checks.append(
                RequirementCheck(
                    "outcome_groups_required",
                    met,
                    f"{title} improved through partnerships ({'yes' if met else 'not yet'})",
                )
            )
    return tuple(checks)


def development_level(
    levels: tuple[LevelSpec, ...],
    *,
    dci: float | None,
    capabilities: Mapping[str, CapabilityScore],
    modes: Mapping[tuple[str, str], ModeScore],
    outcomes: Mapping[str, OutcomeGroupResult],
) -> LevelResult | None:
    """The highest level whose requirements, and those of every level below it, are all met."""
    if not levels:
        return None
    evaluated = [
        check_requirements(
            level.requires, dci=dci, capabilities=capabilities, modes=modes, outcomes=outcomes
        )
        for level in levels
    ]
    reached = 0
    for index in range(1, len(levels)):
        if all(check.met for check in evaluated[index]):
            reached = index
        else:
            break
    following = reached + 1 if reached + 1 < len(levels) else None
    return LevelResult(
        code=levels[reached].code,
        title=levels[reached].title,
        checks=evaluated[reached],
        next_code=levels[following].code if following is not None else None,
        next_title=levels[following].title if following is not None else None,
        next_checks=evaluated[following] if following is not None else (),
    )


def score_assessment(model: Model, answers: Answers) -> AssessmentResult:
    """Score one respondent's answers: capabilities, layers, DCI, checks, practices, outcomes, level."""
    thresholds = model.thresholds
    capabilities = {
        cap.code: capability_score(
            cap, answers, coverage_min_share=thresholds["coverage_min_share"]
        )
        for cap in model.capabilities
    }
    return assemble_result(
        model,
        capabilities,
        mode_scores(model.modes, answers),
        outcome_results(model.outcome_groups, answers),
    )


def assemble_result(
    model: Model,
    capabilities: Mapping[str, CapabilityScore],
    modes: Mapping[tuple[str, str], ModeScore],
    outcomes: Mapping[str, OutcomeGroupResult],
) -> AssessmentResult:
    """Layers, DCI, foundation check and level from capability, practice and outcome results."""
    layers = [layer_score(layer, capabilities) for layer in model.layers]
    dci = dynamic_capability_index([layer.score for layer in layers])
    return AssessmentResult(
        capabilities=capabilities,
        layers={layer.code: layer for layer in layers},
        dci=dci,
        foundation=foundation_check(layers, gap=model.thresholds["foundation_gap"]),
        modes=modes,
        outcomes=outcomes,
        level=development_level(
            model.levels, dci=dci, capabilities=capabilities, modes=modes, outcomes=outcomes
        ),
    )
