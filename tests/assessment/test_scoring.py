"""Unit tests of the pure scoring rules (DESIGN.md §3.1–3.6), without a database.

Every expected value is worked out by hand; the arithmetic is in the comment next to it.
"""

from __future__ import annotations

import pytest

from assessment.scoring import (
    CapabilityScore,
    CapabilitySpec,
    FacetSpec,
    ItemSpec,
    LayerScore,
    LayerSpec,
    LevelSpec,
    Model,
    ModeScore,
    ModeSpec,
    OutcomeGroupResult,
    OutcomeGroupSpec,
    capability_score,
    check_requirements,
    development_level,
    dynamic_capability_index,
    facet_mean,
    foundation_check,
    item_score,
    layer_score,
    mode_scores,
    outcome_results,
    score_assessment,
    to_percent,
    weighted_mean,
)

SHIPPED_COVERAGE = 0.666  # thresholds.coverage_min_share in vnm-2026.1.yaml
SHIPPED_GAP = 15  # thresholds.foundation_gap in vnm-2026.1.yaml


def likert(code: str, *, reverse: bool = False, weight: float = 1.0) -> ItemSpec:
    return ItemSpec(code, 1, 5, reverse, weight)


def adoption(code: str) -> ItemSpec:
    return ItemSpec(code, 1, 4)


def outcome(code: str) -> ItemSpec:
    return ItemSpec(code, 1, 3)


def facet(code: str, *items: ItemSpec, weight: float = 1.0) -> FacetSpec:
    return FacetSpec(code, tuple(items), weight)


def capability(code: str, *facets: FacetSpec) -> CapabilitySpec:
    return CapabilitySpec(code, code.replace("_", " ").capitalize(), tuple(facets))


def cap_score(code: str, score: float | None, title: str | None = None) -> CapabilityScore:
    return CapabilityScore(code, title or code, score, 0, 0, {})


def one_facet_capability(n_items: int) -> CapabilitySpec:
    return capability("cap", facet("f", *(likert(f"i{i}") for i in range(n_items))))


# --- §3.1 item score --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reverse", "low", "high", "expected"),
    [
        (1, False, 1, 5, 1.0),  # as answered
        (4, False, 1, 5, 4.0),  # as answered
        (5, False, 1, 5, 5.0),  # as answered
        (1, True, 1, 5, 5.0),  # 6 − 1
        (2, True, 1, 5, 4.0),  # 6 − 2
        (3, True, 1, 5, 3.0),  # 6 − 3: the midpoint stays put
        (5, True, 1, 5, 1.0),  # 6 − 5
        (1, True, 1, 4, 4.0),  # (1 + 4) − 1
        (3, True, 1, 4, 2.0),  # (1 + 4) − 3
        (2, True, 1, 3, 2.0),  # (1 + 3) − 2
        (2, True, 1, 7, 6.0),  # (1 + 7) − 2
        (7, True, 0, 10, 3.0),  # (0 + 10) − 7
        (0, True, 0, 10, 10.0),  # (0 + 10) − 0: a real zero answer is not "missing"
        (0, False, 0, 10, 0.0),  # as answered
    ],
)
def test_item_score_applies_reverse_keying_on_any_scale(value, reverse, low, high, expected):
    assert item_score(value, ItemSpec("X-1", low, high, reverse)) == expected


@pytest.mark.parametrize("reverse", [False, True])
def test_item_score_missing_answer_is_missing_not_zero(reverse):
    assert item_score(None, likert("X-1", reverse=reverse)) is None


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(0, 1, 5), (6, 1, 5), (-1, 1, 5), (5, 1, 4), (4, 1, 3), (-1, 0, 10), (11, 0, 10)],
)
def test_item_score_rejects_answers_outside_the_scale(value, low, high):
    with pytest.raises(ValueError, match="outside"):
        item_score(value, ItemSpec("X-1", low, high))


