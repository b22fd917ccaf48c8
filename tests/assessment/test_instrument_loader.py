"""Loading instrument files into the database: all or nothing, idempotent, published = immutable."""

from __future__ import annotations

import copy
import functools
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from assessment.instrument_loader import load_instrument
from assessment.instrument_schema import InstrumentFileError, iter_items, parse_instrument
from assessment.models import (
    AssessmentRound,
    Association,
    Capability,
    Cohort,
    Facet,
    InstrumentVersion,
    Item,
    Layer,
    Module,
    OutcomeGroup,
    PracticeMode,
    RoundKind,
)
from tests.conftest import INSTRUMENT_FILE

INSTRUMENT_MODELS = [
    InstrumentVersion,
    Module,
    Layer,
    Capability,
    Facet,
    PracticeMode,
    OutcomeGroup,
    Item,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in INSTRUMENT_MODELS}


@functools.cache
def _shipped_raw() -> dict:
    return yaml.safe_load(INSTRUMENT_FILE.read_text(encoding="utf-8"))


def shipped_raw() -> dict:
    return copy.deepcopy(_shipped_raw())


def first_item(raw: dict) -> dict:
    module_a = next(m for m in raw["modules"] if m["kind"] == "capabilities")
    return module_a["layers"][0]["capabilities"][0]["facets"][0]["items"][0]


def spec_of(raw: dict, filename: str = "x.yaml") -> dict:
    return parse_instrument(raw, filename=filename)


def draft_raw(version: str = "2027.1", text: str | None = None) -> dict:
    raw = shipped_raw()
    raw["instrument"]["version"] = version
    raw["instrument"]["published"] = False
    if text is not None:
        first_item(raw)["text"] = text
    return raw


def second_version_raw(items: dict, capabilities: dict) -> dict:
    raw = shipped_raw()
    raw["instrument"]["version"] = "2026.2"
    raw["instrument"]["previous_version"] = "2026.1"
    raw["instrument"]["maps_to_previous"] = {"items": items, "capabilities": capabilities}
    return raw


@pytest.fixture
def spec(instrument_spec):
    return instrument_spec


# --- loading the shipped file ---------------------------------------------------------------------


def test_the_shipped_file_loads_with_all_its_parts(db, spec):
    instrument, created = load_instrument(spec)
    assert created is True
    spec_items = [item for _, _, item in iter_items(spec)]
    a_items = sum(1 for module, _, _ in iter_items(spec) if module["code"] == "A")
    assert 45 <= a_items <= 60
    assert row_counts() == {
        "InstrumentVersion": 1,
        "Module": 3,
        "Layer": 3,
        "Capability": 7,
        "Facet": 22,
        "PracticeMode": 4,
        "OutcomeGroup": 5,
        "Item": len(spec_items),
    }
    assert instrument.version == "2026.1"
    assert instrument.is_published and instrument.published_at is not None
    assert instrument.previous is None
    assert instrument.content_hash == spec["content_hash"]
    assert instrument.source_file == "vnm-2026.1.yaml"
    assert set(instrument.thresholds) == set(spec["thresholds"])
    assert [lv["code"] for lv in instrument.development_levels] == [
        "incremental",
        "renewing",
        "regenerative",
    ]
    assert list(instrument.layers.values_list("code", flat=True)) == [
        "cognitive",
        "managerial",
        "organisational",
    ]
    assert list(instrument.practice_modes.values_list("code", flat=True)) == [
        "influencing",
        "monitoring",
        "coordinating",
        "integrating",
    ]
    assert instrument.items.filter(module__code="A").count() == a_items
    assert instrument.items.filter(module__code="C").count() == 19
    # Items keep the file's order and their place in the hierarchy.
    assert list(instrument.items.values_list("code", flat=True)) == [i["code"] for i in spec_items]
    assert list(instrument.items.values_list("position", flat=True)) == list(range(len(spec_items)))


def test_loaded_items_keep_their_fields_and_parents(db, spec):
    instrument, _ = load_instrument(spec)
    reverse = instrument.items.get(code="A-CA-03")
    assert reverse.reverse_keyed is True
    assert reverse.scale == "agreement"
    assert reverse.facet.code == "openness"
    assert reverse.facet.capability.code == "cultural_awareness"
    assert reverse.facet.capability.layer.code == "cognitive"
    assert reverse.mode is None and reverse.outcome_group is None and reverse.side == ""
    assert reverse.source_file == "002_4147072b2b249032.txt"
    assert reverse.source_lines
    inspired = instrument.items.get(code="A-GM-01")
    assert inspired.inspired_by.startswith("Nummela")
    practice = instrument.items.get(code="B-DN-MON-01")
    assert (practice.mode.code, practice.side, practice.scale) == (
        "monitoring",
        "downstream",
        "adoption",
    )
    assert practice.help_text  # the partner-programme explanation
    outcome = instrument.items.get(code="C-IN-01")
    assert (outcome.outcome_group.code, outcome.scale) == ("innovation", "outcome")
    assert instrument.practice_modes.get(code="integrating").use_selectively is True
    assert instrument.practice_modes.get(code="influencing").use_selectively is False


