"""Unit tests of several respondents' aggregation (DESIGN.md §3.7), without a database.

The worked example (three respondents) is computed by hand; the arithmetic is in the comments and
the same figures are printed in docs/scoring.md ("Several respondents: firm score, spread and
agreement").
"""

from __future__ import annotations

import math

import pytest

from assessment.aggregation import (
    CapabilitySpread,
    ItemDisagreement,
    expected_variance,
    group_result,
    individual_figures_allowed,
    item_variance,
    middle_answer,
    role_comparison,
    rwg_j,
)
from assessment.scoring import (
    CapabilitySpec,
    FacetSpec,
    ItemSpec,
    LayerSpec,
    LevelSpec,
    Model,
    ModeSpec,
    OutcomeGroupSpec,
    score_assessment,
)

THRESHOLDS = {  # as in vnm-2026.1.yaml
    "coverage_min_share": 0.666,
    "foundation_gap": 15,
    "agreement_cutoff": 0.7,
    "respondent_anonymity_min": 3,
}


def likert(code: str, *, reverse: bool = False) -> ItemSpec:
    return ItemSpec(code, 1, 5, reverse)


def adoption(code: str) -> ItemSpec:
    return ItemSpec(code, 1, 4)


def outcome(code: str) -> ItemSpec:
    return ItemSpec(code, 1, 3)


# ca: two facets, CA2 reverse-keyed; ic and ac: one facet of two items. One capability per layer.
CA = CapabilitySpec(
    "ca",
    "Cultural awareness",
    (
        FacetSpec("ca_open", (likert("CA1"), likert("CA2", reverse=True))),
        FacetSpec("ca_diff", (likert("CA3"), likert("CA4"))),
    ),
)
IC = CapabilitySpec(
    "ic", "Interface competence", (FacetSpec("ic_f", (likert("IC1"), likert("IC2"))),)
)
AC = CapabilitySpec(
    "ac", "Absorptive capacity", (FacetSpec("ac_f", (likert("AC1"), likert("AC2"))),)
)
MODEL = Model(
    layers=(
        LayerSpec("cognitive", "Cognitive layer", (CA,)),
        LayerSpec("managerial", "Managerial layer", (IC,)),
        LayerSpec("organisational", "Organisational layer", (AC,)),
    ),
    modes=(
        ModeSpec(
            "influencing",
            "Influencing",
            False,
            {"upstream": (adoption("M1"), adoption("M2"), adoption("M3"))},
        ),
    ),
    outcome_groups=(
        OutcomeGroupSpec(
            "innovation",
            "Innovation capabilities",
            (outcome("O1"), outcome("O2"), outcome("O3"), outcome("O4")),
        ),
    ),
    levels=(
        LevelSpec("incremental", "Incremental", {}),
        LevelSpec(
            "renewing",
            "Renewing",
            {
                "dci_min": {"value": 55},
                "capability_min": {"capability": "ac", "value": 50},
                "modes_min": {"count": 1, "score_min": 50},
            },
        ),
    ),
    thresholds=THRESHOLDS,
)

# fmt: off
ANSWERS = {
    # CA2 is reverse-keyed (counts 6 − answer); None is "don't know" / "not applicable".
    "anna": {"CA1": 4, "CA2": 2, "CA3": 4, "CA4": 4, "IC1": 1, "IC2": 2, "AC1": 3, "AC2": 4,
             "M1": 3, "M2": 2, "M3": None, "O1": 3, "O2": 3, "O3": 1, "O4": None},
    "ben":  {"CA1": 4, "CA2": 3, "CA3": 3, "CA4": 4, "IC1": 5, "IC2": 4, "AC1": 4, "AC2": None,
             "M1": 4, "M2": 4, "M3": 4, "O1": 3, "O2": 2, "O3": 1, "O4": None},
    "cleo": {"CA1": 5, "CA2": 1, "CA3": 4, "CA4": None, "IC1": 3, "IC2": 3, "AC1": 3, "AC2": 3,
             "M1": 1, "M2": 1, "M3": 1, "O1": 2, "O2": None, "O3": 3, "O4": None},
}
# fmt: on