# --- helpers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(4.0, 1.0), (2.0, 1.0)], 3.0),  # (4 + 2) / 2
        ([(5.0, 2.0), (2.0, 1.0)], 4.0),  # (5·2 + 2·1) / 3 = 12 / 3
        ([(3.0, 1.0)], 3.0),  # a single value
        ([], None),  # nothing to average
        ([(3.0, 0.0)], None),  # zero total weight
    ],
)
def test_weighted_mean(pairs, expected):
    assert weighted_mean(pairs) == (expected if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("mean", "low", "high", "expected"),
    [
        (1.0, 1, 5, 0.0),  # (1 − 1) / 4 × 100
        (3.0, 1, 5, 50.0),  # (3 − 1) / 4 × 100
        (3.5, 1, 5, 62.5),  # (3.5 − 1) / 4 × 100 = 2.5 / 4 × 100
        (5.0, 1, 5, 100.0),  # (5 − 1) / 4 × 100
        (2.5, 1, 4, 50.0),  # (2.5 − 1) / 3 × 100
        (4.0, 1, 4, 100.0),  # (4 − 1) / 3 × 100
    ],
)
def test_to_percent(mean, low, high, expected):
    assert to_percent(mean, low, high) == pytest.approx(expected, abs=1e-9)


# --- §3.2 facet and capability ----------------------------------------------------------------------


def test_facet_mean_ignores_missing_answers():
    spec = facet("f", likert("a"), likert("b"), likert("c"))
    # (4 + 2) / 2 = 3.0; counting the missing answer as 0 would give (4 + 2 + 0) / 3 = 2.0
    assert facet_mean(spec, {"a": 4, "b": 2, "c": None}) == pytest.approx(3.0, abs=1e-9)
    # an item absent from the answers is missing in the same way
    assert facet_mean(spec, {"a": 4, "b": 2}) == pytest.approx(3.0, abs=1e-9)


def test_facet_mean_applies_reverse_keying_and_item_weights():
    spec = facet("f", likert("a"), likert("b", reverse=True))
    assert facet_mean(spec, {"a": 5, "b": 2}) == pytest.approx(4.5, abs=1e-9)  # (5 + (6 − 2)) / 2
    weighted = facet("f", likert("a", weight=2), likert("b"))
    assert facet_mean(weighted, {"a": 5, "b": 2}) == pytest.approx(4.0, abs=1e-9)  # (10 + 2) / 3


def test_facet_mean_without_answers_is_none():
    assert facet_mean(facet("f", likert("a"), likert("b")), {"a": None}) is None


def test_capability_score_is_scaled_mean_of_facet_means():
    spec = capability(
        "cap",
        facet("f1", likert("a"), likert("b")),
        facet("f2", likert("c"), likert("d", reverse=True)),
    )
    result = capability_score(
        spec, {"a": 4, "b": 5, "c": 3, "d": 2}, coverage_min_share=SHIPPED_COVERAGE
    )
    assert result.facet_means["f1"] == pytest.approx(4.5, abs=1e-9)  # (4 + 5) / 2
    assert result.facet_means["f2"] == pytest.approx(3.5, abs=1e-9)  # (3 + (6 − 2)) / 2
    # (4.5 + 3.5) / 2 = 4.0 → (4.0 − 1) / 4 × 100 = 75.0
    assert result.score == pytest.approx(75.0, abs=1e-9)
    assert (result.answered, result.total, result.is_scored) == (4, 4, True)


def test_capability_score_weights_facets_not_items():
    spec = capability(
        "cap",
        facet("f1", likert("a"), likert("b"), weight=3),
        facet("f2", likert("c"), likert("d"), likert("e"), likert("f")),
    )
    answers = {"a": 4, "b": 4, "c": 2, "d": 2, "e": 2, "f": 2}
    # facet means 4.0 and 2.0; (3·4 + 1·2) / 4 = 3.5 → (3.5 − 1) / 4 × 100 = 62.5
    # (an item-level mean would be (4+4+2+2+2+2)/6 = 2.67 → 41.7)
    result = capability_score(spec, answers, coverage_min_share=SHIPPED_COVERAGE)
    assert result.score == pytest.approx(62.5, abs=1e-9)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (1, 0.0),  # (1 − 1) / 4 × 100
        (2, 25.0),  # (2 − 1) / 4 × 100
        (3, 50.0),  # (3 − 1) / 4 × 100
        (4, 75.0),  # (4 − 1) / 4 × 100
        (5, 100.0),  # (5 − 1) / 4 × 100
    ],
)
def test_capability_score_scaling(answer, expected):
    spec = one_facet_capability(3)
    answers = {f"i{i}": answer for i in range(3)}
    result = capability_score(spec, answers, coverage_min_share=SHIPPED_COVERAGE)
    assert result.score == pytest.approx(expected, abs=1e-9)


