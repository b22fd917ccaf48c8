"""Fetch at the edge: build the scoring model and answers from the database in a fixed number of
queries, then hand plain data to ``assessment.scoring``."""

from __future__ import annotations

from collections import defaultdict

from assessment.models import (
    Answer,
    AssessmentRound,
    InstrumentVersion,
    Item,
    ModuleKind,
    Respondent,
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
)


def instrument_items(instrument: InstrumentVersion) -> list[Item]:
    """Every item of the instrument with its module, facet, capability, layer, mode and group (1 query)."""
    return list(
        Item.objects.filter(instrument=instrument)
        .select_related("module", "facet__capability__layer", "mode", "outcome_group")
        .order_by("position")
    )


def round_items(round_: AssessmentRound) -> list[Item]:
    """The items of the modules a round includes, in questionnaire order (1 query)."""
    modules = set(round_.module_codes or [])
    items = instrument_items(round_.instrument)
    return [item for item in items if not modules or item.module.code in modules]


def item_spec(item: Item, scales: dict) -> ItemSpec:
    scale = scales[item.scale]
    return ItemSpec(item.code, scale["min"], scale["max"], item.reverse_keyed, item.weight)


def build_model(instrument: InstrumentVersion, items: list[Item] | None = None) -> Model:
    """The plain scoring model of an instrument, from its items (1 query, or none if given)."""
    items = instrument_items(instrument) if items is None else items
    scales = instrument.scales
    layers: dict[int, dict] = {}
    modes: dict[int, dict] = {}
    groups: dict[int, dict] = {}
    for item in items:
        spec = item_spec(item, scales)
        if item.module.kind == ModuleKind.CAPABILITIES:
            facet = item.facet
            capability = facet.capability
            layer = layers.setdefault(
                capability.layer.position, {"layer": capability.layer, "capabilities": {}}
            )
            cap = layer["capabilities"].setdefault(
                capability.position, {"capability": capability, "facets": {}}
            )
            cap["facets"].setdefault(facet.position, {"facet": facet, "items": []})["items"].append(
                spec
            )
        elif item.module.kind == ModuleKind.PRACTICES:
            mode = modes.setdefault(
                item.mode.position, {"mode": item.mode, "sides": defaultdict(list)}
            )
            mode["sides"][item.side].append(spec)
        else:
            group = groups.setdefault(
                item.outcome_group.position, {"group": item.outcome_group, "items": []}
            )
            group["items"].append(spec)
    return Model(
        layers=tuple(
            LayerSpec(
                layer["layer"].code,
                layer["layer"].title,
                tuple(
                    CapabilitySpec(
                        cap["capability"].code,
                        cap["capability"].title,
                        tuple(
                            FacetSpec(f["facet"].code, tuple(f["items"]), f["facet"].weight)
                            for _, f in sorted(cap["facets"].items())
                        ),
                    )
                    for _, cap in sorted(layer["capabilities"].items())
                ),
            )
            for _, layer in sorted(layers.items())
        ),
        modes=tuple(
            ModeSpec(
                m["mode"].code,
                m["mode"].title,
                m["mode"].use_selectively,
                {side: tuple(specs) for side, specs in sorted(m["sides"].items(), reverse=True)},
            )
            for _, m in sorted(modes.items())
        ),
        outcome_groups=tuple(
            OutcomeGroupSpec(g["group"].code, g["group"].title, tuple(g["items"]))
            for _, g in sorted(groups.items())
        ),
        levels=tuple(
            LevelSpec(level["code"], level["title"], level["requires"])
            for level in instrument.development_levels
        ),
        thresholds={name: entry["value"] for name, entry in instrument.thresholds.items()},
    )


def respondent_answers(respondent: Respondent) -> dict[str, int | None]:
    """Item code -> value for one respondent (1 query)."""
    return dict(Answer.objects.filter(respondent=respondent).values_list("item__code", "value"))


def round_answers(respondents: list[Respondent]) -> dict[int, dict[str, int | None]]:
    """Respondent id -> (item code -> value) for several respondents (1 query)."""
    answers: dict[int, dict[str, int | None]] = {r.pk: {} for r in respondents}
    rows = Answer.objects.filter(respondent__in=respondents).values_list(
        "respondent_id", "item__code", "value"
    )
    for respondent_id, code, value in rows:
        answers[respondent_id][code] = value
    return answers
