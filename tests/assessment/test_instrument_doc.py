"""docs/instrument.md is generated from the instrument file and can never drift from it."""

from __future__ import annotations

import copy
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment.instrument_doc import render_instrument
from assessment.instrument_schema import iter_items, parse_instrument, parse_instrument_file
from tests.conftest import INSTRUMENT_FILE

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs/instrument.md"
REGENERATE = (
    ".venv/bin/python manage.py instrument_doc assessment/instruments/vnm-2026.1.yaml "
    "--output docs/instrument.md"
)


@pytest.fixture(scope="module")
def spec() -> dict:
    return parse_instrument_file(INSTRUMENT_FILE)


@pytest.fixture(scope="module")
def markdown(spec) -> str:
    return render_instrument(spec)


def test_docs_instrument_md_is_the_rendering_of_the_shipped_file(markdown):
    assert DOC.is_file(), f"docs/instrument.md is missing; run `{REGENERATE}`"
    committed = DOC.read_text(encoding="utf-8")
    assert committed == markdown, (
        f"docs/instrument.md is out of date with {INSTRUMENT_FILE.name}; run `{REGENERATE}`"
    )


def test_the_document_says_how_to_regenerate_it(markdown):
    assert REGENERATE in markdown.splitlines()[2]


def test_the_document_lists_every_item_exactly_once_in_file_order(spec, markdown):
    listed = re.findall(r"^- \*\*([A-Z0-9-]+)\*\* ", markdown, flags=re.MULTILINE)
    assert listed == [item["code"] for _, _, item in iter_items(spec)]


def test_the_document_shows_item_text_help_source_and_reverse_keying(spec, markdown):
    items = {item["code"]: item for _, _, item in iter_items(spec)}
    reverse = items["A-CA-03"]
    assert (
        f"- **A-CA-03** {reverse['text']} *(reverse-keyed: scored 6 − answer)*\n"
        f"  - Source: seed `{reverse['source']['file']}`, lines {reverse['source']['lines']}\n"
    ) in markdown
    inspired = items["A-GM-01"]
    assert (
        f"  - Source: seed `{inspired['source']['file']}`, lines {inspired['source']['lines']}; "
        f"inspired by {inspired['source']['inspired_by']}\n"
    ) in markdown
    helped = items["B-DN-MON-01"]
    assert f"- **B-DN-MON-01** {helped['text']}\n  - Help: {helped['help']}\n" in markdown
    reverse_codes = {code for code, item in items.items() if item["reverse"]}
    flagged = set(re.findall(r"^- \*\*([A-Z0-9-]+)\*\* .*reverse-keyed", markdown, re.MULTILINE))
    assert flagged == reverse_codes


def test_the_document_has_every_section_of_the_model(spec, markdown):
    headings = re.findall(r"^(#+) (.*)$", markdown, flags=re.MULTILINE)
    levels = [len(hashes) for hashes, _ in headings]
    assert levels.count(1) == 1
    assert headings[0][1] == "Value-net dynamic capability audit — version 2026.1"
    titles = [title for _, title in headings]
    for section in ["Answer scales", "Thresholds", "Development levels", "Firm profile"]:
        assert section in titles
    assert [t for t in titles if t.startswith("Module ")] == [
        "Module A: Capability audit",
        "Module B: Value-net management practices",
        "Module C: Partnership outcomes",
    ]
    assert sum(t.startswith("Facet: ") for t in titles) == 22
    for layer in ["cognitive", "managerial", "organisational"]:
        assert any(t.endswith(f"(`{layer}`)") for t in titles), layer
    # Each mode has its upstream and downstream items under their own headings.
    assert titles.count("Upstream (suppliers, R&D and manufacturing partners)") == 4
    assert titles.count("Downstream (sales and channel partners)") == 4
    assert "*Use selectively: a low score in this mode is not a weakness in itself.*" in markdown
    assert len(re.findall(r"^\| `\w+` \| .* \| (yes|no) \|$", markdown, re.MULTILINE)) == len(
        spec["profile"]
    )