def test_capability_score_missing_answer_is_not_zero():
    result = capability_score(
        one_facet_capability(3), {"i0": 5, "i1": None, "i2": 5}, coverage_min_share=SHIPPED_COVERAGE
    )
    # (5 + 5) / 2 = 5 → 100.0; treating the gap as 0 would give (5 + 0 + 5) / 3 → 58.3
    assert result.score == pytest.approx(100.0, abs=1e-9)
    assert (result.answered, result.total) == (2, 3)


@pytest.mark.parametrize(
    "share",
    [
        SHIPPED_COVERAGE,  # 0.666 in the shipped file
        0.667,  # two thirds written to three decimals (as first shipped)
        2 / 3,  # two thirds exactly
    ],
)
@pytest.mark.parametrize(
    ("n_items", "n_answered", "scored"),
    [
        (3, 2, True),  # 2/3 = 0.6667: exactly two thirds
        (6, 4, True),  # 4/6 = 0.6667
        (9, 6, True),  # 6/9 = 0.6667
        (30, 20, True),  # 20/30 = 0.6667
        (3, 3, True),  # 3/3 = 1
        (7, 5, True),  # 5/7 = 0.714
        (3, 1, False),  # 1/3 = 0.333
        (6, 3, False),  # 3/6 = 0.5
        (7, 4, False),  # 4/7 = 0.571
        (9, 5, False),  # 5/9 = 0.556
        (12, 7, False),  # 7/12 = 0.583
        (30, 19, False),  # 19/30 = 0.633: one short of two thirds
        (300, 199, False),  # 199/300 = 0.6633: just below two thirds
    ],
)
def test_capability_coverage_rule_at_two_thirds(n_items, n_answered, scored, share):
    test_capability_coverage_rule(n_items, n_answered, share, scored)


@pytest.mark.parametrize(
    ("n_items", "n_answered", "share", "scored"),
    [
        (4, 3, 0.75, True),  # 3/4 = 0.75 exactly
        (4, 2, 0.75, False),  # 2/4 = 0.5
        (2, 1, 0.5, True),  # 1/2 = 0.5 exactly
        (5, 5, 1.0, True),  # all items required and answered
        (5, 4, 1.0, False),  # 4/5 = 0.8 < 1
    ],
)
def test_capability_coverage_rule(n_items, n_answered, share, scored):
    answers = {f"i{i}": 4 if i < n_answered else None for i in range(n_items)}
    result = capability_score(one_facet_capability(n_items), answers, coverage_min_share=share)
    assert result.is_scored is scored
    assert (result.answered, result.total) == (n_answered, n_items)
    if scored:
        assert result.score == pytest.approx(75.0, abs=1e-9)  # (4 − 1) / 4 × 100


def test_capability_with_an_unanswered_facet_is_not_scored_despite_coverage():
    spec = capability(
        "cap",
        facet("f1", *(likert(f"a{i}") for i in range(6))),
        facet("f2", likert("b0"), likert("b1")),
    )
    answers = {f"a{i}": 4 for i in range(6)} | {"b0": None}
    result = capability_score(spec, answers, coverage_min_share=SHIPPED_COVERAGE)
    assert result.answered / result.total == 0.75  # 6 of 8 items: enough overall
    assert result.facet_means == {"f1": pytest.approx(4.0), "f2": None}
    assert result.score is None
    assert not result.is_scored


def test_capability_without_items_is_not_scored():
    result = capability_score(capability("cap"), {}, coverage_min_share=SHIPPED_COVERAGE)
    assert result.score is None


# --- §3.3 layers and DCI ----------------------------------------------------------------------------


