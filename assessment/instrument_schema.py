"""Validation of instrument data files (see docs/instrument-format.md).

``parse_instrument_file`` reads a YAML file and returns a normalised, plain-data description of
the instrument, or raises ``InstrumentFileError`` listing every problem found, each naming the
file, the code of the item or section, and what is wrong. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assessment.models import FIRM_PROFILE_FIELDS

MODULE_KINDS = {"capabilities", "practices", "outcomes"}
MODE_CODES = ["influencing", "monitoring", "coordinating", "integrating"]
SIDES = {"upstream", "downstream"}
PROFILE_FIELDS = set(FIRM_PROFILE_FIELDS)
SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
LINES = re.compile(r"^(\d+)(?:-(\d+))?$")
ITEM_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
SECTION_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
MIN_ITEMS_PER_FACET = 2
# Longest values the database columns hold (assessment.models); longer ones are refused here,
# with a message, rather than by the database with a traceback.
MAX_ITEM_CODE = 30
MAX_SECTION_CODE = 40
MAX_TITLE = 200
MAX_INSPIRED_BY = 255
MAX_MINUTES = 20

# name -> (lowest, highest, must be an integer, lowest allowed itself, highest allowed itself)
THRESHOLDS: dict[str, tuple[float, float, bool, bool, bool]] = {
    "coverage_min_share": (0, 1, False, False, True),
    "foundation_gap": (0, 100, False, False, False),
    "agreement_cutoff": (0, 1, False, False, False),
    "default_k": (3, 1000, True, True, True),
    "weak_score": (0, 100, False, False, False),
    "strong_score": (0, 100, False, False, False),
    "respondent_anonymity_min": (2, 100, True, True, True),
    "psychometrics_min_n": (10, 100000, True, True, True),
}
LEVEL_REQUIREMENTS = {
    "dci_min",
    "capability_min",
    "modes_min",
    "outcome_groups_improved_min",
    "outcome_groups_required",
}
ITEM_KEYS = {"code", "text", "help", "reverse", "weight", "source", "scale", "side"}
SOURCE_KEYS = {"file", "lines", "inspired_by"}


class InstrumentFileError(Exception):
    """The file is not a valid instrument; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))

    def report(self, heading: str) -> str:
        """``heading (N problems):`` followed by one indented line per problem, for commands."""
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"{heading} ({count} problem{'s' if count != 1 else ''}):\n{lines}"