@pytest.fixture(scope="module")
def worked():
    return group_result(MODEL, ANSWERS)


# --- The worked example -----------------------------------------------------------------------------


def test_worked_example_respondent_scores(worked):
    scores = {
        k: {c: r.capabilities[c].score for c in ("ca", "ic", "ac")}
        for k, r in worked.respondents.items()
    }
    # Cultural awareness (CA2 reverse-keyed: 6 − answer):
    #   anna: open (4 + 4)/2 = 4, diff (4 + 4)/2 = 4     -> 4.0 -> (4 − 1)/4 × 100 = 75
    #   ben:  open (4 + 3)/2 = 3.5, diff (3 + 4)/2 = 3.5 -> 3.5 -> 62.5
    #   cleo: open (5 + 5)/2 = 5, diff 4/1 = 4 (CA4 don't know) -> 4.5 -> 87.5
    # Interface competence: anna (1 + 2)/2 = 1.5 -> 12.5; ben 4.5 -> 87.5; cleo 3 -> 50
    # Absorptive capacity: anna 3.5 -> 62.5; ben 1 of 2 items < two thirds -> None; cleo 3 -> 50
    assert scores == {
        "anna": {"ca": 75.0, "ic": 12.5, "ac": 62.5},
        "ben": {"ca": 62.5, "ic": 87.5, "ac": None},
        "cleo": {"ca": 87.5, "ic": 50.0, "ac": 50.0},
    }
    assert worked.n == 3


def test_worked_example_spreads(worked):
    # ca: scores 75, 62.5, 87.5 -> mean 225/3 = 75; deviations 0, −12.5, 12.5 ->
    #   SD = √((0 + 156.25 + 156.25)/2) = √156.25 = 12.5.
    #   Item variances (scored direction, n − 1):
    #     CA1 4, 4, 5: mean 13/3, squares 1/9 + 1/9 + 4/9 = 6/9, / 2 = 1/3
    #     CA2 4, 3, 5 (answers 2, 3, 1 reversed): mean 4, squares 0 + 1 + 1 = 2, / 2 = 1
    #     CA3 4, 3, 4: 1/3;   CA4 4, 4 (cleo don't know): 0
    #   J = 4, s̄² = (1/3 + 1 + 1/3 + 0)/4 = 5/12, s̄²/σ² = (5/12)/2 = 5/24
    #   r_wg(4) = 4 × 19/24 / (4 × 19/24 + 5/24) = 76/81 = 0.938
    assert worked.spreads["ca"] == CapabilitySpread(
        code="ca",
        n=3,
        mean=pytest.approx(75.0),
        sd=pytest.approx(12.5),
        minimum=62.5,
        maximum=87.5,
        items=4,
        rwg=pytest.approx(76 / 81),
        low_agreement=False,
    )
    # ic: scores 12.5, 87.5, 50 -> mean 150/3 = 50; SD = √((1406.25 + 1406.25 + 0)/2) = 37.5
    #   IC1 1, 5, 3: mean 3, squares 4 + 4 + 0 = 8, / 2 = 4;  IC2 2, 4, 3: 2 / 2 = 1
    #   s̄² = 2.5 > σ² = 2: the formula would give 2 × (−0.25) / (−0.5 + 1.25) = −0.667 -> 0
    assert worked.spreads["ic"] == CapabilitySpread(
        "ic", 3, pytest.approx(50.0), pytest.approx(37.5), 12.5, 87.5, 2, 0.0, True
    )
    # ac: scores 62.5, 50 (ben not scored) -> mean 56.25; SD = √(2 × 6.25²/1) = 6.25√2 = 8.839
    #   AC1 3, 4, 3 (ben's answer counts): 1/3;  AC2 4, 3: (0.25 + 0.25)/1 = 0.5
    #   s̄² = (1/3 + 1/2)/2 = 5/12, ratio 5/24; r_wg(2) = 2 × 19/24 / (2 × 19/24 + 5/24) = 38/43 = 0.884
    assert worked.spreads["ac"] == CapabilitySpread(
        "ac", 2, pytest.approx(56.25), pytest.approx(6.25 * math.sqrt(2)), 50.0, 62.5, 2,
        pytest.approx(38 / 43), False,
    )  # fmt: skip


