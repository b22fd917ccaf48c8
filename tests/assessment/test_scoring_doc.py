"""docs/scoring.md cannot drift from the code: its worked example is recomputed here with the shipped
instrument's items and rules, and every figure, message, threshold and level rule printed in the
document is compared with what the scoring functions and the instrument file give (no database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.scoring import (
    CapabilityScore,
    CapabilitySpec,
    FacetSpec,
    ItemSpec,
    LayerSpec,
    LevelSpec,
    ModeSpec,
    capability_score,
    development_level,
    dynamic_capability_index,
    foundation_check,
    item_score,
    layer_score,
    mode_scores,
)

DOC = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")

# The worked example's inputs (docs/scoring.md §8).
CULTURAL_AWARENESS_ANSWERS = {
    "A-CA-01": 5,
    "A-CA-02": 3,
    "A-CA-03": 2,  # reverse-keyed: counts 6 − 2 = 4
    "A-CA-04": 3,
    "A-CA-05": 4,
    "A-CA-06": None,  # don't know
    "A-CA-07": 3,
}
OTHER_CAPABILITY_SCORES = {
    "global_mindset": 70.0,
    "entrepreneurial_orientation": 55.0,
    "interface_competence": 50.0,
    "analytical_capability": 40.0,
    "flexibility": 35.0,
    "absorptive_capacity": 25.0,
}
PRACTICE_ANSWERS = {  # influencing, downstream
    "B-DN-INF-01": 4,
    "B-DN-INF-02": 2,
    "B-DN-INF-03": 3,
    "B-DN-INF-04": None,  # not applicable
    "B-DN-INF-05": 3,
    "B-DN-INF-06": 1,
}


# --- reading the document ---------------------------------------------------------------------------


def table(marker: str) -> list[dict[str, str]]:
    """Rows of the markdown table between <!-- marker --> and <!-- /marker -->."""
    match = re.search(rf"<!-- {marker} -->\n(.*?)\n<!-- /{marker} -->", DOC, re.DOTALL)
    assert match, f"docs/scoring.md has no table marked {marker!r}"
    lines = [line for line in match.group(1).strip().splitlines() if line.strip()]
    header = cells(lines[0])
    assert set(lines[1]) <= {"|", "-", " ", ":"}, "second line must be the header separator"
    return [dict(zip(header, cells(line), strict=True)) for line in lines[2:]]


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def section(number: int) -> str:
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", DOC, re.MULTILINE | re.DOTALL)
    assert match, f"docs/scoring.md has no section {number}"
    return match.group(0)


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


# --- the shipped instrument as scoring inputs -------------------------------------------------------


def item(spec: dict, scales: dict) -> ItemSpec:
    scale = scales[spec["scale"]]
    return ItemSpec(spec["code"], scale["min"], scale["max"], spec["reverse"], spec["weight"])


def module(instrument_spec: dict, kind: str) -> dict:
    return next(m for m in instrument_spec["modules"] if m["kind"] == kind)


def layers(instrument_spec: dict) -> list[dict]:
    return module(instrument_spec, "capabilities")["layers"]


def capability_spec(instrument_spec: dict, code: str) -> CapabilitySpec:
    scales = instrument_spec["scales"]
    raw = next(
        c for layer in layers(instrument_spec) for c in layer["capabilities"] if c["code"] == code
    )
    return CapabilitySpec(
        raw["code"],
        raw["title"],
        tuple(
            FacetSpec(f["code"], tuple(item(i, scales) for i in f["items"]), f["weight"])
            for f in raw["facets"]
        ),
    )


def mode_spec(instrument_spec: dict, code: str) -> ModeSpec:
    scales = instrument_spec["scales"]
    raw = next(m for m in module(instrument_spec, "practices")["modes"] if m["code"] == code)
    sides: dict[str, list[ItemSpec]] = {}
    for i in raw["items"]:
        sides.setdefault(i["side"], []).append(item(i, scales))
    return ModeSpec(
        raw["code"], raw["title"], raw["use_selectively"], {s: tuple(v) for s, v in sides.items()}
    )


def titles(instrument_spec: dict) -> dict[str, str]:
    """Code -> title of every layer, capability and facet."""
    result = {}
    for layer in layers(instrument_spec):
        result[layer["code"]] = layer["title"]
        for cap in layer["capabilities"]:
            result[cap["code"]] = cap["title"]
            result.update({f["code"]: f["title"] for f in cap["facets"]})
    return result


def threshold(instrument_spec: dict, name: str) -> float:
    return instrument_spec["thresholds"][name]["value"]


# --- recomputing the worked example -----------------------------------------------------------------


@pytest.fixture(scope="module")
def example(instrument_spec):
    """Every figure of the worked example, computed by the scoring functions."""
    cultural = capability_score(
        capability_spec(instrument_spec, "cultural_awareness"),
        CULTURAL_AWARENESS_ANSWERS,
        coverage_min_share=threshold(instrument_spec, "coverage_min_share"),
    )
    scores = {"cultural_awareness": cultural} | {
        code: CapabilityScore(code, titles(instrument_spec)[code], value, 0, 0, {})
        for code, value in OTHER_CAPABILITY_SCORES.items()
    }
    layer_scores = [
        layer_score(
            LayerSpec(
                raw["code"],
                raw["title"],
                tuple(capability_spec(instrument_spec, c["code"]) for c in raw["capabilities"]),
            ),
            scores,
        )
        for raw in layers(instrument_spec)
    ]
    dci = dynamic_capability_index([layer.score for layer in layer_scores])
    modes = mode_scores((mode_spec(instrument_spec, "influencing"),), PRACTICE_ANSWERS)
    levels = tuple(
        LevelSpec(raw["code"], raw["title"], raw["requires"])
        for raw in instrument_spec["development_levels"]
    )
    return {
        "capabilities": scores,
        "layers": layer_scores,
        "dci": dci,
        "foundation": foundation_check(
            layer_scores, gap=threshold(instrument_spec, "foundation_gap")
        ),
        "practice": modes[("influencing", "downstream")],
        # practices and outcomes other than the one shown are not part of the example
        "level": development_level(levels, dci=dci, capabilities=scores, modes=modes, outcomes={}),
    }


def test_answers_table_matches_the_inputs_and_the_instrument(instrument_spec):
    spec = capability_spec(instrument_spec, "cultural_awareness")
    facet_of = {i.code: f.code for f in spec.facets for i in f.items}
    items = {i.code: i for f in spec.facets for i in f.items}
    names = titles(instrument_spec)
    rows = table("worked-example-answers")
    assert [row["Item"] for row in rows] == list(CULTURAL_AWARENESS_ANSWERS)
    assert list(CULTURAL_AWARENESS_ANSWERS) == list(items)  # every item of the capability
    for row in rows:
        code = row["Item"]
        answer = CULTURAL_AWARENESS_ANSWERS[code]
        assert row["Answer"] == ("Don't know" if answer is None else str(answer)), code
        score = item_score(answer, items[code])
        assert row["Item score"] == ("missing" if score is None else f"{score:g}"), code
        assert row["Facet"] == names[facet_of[code]], code
        assert ("(reverse-keyed)" in row["Statement (abridged)"]) is items[code].reverse, code


def test_capabilities_table_matches_the_inputs(instrument_spec, example):
    names = titles(instrument_spec)
    expected = [
        (raw["title"], cap["title"], one_decimal(example["capabilities"][cap["code"]].score))
        for raw in layers(instrument_spec)
        for cap in raw["capabilities"]
    ]
    rows = table("worked-example-capabilities")
    assert [(r["Layer"], r["Capability"], r["Capability score"]) for r in rows] == expected
    assert names["cultural_awareness"] == "Cultural awareness"


def test_practice_table_matches_the_inputs(instrument_spec):
    rows = table("worked-example-practices")
    assert [row["Item"] for row in rows] == list(PRACTICE_ANSWERS)
    downstream = mode_spec(instrument_spec, "influencing").items["downstream"]
    assert [i.code for i in downstream] == list(PRACTICE_ANSWERS)  # every item of mode and side
    scale = instrument_spec["scales"][module(instrument_spec, "practices")["scale"]]
    for row in rows:
        answer = PRACTICE_ANSWERS[row["Item"]]
        if answer is None:
            assert row["Answer"] == scale["missing_label"].lower()
        else:
            # "4 systematic": the answer, then the start of its label on the adoption scale
            number, _, label = row["Answer"].partition(" ")
            assert number == str(answer)
            assert scale["labels"][str(answer)].lower().startswith(label), row


def test_results_table_equals_the_computed_figures(instrument_spec, example):
    names = titles(instrument_spec)
    cultural = example["capabilities"]["cultural_awareness"]
    computed = {
        f"{names[code]} (facet mean)": one_decimal(mean)
        for code, mean in cultural.facet_means.items()
    }
    computed[f"{names['cultural_awareness']} (capability score)"] = one_decimal(cultural.score)
    computed |= {layer.title: one_decimal(layer.score) for layer in example["layers"]}
    computed["Dynamic Capability Index"] = one_decimal(example["dci"])
    computed["Influencing, downstream (practice score)"] = one_decimal(example["practice"].score)
    computed["Development level"] = example["level"].title
    printed = {row["Figure"]: row["Value"] for row in table("worked-example-results")}
    assert printed == computed


def test_worked_example_values(example):
    """The example by hand, so a change in the rules shows here and not only as a doc mismatch."""
    cultural = example["capabilities"]["cultural_awareness"]
    assert (cultural.answered, cultural.total) == (6, 7)  # 6/7 = 85.7 % ≥ two thirds
    assert cultural.facet_means == {
        "openness": pytest.approx(4.0, abs=1e-9),  # (5 + 3 + (6 − 2)) / 3
        "handling_differences": pytest.approx(3.5, abs=1e-9),  # (3 + 4) / 2
        "firm_wide": pytest.approx(3.0, abs=1e-9),  # 3 / 1, "don't know" left out
    }
    assert cultural.score == pytest.approx(62.5, abs=1e-9)  # ((4 + 3.5 + 3) / 3 − 1) / 4 × 100
    assert [layer.score for layer in example["layers"]] == [
        pytest.approx(62.5, abs=1e-9),  # (62.5 + 70 + 55) / 3
        pytest.approx(45.0, abs=1e-9),  # (50 + 40) / 2
        pytest.approx(30.0, abs=1e-9),  # (35 + 25) / 2
    ]
    assert example["dci"] == pytest.approx(84375 ** (1 / 3), abs=1e-9)  # 62.5·45·30 = 84375
    practice = example["practice"]
    assert (practice.answered, practice.total) == (5, 6)
    assert practice.score == pytest.approx(160 / 3, abs=1e-9)  # ((4+2+3+3+1)/5 − 1) / 3 × 100


def test_foundation_messages_are_quoted_verbatim(example):
    messages = example["foundation"]
    # 62.5 − 45 = 17.5 > 15: potential not yet used; 45 − 30 = 15, not more than 15: nothing
    assert [(m.kind, m.inner, m.outer) for m in messages] == [
        ("unused_potential", "cognitive", "managerial")
    ]
    assert f"> {messages[0].text}" in section(8)


def test_development_level_and_missing_rules_are_quoted(example):
    level = example["level"]
    assert (level.code, level.next_code) == ("incremental", "renewing")
    missing = {check.key: check.text for check in level.missing_for_next}
    for key in ("dci_min", "capability_min"):
        assert f"- {missing[key]}\n" in section(8)
    assert missing["dci_min"] in section(5)  # the example in the rules section too


def test_bold_figures_of_the_worked_example_are_computed_ones(example):
    computed = {
        one_decimal(example["capabilities"]["cultural_awareness"].score),
        one_decimal(example["dci"]),
        one_decimal(example["practice"].score),
        example["level"].title,
    }
    bold = set(re.findall(r"\*\*([^*]+)\*\*", section(8)))
    figures = {b for b in bold if re.fullmatch(r"\d+\.\d", b)} | (
        bold & {"Incremental", "Renewing", "Regenerative"}
    )
    assert figures == computed


def test_dci_illustration_in_the_rules():
    dci = dynamic_capability_index([40, 60, 90])
    assert f"(40 × 60 × 90)^(1/3) = 216,000^(1/3) = {one_decimal(dci)}" in section(3)
    assert f"average {one_decimal((40 + 60 + 90) / 3)}" in section(3)


def test_thresholds_table_lists_the_shipped_values(instrument_spec):
    rows = {row["Threshold"].strip("`"): row["Value"] for row in table("thresholds")}
    shipped = {name: f"{entry['value']:g}" for name, entry in instrument_spec["thresholds"].items()}
    assert rows == shipped


def test_development_levels_table_lists_the_shipped_rules(instrument_spec):
    levels = instrument_spec["development_levels"]
    groups = {g["code"]: g["title"] for g in module(instrument_spec, "outcomes")["groups"]}
    assert levels[0]["requires"] == {}  # the first level is where every firm starts
    rows = table("development-levels")
    assert list(rows[0])[1:] == [level["title"] for level in levels[1:]]
    expected = {}
    for level in levels[1:]:
        requires = level["requires"]
        capability = requires["capability_min"]["capability"]
        assert capability == "absorptive_capacity"
        expected[level["title"]] = [
            f"{requires['dci_min']['value']:g}",
            f"{requires['capability_min']['value']:g}",
            f"{requires['modes_min']['count']} at {requires['modes_min']['score_min']:g} or more",
            f"at least {requires['outcome_groups_improved_min']['value']} of {len(groups)}",
            "; ".join(
                groups[code]
                for code in requires.get("outcome_groups_required", {}).get("groups", [])
            )
            or "—",
        ]
    assert {title: [row[title] for row in rows] for title in expected} == expected
