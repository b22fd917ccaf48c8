"""Render a parsed instrument (from ``parse_instrument_file``) as a Markdown reference document.

Pure: plain data in, text out. ``manage.py instrument_doc <file> --output docs/instrument.md``
writes it; a test keeps the committed document equal to a fresh rendering of the shipped file.
"""

from __future__ import annotations

from typing import Any

from assessment.instrument_schema import THRESHOLDS

REGENERATE = "manage.py instrument_doc assessment/instruments/{file} --output docs/instrument.md"

THRESHOLD_TITLES = {
    "coverage_min_share": "Smallest share of a capability's items answered for it to be scored",
    "foundation_gap": "Gap between layers (points) that the foundation check reports",
    "agreement_cutoff": "Agreement index r_wg(J) below which respondents disagree",
    "default_k": "Default smallest number of firms behind any benchmark figure",
    "weak_score": "Score below which a capability or mode is a weakness",
    "strong_score": "Score at or above which a capability or mode is a strength",
    "respondent_anonymity_min": "Smallest number of respondents whose spread is shown",
    "psychometrics_min_n": "Smallest number of assessments for reliability statistics",
}
SIDE_TITLES = {
    "upstream": "Upstream (suppliers, R&D and manufacturing partners)",
    "downstream": "Downstream (sales and channel partners)",
}


def render_instrument(spec: dict[str, Any]) -> str:
    """Return the Markdown document for ``spec``; ends with a single newline."""
    out: list[str] = []
    _header(out, spec)
    _scales(out, spec["scales"])
    _thresholds(out, spec["thresholds"])
    _levels(out, spec)
    for module in spec["modules"]:
        _module(out, module, spec["scales"])
    _profile(out, spec["profile"])
    return "\n".join(_collapse_blank_lines(out)).strip() + "\n"


# --- helpers --------------------------------------------------------------------------------------


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    result: list[str] = []
    for line in lines:
        if line == "" and (not result or result[-1] == ""):
            continue
        result.append(line)
    return result


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _source(source: dict[str, str]) -> str:
    text = f"seed `{source['file']}`, {_lines(source['lines'])}"
    if source.get("inspired_by"):
        text += f"; inspired by {source['inspired_by']}"
    return text


def _lines(lines: str) -> str:
    return f"lines {lines}" if "-" in lines else f"line {lines}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _item_count(module: dict[str, Any]) -> int:
    if module["kind"] == "capabilities":
        return sum(
            len(facet["items"])
            for layer in module["layers"]
            for capability in layer["capabilities"]
            for facet in capability["facets"]
        )
    children = module["modes"] if module["kind"] == "practices" else module["groups"]
    return sum(len(child["items"]) for child in children)


# --- sections -------------------------------------------------------------------------------------


def _header(out: list[str], spec: dict[str, Any]) -> None:
    out += [
        f"# {spec['title']} — version {spec['version']}",
        "",
        f"<!-- Generated from assessment/instruments/{spec['source_file']}; do not edit by hand."
        f" Regenerate with: .venv/bin/python {REGENERATE.format(file=spec['source_file'])} -->",
        "",
        spec["description"],
        "",
        f"- **Version:** {spec['version']} ({'published' if spec['published'] else 'draft'})",
    ]
    if spec["minutes"]:
        out.append(f"- **Expected time:** {spec['minutes']} minutes")
    if spec["previous_version"]:
        mapping = spec["maps_to_previous"]
        out.append(
            f"- **Previous version:** {spec['previous_version']} "
            f"({_count(len(mapping['capabilities']), 'capability')} and "
            f"{_count(len(mapping['items']), 'item')} mapped for comparison over time)"
        )
    else:
        out.append("- **Previous version:** none (first version)")
    modules = ", ".join(
        f"{module['code']} {module['title']} ({_count(_item_count(module), 'item')})"
        for module in spec["modules"]
    )
    out += [
        f"- **Modules:** {modules}",
        f"- **Source file:** `assessment/instruments/{spec['source_file']}`",
        f"- **Content hash (SHA-256):** `{spec['content_hash']}`",
        "",
        "Every item below is written in our own words. Its source names the seed text it "
        "paraphrases (file and lines) and, where one shaped it, the published scale that "
        "inspired it.",
        "",
    ]
    _contents(out, spec)