def test_loading_the_same_file_twice_changes_nothing(db, spec):
    first, created_first = load_instrument(spec)
    counts = row_counts()
    item_pks = list(Item.objects.values_list("pk", flat=True))
    again, created_again = load_instrument(copy.deepcopy(spec))
    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert row_counts() == counts
    assert list(Item.objects.values_list("pk", flat=True)) == item_pks


def test_a_published_version_cannot_be_altered(db, spec):
    load_instrument(spec)
    original = Item.objects.get(code="A-CA-01").text
    raw = shipped_raw()
    first_item(raw)["text"] = "A quietly changed wording."
    changed = spec_of(raw, "vnm-2026.1.yaml")
    counts = row_counts()
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(changed)
    assert caught.value.problems == [
        "vnm-2026.1.yaml: instrument 2026.1: version 2026.1 is already published with different "
        "content; a published version cannot change, so give the changed file a new version number"
    ]
    assert Item.objects.get(code="A-CA-01").text == original
    assert row_counts() == counts


def test_a_published_version_cannot_be_turned_back_into_a_draft(db, spec):
    load_instrument(spec)
    raw = shipped_raw()
    raw["instrument"]["published"] = False
    with pytest.raises(InstrumentFileError, match="already published with different content"):
        load_instrument(spec_of(raw))
    assert InstrumentVersion.objects.get().is_published is True


# --- all or nothing -------------------------------------------------------------------------------


def test_a_missing_previous_version_is_refused_and_leaves_no_rows(db):
    raw = second_version_raw(items={"A-CA-01": "A-CA-01"}, capabilities={})
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(spec_of(raw))
    assert caught.value.problems == [
        "x.yaml: instrument 2026.2: previous_version 2026.1 is not loaded; load it first"
    ]
    assert set(row_counts().values()) == {0}


def test_a_failure_while_writing_rows_rolls_everything_back(db, spec, monkeypatch):
    """The items are written last: a failure there must also undo the modules, layers, ..."""

    def fail(*args, **kwargs):
        assert Capability.objects.count() == 7  # the earlier rows were written by now
        raise IntegrityError("simulated failure on the last write")

    monkeypatch.setattr(Item.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError, match="simulated failure"):
        load_instrument(spec)
    assert set(row_counts().values()) == {0}


def test_a_failed_replacement_of_a_draft_keeps_the_old_draft(db, monkeypatch):
    load_instrument(spec_of(draft_raw(text="Old wording.")))
    counts = row_counts()

    def fail(*args, **kwargs):
        raise IntegrityError("simulated failure on the last write")

    monkeypatch.setattr(Item.objects, "bulk_create", fail)
    with pytest.raises(IntegrityError):
        load_instrument(spec_of(draft_raw(text="New wording.")))
    assert row_counts() == counts
    assert Item.objects.get(code="A-CA-01").text == "Old wording."


# --- drafts ---------------------------------------------------------------------------------------


def test_an_unused_draft_can_be_replaced(db):
    old, _ = load_instrument(spec_of(draft_raw(text="Old wording.")))
    counts = row_counts()
    new, created = load_instrument(spec_of(draft_raw(text="New wording.")))
    assert created is True
    assert new.pk != old.pk
    assert not InstrumentVersion.objects.filter(pk=old.pk).exists()
    assert row_counts() == counts  # replaced, not added
    assert Item.objects.get(code="A-CA-01").text == "New wording."
    assert new.is_published is False and new.published_at is None


def test_an_unused_draft_can_be_published_under_its_version(db):
    load_instrument(spec_of(draft_raw()))
    raw = draft_raw()
    raw["instrument"]["published"] = True
    published, created = load_instrument(spec_of(raw))
    assert created is True
    assert published.is_published is True and published.published_at is not None
    assert InstrumentVersion.objects.count() == 1


def test_a_draft_used_by_a_round_cannot_be_replaced(db, alice_firm):
    draft, _ = load_instrument(spec_of(draft_raw(text="Old wording.")))
    AssessmentRound.objects.create(firm=alice_firm, instrument=draft, kind=RoundKind.SELF_AUDIT)
    counts = row_counts()
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(spec_of(draft_raw(text="New wording.")))
    assert caught.value.problems == [
        "x.yaml: instrument 2027.1: the draft version is already used by assessment rounds; "
        "use a new version number"
    ]
    assert Item.objects.get(code="A-CA-01").text == "Old wording."
    assert InstrumentVersion.objects.get().pk == draft.pk
    assert row_counts() == counts


