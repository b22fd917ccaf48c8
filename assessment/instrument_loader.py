"""Load a validated instrument description into the database, all or nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from assessment.instrument_schema import InstrumentFileError
from assessment.models import (
    Capability,
    Cohort,
    Facet,
    InstrumentVersion,
    Item,
    Layer,
    Module,
    OutcomeGroup,
    PracticeMode,
)


@transaction.atomic
def load_instrument(spec: dict[str, Any]) -> tuple[InstrumentVersion, bool]:
    """Load ``spec`` (from ``parse_instrument_file``); return (instrument, created).

    Loading the same content again changes nothing. A published version is immutable: a file with
    different content under its version number is refused. An unpublished draft may be replaced
    while no round uses it.
    """
    where = f"{spec['source_file']}: instrument {spec['version']}"
    existing = InstrumentVersion.objects.filter(version=spec["version"]).first()
    if existing is not None:
        if existing.content_hash == spec["content_hash"]:
            return existing, False
        if existing.is_published:
            raise InstrumentFileError(
                [
                    f"{where}: version {spec['version']} is already published with different "
                    "content; a published version cannot change, so give the changed file a new "
                    "version number"
                ]
            )
        users = _draft_users(existing)
        if users:
            raise InstrumentFileError(
                [
                    f"{where}: the draft version is already used by {' and '.join(users)}; "
                    "use a new version number"
                ]
            )
        try:
            existing.delete()
        except ProtectedError:  # something not listed in _draft_users still refers to it
            raise InstrumentFileError(
                [f"{where}: the draft version is still in use; use a new version number"]
            ) from None
    previous = _previous_version(spec, where)
    instrument = InstrumentVersion.objects.create(
        version=spec["version"],
        title=spec["title"],
        description=spec["description"],
        minutes=spec["minutes"],
        is_published=spec["published"],
        published_at=timezone.now() if spec["published"] else None,
        source_file=spec["source_file"],
        content_hash=spec["content_hash"],
        scales=spec["scales"],
        thresholds=spec["thresholds"],
        development_levels=spec["development_levels"],
        profile_questions=spec["profile"],
        previous=previous,
        maps_to_previous=spec["maps_to_previous"],
    )
    _create_modules(instrument, spec["modules"])
    return instrument, True


def _draft_users(instrument: InstrumentVersion) -> list[str]:
    """What keeps a draft from being replaced (each of these protects it from deletion)."""
    users = []
    if instrument.rounds.exists():
        users.append("assessment rounds")
    if Cohort.objects.filter(instrument=instrument).exists():
        users.append("cohorts")
    if instrument.next_versions.exists():
        users.append("later instrument versions")
    return users


def _previous_version(spec: dict[str, Any], where: str) -> InstrumentVersion | None:
    if not spec["previous_version"]:
        return None
    previous = InstrumentVersion.objects.filter(version=spec["previous_version"]).first()
    if previous is None:
        raise InstrumentFileError(
            [f"{where}: previous_version {spec['previous_version']} is not loaded; load it first"]
        )
    mapping = spec["maps_to_previous"]
    old_items = set(previous.items.values_list("code", flat=True))
    old_capabilities = set(previous.capabilities.values_list("code", flat=True))
    problems = [
        f"{where}: maps_to_previous: item {old!r} is not in version {previous.version}"
        for old in mapping["items"].values()
        if old not in old_items
    ] + [
        f"{where}: maps_to_previous: capability {old!r} is not in version {previous.version}"
        for old in mapping["capabilities"].values()
        if old not in old_capabilities
    ]
    if problems:
        raise InstrumentFileError(problems)
    return previous


def _item(instrument, module, item: dict[str, Any], position: int, **parent: Any) -> Item:
    return Item(
        instrument=instrument,
        module=module,
        code=item["code"],
        text=item["text"],
        help_text=item["help"],
        scale=item["scale"],
        reverse_keyed=item["reverse"],
        weight=item["weight"],
        source_file=item["source"]["file"],
        source_lines=item["source"]["lines"],
        inspired_by=item["source"]["inspired_by"],
        position=position,
        side=item["side"],
        **parent,
    )


def _create_modules(instrument: InstrumentVersion, modules: list[dict[str, Any]]) -> None:
    items: list[Item] = []
    create = {
        "capabilities": _create_capability_sections,
        "practices": _create_practice_sections,
        "outcomes": _create_outcome_sections,
    }
    for position, spec in enumerate(modules):
        module = Module.objects.create(
            instrument=instrument,
            code=spec["code"],
            kind=spec["kind"],
            title=spec["title"],
            intro=spec["intro"],
            scale=spec["scale"],
            position=position,
        )
        create[spec["kind"]](instrument, module, spec, items)
    Item.objects.bulk_create(items)


def _create_capability_sections(instrument, module, spec, items: list[Item]) -> None:
    """Layers, capabilities and facets; their items are appended to ``items``."""
    cap_position = 0
    for layer_position, layer_spec in enumerate(spec["layers"]):
        layer = Layer.objects.create(
            instrument=instrument,
            code=layer_spec["code"],
            title=layer_spec["title"],
            description=layer_spec["description"],
            position=layer_position,
        )
        for cap_spec in layer_spec["capabilities"]:
            capability = Capability.objects.create(
                instrument=instrument,
                layer=layer,
                code=cap_spec["code"],
                title=cap_spec["title"],
                description=cap_spec["description"],
                source_file=cap_spec["source"]["file"],
                source_lines=cap_spec["source"]["lines"],
                position=cap_position,
            )
            cap_position += 1
            for facet_position, facet_spec in enumerate(cap_spec["facets"]):
                facet = Facet.objects.create(
                    capability=capability,
                    code=facet_spec["code"],
                    title=facet_spec["title"],
                    weight=facet_spec["weight"],
                    position=facet_position,
                )
                for item in facet_spec["items"]:
                    items.append(_item(instrument, module, item, len(items), facet=facet))


def _create_practice_sections(instrument, module, spec, items: list[Item]) -> None:
    for position, mode_spec in enumerate(spec["modes"]):
        mode = PracticeMode.objects.create(
            instrument=instrument,
            code=mode_spec["code"],
            title=mode_spec["title"],
            description=mode_spec["description"],
            use_selectively=mode_spec["use_selectively"],
            source_file=mode_spec["source"]["file"],
            source_lines=mode_spec["source"]["lines"],
            position=position,
        )
        for item in mode_spec["items"]:
            items.append(_item(instrument, module, item, len(items), mode=mode))


def _create_outcome_sections(instrument, module, spec, items: list[Item]) -> None:
    for position, group_spec in enumerate(spec["groups"]):
        group = OutcomeGroup.objects.create(
            instrument=instrument,
            code=group_spec["code"],
            title=group_spec["title"],
            position=position,
        )
        for item in group_spec["items"]:
            items.append(_item(instrument, module, item, len(items), outcome_group=group))
