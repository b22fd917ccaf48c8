"""Property-based tests of the scoring rules over small generated models (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.scoring import (
    CapabilitySpec,
    FacetSpec,
    ItemSpec,
    LayerSpec,
    Model,
    ModeSpec,
    capability_score,
    dynamic_capability_index,
    item_score,
    score_assessment,
)

SETTINGS = settings(max_examples=200, deadline=None, database=None)
SHARES = st.sampled_from([0.5, 0.666, 0.667, 2 / 3, 0.75, 1.0])
WEIGHTS = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])


@st.composite
def capabilities(draw, prefix: str) -> CapabilitySpec:
    """One capability: 1–3 facets of 2–3 items on one scale, some reverse-keyed, with weights."""
    low, high = draw(st.sampled_from([(1, 5), (1, 4), (1, 7), (0, 10)]))
    facets = []
    for f in range(draw(st.integers(1, 3))):
        items = tuple(
            ItemSpec(f"{prefix}-{f}-{i}", low, high, draw(st.booleans()), draw(WEIGHTS))
            for i in range(draw(st.integers(2, 3)))
        )
        facets.append(FacetSpec(f"{prefix}-f{f}", items, draw(WEIGHTS)))
    return CapabilitySpec(prefix, prefix, tuple(facets))


@st.composite
def models(draw) -> Model:
    """Three layers of 1–2 capabilities and 1–4 modes on two sides of 1–3 adoption items."""
    layers = tuple(
        LayerSpec(
            f"L{layer}",
            f"Layer {layer}",
            tuple(draw(capabilities(f"L{layer}C{c}")) for c in range(draw(st.integers(1, 2)))),
        )
        for layer in range(3)
    )
    modes = tuple(
        ModeSpec(
            f"M{m}",
            f"Mode {m}",
            draw(st.booleans()),
            {
                side: tuple(
                    ItemSpec(f"M{m}-{side}-{i}", 1, 4, weight=draw(WEIGHTS))
                    for i in range(draw(st.integers(1, 3)))
                )
                for side in ("upstream", "downstream")
            },
        )
        for m in range(draw(st.integers(1, 4)))
    )
    thresholds = {"coverage_min_share": draw(SHARES), "foundation_gap": 15}
    return Model(layers=layers, modes=modes, thresholds=thresholds)


def all_items(model: Model) -> list[ItemSpec]:
    items = [item for cap in model.capabilities for facet in cap.facets for item in facet.items]
    items += [item for mode in model.modes for side in mode.items.values() for item in side]
    return items


@st.composite
def answers_for(draw, items: list[ItemSpec], missing: float = 0.3) -> dict[str, int | None]:
    """An answer on each item's scale, or None (don't know / n.a.), or no entry at all."""
    answers: dict[str, int | None] = {}
    for item in items:
        kind = draw(st.sampled_from(["answer"] * 7 + ["none", "absent"]))
        if kind == "answer":
            answers[item.code] = draw(st.integers(item.scale_min, item.scale_max))
        elif kind == "none":
            answers[item.code] = None
    return answers


@st.composite
def models_with_answers(draw):
    model = draw(models())
    return model, draw(answers_for(all_items(model)))


def within_0_100(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 100.0


@SETTINGS
@given(models_with_answers())
def test_every_score_stays_within_0_and_100(model_and_answers):
    model, answers = model_and_answers
    result = score_assessment(model, answers)
    assert all(within_0_100(cap.score) for cap in result.capabilities.values())
    assert all(within_0_100(layer.score) for layer in result.layers.values())
    assert within_0_100(result.dci)
    assert all(within_0_100(mode.score) for mode in result.modes.values())
    for cap in model.capabilities:
        scale = (cap.facets[0].items[0].scale_min, cap.facets[0].items[0].scale_max)
        for mean in result.capabilities[cap.code].facet_means.values():
            assert mean is None or scale[0] <= mean <= scale[1]


@SETTINGS
@given(models_with_answers())
def test_dci_lies_between_the_lowest_and_highest_layer(model_and_answers):
    model, answers = model_and_answers
    result = score_assessment(model, answers)
    layers = [layer.score for layer in result.layers.values()]
    if any(score is None for score in layers):
        assert result.dci is None
    else:
        assert min(layers) <= result.dci <= max(layers)


@SETTINGS
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=5))
def test_dci_of_any_layer_scores_lies_between_their_min_and_max(layers):
    assert min(layers) <= dynamic_capability_index(layers) <= max(layers)


@st.composite
def capability_with_change(draw, reverse: bool):
    """A capability, answers, one answered item with the given keying, and a raw answer for it that
    is higher (normal item) or lower (reverse-keyed item) than the current one."""
    cap = draw(capabilities("C"))
    items = [item for facet in cap.facets for item in facet.items]
    answers = draw(answers_for(items))
    item = draw(st.sampled_from(items))
    item = ItemSpec(item.code, item.scale_min, item.scale_max, reverse, item.weight)
    cap = CapabilitySpec(
        cap.code,
        cap.title,
        tuple(
            FacetSpec(f.code, tuple(item if i.code == item.code else i for i in f.items), f.weight)
            for f in cap.facets
        ),
    )
    current = draw(st.integers(item.scale_min, item.scale_max))
    if reverse:
        changed = draw(st.integers(item.scale_min, current))
    else:
        changed = draw(st.integers(current, item.scale_max))
    return cap, answers | {item.code: current}, item, changed, draw(SHARES)


def assert_not_lower(cap, answers, item, changed, share):
    before = capability_score(cap, answers, coverage_min_share=share)
    after = capability_score(cap, answers | {item.code: changed}, coverage_min_share=share)
    assert item_score(changed, item) >= item_score(answers[item.code], item)
    assert after.is_scored == before.is_scored  # coverage does not depend on the answer given
    if before.is_scored:
        assert after.score >= before.score - 1e-9


@SETTINGS
@given(capability_with_change(reverse=False))
def test_raising_an_answer_never_lowers_the_capability_score(case):
    assert_not_lower(*case)


@SETTINGS
@given(capability_with_change(reverse=True))
def test_lowering_a_reverse_keyed_answer_never_lowers_the_capability_score(case):
    assert_not_lower(*case)


@SETTINGS
@given(st.data())
def test_a_missing_answer_is_never_scored_as_the_scale_minimum(data):
    """Replacing one of several answers by "don't know" gives the mean of the others, not a mean
    that counts the missing answer as the lowest value or 0."""
    values = data.draw(st.lists(st.integers(1, 5), min_size=3, max_size=6))
    items = tuple(ItemSpec(f"i{i}", 1, 5) for i in range(len(values)))
    cap = CapabilitySpec("c", "C", (FacetSpec("f", items),))
    answers = {f"i{i}": v for i, v in enumerate(values)} | {"i0": None}
    result = capability_score(cap, answers, coverage_min_share=0.5)
    expected = (sum(values[1:]) / len(values[1:]) - 1) / 4 * 100
    assert result.score == pytest.approx(expected, abs=1e-9)