def _contents(out: list[str], spec: dict[str, Any]) -> None:
    out += [
        "## Contents",
        "",
        "- [Answer scales](#answer-scales)",
        "- [Thresholds](#thresholds)",
        "- [Development levels](#development-levels)",
    ]
    for module in spec["modules"]:
        anchor = f"module-{module['code']}-{module['title']}".lower()
        anchor = "".join(c if c.isalnum() or c in "- " else "" for c in anchor).replace(" ", "-")
        out.append(f"- [Module {module['code']}: {module['title']}](#{anchor})")
    out += ["- [Firm profile](#firm-profile)", ""]


def _scales(out: list[str], scales: dict[str, Any]) -> None:
    out += ["## Answer scales", ""]
    for name, scale in scales.items():
        out += [f"### `{name}`", "", "| Value | Label |", "|---|---|"]
        out += [f"| {value} | {_cell(label)} |" for value, label in scale["labels"].items()]
        out += [
            f"| (no value) | {_cell(scale['missing_label'])} |",
            "",
            f"Answers run from {scale['min']} to {scale['max']}; "
            f"“{scale['missing_label']}” counts as no answer, never as a score of 0.",
            "",
        ]


def _thresholds(out: list[str], thresholds: dict[str, Any]) -> None:
    out += [
        "## Thresholds",
        "",
        "Every rule of the scoring uses these values; they live in the instrument file.",
        "",
        "| Threshold | Meaning | Value | Rationale |",
        "|---|---|---|---|",
    ]
    for name in THRESHOLDS:
        if name in thresholds:
            entry = thresholds[name]
            out.append(
                f"| `{name}` | {_cell(THRESHOLD_TITLES.get(name, ''))} | "
                f"{_number(entry['value'])} | {_cell(entry['rationale'])} |"
            )
    out.append("")


def _levels(out: list[str], spec: dict[str, Any]) -> None:
    out += [
        "## Development levels",
        "",
        "Levels are ordered from lowest to highest. A firm reaches a level when it meets every "
        "requirement of that level (and of the levels below it); the first level has none.",
        "",
    ]
    for number, level in enumerate(spec["development_levels"], start=1):
        out += [
            f"### {number}. {level['title']} (`{level['code']}`)",
            "",
            level["summary"],
            "",
            f"Source: {_source(level['source'])}.",
            "",
        ]
        if not level["requires"]:
            out += ["Requirements: none; this is the starting level.", ""]
            continue
        out += ["Requirements (all must hold):", ""]
        for key, rule in level["requires"].items():
            out.append(f"- {_requirement(key, rule, spec)} *{rule['rationale']}*")
        out.append("")


def _requirement(key: str, rule: dict[str, Any], spec: dict[str, Any]) -> str:
    capabilities = {
        capability["code"]: capability["title"]
        for module in spec["modules"]
        for layer in module.get("layers", [])
        for capability in layer["capabilities"]
    }
    groups = {
        group["code"]: group["title"]
        for module in spec["modules"]
        for group in module.get("groups", [])
    }
    modes = [mode for module in spec["modules"] for mode in module.get("modes", [])]
    counted = [mode["title"] for mode in modes if not mode["use_selectively"]]
    excluded = [mode["title"] for mode in modes if mode["use_selectively"]]
    if key == "dci_min":
        return f"Dynamic Capability Index (DCI) at least {_number(rule['value'])}."
    if key == "capability_min":
        title = capabilities.get(rule["capability"], rule["capability"])
        return f"{title} (`{rule['capability']}`) scored at least {_number(rule['value'])}."
    if key == "modes_min":
        text = (
            f"At least {rule['count']} of the {2 * len(counted)} value-net mode × side scores "
            f"at {_number(rule['score_min'])} or more"
        )
        if excluded:
            text += f" ({', '.join(excluded)} not counted: it is used selectively)"
        return text + "."
    if key == "outcome_groups_improved_min":
        return (
            f"At least {rule['value']} of the {len(groups)} outcome groups improved "
            "(more items improved than declined)."
        )
    if key == "outcome_groups_required":
        names = ", ".join(f"{groups.get(code, code)} (`{code}`)" for code in rule["groups"])
        return f"These outcome groups improved: {names}."
    return f"`{key}`: {rule}"  # pragma: no cover - the schema allows no other keys