def test_worked_example_firm_result(worked):
    firm = worked.result
    assert {c: s.score for c, s in firm.capabilities.items()} == pytest.approx(
        {"ca": 75.0, "ic": 50.0, "ac": 56.25}
    )
    # Answers given / (respondents × items): ca 4 + 4 + 3 = 11 of 12; ac 2 + 1 + 2 = 5 of 6.
    assert (firm.capabilities["ca"].answered, firm.capabilities["ca"].total) == (11, 12)
    assert (firm.capabilities["ac"].answered, firm.capabilities["ac"].total) == (5, 6)
    # Facet means: mean of the respondents' facet means, ca_open (4 + 3.5 + 5)/3 = 12.5/3.
    assert firm.capabilities["ca"].facet_means == pytest.approx(
        {"ca_open": 12.5 / 3, "ca_diff": 11.5 / 3}
    )
    # Layers: one capability each. DCI = (75 × 50 × 56.25)^(1/3) = 210,937.5^(1/3) = 59.53
    assert {c: layer.score for c, layer in firm.layers.items()} == pytest.approx(
        {"cognitive": 75.0, "managerial": 50.0, "organisational": 56.25}
    )
    assert firm.dci == pytest.approx(210_937.5 ** (1 / 3))
    assert round(firm.dci, 1) == 59.5
    # Foundation (gap 15): cognitive 75 is 25 above managerial 50; managerial 50 vs 56.25: 6.25.
    assert [(m.kind, m.inner, m.outer, m.difference) for m in firm.foundation] == [
        ("unused_potential", "cognitive", "managerial", pytest.approx(25.0))
    ]
    # Influencing upstream: anna (3 + 2)/2 = 2.5 -> 50; ben 4 -> 100; cleo 1 -> 0; mean 50.
    mode = firm.modes[("influencing", "upstream")]
    assert (mode.score, mode.answered, mode.total) == (pytest.approx(50.0), 8, 9)
    # Outcomes by the median answer: O1 3, 3, 2 -> 3 improved; O2 3, 2 -> between 2 and 3, the
    # nearer the middle: 2 unchanged; O3 1, 1, 3 -> 1 declined; O4 nobody -> unknown.
    group = firm.outcomes["innovation"]
    assert (group.improved, group.unchanged, group.declined, group.unknown) == (1, 1, 1, 1)
    # Level: DCI 59.5 ≥ 55, ac 56.25 ≥ 50, one practice at 50 ≥ 50 -> Renewing, although no single
    # respondent reaches it (anna DCI 38.8, ben no DCI, cleo's practice 0).
    assert firm.level.code == "renewing"
    assert {k: r.level.code for k, r in worked.respondents.items()} == dict.fromkeys(
        ANSWERS, "incremental"
    )