def test_layer_score_is_mean_of_capabilities():
    layer = LayerSpec(
        "cognitive", "Cognitive layer", (capability("a"), capability("b"), capability("c"))
    )
    scores = {"a": cap_score("a", 50.0), "b": cap_score("b", 75.0), "c": cap_score("c", 62.5)}
    # (50 + 75 + 62.5) / 3 = 187.5 / 3 = 62.5
    assert layer_score(layer, scores) == LayerScore("cognitive", "Cognitive layer", 62.5)


def test_layer_score_is_none_when_a_capability_is_not_scored():
    layer = LayerSpec("cognitive", "Cognitive layer", (capability("a"), capability("b")))
    scores = {"a": cap_score("a", 80.0), "b": cap_score("b", None)}
    assert layer_score(layer, scores).score is None


def test_layer_without_capabilities_is_not_scored():
    assert layer_score(LayerSpec("x", "X", ()), {}).score is None


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        ([40, 60, 90], 60.0),  # (40·60·90)^(1/3) = 216000^(1/3) = 60, since 60³ = 216000
        ([25, 50, 100], 50.0),  # 125000^(1/3) = 50
        ([62.5, 45, 30], 43.86026607319298),  # 84375^(1/3) = 15·5^(2/3) = 43.860…
        ([20, 80], 40.0),  # √(20·80) = √1600 = 40
        ([70, 70, 70], 70.0),  # equal layers: the index is that value
        ([100, 100, 100], 100.0),  # never above 100
        ([0, 80, 90], 0.0),  # a layer at 0 makes the product 0
        ([0.0, 0.0, 0.0], 0.0),
        ([None, 50, 60], None),  # a missing layer: no index
        ([50, 60, None], None),
        ([], None),
    ],
)
def test_dynamic_capability_index_is_geometric_mean(layers, expected):
    result = dynamic_capability_index(layers)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-9)


def test_dci_does_not_compensate_like_an_arithmetic_mean():
    # arithmetic (10 + 90 + 90) / 3 = 63.3; geometric (10·90·90)^(1/3) = 81000^(1/3) = 43.27
    assert dynamic_capability_index([10, 90, 90]) == pytest.approx(81000 ** (1 / 3), abs=1e-9)
    assert dynamic_capability_index([10, 90, 90]) < (10 + 90 + 90) / 3


def test_dci_of_equal_layers_is_exact():
    # exp(mean(log)) drifts a hair above 100 (100.00000000000004) without clamping
    assert dynamic_capability_index([100.0, 100.0, 100.0]) == 100.0
    assert dynamic_capability_index([37.5, 37.5, 37.5]) == 37.5


# --- §3.4 foundation check --------------------------------------------------------------------------


def layers3(cognitive, managerial, organisational) -> list[LayerScore]:
    return [
        LayerScore("cognitive", "Cognitive layer", cognitive),
        LayerScore("managerial", "Managerial layer", managerial),
        LayerScore("organisational", "Organisational layer", organisational),
    ]


@pytest.mark.parametrize(
    ("inner", "outer", "expected"),
    [
        (40.0, 60.0, ("foundation_gap", 20.0)),  # 60 − 40 = 20 > 15: outer outruns inner
        (40.0, 55.1, ("foundation_gap", 15.1)),  # 55.1 − 40 = 15.1 > 15
        (70.0, 50.0, ("unused_potential", 20.0)),  # 70 − 50 = 20 > 15: inner exceeds outer
        (55.1, 40.0, ("unused_potential", 15.1)),  # 55.1 − 40 = 15.1 > 15
        (40.0, 55.0, None),  # 55 − 40 = 15: exactly the gap is not more than it
        (55.0, 40.0, None),  # 55 − 40 = 15, the other way
        (70.0, (4.4 - 1) / 4 * 100, None),  # 85.00000000000001 − 70: still exactly 15
        (50.0, 50.0, None),
        (None, 90.0, None),  # an unscored layer is skipped
    ],
)
def test_foundation_check_between_two_layers(inner, outer, expected):
    messages = foundation_check(layers3(inner, outer, None), gap=SHIPPED_GAP)
    if expected is None:
        assert messages == ()
        return
    (message,) = messages
    kind, difference = expected
    assert (message.kind, message.inner, message.outer) == (kind, "cognitive", "managerial")
    assert message.difference == pytest.approx(difference, abs=1e-9)