def test_the_document_shows_thresholds_with_rationales(spec, markdown):
    for name, entry in spec["thresholds"].items():
        row = next(line for line in markdown.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"| {entry['value']:g} |" in row
        assert row.endswith(f"| {entry['rationale']} |")


def test_the_document_states_the_development_level_rules(markdown):
    assert "Requirements: none; this is the starting level." in markdown
    assert "- Dynamic Capability Index (DCI) at least 45. *Renewal with partners" in markdown
    assert "- Absorptive capacity (`absorptive_capacity`) scored at least 65. *" in markdown
    assert (
        "- At least 5 of the 6 value-net mode × side scores at 60 or more "
        "(Integrating not counted: it is used selectively). *"
    ) in markdown
    assert "- At least 4 of the 5 outcome groups improved" in markdown
    assert (
        "- These outcome groups improved: Innovation capabilities (`innovation`), "
        "New products and markets (`new_products_markets`). *"
    ) in markdown


def test_a_later_version_with_weights_and_scale_overrides_is_described():
    raw = yaml.safe_load(INSTRUMENT_FILE.read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw["instrument"].update(
        version="2027.1",
        published=False,
        previous_version="2026.1",
        maps_to_previous={"capabilities": {"flexibility": "flexibility"}, "items": {}},
    )
    module_a = raw["modules"][0]
    facet = module_a["layers"][0]["capabilities"][0]["facets"][0]
    facet["weight"] = 2
    facet["items"][0]["weight"] = 1.5
    facet["items"][1]["scale"] = "adoption"
    markdown = render_instrument(parse_instrument(raw, filename="vnm-2027.1.yaml"))
    assert "- **Version:** 2027.1 (draft)" in markdown
    assert (
        "- **Previous version:** 2026.1 (1 capability and 0 items mapped for comparison over time)"
        in markdown
    )
    assert "##### Facet: Openness to other cultures (`openness`, weight 2)" in markdown
    assert re.search(r"^- \*\*A-CA-01\*\* .* \*\(weight 1\.5\)\*$", markdown, re.MULTILINE)
    assert re.search(r"^- \*\*A-CA-02\*\* .* \*\(scale `adoption`\)\*$", markdown, re.MULTILINE)
    assert "assessment/instruments/vnm-2027.1.yaml" in markdown


def test_table_cells_escape_pipes():
    raw = yaml.safe_load(INSTRUMENT_FILE.read_text(encoding="utf-8"))
    raw["profile"][0]["help"] = "Either A | B."
    markdown = render_instrument(parse_instrument(raw, filename="x.yaml"))
    assert "Either A \\| B." in markdown


# --- the management command -----------------------------------------------------------------------


def test_the_command_prints_the_document(markdown):
    out = StringIO()
    call_command("instrument_doc", str(INSTRUMENT_FILE), stdout=out)
    assert out.getvalue() == markdown


def test_the_command_writes_the_document_to_a_file(tmp_path, markdown):
    target = tmp_path / "instrument.md"
    out = StringIO()
    call_command("instrument_doc", str(INSTRUMENT_FILE), output=str(target), stdout=out)
    assert target.read_text(encoding="utf-8") == markdown
    assert out.getvalue() == f"Wrote {target} from {INSTRUMENT_FILE}\n"


def test_the_command_refuses_an_invalid_file(tmp_path):
    raw = yaml.safe_load(INSTRUMENT_FILE.read_text(encoding="utf-8"))
    del raw["thresholds"]["default_k"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "instrument.md"
    with pytest.raises(CommandError) as caught:
        call_command("instrument_doc", str(path), output=str(target))
    assert str(caught.value) == (
        f"{path} is not a valid instrument (1 problem):\n"
        "  - bad.yaml: threshold default_k: is missing"
    )
    assert not target.exists()