def test_worked_example_disagreement_list(worked):
    rows = [(row.item, row.variance, row.n) for row in worked.disagreements]
    # M3 4, 1 (anna n/a): mean 2.5, (2.25 + 2.25)/1 = 4.5. M1 3, 4, 1 and M2 2, 4, 1: 42/9 / 2 = 7/3.
    # Ties (M1/M2, CA2/IC2, CA1/CA3/AC1) keep the model's order.
    assert rows == [
        ("M3", pytest.approx(4.5), 2),
        ("IC1", pytest.approx(4.0), 3),
        ("M1", pytest.approx(7 / 3), 3),
        ("M2", pytest.approx(7 / 3), 3),
        ("CA2", pytest.approx(1.0), 3),
        ("IC2", pytest.approx(1.0), 3),
        ("AC2", pytest.approx(0.5), 2),
        ("CA1", pytest.approx(1 / 3), 3),
        ("CA3", pytest.approx(1 / 3), 3),
        ("AC1", pytest.approx(1 / 3), 3),
        ("CA4", 0.0, 2),
    ]
    by_item = {row.item: row for row in worked.disagreements}
    # CA2 on the scored direction: answers 2, 3, 1 count 4, 3, 5.
    assert by_item["CA2"] == ItemDisagreement(
        "CA2", "capability", "ca", None, pytest.approx(1.0), 3, {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    )
    assert by_item["M3"].kind == "mode"
    assert (by_item["M3"].group, by_item["M3"].side) == ("influencing", "upstream")
    assert by_item["M3"].counts == {1: 1, 2: 0, 3: 0, 4: 1}


# --- r_wg(J) ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "high", "expected"), [(1, 5, 2.0), (1, 4, 1.25), (1, 3, 2 / 3)])
def test_expected_variance(low, high, expected):
    assert expected_variance(low, high) == pytest.approx(expected)  # (A² − 1) / 12


def test_rwg_perfect_agreement():
    assert rwg_j([0.0, 0.0, 0.0], 2.0) == 1.0
    everyone_agrees = {k: {"IC1": 4, "IC2": 2} for k in ("a", "b", "c")}
    assert group_result(MODEL, everyone_agrees).spreads["ic"].rwg == 1.0


def test_rwg_single_item_is_one_minus_ratio():
    assert rwg_j([0.5], 2.0) == pytest.approx(0.75)  # 1 × 0.75 / (0.75 + 0.25)


def test_rwg_none_without_items():
    assert rwg_j([], 2.0) is None


def test_rwg_uniform_split_is_clamped_to_zero():
    # Five people answering 1, 2, 3, 4, 5 on both items: variance 10/4 = 2.5 > σ² = 2 -> 0.
    answers = {k: {"IC1": k, "IC2": 6 - k} for k in range(1, 6)}
    spread = group_result(MODEL, answers).spreads["ic"]
    assert spread.rwg == 0.0
    assert spread.low_agreement


@pytest.mark.parametrize(
    "mean_variance",
    [
        2.0,  # s̄² = σ²: the formula gives exactly 0
        3.0,  # ratio 1.5: 2 × (−0.5) / (−1 + 1.5) = −2
        4.0,  # ratio 2 = J/(J − 1): the denominator is 0
        6.0,  # ratio 3: 2 × (−2) / (−4 + 3) = +4, meaningless
    ],
)
def test_rwg_disagreement_beyond_random_is_zero(mean_variance):
    assert rwg_j([mean_variance, mean_variance], 2.0) == 0.0


def test_rwg_rejects_bad_input():
    with pytest.raises(ValueError):
        rwg_j([1.0], 0.0)
    with pytest.raises(ValueError):
        rwg_j([-1.0], 2.0)


def test_low_agreement_only_below_the_cutoff():
    one_item = CapabilitySpec("c", "C", (FacetSpec("f", (likert("X"),)),))
    model = Model(layers=(LayerSpec("l", "L", (one_item,)),), thresholds=THRESHOLDS)
    # Eleven answers 2, 2, 2, 4, 4, 4 and five 3s: mean 3, squares 6 × 1 = 6, / 10 = 0.6;
    # r_wg(1) = 1 × (1 − 0.3) / (0.7 + 0.3) = 0.7, exactly the cut-off: not flagged.
    at_cutoff = [2, 2, 2, 4, 4, 4, 3, 3, 3, 3, 3]
    spread = group_result(model, {i: {"X": v} for i, v in enumerate(at_cutoff)}).spreads["c"]
    assert spread.rwg == pytest.approx(0.7)
    assert not spread.low_agreement
    # One 3 more becomes a 4 (2, 2, 2, 4, 4, 4, 4, 3, 3, 3, 3): mean 34/11, variance 0.691 ->
    # r_wg = 1 − 0.691/2 = 0.655, flagged.
    below = [2, 2, 2, 4, 4, 4, 4, 3, 3, 3, 3]
    spread = group_result(model, {i: {"X": v} for i, v in enumerate(below)}).spreads["c"]
    assert spread.rwg == pytest.approx(1 - (76 / 110) / 2)
    assert spread.low_agreement


# --- Few respondents, don't know --------------------------------------------------------------------


def test_one_respondent_has_no_sd_or_agreement():
    group = group_result(MODEL, {"anna": ANSWERS["anna"]})
    assert group.spreads["ca"] == CapabilitySpread("ca", 1, 75.0, None, 75.0, 75.0, 0, None, False)
    assert group.disagreements == []


def test_aggregated_result_of_one_respondent_is_their_result():
    for answers in ANSWERS.values():
        group = group_result(MODEL, {"only": answers})
        assert group.result == score_assessment(MODEL, answers)
        assert group.result == group.respondents["only"]


def test_two_respondents_but_one_score_gives_no_agreement():
    # ac: only cleo's score exists (ben 1 of 2 items), though both answered AC1: J = 1 but n = 1.
    spread = group_result(MODEL, {"ben": ANSWERS["ben"], "cleo": ANSWERS["cleo"]}).spreads["ac"]
    assert (spread.n, spread.items, spread.rwg, spread.sd) == (1, 1, None, None)


def test_dont_know_is_left_out_of_the_variance():
    assert item_variance([3, 3]) == 0.0
    group = group_result(MODEL, {"a": {"CA4": 3}, "b": {"CA4": 3}, "c": {"CA4": None}})
    (row,) = group.disagreements
    assert (row.item, row.n, row.variance, sum(row.counts.values())) == ("CA4", 2, 0.0, 2)


def test_item_answered_once_has_no_variance():
    assert item_variance([4]) is None
    group = group_result(MODEL, {"a": {"CA1": 4}, "b": {"CA1": None}})
    assert group.disagreements == []


def test_no_respondents():
    group = group_result(MODEL, {})
    assert group.n == 0
    assert group.result.capabilities["ca"].score is None
    assert group.result.dci is None
    assert group.spreads["ca"] == CapabilitySpread("ca", 0, None, None, None, None, 0, None, False)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([2], 2),
        ([1, 3], 2),  # declined + improved -> unchanged
        ([2, 3], 2),  # no change + improved -> the nearer the middle
        ([1, 2], 2),
        ([3, 3, 1], 3),
        ([1, 1, 3, 3], 2),
    ],
)
def test_middle_answer(values, expected):
    assert middle_answer(values, outcome("O")) == expected