@dataclass
class _Checker:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    filename: str
    problems: list[str]

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.filename}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.problem(where, "must be a mapping of keys to values")
            return {}
        return value

    def sequence(self, value: Any, where: str) -> list:
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return []
        return value

    def text(self, value: Any, where: str, field: str, *, required: bool = True) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, f"{field} is missing")
            return ""
        if not isinstance(value, str):
            self.problem(where, f"{field} must be text")
            return ""
        text = " ".join(value.split()) if field != "help" else value.strip()
        if field == "title" and len(text) > MAX_TITLE:
            self.problem(where, f"title is {len(text)} characters long; at most {MAX_TITLE}")
        return text

    def unknown_keys(self, data: dict, allowed: set[str], where: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.problem(where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")

    def number(self, value: Any, where: str, field: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"{field} must be a number, got {value!r}")
            return None
        return value

    def weight(self, value: Any, where: str) -> float:
        if value is None:
            return 1.0
        number = self.number(value, where, "weight")
        if number is None:
            return 1.0
        if number <= 0:
            self.problem(where, f"weight must be greater than 0, got {number}")
        return float(number)

    def source(self, value: Any, where: str, *, required: bool = True) -> dict:
        if value is None:
            if required:
                self.problem(where, "source is missing (seed file and line range)")
            return {"file": "", "lines": "", "inspired_by": ""}
        data = self.mapping(value, f"{where} source")
        self.unknown_keys(data, SOURCE_KEYS, f"{where} source")
        file = str(data.get("file") or "")
        lines = str(data.get("lines") or "")
        if not SEED_FILE.match(file):
            self.problem(where, f"source file {file!r} is not a seed file name like 002_<hex>.txt")
        match = LINES.match(lines)
        if not match:
            self.problem(where, f"source lines {lines!r} must be a line number or a range N-M")
        elif match.group(2) and int(match.group(2)) < int(match.group(1)):
            self.problem(where, f"source lines {lines!r} end before they start")
        inspired = str(data.get("inspired_by") or "").strip()
        if len(inspired) > MAX_INSPIRED_BY:
            self.problem(
                where,
                f"source inspired_by is {len(inspired)} characters long; at most {MAX_INSPIRED_BY}",
            )
        return {"file": file, "lines": lines, "inspired_by": inspired}

    def code(
        self, value: Any, where: str, pattern: re.Pattern, seen: set[str], max_length: int
    ) -> str:
        code = value if isinstance(value, str) else ""
        if not pattern.match(code):
            self.problem(where, f"code {value!r} is not valid (expected like {pattern.pattern})")
        elif len(code) > max_length:
            self.problem(where, f"code {code!r} is longer than {max_length} characters")
        elif code in seen:
            self.problem(where, f"duplicate code {code!r}")
        seen.add(code)
        return code


def parse_instrument_file(path: str | Path) -> dict[str, Any]:
    """Read and validate an instrument file; raise InstrumentFileError on any problem."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InstrumentFileError([f"{path}: file not found"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InstrumentFileError([f"{path.name}: not valid YAML: {error}"]) from None
    return parse_instrument(raw, filename=path.name)


def parse_instrument(raw: Any, *, filename: str) -> dict[str, Any]:
    """Validate already-parsed data; return the normalised instrument with its content hash."""
    check = _Checker(filename, [])
    if not isinstance(raw, dict):
        raise InstrumentFileError(
            [f"{filename}: file: must be a mapping with instrument, scales, thresholds, ... keys"]
        )
    data = raw
    check.unknown_keys(
        data,
        {"instrument", "scales", "thresholds", "development_levels", "modules", "profile"},
        "file",
    )
    header = _parse_header(check, data.get("instrument"))
    scales = _parse_scales(check, data.get("scales"))
    thresholds = _parse_thresholds(check, data.get("thresholds"))
    codes = _Codes()
    modules = _parse_modules(check, data.get("modules"), scales, codes)
    levels = _parse_levels(check, data.get("development_levels"), codes)
    profile = _parse_profile(check, data.get("profile"))
    _check_mapping(check, header, codes)
    if check.problems:
        raise InstrumentFileError(check.problems)
    spec = {
        **header,
        "scales": scales,
        "thresholds": thresholds,
        "development_levels": levels,
        "modules": modules,
        "profile": profile,
    }
    canonical = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    spec["content_hash"] = hashlib.sha256(canonical.encode()).hexdigest()
    spec["source_file"] = filename
    return spec


class _Codes:
    def __init__(self) -> None:
        self.items: set[str] = set()
        # Each kind of section (layer, capability, mode, group) has its own namespace: a
        # capability and an outcome group may both be called "flexibility".
        self.sections: dict[str, set[str]] = {}
        self.capabilities: set[str] = set()
        self.groups: set[str] = set()


def _parse_header(check: _Checker, raw: Any) -> dict[str, Any]:
    data = check.mapping(raw, "instrument")
    allowed = {"version", "title", "description", "minutes", "published", "previous_version"}
    check.unknown_keys(data, allowed | {"maps_to_previous"}, "instrument")
    version = str(data.get("version") or "").strip()
    if not re.match(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$", version):
        check.problem("instrument", f"version {data.get('version')!r} is missing or not valid")
    published = data.get("published", False)
    if not isinstance(published, bool):
        check.problem("instrument", "published must be true or false")
    minutes = str(data.get("minutes") or "")
    if len(minutes) > MAX_MINUTES:
        check.problem("instrument", f"minutes {minutes!r} is longer than {MAX_MINUTES} characters")
    previous = data.get("previous_version")
    mapping = check.mapping(data.get("maps_to_previous") or {}, "instrument maps_to_previous")
    check.unknown_keys(mapping, {"capabilities", "items"}, "instrument maps_to_previous")
    codes_map = {
        key: check.mapping(mapping.get(key) or {}, f"instrument maps_to_previous {key}")
        for key in ("capabilities", "items")
    }
    if any(codes_map.values()) and not previous:
        check.problem("instrument", "maps_to_previous needs a previous_version")
    return {
        "version": version,
        "title": check.text(data.get("title"), "instrument", "title"),
        "description": check.text(
            data.get("description"), "instrument", "description", required=False
        ),
        "minutes": minutes,
        "published": bool(published),
        "previous_version": str(previous) if previous else None,
        "maps_to_previous": {key: dict(value) for key, value in codes_map.items()},
    }


def _parse_scales(check: _Checker, raw: Any) -> dict[str, Any]:
    scales = {}
    for name, value in check.mapping(raw, "scales").items():
        where = f"scale {name}"
        data = check.mapping(value, where)
        check.unknown_keys(data, {"min", "max", "labels", "missing_label"}, where)
        low, high = data.get("min"), data.get("max")
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low < high <= 5):
            check.problem(where, "min and max must be whole numbers with 1 <= min < max <= 5")
            continue
        labels = {}
        for key, label in check.mapping(data.get("labels"), where).items():
            if isinstance(key, bool) or not isinstance(key, int):
                check.problem(where, f"label key {key!r} is not a whole number")
                continue
            labels[key] = str(label)
        if sorted(labels) != list(range(low, high + 1)):
            check.problem(where, f"labels must cover exactly the values {low} to {high}")
        scales[name] = {
            "min": low,
            "max": high,
            "labels": {str(k): labels[k] for k in sorted(labels)},
            "missing_label": check.text(data.get("missing_label"), where, "missing_label"),
        }
    if not scales:
        check.problem("scales", "at least one scale is needed")
    return scales


def _parse_thresholds(check: _Checker, raw: Any) -> dict[str, Any]:
    data = check.mapping(raw, "thresholds")
    check.unknown_keys(data, set(THRESHOLDS), "thresholds")
    thresholds = {}
    for name, (low, high, integer, low_in, high_in) in THRESHOLDS.items():
        where = f"threshold {name}"
        if name not in data:
            check.problem(where, "is missing")
            continue
        entry = check.mapping(data[name], where)
        value = check.number(entry.get("value"), where, "value")
        rationale = check.text(entry.get("rationale"), where, "rationale")
        if value is None:
            continue
        if integer and value != int(value):
            check.problem(where, f"must be a whole number, got {value}")
        above_low = low <= value if low_in else low < value
        below_high = value <= high if high_in else value < high
        if not (above_low and below_high):
            bounds = f"{'at least' if low_in else 'above'} {low} and "
            bounds += f"{'at most' if high_in else 'below'} {high}"
            check.problem(where, f"value {value} is out of range (must be {bounds})")
        thresholds[name] = {"value": value, "rationale": rationale}
    weak, strong = thresholds.get("weak_score"), thresholds.get("strong_score")
    if weak and strong and not weak["value"] < strong["value"]:
        check.problem("threshold strong_score", "must be above weak_score")
    return thresholds


def _parse_item(
    check: _Checker, raw: Any, codes: _Codes, *, scale: str, scales: dict, kind: str
) -> dict[str, Any]:
    data = check.mapping(raw, "item")
    where = f"item {data.get('code', '?')}"
    check.unknown_keys(data, ITEM_KEYS, where)
    code = check.code(data.get("code"), where, ITEM_CODE, codes.items, MAX_ITEM_CODE)
    item_scale = data.get("scale", scale)
    if not isinstance(item_scale, str) or item_scale not in scales:
        check.problem(where, f"unknown scale {item_scale!r} (defined: {', '.join(sorted(scales))})")
    reverse = data.get("reverse", False)
    if not isinstance(reverse, bool):
        check.problem(where, "reverse must be true or false")
    elif reverse and item_scale != "agreement":
        check.problem(where, "only agreement-scale items can be reverse-keyed")
    side = data.get("side") or ""
    if not isinstance(side, str):
        check.problem(where, f"side must be upstream or downstream, got {side!r}")
        side = ""
    elif kind == "practices" and side not in SIDES:
        check.problem(where, f"side must be upstream or downstream, got {side!r}")
    if kind != "practices" and side:
        check.problem(where, "only value-net practice items have a side")
    return {
        "code": code,
        "text": check.text(data.get("text"), where, "text"),
        "help": check.text(data.get("help"), where, "help", required=False),
        "scale": item_scale,
        "reverse": bool(reverse),
        "weight": check.weight(data.get("weight"), where),
        "source": check.source(data.get("source"), where),
        "side": side or "",
    }


def _section(check: _Checker, raw: Any, where_kind: str, codes: _Codes) -> tuple[dict, str, str]:
    data = check.mapping(raw, where_kind)
    where = f"{where_kind} {data.get('code', '?')}"
    seen = codes.sections.setdefault(where_kind, set())
    code = check.code(data.get("code"), where, SECTION_CODE, seen, MAX_SECTION_CODE)
    return data, where, code


def _parse_modules(check: _Checker, raw: Any, scales: dict, codes: _Codes) -> list[dict]:
    modules = []
    seen_kinds: set[str] = set()
    module_codes: set[str] = set()
    for module_raw in check.sequence(raw, "modules"):
        data = check.mapping(module_raw, "module")
        where = f"module {data.get('code', '?')}"
        code = str(data.get("code") or "")
        if not re.match(r"^[A-Z]$", code) or code in module_codes:
            check.problem(where, "module code must be a single capital letter, unique in the file")
        module_codes.add(code)
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in MODULE_KINDS or kind in seen_kinds:
            check.problem(where, f"kind must be one of {sorted(MODULE_KINDS)}, once each")
            continue
        seen_kinds.add(kind)
        children = {"capabilities": "layers", "practices": "modes", "outcomes": "groups"}[kind]
        check.unknown_keys(data, {"code", "kind", "title", "intro", "scale", children}, where)
        scale = data.get("scale")
        if not isinstance(scale, str) or scale not in scales:
            check.problem(where, f"unknown scale {scale!r}")
        module = {
            "code": code,
            "kind": kind,
            "title": check.text(data.get("title"), where, "title"),
            "intro": check.text(data.get("intro"), where, "intro", required=False),
            "scale": scale,
        }
        parse = {
            "capabilities": _parse_layers,
            "practices": _parse_modes,
            "outcomes": _parse_groups,
        }
        module[children] = parse[kind](check, data.get(children), codes, scale, scales)
        modules.append(module)
    if "capabilities" not in seen_kinds:
        check.problem("modules", "the capability module (kind: capabilities) is required")
    return modules


def _parse_layers(check, raw, codes, scale, scales) -> list[dict]:
    layers = []
    for layer_raw in check.sequence(raw, "layers"):
        data, where, code = _section(check, layer_raw, "layer", codes)
        check.unknown_keys(data, {"code", "title", "description", "capabilities"}, where)
        capabilities = []
        for cap_raw in check.sequence(data.get("capabilities"), f"{where} capabilities"):
            capabilities.append(_parse_capability(check, cap_raw, codes, scale, scales))
        if not capabilities:
            check.problem(where, "has no capabilities")
        layers.append(
            {
                "code": code,
                "title": check.text(data.get("title"), where, "title"),
                "description": check.text(
                    data.get("description"), where, "description", required=False
                ),
                "capabilities": capabilities,
            }
        )
    if len(layers) < 1:
        check.problem("module layers", "at least one layer is needed")
    return layers


def _parse_capability(check, raw, codes, scale, scales) -> dict:
    data, where, code = _section(check, raw, "capability", codes)
    codes.capabilities.add(code)
    check.unknown_keys(data, {"code", "title", "description", "source", "facets"}, where)
    facets, facet_codes = [], set()
    for facet_raw in check.sequence(data.get("facets"), f"{where} facets"):
        facet = check.mapping(facet_raw, f"{where} facet")
        fwhere = f"{where} facet {facet.get('code', '?')}"
        check.unknown_keys(facet, {"code", "title", "weight", "items"}, fwhere)
        fcode = check.code(facet.get("code"), fwhere, SECTION_CODE, facet_codes, MAX_SECTION_CODE)
        items = [
            _parse_item(check, item, codes, scale=scale, scales=scales, kind="capabilities")
            for item in check.sequence(facet.get("items"), f"{fwhere} items")
        ]
        if len(items) < MIN_ITEMS_PER_FACET:
            check.problem(fwhere, f"has {len(items)} item(s); every facet needs at least 2")
        facets.append(
            {
                "code": fcode,
                "title": check.text(facet.get("title"), fwhere, "title"),
                "weight": check.weight(facet.get("weight"), fwhere),
                "items": items,
            }
        )
    if not facets:
        check.problem(where, "has no facets")
    return {
        "code": code,
        "title": check.text(data.get("title"), where, "title"),
        "description": check.text(data.get("description"), where, "description", required=False),
        "source": check.source(data.get("source"), where),
        "facets": facets,
    }


def _parse_modes(check, raw, codes, scale, scales) -> list[dict]:
    modes = []
    for mode_raw in check.sequence(raw, "modes"):
        data, where, code = _section(check, mode_raw, "mode", codes)
        check.unknown_keys(
            data, {"code", "title", "description", "use_selectively", "source", "items"}, where
        )
        items = [
            _parse_item(check, item, codes, scale=scale, scales=scales, kind="practices")
            for item in check.sequence(data.get("items"), f"{where} items")
        ]
        for side in sorted(SIDES):
            if not any(item["side"] == side for item in items):
                check.problem(where, f"has no {side} items")
        modes.append(
            {
                "code": code,
                "title": check.text(data.get("title"), where, "title"),
                "description": check.text(
                    data.get("description"), where, "description", required=False
                ),
                "use_selectively": bool(data.get("use_selectively", False)),
                "source": check.source(data.get("source"), where),
                "items": items,
            }
        )
    found = [mode["code"] for mode in modes]
    if found != MODE_CODES:
        check.problem(
            "module modes", f"modes must be exactly {MODE_CODES} in that order, got {found}"
        )
    return modes


def _parse_groups(check, raw, codes, scale, scales) -> list[dict]:
    groups = []
    for group_raw in check.sequence(raw, "groups"):
        data, where, code = _section(check, group_raw, "group", codes)
        codes.groups.add(code)
        check.unknown_keys(data, {"code", "title", "items"}, where)
        items = [
            _parse_item(check, item, codes, scale=scale, scales=scales, kind="outcomes")
            for item in check.sequence(data.get("items"), f"{where} items")
        ]
        if not items:
            check.problem(where, "has no items")
        groups.append(
            {"code": code, "title": check.text(data.get("title"), where, "title"), "items": items}
        )
    return groups


def _parse_levels(check: _Checker, raw: Any, codes: _Codes) -> list[dict]:
    levels = []
    level_codes: set[str] = set()
    for index, level_raw in enumerate(check.sequence(raw, "development_levels")):
        data = check.mapping(level_raw, "development level")
        where = f"development level {data.get('code', '?')}"
        check.unknown_keys(data, {"code", "title", "summary", "source", "requires"}, where)
        code = check.code(data.get("code"), where, SECTION_CODE, level_codes, MAX_SECTION_CODE)
        requires = check.mapping(data.get("requires") or {}, f"{where} requires")
        if index == 0 and requires:
            check.problem(where, "the first (lowest) level cannot have requirements")
        if index > 0 and not requires:
            check.problem(where, "needs at least one requirement")
        check.unknown_keys(requires, LEVEL_REQUIREMENTS, f"{where} requires")
        levels.append(
            {
                "code": code,
                "title": check.text(data.get("title"), where, "title"),
                "summary": check.text(data.get("summary"), where, "summary"),
                "source": check.source(data.get("source"), where),
                "requires": _parse_requirements(check, requires, where, codes),
            }
        )
    if len(levels) < 2:
        check.problem("development_levels", "at least two levels are needed")
    return levels


def _score_value(check: _Checker, entry: dict, where: str, key: str = "value") -> float | None:
    value = check.number(entry.get(key), where, key)
    if value is not None and not 0 <= value <= 100:
        check.problem(where, f"{key} {value} is out of range (0 to 100)")
    return value


def _parse_requirements(check: _Checker, requires: dict, where: str, codes: _Codes) -> dict:
    parsed: dict[str, Any] = {}
    for key, raw in requires.items():
        if key not in LEVEL_REQUIREMENTS:
            continue
        rwhere = f"{where} requirement {key}"
        entry = check.mapping(raw, rwhere)
        rationale = check.text(entry.get("rationale"), rwhere, "rationale")
        if key == "dci_min":
            parsed[key] = {"value": _score_value(check, entry, rwhere), "rationale": rationale}
        elif key == "capability_min":
            capability = entry.get("capability")
            if not isinstance(capability, str) or capability not in codes.capabilities:
                check.problem(rwhere, f"unknown capability {capability!r}")
            parsed[key] = {
                "capability": capability,
                "value": _score_value(check, entry, rwhere),
                "rationale": rationale,
            }
        elif key == "modes_min":
            count = entry.get("count")
            if not isinstance(count, int) or not 1 <= count <= 2 * len(MODE_CODES):
                check.problem(rwhere, f"count must be a whole number from 1 to 8, got {count!r}")
            parsed[key] = {
                "count": count,
                "score_min": _score_value(check, entry, rwhere, "score_min"),
                "rationale": rationale,
            }
        elif key == "outcome_groups_improved_min":
            value = entry.get("value")
            if not isinstance(value, int) or not 1 <= value <= max(len(codes.groups), 1):
                check.problem(
                    rwhere,
                    f"value must be a whole number from 1 to the number of groups, got {value!r}",
                )
            parsed[key] = {"value": value, "rationale": rationale}
        elif key == "outcome_groups_required":
            groups = entry.get("groups")
            if not isinstance(groups, list) or not groups:
                check.problem(rwhere, "groups must be a non-empty list of outcome group codes")
                groups = []
            for group in groups:
                if not isinstance(group, str) or group not in codes.groups:
                    check.problem(rwhere, f"unknown outcome group {group!r}")
            parsed[key] = {"groups": list(groups), "rationale": rationale}
    return parsed


def _parse_profile(check: _Checker, raw: Any) -> list[dict]:
    questions, seen = [], set()
    for question_raw in check.sequence(raw or [], "profile"):
        data = check.mapping(question_raw, "profile question")
        field = data.get("field")
        where = f"profile question {field}"
        check.unknown_keys(data, {"field", "label", "help", "peer_group"}, where)
        if not isinstance(field, str) or field not in PROFILE_FIELDS:
            check.problem(
                where,
                f"{field!r} is not a firm profile field ({', '.join(sorted(PROFILE_FIELDS))})",
            )
        elif field in seen:
            check.problem(where, "is listed twice")
        else:
            seen.add(field)
        questions.append(
            {
                "field": field,
                "label": check.text(data.get("label"), where, "label"),
                "help": check.text(data.get("help"), where, "help", required=False),
                "peer_group": bool(data.get("peer_group", False)),
            }
        )
    return questions


def _check_mapping(check: _Checker, header: dict, codes: _Codes) -> None:
    mapping = header["maps_to_previous"]
    for new_code in mapping["items"]:
        if new_code not in codes.items:
            check.problem("instrument maps_to_previous", f"item {new_code!r} is not in this file")
    for new_code in mapping["capabilities"]:
        if new_code not in codes.capabilities:
            check.problem(
                "instrument maps_to_previous", f"capability {new_code!r} is not in this file"
            )


def iter_items(spec: dict[str, Any]):
    """Yield (module, parent path, item) for every item of a parsed instrument, in order."""
    for module in spec["modules"]:
        if module["kind"] == "capabilities":
            for layer in module["layers"]:
                for capability in layer["capabilities"]:
                    for facet in capability["facets"]:
                        for item in facet["items"]:
                            yield module, (layer, capability, facet), item
        elif module["kind"] == "practices":
            for mode in module["modes"]:
                for item in mode["items"]:
                    yield module, (mode,), item
        else:
            for group in module["groups"]:
                for item in group["items"]:
                    yield module, (group,), item
