"""Validation of instrument files (pure: no database).

Every malformed file is refused with messages that name the file, the item or section code and the
problem; all problems of one file are reported together.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import pytest
import yaml

from assessment.instrument_schema import (
    PROFILE_FIELDS,
    THRESHOLDS,
    InstrumentFileError,
    iter_items,
    parse_instrument,
    parse_instrument_file,
)
from assessment.models import Firm

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "assessment/instruments/vnm-2026.1.yaml"
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()


@functools.cache
def _shipped_raw() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture
def raw() -> dict:
    """A fresh, valid instrument (the shipped file) that a test may change freely."""
    return copy.deepcopy(_shipped_raw())


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument(raw, filename="x.yaml")
    assert caught.value.problems, "an InstrumentFileError must list its problems"
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def module(raw: dict, kind: str) -> dict:
    return next(m for m in raw["modules"] if m["kind"] == kind)


def capability(raw: dict, code: str) -> dict:
    for layer in module(raw, "capabilities")["layers"]:
        for cap in layer["capabilities"]:
            if cap["code"] == code:
                return cap
    raise KeyError(code)


def facet(raw: dict, cap_code: str, facet_code: str) -> dict:
    return next(f for f in capability(raw, cap_code)["facets"] if f["code"] == facet_code)


def mode(raw: dict, code: str) -> dict:
    return next(m for m in module(raw, "practices")["modes"] if m["code"] == code)


def level(raw: dict, code: str) -> dict:
    return next(lv for lv in raw["development_levels"] if lv["code"] == code)


def item(raw: dict, code: str) -> dict:
    for mod in raw["modules"]:
        parents = []
        if mod["kind"] == "capabilities":
            parents = [
                f for layer in mod["layers"] for c in layer["capabilities"] for f in c["facets"]
            ]
        else:
            parents = mod.get("modes") or mod.get("groups")
        for parent in parents:
            for entry in parent["items"]:
                if entry["code"] == code:
                    return entry
    raise KeyError(code)


# --- the shipped file -----------------------------------------------------------------------------

DESIGN_FACETS = {  # DESIGN.md §2, by layer, capability and facet code
    "cognitive": {
        "cultural_awareness": ["openness", "handling_differences", "firm_wide"],
        "global_mindset": ["one_market", "global_scanning", "dispersed_operations"],
        "entrepreneurial_orientation": ["proactiveness", "innovativeness", "risk_taking"],
    },
    "managerial": {
        "interface_competence": ["relationships", "whole_net", "incentive_alignment"],
        "analytical_capability": ["fine_slicing", "big_picture", "business_models"],
    },
    "organisational": {
        "flexibility": ["elastic_boundaries", "tech_transformation", "learning_unlearning"],
        "absorptive_capacity": ["acquiring", "passing_on", "applying", "sharing_protecting"],
    },
}


@pytest.fixture(scope="module")
def shipped() -> dict:
    return parse_instrument_file(SHIPPED)


def test_shipped_file_parses_with_its_version_and_modules(shipped):
    assert shipped["version"] == "2026.1"
    assert shipped["published"] is True
    assert shipped["source_file"] == "vnm-2026.1.yaml"
    assert re.fullmatch(r"[0-9a-f]{64}", shipped["content_hash"])
    assert [(m["code"], m["kind"]) for m in shipped["modules"]] == [
        ("A", "capabilities"),
        ("B", "practices"),
        ("C", "outcomes"),
    ]
    assert set(shipped["thresholds"]) == set(THRESHOLDS)
    assert [lv["code"] for lv in shipped["development_levels"]] == [
        "incremental",
        "renewing",
        "regenerative",
    ]


def test_shipped_capability_module_has_the_three_layers_seven_capabilities_and_22_facets(shipped):
    layers = module(shipped, "capabilities")["layers"]
    found = {
        layer["code"]: {
            cap["code"]: [f["code"] for f in cap["facets"]] for cap in layer["capabilities"]
        }
        for layer in layers
    }
    assert [layer["code"] for layer in layers] == ["cognitive", "managerial", "organisational"]
    assert found == DESIGN_FACETS
    facets = [f for layer in layers for cap in layer["capabilities"] for f in cap["facets"]]
    assert len(facets) == 22
    thin = [f["code"] for f in facets if len(f["items"]) < 2]
    assert thin == [], f"facets with fewer than 2 items: {thin}"
    a_items = [entry for f in facets for entry in f["items"]]
    assert 45 <= len(a_items) <= 60, len(a_items)
    assert all(entry["scale"] == "agreement" for entry in a_items)
    reverse = [entry["code"] for entry in a_items if entry["reverse"]]
    assert 1 <= len(reverse) < len(a_items) / 3, reverse


def test_shipped_practice_module_has_the_four_modes_with_both_sides(shipped):
    modes = module(shipped, "practices")["modes"]
    assert [m["code"] for m in modes] == [
        "influencing",
        "monitoring",
        "coordinating",
        "integrating",
    ]
    for practice_mode in modes:
        sides = {entry["side"] for entry in practice_mode["items"]}
        assert sides == {"upstream", "downstream"}, practice_mode["code"]
    assert [m["code"] for m in modes if m["use_selectively"]] == ["integrating"]
    assert all(e["scale"] == "adoption" and not e["reverse"] for m in modes for e in m["items"])


def test_shipped_outcome_module_has_five_groups_and_19_items(shipped):
    groups = module(shipped, "outcomes")["groups"]
    assert [g["code"] for g in groups] == [
        "core_competence",
        "innovation",
        "new_products_markets",
        "flexibility",
        "competitive_advantage",
    ]
    assert sum(len(g["items"]) for g in groups) == 19
    assert all(e["scale"] == "outcome" and not e["side"] for g in groups for e in g["items"])


def test_every_shipped_item_has_text_and_a_seed_source(shipped):
    items = [entry for _, _, entry in iter_items(shipped)]
    assert len({entry["code"] for entry in items}) == len(items)
    for entry in items:
        assert entry["text"], entry["code"]
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", entry["source"]["file"]), entry["code"]
        assert re.fullmatch(r"\d+(-\d+)?", entry["source"]["lines"]), entry["code"]
    assert any(entry["source"]["inspired_by"] for entry in items)


def _all_sources(spec: dict):
    for lv in spec["development_levels"]:
        yield f"development level {lv['code']}", lv["source"]
    for mod in spec["modules"]:
        for layer in mod.get("layers", []):
            for cap in layer["capabilities"]:
                yield f"capability {cap['code']}", cap["source"]
        for practice_mode in mod.get("modes", []):
            yield f"mode {practice_mode['code']}", practice_mode["source"]
    for _, _, entry in iter_items(spec):
        yield f"item {entry['code']}", entry["source"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed texts not present at {SEEDS}")
def test_every_shipped_source_points_at_existing_lines_of_a_seed_file(shipped):
    lengths: dict[str, list[str]] = {}
    wrong = []
    for where, source in _all_sources(shipped):
        seed = SEEDS / source["file"]
        if not seed.is_file():
            wrong.append(f"{where}: no seed file {source['file']}")
            continue
        lines = lengths.setdefault(source["file"], seed.read_text(encoding="utf-8").splitlines())
        first, _, last = source["lines"].partition("-")
        first, last = int(first), int(last or first)
        if not 1 <= first <= last <= len(lines):
            wrong.append(f"{where}: lines {source['lines']} not in {source['file']} ({len(lines)})")
        elif not any(line.strip() for line in lines[first - 1 : last]):
            wrong.append(f"{where}: lines {source['lines']} of {source['file']} are all blank")
    assert wrong == []


def test_profile_fields_are_all_fields_of_the_firm_model():
    for field in PROFILE_FIELDS:
        assert Firm._meta.get_field(field).name == field


def test_content_hash_changes_with_content_only(raw):
    first = parse_instrument(copy.deepcopy(raw), filename="x.yaml")
    again = parse_instrument(copy.deepcopy(raw), filename="renamed.yaml")
    assert again["content_hash"] == first["content_hash"]
    item(raw, "A-CA-01")["text"] = "Our managers are curious about foreign business customs."
    changed = parse_instrument(raw, filename="x.yaml")
    assert changed["content_hash"] != first["content_hash"]


def test_item_text_whitespace_is_normalised_and_defaults_filled(raw):
    entry = item(raw, "A-CA-01")
    entry["text"] = "  Our managers\n   are curious.  "
    del entry["reverse"]
    parsed = parse_instrument(raw, filename="x.yaml")
    parsed_item = next(e for _, _, e in iter_items(parsed) if e["code"] == "A-CA-01")
    assert parsed_item["text"] == "Our managers are curious."
    assert parsed_item["reverse"] is False
    assert parsed_item["weight"] == 1.0
    assert parsed_item["scale"] == "agreement"


def test_the_documented_template_header_without_a_previous_version_is_accepted(raw):
    raw["instrument"]["maps_to_previous"] = {"capabilities": {}, "items": {}}
    parsed = parse_instrument(raw, filename="x.yaml")
    assert parsed["previous_version"] is None
    assert parsed["maps_to_previous"] == {"capabilities": {}, "items": {}}


# --- malformed files ------------------------------------------------------------------------------


def test_unknown_scale_on_an_item(raw):
    item(raw, "A-CA-02")["scale"] = "likert"
    assert problems_of(raw) == [
        "x.yaml: item A-CA-02: unknown scale 'likert' (defined: adoption, agreement, outcome)"
    ]


def test_unknown_scale_on_a_module(raw):
    module(raw, "outcomes")["scale"] = "likert"
    problems = problems_of(raw)
    assert "x.yaml: module C: unknown scale 'likert'" in problems
    # Its items inherit the unknown scale and say so, too.
    assert (
        "x.yaml: item C-CC-01: unknown scale 'likert' (defined: adoption, agreement, outcome)"
        in problems
    )


def test_a_scale_whose_labels_do_not_cover_its_range(raw):
    raw["scales"]["outcome"]["labels"] = {1: "Declined", 3: "Improved", "four": "Much improved"}
    problems = problems_of(raw)
    assert problems == [
        "x.yaml: scale outcome: label key 'four' is not a whole number",
        "x.yaml: scale outcome: labels must cover exactly the values 1 to 3",
    ]


def test_duplicate_item_code_in_another_module(raw):
    item(raw, "B-UP-MON-02")["code"] = "A-CA-01"
    assert problems_of(raw) == ["x.yaml: item A-CA-01: duplicate code 'A-CA-01'"]


def test_duplicate_item_code_in_the_same_facet(raw):
    item(raw, "A-CA-02")["code"] = "A-CA-01"
    assert problems_of(raw) == ["x.yaml: item A-CA-01: duplicate code 'A-CA-01'"]


def test_invalid_item_code(raw):
    item(raw, "A-CA-02")["code"] = "a ca 2"
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].startswith("x.yaml: item a ca 2: code 'a ca 2' is not valid")


def test_duplicate_capability_code(raw):
    capability(raw, "flexibility")["code"] = "global_mindset"
    assert problems_of(raw)[0] == (
        "x.yaml: capability global_mindset: duplicate code 'global_mindset'"
    )


def test_facet_with_only_one_item(raw):
    target = facet(raw, "cultural_awareness", "handling_differences")
    target["items"] = target["items"][:1]
    assert problems_of(raw) == [
        "x.yaml: capability cultural_awareness facet handling_differences: has 1 item(s); "
        "every facet needs at least 2"
    ]


def test_facet_with_an_empty_item_list(raw):
    facet(raw, "global_mindset", "global_scanning")["items"] = []
    assert problems_of(raw) == [
        "x.yaml: capability global_mindset facet global_scanning: has 0 item(s); "
        "every facet needs at least 2"
    ]


def test_facet_without_items(raw):
    del facet(raw, "global_mindset", "global_scanning")["items"]
    assert problems_of(raw) == [
        "x.yaml: capability global_mindset facet global_scanning items: must be a list",
        "x.yaml: capability global_mindset facet global_scanning: has 0 item(s); "
        "every facet needs at least 2",
    ]


def test_facet_weight_must_be_positive(raw):
    facet(raw, "cultural_awareness", "openness")["weight"] = 0
    assert problems_of(raw) == [
        "x.yaml: capability cultural_awareness facet openness: weight must be greater than 0, got 0"
    ]


@pytest.mark.parametrize("facets", [[], None], ids=["empty", "missing"])
def test_capability_without_facets(raw, facets):
    cap = capability(raw, "flexibility")
    if facets is None:
        del cap["facets"]
    else:
        cap["facets"] = facets
    problems = problems_of(raw)
    assert "x.yaml: capability flexibility: has no facets" in problems
    if facets is None:
        assert "x.yaml: capability flexibility facets: must be a list" in problems


def test_layer_without_capabilities(raw):
    module(raw, "capabilities")["layers"][1]["capabilities"] = []
    assert problems_of(raw) == ["x.yaml: layer managerial: has no capabilities"]


def test_item_without_source(raw):
    del item(raw, "A-GM-04")["source"]
    assert problems_of(raw) == [
        "x.yaml: item A-GM-04: source is missing (seed file and line range)"
    ]


def test_item_without_text(raw):
    item(raw, "C-IN-03")["text"] = "   "
    assert problems_of(raw) == ["x.yaml: item C-IN-03: text is missing"]


def test_item_with_an_unknown_key(raw):
    item(raw, "A-EO-01")["txt"] = "typo"
    problems = problems_of(raw)
    assert problems == [
        "x.yaml: item A-EO-01: unknown key 'txt' "
        "(allowed: code, help, reverse, scale, side, source, text, weight)"
    ]


@pytest.mark.parametrize("file", ["thesis.pdf", "002_4147072B2B249032.txt", "2_abc.txt", ""])
def test_source_file_that_is_not_a_seed_file_name(raw, file):
    item(raw, "A-CA-03")["source"]["file"] = file
    assert problems_of(raw) == [
        f"x.yaml: item A-CA-03: source file {file!r} is not a seed file name like 002_<hex>.txt"
    ]


def test_source_lines_that_end_before_they_start(raw):
    item(raw, "A-CA-03")["source"]["lines"] = "20-10"
    assert problems_of(raw) == ["x.yaml: item A-CA-03: source lines '20-10' end before they start"]


@pytest.mark.parametrize("lines", ["abc", "10-", "10 - 20", "-5", "1,2", ""])
def test_source_lines_that_are_not_a_line_or_range(raw, lines):
    item(raw, "A-CA-03")["source"]["lines"] = lines
    assert problems_of(raw) == [
        f"x.yaml: item A-CA-03: source lines {lines!r} must be a line number or a range N-M"
    ]


def test_source_of_a_capability_is_checked_too(raw):
    capability(raw, "flexibility")["source"]["lines"] = "abc"
    assert problems_of(raw) == [
        "x.yaml: capability flexibility: source lines 'abc' must be a line number or a range N-M"
    ]


@pytest.mark.parametrize("weight", [0, -1, -0.5])
def test_item_weight_must_be_positive(raw, weight):
    item(raw, "A-AN-01")["weight"] = weight
    assert problems_of(raw) == [
        f"x.yaml: item A-AN-01: weight must be greater than 0, got {weight}"
    ]


def test_item_weight_must_be_a_number(raw):
    item(raw, "A-AN-01")["weight"] = "heavy"
    assert problems_of(raw) == ["x.yaml: item A-AN-01: weight must be a number, got 'heavy'"]


@pytest.mark.parametrize("code", ["B-UP-MON-01", "C-FX-02"])
def test_reverse_keying_on_a_non_agreement_scale(raw, code):
    item(raw, code)["reverse"] = True
    assert problems_of(raw) == [
        f"x.yaml: item {code}: only agreement-scale items can be reverse-keyed"
    ]


def test_reverse_keying_on_an_agreement_item_moved_to_another_scale(raw):
    item(raw, "A-CA-03")["scale"] = "adoption"  # A-CA-03 is reverse-keyed
    assert problems_of(raw) == [
        "x.yaml: item A-CA-03: only agreement-scale items can be reverse-keyed"
    ]


def test_reverse_must_be_a_boolean(raw):
    item(raw, "A-CA-01")["reverse"] = "yes"
    assert problems_of(raw) == ["x.yaml: item A-CA-01: reverse must be true or false"]


@pytest.mark.parametrize(
    ("side", "shown"),
    [("sideways", "'sideways'"), ("Upstream", "'Upstream'"), (None, "''"), (["upstream"], None)],
)
def test_practice_item_with_a_bad_side(raw, side, shown):
    entry = item(raw, "B-UP-MON-01")
    if side is None:
        del entry["side"]
    else:
        entry["side"] = side
    shown = shown or repr(side)
    assert problems_of(raw) == [
        f"x.yaml: item B-UP-MON-01: side must be upstream or downstream, got {shown}"
    ]


def test_side_on_an_item_outside_the_practice_module(raw):
    item(raw, "A-CA-01")["side"] = "upstream"
    assert problems_of(raw) == ["x.yaml: item A-CA-01: only value-net practice items have a side"]


def test_a_mode_with_items_on_one_side_only(raw):
    target = mode(raw, "coordinating")
    target["items"] = [e for e in target["items"] if e["side"] == "upstream"]
    assert problems_of(raw) == ["x.yaml: mode coordinating: has no downstream items"]


MODES_EXPECTED = "['influencing', 'monitoring', 'coordinating', 'integrating']"


def test_a_missing_mode(raw):
    modes = module(raw, "practices")["modes"]
    modes[:] = [m for m in modes if m["code"] != "integrating"]
    assert problems_of(raw) == [
        f"x.yaml: module modes: modes must be exactly {MODES_EXPECTED} in that order, "
        "got ['influencing', 'monitoring', 'coordinating']"
    ]


def test_an_unknown_mode(raw):
    mode(raw, "monitoring")["code"] = "controlling"
    assert problems_of(raw) == [
        f"x.yaml: module modes: modes must be exactly {MODES_EXPECTED} in that order, "
        "got ['influencing', 'controlling', 'coordinating', 'integrating']"
    ]


def test_modes_in_the_wrong_order(raw):
    modes = module(raw, "practices")["modes"]
    modes.reverse()
    assert problems_of(raw) == [
        f"x.yaml: module modes: modes must be exactly {MODES_EXPECTED} in that order, "
        "got ['integrating', 'coordinating', 'monitoring', 'influencing']"
    ]


def test_a_duplicated_mode(raw):
    modes = module(raw, "practices")["modes"]
    modes.append(copy.deepcopy(modes[0]))
    for entry in modes[-1]["items"]:
        entry["code"] += "X"
    problems = problems_of(raw)
    assert "x.yaml: mode influencing: duplicate code 'influencing'" in problems
    assert problems[-1].startswith("x.yaml: module modes: modes must be exactly")


def test_an_unknown_module_kind(raw):
    module(raw, "outcomes")["kind"] = "results"
    problems = problems_of(raw)
    assert (
        "x.yaml: module C: kind must be one of ['capabilities', 'outcomes', 'practices'], once each"
        in problems
    )


def test_the_capability_module_is_required(raw):
    raw["modules"] = [m for m in raw["modules"] if m["kind"] != "capabilities"]
    problems = problems_of(raw)
    assert "x.yaml: modules: the capability module (kind: capabilities) is required" in problems


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_each_threshold_is_required(raw, name):
    del raw["thresholds"][name]
    assert problems_of(raw) == [f"x.yaml: threshold {name}: is missing"]


def _outside(name: str) -> list[float]:
    low, high, _integer, low_in, high_in = THRESHOLDS[name]
    return [low - 1 if low_in else low, high + 1 if high_in else high]


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name in sorted(THRESHOLDS) for value in _outside(name)]
)
def test_each_threshold_out_of_range(raw, name, value):
    raw["thresholds"][name]["value"] = value
    problems = problems_of(raw)
    assert any(
        p.startswith(f"x.yaml: threshold {name}: value {value} is out of range (must be ")
        for p in problems
    ), problems


# The documented bounds (docs/instrument-format.md), written out rather than derived from the code.
@pytest.mark.parametrize(
    ("name", "refused", "accepted"),
    [
        ("coverage_min_share", [0, -0.1, 1.01], [0.01, 1]),
        ("foundation_gap", [0, 100], [0.5, 99]),
        ("agreement_cutoff", [0, 1], [0.01, 0.99]),
        ("default_k", [2, 0], [3, 10]),
        ("weak_score", [0, 100], [1]),
        ("strong_score", [100], [99]),
        ("respondent_anonymity_min", [1], [2, 5]),
        ("psychometrics_min_n", [9], [10, 50]),
    ],
)
def test_documented_threshold_bounds(raw, name, refused, accepted):
    for value in refused:
        changed = copy.deepcopy(raw)
        changed["thresholds"][name]["value"] = value
        assert any(
            p.startswith(f"x.yaml: threshold {name}: value {value} is out of range")
            for p in problems_of(changed)
        ), value
    for value in accepted:
        changed = copy.deepcopy(raw)
        changed["thresholds"][name]["value"] = value
        parsed = parse_instrument(changed, filename="x.yaml")
        assert parsed["thresholds"][name]["value"] == value


@pytest.mark.parametrize("name", ["default_k", "respondent_anonymity_min", "psychometrics_min_n"])
def test_count_thresholds_must_be_whole_numbers(raw, name):
    raw["thresholds"][name]["value"] = 10.5
    assert problems_of(raw) == [f"x.yaml: threshold {name}: must be a whole number, got 10.5"]


def test_a_threshold_needs_a_rationale_and_a_numeric_value(raw):
    raw["thresholds"]["foundation_gap"] = {"value": "fifteen"}
    assert problems_of(raw) == [
        "x.yaml: threshold foundation_gap: value must be a number, got 'fifteen'",
        "x.yaml: threshold foundation_gap: rationale is missing",
    ]


def test_an_unknown_threshold(raw):
    raw["thresholds"]["max_gap"] = {"value": 1, "rationale": "?"}
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].startswith("x.yaml: thresholds: unknown key 'max_gap' (allowed: ")


@pytest.mark.parametrize(("weak", "strong"), [(50, 50), (60, 55)])
def test_strong_score_must_be_above_weak_score(raw, weak, strong):
    raw["thresholds"]["weak_score"]["value"] = weak
    raw["thresholds"]["strong_score"]["value"] = strong
    assert problems_of(raw) == ["x.yaml: threshold strong_score: must be above weak_score"]


def test_level_requirement_with_an_unknown_key(raw):
    level(raw, "renewing")["requires"]["dci_max"] = {"value": 90, "rationale": "?"}
    assert problems_of(raw) == [
        "x.yaml: development level renewing requires: unknown key 'dci_max' (allowed: "
        "capability_min, dci_min, modes_min, outcome_groups_improved_min, outcome_groups_required)"
    ]


def test_level_requirement_with_an_unknown_capability(raw):
    level(raw, "renewing")["requires"]["capability_min"]["capability"] = "resilience"
    assert problems_of(raw) == [
        "x.yaml: development level renewing requirement capability_min: "
        "unknown capability 'resilience'"
    ]


def test_level_requirement_with_an_unknown_outcome_group(raw):
    level(raw, "regenerative")["requires"]["outcome_groups_required"]["groups"] = [
        "innovation",
        "growth",
    ]
    assert problems_of(raw) == [
        "x.yaml: development level regenerative requirement outcome_groups_required: "
        "unknown outcome group 'growth'"
    ]


def test_level_requirement_values_out_of_range(raw):
    requires = level(raw, "regenerative")["requires"]
    requires["dci_min"]["value"] = 120
    requires["modes_min"]["count"] = 9
    requires["outcome_groups_improved_min"]["value"] = 6  # there are 5 groups
    assert problems_of(raw) == [
        "x.yaml: development level regenerative requirement dci_min: "
        "value 120 is out of range (0 to 100)",
        "x.yaml: development level regenerative requirement modes_min: "
        "count must be a whole number from 1 to 8, got 9",
        "x.yaml: development level regenerative requirement outcome_groups_improved_min: "
        "value must be a whole number from 1 to the number of groups, got 6",
    ]


def test_first_level_with_requirements(raw):
    level(raw, "incremental")["requires"] = {"dci_min": {"value": 10, "rationale": "?"}}
    assert problems_of(raw) == [
        "x.yaml: development level incremental: the first (lowest) level cannot have requirements"
    ]


def test_a_higher_level_without_requirements(raw):
    level(raw, "renewing")["requires"] = {}
    assert problems_of(raw) == [
        "x.yaml: development level renewing: needs at least one requirement"
    ]


@pytest.mark.parametrize("field", ["turnover", "name", "is_demo"])
def test_profile_field_that_is_not_a_firm_profile_field(raw, field):
    raw["profile"][0]["field"] = field
    problems = problems_of(raw)
    assert problems == [
        f"x.yaml: profile question {field}: {field!r} is not a firm profile field "
        f"({', '.join(sorted(PROFILE_FIELDS))})"
    ]


def test_profile_field_listed_twice(raw):
    raw["profile"].append(copy.deepcopy(raw["profile"][0]))
    field = raw["profile"][0]["field"]
    assert problems_of(raw) == [f"x.yaml: profile question {field}: is listed twice"]


def test_unknown_top_level_key(raw):
    raw["extras"] = {"a": 1}
    assert problems_of(raw) == [
        "x.yaml: file: unknown key 'extras' (allowed: development_levels, instrument, modules, "
        "profile, scales, thresholds)"
    ]


def test_unknown_header_key(raw):
    raw["instrument"]["status"] = "final"
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].startswith("x.yaml: instrument: unknown key 'status' (allowed: ")


def test_maps_to_previous_naming_codes_missing_from_this_file(raw):
    raw["instrument"]["previous_version"] = "2025.1"
    raw["instrument"]["maps_to_previous"] = {
        "capabilities": {"global_mindset": "global_mindset", "resilience": "flexibility"},
        "items": {"A-CA-01": "A-CA-01", "A-ZZ-99": "A-CA-02"},
    }
    assert problems_of(raw) == [
        "x.yaml: instrument maps_to_previous: item 'A-ZZ-99' is not in this file",
        "x.yaml: instrument maps_to_previous: capability 'resilience' is not in this file",
    ]


def test_maps_to_previous_without_a_previous_version(raw):
    raw["instrument"]["maps_to_previous"] = {"items": {"A-CA-01": "A-CA-01"}}
    assert problems_of(raw) == ["x.yaml: instrument: maps_to_previous needs a previous_version"]


def test_maps_to_previous_that_is_not_a_mapping(raw):
    raw["instrument"]["previous_version"] = "2025.1"
    raw["instrument"]["maps_to_previous"] = {"items": ["A-CA-01"]}
    assert problems_of(raw) == [
        "x.yaml: instrument maps_to_previous items: must be a mapping of keys to values"
    ]


def test_all_problems_in_one_file_are_reported_together(raw):
    item(raw, "A-CA-02")["scale"] = "likert"
    del item(raw, "B-DN-MON-01")["source"]
    raw["thresholds"]["foundation_gap"]["value"] = 0
    level(raw, "renewing")["requires"]["capability_min"]["capability"] = "resilience"
    raw["profile"][0]["field"] = "turnover"
    raw["extras"] = {}
    problems = problems_of(raw)
    expected_starts = [
        "x.yaml: file: unknown key 'extras'",
        "x.yaml: threshold foundation_gap: value 0 is out of range",
        "x.yaml: item A-CA-02: unknown scale 'likert'",
        "x.yaml: item B-DN-MON-01: source is missing",
        "x.yaml: development level renewing requirement capability_min: unknown capability",
        "x.yaml: profile question turnover: 'turnover' is not a firm profile field",
    ]
    assert len(problems) == len(expected_starts), problems
    for problem, start in zip(problems, expected_starts, strict=True):
        assert problem.startswith(start), (problem, start)


@pytest.mark.parametrize("content", [[1, 2], "just text", None])
def test_data_that_is_not_a_mapping(content):
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument(content, filename="x.yaml")
    assert caught.value.problems == [
        "x.yaml: file: must be a mapping with instrument, scales, thresholds, ... keys"
    ]


# --- reading files --------------------------------------------------------------------------------


def test_a_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("instrument:\n  version: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument_file(path)
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith("broken.yaml: not valid YAML: ")


def test_a_file_that_is_not_text(tmp_path):
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument_file(path)
    assert caught.value.problems[0].startswith("binary.yaml: not valid YAML: ")


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument_file(path)
    assert caught.value.problems == [
        "empty.yaml: file: must be a mapping with instrument, scales, thresholds, ... keys"
    ]


def test_a_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument_file(path)
    assert caught.value.problems == [f"{path}: file not found"]


def test_a_file_on_disk_is_named_by_its_file_name(tmp_path, raw):
    item(raw, "A-CA-02")["scale"] = "likert"
    path = tmp_path / "draft-2027.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InstrumentFileError) as caught:
        parse_instrument_file(path)
    assert caught.value.problems == [
        "draft-2027.yaml: item A-CA-02: unknown scale 'likert' (defined: adoption, agreement, outcome)"
    ]


# --- values longer than the database columns hold ----------------------------------------------


def test_an_item_code_longer_than_the_database_holds(raw):
    code = "A-" + "X" * 29  # 31 characters
    item(raw, "A-CA-02")["code"] = code
    assert problems_of(raw) == [f"x.yaml: item {code}: code {code!r} is longer than 30 characters"]


def test_a_section_code_longer_than_the_database_holds(raw):
    code = "g" * 41
    module(raw, "outcomes")["groups"][0]["code"] = code
    assert problems_of(raw) == [f"x.yaml: group {code}: code {code!r} is longer than 40 characters"]


def test_a_title_longer_than_the_database_holds(raw):
    facet(raw, "flexibility", "elastic_boundaries")["title"] = "word " * 50
    assert problems_of(raw) == [
        "x.yaml: capability flexibility facet elastic_boundaries: "
        "title is 249 characters long; at most 200"
    ]


def test_an_inspired_by_longer_than_the_database_holds(raw):
    item(raw, "A-GM-01")["source"]["inspired_by"] = "x" * 256
    assert problems_of(raw) == [
        "x.yaml: item A-GM-01: source inspired_by is 256 characters long; at most 255"
    ]


def test_minutes_longer_than_the_database_holds(raw):
    raw["instrument"]["minutes"] = "about twenty to thirty minutes"
    assert problems_of(raw) == [
        "x.yaml: instrument: minutes 'about twenty to thirty minutes' is longer than 20 characters"
    ]