def test_foundation_check_compares_each_layer_with_the_one_beneath():
    # cognitive 30 → managerial 50: +20 (gap); managerial 50 → organisational 30: −20 (potential)
    messages = foundation_check(layers3(30.0, 50.0, 30.0), gap=SHIPPED_GAP)
    assert [(m.kind, m.inner, m.outer) for m in messages] == [
        ("foundation_gap", "cognitive", "managerial"),
        ("unused_potential", "managerial", "organisational"),
    ]
    assert messages[0].text == (
        "The managerial layer is 20.0 points above the cognitive layer beneath it: "
        "practice outruns its foundation."
    )
    assert messages[1].text == (
        "The managerial layer is 20.0 points above the organisational layer built on it: "
        "potential is not yet turned into practice."
    )


def test_foundation_check_does_not_compare_non_adjacent_layers():
    # cognitive 30, organisational 60: 30 points apart, but each step is only 15
    assert foundation_check(layers3(30.0, 45.0, 60.0), gap=SHIPPED_GAP) == ()


# --- §3.6 value-net modes ---------------------------------------------------------------------------


def test_mode_score_excludes_not_applicable_items():
    mode = ModeSpec(
        "influencing",
        "Influencing",
        False,
        {"upstream": tuple(adoption(f"u{i}") for i in range(4))},
    )
    (score,) = mode_scores((mode,), {"u0": 3, "u1": 4, "u2": None, "u3": 2}).values()
    # (3 + 4 + 2) / 3 = 3.0 → (3.0 − 1) / 3 × 100 = 66.67; n/a as 0 would give 9/4 = 2.25 → 41.7
    assert score.score == pytest.approx(200 / 3, abs=1e-9)
    assert (score.mode, score.side, score.answered, score.total) == (
        "influencing",
        "upstream",
        3,
        4,
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([1, 1], 0.0),  # (1 − 1) / 3 × 100
        ([2, 2], 100 / 3),  # (2 − 1) / 3 × 100 = 33.33
        ([2, 3], 50.0),  # (2.5 − 1) / 3 × 100
        ([3, 3], 200 / 3),  # (3 − 1) / 3 × 100 = 66.67
        ([4, 4], 100.0),  # (4 − 1) / 3 × 100
        ([4, None], 100.0),  # only the applicable item: (4 − 1) / 3 × 100
        ([None, None], None),  # all not applicable: no score
    ],
)
def test_mode_score_scaling_on_adoption_scale(answers, expected):
    mode = ModeSpec(
        "monitoring", "Monitoring", False, {"downstream": (adoption("d0"), adoption("d1"))}
    )
    (score,) = mode_scores((mode,), {"d0": answers[0], "d1": answers[1]}).values()
    if expected is None:
        assert score.score is None
        assert score.answered == 0
    else:
        assert score.score == pytest.approx(expected, abs=1e-9)


def test_mode_scores_per_side_and_use_selectively_carried_through():
    modes = (
        ModeSpec(
            "coordinating",
            "Coordinating",
            False,
            {"upstream": (adoption("cu"),), "downstream": (adoption("cd"),)},
        ),
        ModeSpec(
            "integrating",
            "Integrating",
            True,
            {"upstream": (adoption("iu"),), "downstream": (adoption("id"),)},
        ),
    )
    result = mode_scores(modes, {"cu": 4, "cd": 1, "iu": 2, "id": None})
    assert set(result) == {
        ("coordinating", "upstream"),
        ("coordinating", "downstream"),
        ("integrating", "upstream"),
        ("integrating", "downstream"),
    }
    assert result[("coordinating", "upstream")].score == pytest.approx(100.0)  # (4 − 1) / 3
    assert result[("coordinating", "downstream")].score == pytest.approx(0.0)  # (1 − 1) / 3
    assert result[("integrating", "upstream")].score == pytest.approx(100 / 3)  # (2 − 1) / 3
    assert result[("integrating", "downstream")].score is None
    assert [m.use_selectively for m in result.values()] == [False, False, True, True]