def test_middle_answer_on_an_even_scale_breaks_ties_downwards():
    assert middle_answer([2, 3], adoption("M")) == 2  # 2.5 is the scale's own middle


# --- Role comparison and anonymity ------------------------------------------------------------------


def test_role_comparison_drops_labels_with_one_respondent(worked):
    r = worked.respondents
    comparison = role_comparison(MODEL, {"management": [r["anna"], r["ben"]], "sales": [r["cleo"]]})
    assert set(comparison) == {"management"}
    # ca (75 + 62.5)/2 = 68.75; ic (12.5 + 87.5)/2 = 50; ac only anna scored -> None (one person).
    assert comparison["management"] == {
        "ca": pytest.approx(68.75),
        "ic": pytest.approx(50.0),
        "ac": None,
    }


def test_role_comparison_minimum_is_configurable(worked):
    r = worked.respondents
    comparison = role_comparison(MODEL, {"sales": [r["cleo"]]}, minimum=1)
    assert comparison == {"sales": {"ca": 87.5, "ic": 50.0, "ac": 50.0}}


@pytest.mark.parametrize(("n", "allowed"), [(0, False), (2, False), (3, True), (15, True)])
def test_individual_figures_allowed(n, allowed):
    assert individual_figures_allowed(n, THRESHOLDS["respondent_anonymity_min"]) is allowed
