"""What the association dashboard, the aggregate exports and the member view show.

Fetch at the edge (the instrument's measure names; the statistics engine ``reports.benchmark_queries``
for every number), then the pure builders of ``reports.benchmark_charts``. No number is computed
here: hidden groups arrive without figures and stay without.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessment.models import (
    Capability,
    Cohort,
    CohortMembership,
    Firm,
    Layer,
    PracticeMode,
    Side,
)
from reports import benchmark_charts as bc
from reports import charts
from reports.benchmark_queries import (
    AlphaResult,
    GroupStatistics,
    LevelDistribution,
    MemberBenchmark,
    Participation,
    cohort_alpha,
    cohort_statistics,
    level_distribution,
    member_benchmark,
    participation,
)
from reports.benchmarks import COHORT, DIMENSIONS, PEER_DIMENSIONS

DIMENSION_LABELS = {
    COHORT: "Whole cohort",
    "sector": "Sector",
    "size_band": "Size band",
    "technology_intensity": "Technology intensity",
    "region": "Region",
}
DEFAULT_DIMENSION = "sector"
SIDE_TITLES = {Side.UPSTREAM.value: "upstream", Side.DOWNSTREAM.value: "downstream"}
HIDDEN_REASON = (
    "fewer than {k} firms, or hidden so that it cannot be subtracted from a larger group to "
    "reveal fewer than {k} firms"
)


@dataclass(frozen=True)
class Catalogue:
    """The instrument's measures in display order, and the radar's axes."""

    capabilities: tuple[bc.Measure, ...]
    layers: tuple[bc.Measure, ...]  # the three layers and the DCI
    modes: tuple[bc.Measure, ...]
    axis_groups: tuple[charts.AxisGroup, ...]
    capability_titles: Mapping[str, str]

    @property
    def all(self) -> tuple[bc.Measure, ...]:
        return self.capabilities + self.layers + self.modes


def catalogue(instrument) -> Catalogue:
    """Names of the measures of an instrument version (3 queries)."""
    layers = list(Layer.objects.filter(instrument=instrument).order_by("position"))
    capabilities = list(
        Capability.objects.filter(instrument=instrument).order_by("layer__position", "position")
    )
    modes = list(PracticeMode.objects.filter(instrument=instrument).order_by("position"))
    by_layer: dict[int, list[Capability]] = {layer.pk: [] for layer in layers}
    for capability in capabilities:
        by_layer[capability.layer_id].append(capability)
    return Catalogue(
        capabilities=tuple(
            bc.Measure(f"capability:{c.code}", c.title, "Capability") for c in capabilities
        ),
        layers=(
            *(bc.Measure(f"layer:{layer.code}", layer.title, "Layer") for layer in layers),
            bc.Measure("dci", "Dynamic Capability Index", "Index"),
        ),
        modes=tuple(
            bc.Measure(f"mode:{m.code}:{side}", f"{m.title}, {SIDE_TITLES[side]}", "Practice")
            for m in modes
            for side in SIDE_TITLES
        ),
        axis_groups=tuple(
            charts.AxisGroup(
                layer.code, layer.title, tuple((c.code, c.title) for c in by_layer[layer.pk])
            )
            for layer in layers
        ),
        capability_titles={c.code: c.title for c in capabilities},
    )


def _figures(statistics: Sequence[GroupStatistics]) -> list[bc.GroupFigures]:
    return [bc.GroupFigures(group.label, group.distributions) for group in statistics]


# --- Association dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    measure: bc.Measure
    cells: list  # one Distribution or None per shown group


@dataclass
class CohortPage:
    cohort: Cohort
    dimension: str
    dimension_label: str
    dimension_choices: list[tuple[str, str]]
    participation: Participation
    shown_groups: list[GroupStatistics]
    hidden_groups: list[GroupStatistics]
    partly_hidden: list[GroupStatistics]
    table: list[TableRow]
    levels: LevelDistribution
    alpha: list[tuple[str, AlphaResult]]
    alpha_min_n: int
    hidden_reason: str
    figures: dict = field(default_factory=dict)


def cohort_page(cohort: Cohort, *, dimension: str) -> CohortPage:
    """Everything the association dashboard shows for a cohort and a chosen dimension."""
    if dimension not in PEER_DIMENSIONS:
        dimension = DEFAULT_DIMENSION
    names = catalogue(cohort.instrument)
    whole = cohort_statistics(cohort, dimension=COHORT)
    groups = cohort_statistics(cohort, dimension=dimension)
    shown = [group for group in whole + groups if group.visible]
    measures = names.all
    figures = {
        "capabilities": bc.quartile_boxes(names.capabilities, _figures(shown)),
        "layers": bc.quartile_boxes(names.layers, _figures(shown)),
    }
    alpha = cohort_alpha(cohort)
    return CohortPage(
        cohort=cohort,
        dimension=dimension,
        dimension_label=DIMENSION_LABELS[dimension],
        dimension_choices=[(d, DIMENSION_LABELS[d]) for d in PEER_DIMENSIONS],
        participation=participation(cohort),
        shown_groups=shown,
        hidden_groups=[group for group in whole + groups if not group.visible],
        partly_hidden=[
            group
            for group in shown
            if any(m.key not in group.distributions for m in measures)
            and any(m.key in group.distributions for m in measures)
        ],
        table=[
            TableRow(measure, [group.distributions.get(measure.key) for group in shown])
            for measure in measures
        ],
        levels=level_distribution(cohort),
        alpha=[(names.capability_titles.get(code, code), result) for code, result in alpha.items()],
        alpha_min_n=int(cohort.instrument.threshold("psychometrics_min_n")),
        hidden_reason=HIDDEN_REASON.format(k=cohort.k_threshold),
        figures=figures,
    )


def export_rows(cohort: Cohort) -> list[list]:
    """Aggregates of every dimension; hidden groups as "suppressed" rows without numbers."""
    measures = catalogue(cohort.instrument).all
    rows: list[list] = []
    for dimension in DIMENSIONS:
        statistics = cohort_statistics(cohort, dimension=dimension)
        rows += bc.aggregate_rows(DIMENSION_LABELS[dimension], measures, _figures(statistics))
    return rows


# --- Member view ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    measure: bc.Measure
    firm_score: float | None
    distribution: object | None  # Distribution or None (hidden)
    rank: float | None


@dataclass
class MemberSection:
    membership: CohortMembership
    benchmark: MemberBenchmark | None
    dimension_label: str
    rows: list[MemberRow]
    hidden_reason: str
    figure: object | None = None  # the radar, when the firm has a round


def member_sections(firm: Firm) -> list[MemberSection]:
    """One section per cohort the firm consents in, against the peer group its members chose."""
    memberships = list(
        CohortMembership.objects.filter(
            firm=firm, consent_at__isnull=False, withdrawn_at__isnull=True
        )
        .select_related("cohort__association", "cohort__instrument")
        .order_by("cohort__association__name", "cohort__name")
    )
    sections = []
    catalogues: dict[int, Catalogue] = {}
    for membership in memberships:
        cohort = membership.cohort
        dimension = membership.peer_group if membership.peer_group in DIMENSIONS else COHORT
        benchmark = member_benchmark(cohort, firm, dimension=dimension)
        if cohort.instrument_id not in catalogues:
            catalogues[cohort.instrument_id] = catalogue(cohort.instrument)
        names = catalogues[cohort.instrument_id]
        rows, figure = [], None
        if benchmark is not None:
            rows = [
                MemberRow(
                    measure,
                    benchmark.firm_scores.get(measure.key),
                    benchmark.distributions.get(measure.key),
                    benchmark.ranks.get(measure.key),
                )
                for measure in names.all
            ]
            if benchmark.round is not None:
                codes = [code for group in names.axis_groups for code, _ in group.capabilities]
                figure = charts.capability_radar(
                    names.axis_groups,
                    {code: benchmark.firm_scores.get(f"capability:{code}") for code in codes},
                    label=firm.name,
                    band=bc.peer_band(benchmark.distributions, codes, label=benchmark.label),
                )
        sections.append(
            MemberSection(
                membership=membership,
                benchmark=benchmark,
                dimension_label=DIMENSION_LABELS[dimension],
                rows=rows,
                hidden_reason=HIDDEN_REASON.format(k=cohort.k_threshold),
                figure=figure,
            )
        )
    return sections