def test_modes_min_leaves_use_selectively_modes_out():
    modes = {
        ("integrating", "upstream"): ModeScore(
            "integrating", "upstream", "Integrating", 100.0, 2, 2, True
        ),
        ("integrating", "downstream"): ModeScore(
            "integrating", "downstream", "Integrating", 100.0, 2, 2, True
        ),
        ("influencing", "upstream"): ModeScore(
            "influencing", "upstream", "Influencing", 80.0, 2, 2, False
        ),
        ("influencing", "downstream"): ModeScore(
            "influencing", "downstream", "Influencing", None, 0, 2, False
        ),
    }
    (check,) = check_requirements(
        {"modes_min": {"count": 2, "score_min": 50}},
        dci=None,
        capabilities={},
        modes=modes,
        outcomes={},
    )
    # only influencing upstream counts: integrating is use-selectively, downstream has no score
    assert not check.met
    assert check.text.endswith("(now 1)")


# --- outcomes ---------------------------------------------------------------------------------------


def test_outcome_group_counts():
    group = OutcomeGroupSpec(
        "innovation", "Innovation capabilities", tuple(outcome(f"o{i}") for i in range(6))
    )
    result = outcome_results((group,), {"o0": 3, "o1": 3, "o2": 2, "o3": 1, "o4": None})
    # o5 is absent: unknown like o4
    assert result["innovation"] == OutcomeGroupResult(
        "innovation", "Innovation capabilities", 2, 1, 1, 2
    )
    assert result["innovation"].is_improved  # 2 improved > 1 declined


@pytest.mark.parametrize(
    ("improved", "declined", "is_improved"),
    [(1, 0, True), (2, 1, True), (1, 1, False), (0, 0, False), (0, 2, False)],
)
def test_outcome_group_is_improved_when_more_improved_than_declined(
    improved, declined, is_improved
):
    assert OutcomeGroupResult("g", "G", improved, 3, declined, 1).is_improved is is_improved


def test_outcome_answer_outside_scale_raises():
    group = OutcomeGroupSpec("g", "G", (outcome("o0"),))
    with pytest.raises(ValueError):
        outcome_results((group,), {"o0": 4})


# --- §3.5 development level -------------------------------------------------------------------------

MODES = ("influencing", "monitoring", "coordinating", "integrating")
SIDES = ("upstream", "downstream")
GROUPS = (
    "core_competence",
    "innovation",
    "new_products_markets",
    "flexibility",
    "competitive_advantage",
)

LEVELS = (
    LevelSpec("incremental", "Incremental", {}),
    LevelSpec(
        "renewing",
        "Renewing",
        {
            "dci_min": {"value": 45},
            "capability_min": {"capability": "absorptive_capacity", "value": 50},
            "modes_min": {"count": 3, "score_min": 50},
            "outcome_groups_improved_min": {"value": 2},
        },
    ),
    LevelSpec(
        "regenerative",
        "Regenerative",
        {
            "dci_min": {"value": 65},
            "capability_min": {"capability": "absorptive_capacity", "value": 65},
            "modes_min": {"count": 5, "score_min": 60},
            "outcome_groups_improved_min": {"value": 4},
            "outcome_groups_required": {"groups": ["innovation", "new_products_markets"]},
        },
    ),
)


def small_model(levels=LEVELS) -> Model:
    """Three layers of one capability (one facet, two items each), four modes on two sides (two
    adoption items each; integrating use-selectively), five outcome groups of two items."""

    def cap(code):
        return capability(code, facet("f", likert(f"{code}-1"), likert(f"{code}-2")))

    return Model(
        layers=(
            LayerSpec("cognitive", "Cognitive layer", (cap("cultural_awareness"),)),
            LayerSpec("managerial", "Managerial layer", (cap("interface_competence"),)),
            LayerSpec("organisational", "Organisational layer", (cap("absorptive_capacity"),)),
        ),
        modes=tuple(
            ModeSpec(
                mode,
                mode.capitalize(),
                mode == "integrating",
                {
                    side: (adoption(f"{mode}-{side}-1"), adoption(f"{mode}-{side}-2"))
                    for side in SIDES
                },
            )
            for mode in MODES
        ),
        outcome_groups=tuple(
            OutcomeGroupSpec(
                code,
                code.replace("_", " ").capitalize(),
                (outcome(f"{code}-1"), outcome(f"{code}-2")),
            )
            for code in GROUPS
        ),
        levels=levels,
        thresholds={"coverage_min_share": SHIPPED_COVERAGE, "foundation_gap": SHIPPED_GAP},
    )