def test_a_draft_used_by_a_cohort_cannot_be_replaced(db):
    draft, _ = load_instrument(spec_of(draft_raw(text="Old wording.")))
    association = Association.objects.create(name="Machine builders")
    Cohort.objects.create(association=association, name="2027", instrument=draft, join_code="J1")
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(spec_of(draft_raw(text="New wording.")))
    assert caught.value.problems == [
        "x.yaml: instrument 2027.1: the draft version is already used by cohorts; "
        "use a new version number"
    ]
    assert Item.objects.get(code="A-CA-01").text == "Old wording."


def test_a_draft_used_as_a_previous_version_cannot_be_replaced(db):
    load_instrument(spec_of(draft_raw("2026.1", text="Old wording.")))
    load_instrument(spec_of(second_version_raw(items={}, capabilities={})))
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(spec_of(draft_raw("2026.1", text="New wording.")))
    assert caught.value.problems == [
        "x.yaml: instrument 2026.1: the draft version is already used by later instrument "
        "versions; use a new version number"
    ]
    assert InstrumentVersion.objects.count() == 2


# --- later versions -------------------------------------------------------------------------------


def test_a_second_version_links_to_the_previous_one(db, spec):
    first, _ = load_instrument(spec)
    raw = second_version_raw(
        items={"A-CA-01": "A-CA-01", "A-CA-02": "A-CA-03"},
        capabilities={"flexibility": "flexibility"},
    )
    second, created = load_instrument(spec_of(raw, "vnm-2026.2.yaml"))
    assert created is True
    assert second.previous == first
    assert list(first.next_versions.all()) == [second]
    assert second.maps_to_previous == {
        "items": {"A-CA-01": "A-CA-01", "A-CA-02": "A-CA-03"},
        "capabilities": {"flexibility": "flexibility"},
    }
    assert second.items.count() == first.items.count()
    assert Item.objects.count() == 2 * first.items.count()
    # Loading the later file again is also a no-op.
    again, created_again = load_instrument(spec_of(raw, "vnm-2026.2.yaml"))
    assert (again.pk, created_again) == (second.pk, False)


def test_a_mapping_to_codes_missing_from_the_previous_version_is_refused(db, spec):
    load_instrument(spec)
    counts = row_counts()
    raw = second_version_raw(
        items={"A-CA-01": "A-CA-01", "A-CA-02": "A-OLD-99"},
        capabilities={"flexibility": "agility"},
    )
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(spec_of(raw))
    assert caught.value.problems == [
        "x.yaml: instrument 2026.2: maps_to_previous: item 'A-OLD-99' is not in version 2026.1",
        "x.yaml: instrument 2026.2: maps_to_previous: capability 'agility' is not in version "
        "2026.1",
    ]
    assert row_counts() == counts
    assert not InstrumentVersion.objects.filter(version="2026.2").exists()


# --- the management command -----------------------------------------------------------------------


def test_the_command_loads_the_shipped_file_and_is_idempotent(db):
    out = StringIO()
    call_command("load_instrument", str(INSTRUMENT_FILE), stdout=out)
    items = Item.objects.count()
    assert out.getvalue() == f"Loaded instrument 2026.1 ({items} items) from {INSTRUMENT_FILE}\n"
    out = StringIO()
    call_command("load_instrument", str(INSTRUMENT_FILE), stdout=out)
    assert out.getvalue() == (
        f"Already loaded, unchanged: instrument 2026.1 ({items} items) from {INSTRUMENT_FILE}\n"
    )
    assert InstrumentVersion.objects.count() == 1


def test_the_command_lists_every_problem_of_a_bad_file_and_loads_nothing(db, tmp_path):
    raw = shipped_raw()
    first_item(raw)["scale"] = "likert"
    raw["thresholds"]["default_k"]["value"] = 2
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(path))
    assert str(caught.value) == (
        f"{path} was not loaded (2 problems):\n"
        "  - bad.yaml: threshold default_k: value 2 is out of range "
        "(must be at least 3 and at most 1000)\n"
        "  - bad.yaml: item A-CA-01: unknown scale 'likert' (defined: adoption, agreement, outcome)"
    )
    assert set(row_counts().values()) == {0}


def test_the_command_refuses_a_changed_published_file(db, tmp_path):
    call_command("load_instrument", str(INSTRUMENT_FILE), stdout=StringIO())
    raw = shipped_raw()
    first_item(raw)["text"] = "A quietly changed wording."
    path = tmp_path / "vnm-2026.1.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(path))
    assert str(caught.value).startswith(f"{path} was not loaded (1 problem):\n  - ")
    assert "already published with different content" in str(caught.value)
    assert Item.objects.get(code="A-CA-01").text != "A quietly changed wording."


def test_the_command_reports_a_missing_file(db, tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(CommandError) as caught:
        call_command("load_instrument", str(path))
    assert str(caught.value) == f"{path} was not loaded (1 problem):\n  - {path}: file not found"