def _module(out: list[str], module: dict[str, Any], scales: dict[str, Any]) -> None:
    out += [
        f"## Module {module['code']}: {module['title']}",
        "",
        f"Kind: {module['kind']}; answer scale: `{module['scale']}`; "
        f"{_count(_item_count(module), 'item')}.",
        "",
    ]
    if module["intro"]:
        out += ["> " + module["intro"], ""]
    if module["kind"] == "capabilities":
        for layer in module["layers"]:
            _layer(out, layer, module)
    elif module["kind"] == "practices":
        for mode in module["modes"]:
            _mode(out, mode, module)
    else:
        for group in module["groups"]:
            out += [f"### {group['title']} (`{group['code']}`)", ""]
            _items(out, group["items"], module)


def _layer(out: list[str], layer: dict[str, Any], module: dict[str, Any]) -> None:
    out += [f"### {layer['title']} (`{layer['code']}`)", "", layer["description"], ""]
    for capability in layer["capabilities"]:
        out += [
            f"#### {capability['title']} (`{capability['code']}`)",
            "",
            capability["description"],
            "",
            f"Source: {_source(capability['source'])}.",
            "",
        ]
        for facet in capability["facets"]:
            weight = "" if facet["weight"] == 1 else f", weight {_number(facet['weight'])}"
            out += [f"##### Facet: {facet['title']} (`{facet['code']}`{weight})", ""]
            _items(out, facet["items"], module)


def _mode(out: list[str], mode: dict[str, Any], module: dict[str, Any]) -> None:
    out += [f"### {mode['title']} (`{mode['code']}`)", ""]
    if mode["use_selectively"]:
        out += ["*Use selectively: a low score in this mode is not a weakness in itself.*", ""]
    out += [mode["description"], "", f"Source: {_source(mode['source'])}.", ""]
    for side in ("upstream", "downstream"):
        items = [item for item in mode["items"] if item["side"] == side]
        if items:
            out += [f"#### {SIDE_TITLES[side]}", ""]
            _items(out, items, module)


def _items(out: list[str], items: list[dict[str, Any]], module: dict[str, Any]) -> None:
    for item in items:
        flags = []
        if item["reverse"]:
            flags.append("reverse-keyed: scored 6 − answer")
        if item["scale"] != module["scale"]:
            flags.append(f"scale `{item['scale']}`")
        if item["weight"] != 1:
            flags.append(f"weight {_number(item['weight'])}")
        suffix = f" *({'; '.join(flags)})*" if flags else ""
        out.append(f"- **{item['code']}** {item['text']}{suffix}")
        if item["help"]:
            out.append(f"  - Help: {' '.join(item['help'].split())}")
        out.append(f"  - Source: {_source(item['source'])}")
    out.append("")


def _profile(out: list[str], profile: list[dict[str, Any]]) -> None:
    out += [
        "## Firm profile",
        "",
        "Questions about the firm; those marked as peer groups can be used to compare a firm "
        "with similar firms.",
        "",
        "| Field | Question | Help | Peer group |",
        "|---|---|---|---|",
    ]
    for question in profile:
        out.append(
            f"| `{question['field']}` | {_cell(question['label'])} | {_cell(question['help'])} "
            f"| {'yes' if question['peer_group'] else 'no'} |"
        )
    out.append("")