def answers_for(
    capabilities: dict[str, int],
    modes: dict[tuple[str, str], int],
    default_mode: int,
    improved: set[str],
):
    answers: dict[str, int | None] = {}
    for code, value in capabilities.items():
        answers[f"{code}-1"] = answers[f"{code}-2"] = value
    for mode in MODES:
        for side in SIDES:
            value = modes.get((mode, side), default_mode)
            answers[f"{mode}-{side}-1"] = answers[f"{mode}-{side}-2"] = value
    for group in GROUPS:
        # improved: 3 and 3; otherwise no change (2) and don't know
        answers[f"{group}-1"] = 3 if group in improved else 2
        answers[f"{group}-2"] = 3 if group in improved else None
    return answers


def keys(checks) -> list[str]:
    return [check.key for check in checks]


def test_level_incremental_lists_what_renewing_needs():
    answers = answers_for(
        {"cultural_awareness": 3, "interface_competence": 3, "absorptive_capacity": 3},
        {},
        default_mode=2,
        improved={"innovation"},
    )
    result = score_assessment(small_model(), answers)
    assert result.dci == pytest.approx(50.0, abs=1e-9)  # three layers at (3 − 1) / 4 × 100 = 50
    assert result.modes[("influencing", "upstream")].score == pytest.approx(100 / 3)  # (2 − 1) / 3
    level = result.level
    assert (level.code, level.next_code) == ("incremental", "renewing")
    assert level.checks == ()  # incremental has no requirements
    # DCI 50 ≥ 45 and absorptive capacity 50 ≥ 50 are met; 0 modes at ≥ 50 (< 3) and 1 improved
    # outcome group (< 2) are not
    assert keys(level.next_checks) == [
        "dci_min",
        "capability_min",
        "modes_min",
        "outcome_groups_improved_min",
    ]
    assert keys(level.missing_for_next) == ["modes_min", "outcome_groups_improved_min"]
    assert level.next_checks[0].text == "Dynamic Capability Index at least 45 (now 50.0)"
    assert level.next_checks[1].text == "Absorptive capacity at least 50 (now 50.0)"
    assert level.missing_for_next[0].text.endswith("at 50 or more (now 0)")
    assert level.missing_for_next[1].text == (
        "At least 2 of the 5 outcome areas improved through partnerships (now 1)"
    )


def test_level_renewing_lists_what_regenerative_needs():
    answers = answers_for(
        {"cultural_awareness": 3, "interface_competence": 3, "absorptive_capacity": 3},
        # three non-selective mode x side at (3 − 1) / 3 × 100 = 66.7 ≥ 50, the rest 33.3
        {
            ("influencing", "upstream"): 3,
            ("influencing", "downstream"): 3,
            ("monitoring", "upstream"): 3,
        },
        default_mode=2,
        improved={"core_competence", "flexibility"},
    )
    level = score_assessment(small_model(), answers).level
    assert (level.code, level.next_code) == ("renewing", "regenerative")
    assert all(check.met for check in level.checks)
    # DCI 50 < 65; absorptive capacity 50 < 65; 3 modes ≥ 60 (< 5); 2 groups improved (< 4);
    # innovation and new products and markets not improved
    assert keys(level.missing_for_next) == [
        "dci_min",
        "capability_min",
        "modes_min",
        "outcome_groups_improved_min",
        "outcome_groups_required",
        "outcome_groups_required",
    ]
    assert [c.text for c in level.missing_for_next][-2:] == [
        "Innovation improved through partnerships (not yet)",
        "New products markets improved through partnerships (not yet)",
    ]


def test_level_regenerative_has_no_next_level():
    answers = answers_for(
        {"cultural_awareness": 4, "interface_competence": 4, "absorptive_capacity": 4},
        # integrating (use selectively) at (1 − 1) / 3 × 100 = 0 does not hold the firm back
        {("integrating", "upstream"): 1, ("integrating", "downstream"): 1},
        default_mode=4,
        improved={"innovation", "new_products_markets", "flexibility", "core_competence"},
    )
    result = score_assessment(small_model(), answers)
    assert result.dci == pytest.approx(75.0, abs=1e-9)  # three layers at (4 − 1) / 4 × 100 = 75
    level = result.level
    assert level.code == "regenerative"
    assert all(check.met for check in level.checks)
    assert (level.next_code, level.next_title, level.next_checks) == (None, None, ())
    assert level.missing_for_next == ()


def test_level_regenerative_rules_without_renewing_rules_stay_incremental():
    levels = (
        LevelSpec("incremental", "Incremental", {}),
        LevelSpec("renewing", "Renewing", {"outcome_groups_improved_min": {"value": 2}}),
        LevelSpec("regenerative", "Regenerative", {"dci_min": {"value": 65}}),
    )
    answers = answers_for(
        {"cultural_awareness": 5, "interface_competence": 5, "absorptive_capacity": 5},
        {},
        default_mode=4,
        improved=set(),
    )
    result = score_assessment(small_model(levels), answers)
    assert result.dci == pytest.approx(100.0, abs=1e-9)  # meets regenerative's DCI ≥ 65
    assert (result.level.code, result.level.next_code) == ("incremental", "renewing")
    assert keys(result.level.missing_for_next) == ["outcome_groups_improved_min"]


def test_level_with_unscored_capabilities_stays_incremental():
    answers = answers_for(
        {"cultural_awareness": 5, "interface_competence": 5},
        {},
        default_mode=4,
        improved=set(GROUPS),
    )
    result = score_assessment(small_model(), answers)
    assert result.capabilities["absorptive_capacity"].score is None
    assert result.layers["organisational"].score is None
    assert result.dci is None
    assert result.level.code == "incremental"
    assert keys(result.level.missing_for_next) == ["dci_min", "capability_min"]
    assert result.level.missing_for_next[0].text.endswith("(now not enough answers)")


def test_development_level_without_levels_is_none():
    assert development_level((), dci=50.0, capabilities={}, modes={}, outcomes={}) is None


def test_requirements_are_met_at_exact_thresholds_despite_float_noise():
    # (2.8 − 1) / 4 × 100 = 45 exactly, but 14/5 = 2.8 gives 44.99999999999999 in floating point
    cap = capability_score(
        one_facet_capability(5),
        {"i0": 4, "i1": 4, "i2": 2, "i3": 2, "i4": 2},
        coverage_min_share=SHIPPED_COVERAGE,
    )
    assert cap.score == pytest.approx(45.0, abs=1e-9)
    # (5·10·20)^(1/3) = 1000^(1/3) = 10 exactly; exp/log gives 9.999999999999998
    dci = dynamic_capability_index([5.0, 10.0, 20.0])
    assert dci == pytest.approx(10.0, abs=1e-9)
    checks = check_requirements(
        {"dci_min": {"value": 10}, "capability_min": {"capability": "cap", "value": 45}},
        dci=dci,
        capabilities={"cap": cap},
        modes={},
        outcomes={},
    )
    assert [check.met for check in checks] == [True, True]


def test_score_assessment_end_to_end():
    answers = answers_for(
        {"cultural_awareness": 5, "interface_competence": 3, "absorptive_capacity": 2},
        {},
        default_mode=3,
        improved={"innovation"},
    )
    result = score_assessment(small_model(), answers)
    # layers 100, 50, 25: (5−1)/4, (3−1)/4, (2−1)/4 × 100
    assert {code: layer.score for code, layer in result.layers.items()} == {
        "cognitive": pytest.approx(100.0),
        "managerial": pytest.approx(50.0),
        "organisational": pytest.approx(25.0),
    }
    assert result.dci == pytest.approx(50.0, abs=1e-9)  # (100·50·25)^(1/3) = 125000^(1/3) = 50
    # 100 − 50 = 50 > 15 and 50 − 25 = 25 > 15: potential not yet turned into practice, twice
    assert [(m.kind, m.difference) for m in result.foundation] == [
        ("unused_potential", pytest.approx(50.0)),
        ("unused_potential", pytest.approx(25.0)),
    ]
    assert result.outcomes["innovation"].improved == 2
    assert len(result.modes) == 8  # four modes × two sides
