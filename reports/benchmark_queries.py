"""Peer statistics from the database: fetch at the edge, then apply ``reports.benchmarks``.

Every figure comes from the stored ``RoundScore`` rows of each consenting member firm's latest
closed round on the cohort's instrument version (``cohort_rounds``). Which groups may be shown is
decided per measure by ``benchmarks.visible_groups`` over the whole cohort, the same for every user;
hidden groups carry no number at all.

On PostgreSQL n, mean and the quartiles (``percentile_cont``) are computed in the database and the
percentile rank is counted there with conditional aggregates; elsewhere (SQLite) the values are
fetched and the same pure functions compute the same numbers. Either way each function runs a fixed
number of queries, whatever the number of firms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
)

from assessment.models import (
    Answer,
    AssessmentRound,
    Capability,
    Cohort,
    CohortMembership,
    Firm,
    Item,
    PracticeMode,
    RoundScore,
    RoundStatus,
    Side,
)
from assessment.round_scores import DCI, capability_measure, layer_measure, mode_measure
from reports.benchmarks import (
    COHORT,
    COHORT_KEY,
    DIMENSIONS,
    PEER_DIMENSIONS,
    Distribution,
    GroupKey,
    Margins,
    distribution,
    percentile_rank,
    rank_from_counts,
    suppress_counts,
    visible_groups_from_margins,
)
from reports.psychometrics import cronbach_alpha

COHORT_LABEL = "Whole cohort"
NO_LEVEL = ""
_QUARTILES = (("p25", 0.25), ("p50", 0.5), ("p75", 0.75))


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError(f"fraction must be in [0, 1], got {fraction}")
        super().__init__(expression, fraction=repr(fraction), **extra)


def _in_database() -> bool:
    return connection.vendor == "postgresql"


# --- Which rounds count --------------------------------------------------------------------------


def consenting_memberships(cohort: Cohort) -> QuerySet[CohortMembership]:
    return CohortMembership.objects.filter(
        cohort=cohort, consent_at__isnull=False, withdrawn_at__isnull=True
    )


def cohort_rounds(cohort: Cohort) -> QuerySet[AssessmentRound]:
    """Each consenting member firm's latest closed round on the cohort's instrument version."""
    later = AssessmentRound.objects.filter(
        firm=OuterRef("firm"), instrument=OuterRef("instrument"), status=RoundStatus.CLOSED
    ).filter(
        Q(closed_at__gt=OuterRef("closed_at"))
        | Q(closed_at=OuterRef("closed_at"), pk__gt=OuterRef("pk"))
    )
    return AssessmentRound.objects.filter(
        instrument=cohort.instrument_id,
        status=RoundStatus.CLOSED,
        firm__in=consenting_memberships(cohort).values("firm"),
    ).filter(~Exists(later))


def _scores(cohort: Cohort, measures: Sequence[str] | None = None) -> QuerySet[RoundScore]:
    scores = RoundScore.objects.filter(round__in=cohort_rounds(cohort).values("pk"))
    if measures is not None:
        scores = scores.filter(measure__in=list(measures))
    return scores.order_by()


# --- Visibility ----------------------------------------------------------------------------------


def instrument_measures(instrument_id: int) -> list[str]:
    """Every measure an instrument version can score, in instrument order (2 queries)."""
    capabilities = list(
        Capability.objects.filter(instrument=instrument_id)
        .order_by("layer__position", "position")
        .values_list("code", "layer__code")
    )
    layers = list(dict.fromkeys(layer for _, layer in capabilities))
    modes = PracticeMode.objects.filter(instrument=instrument_id).order_by("position")
    return [
        *(capability_measure(code) for code, _ in capabilities),
        *(layer_measure(code) for code in layers),
        DCI,
        *(
            mode_measure(code, side)
            for code in modes.values_list("code", flat=True)
            for side in Side.values
        ),
    ]


def _measure_margins(cohort: Cohort, measures: Sequence[str]) -> dict[str, Margins]:
    """Measure -> margins of the cross-tab of the firms with a value for it (1 query).

    One row per firm profile with a count per measure; the margins of the fullest cross-tab are
    computed once and each measure's are derived by subtracting its few missing firms.
    """
    names = {f"m{i}": measure for i, measure in enumerate(measures)}
    fields = [f"firm__{dimension}" for dimension in PEER_DIMENSIONS]
    rows = list(
        cohort_rounds(cohort)
        .order_by()
        .values(*fields)
        .annotate(
            **{
                name: Count("scores", filter=Q(scores__measure=measure))
                for name, measure in names.items()
            }
        )
        .values_list(*fields, *names)
    )
    width = len(fields)
    base_cells = {row[:width]: max(row[width:], default=0) for row in rows}
    base = Margins.of(base_cells)
    margins = {}
    for i, measure in enumerate(measures):
        missing = {
            row[:width]: base_cells[row[:width]] - row[width + i]
            for row in rows
            if row[width + i] < base_cells[row[:width]]
        }
        found = base.minus(Margins.of(missing)) if missing else base
        if found.total > 0:
            margins[measure] = found
    return margins


def _visibility(margins: Mapping[str, Margins], k: int) -> dict[str, frozenset[GroupKey]]:
    """Measure -> visible groups; measures with the same margins share one computation."""
    cache: dict[tuple, frozenset[GroupKey]] = {}
    visible = {}
    for measure, found in margins.items():
        key = found.fingerprint()
        if key not in cache:
            cache[key] = visible_groups_from_margins(found, k)
        visible[measure] = cache[key]
    return visible


# --- Distributions and ranks ---------------------------------------------------------------------


def _group_field(dimension: str) -> str | None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown peer-group dimension {dimension!r}")
    return None if dimension == COHORT else f"round__firm__{dimension}"


def _distributions(
    scores: QuerySet[RoundScore], group_field: str | None
) -> dict[tuple[str, str], Distribution]:
    """(measure, group value) -> distribution; the value is "" for the whole cohort (1 query)."""
    fields = ["measure"] if group_field is None else ["measure", group_field]
    result: dict[tuple[str, str], Distribution] = {}
    if _in_database():
        rows = scores.values(*fields).annotate(
            n=Count("pk"),
            mean=Avg("value"),
            **{name: PercentileCont("value", fraction) for name, fraction in _QUARTILES},
        )
        for row in rows:
            value = row[group_field] if group_field else ""
            result[row["measure"], value] = Distribution(
                n=row["n"], p25=row["p25"], p50=row["p50"], p75=row["p75"], mean=row["mean"]
            )
        return result
    for key, values in _values(scores, group_field).items():
        result[key] = distribution(values)
    return result


def _values(scores: QuerySet[RoundScore], group_field: str | None) -> dict[tuple[str, str], list]:
    """(measure, group value) -> values, fetched (1 query); the fallback away from PostgreSQL."""
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    if group_field is None:
        for measure, value in scores.values_list("measure", "value"):
            values[measure, ""].append(value)
    else:
        for measure, group, value in scores.values_list("measure", group_field, "value"):
            values[measure, group].append(value)
    return values


def _ranks_in_database(
    scores: QuerySet[RoundScore], firm_scores: Mapping[str, float]
) -> dict[str, float]:
    """Measure -> percentile rank of the firm's score among the rows (1 query)."""
    if not firm_scores:
        return {}
    aggregates = {}
    for i, (measure, value) in enumerate(firm_scores.items()):
        aggregates[f"n{i}"] = Count("pk", filter=Q(measure=measure))
        aggregates[f"below{i}"] = Count("pk", filter=Q(measure=measure, value__lt=value))
        aggregates[f"tied{i}"] = Count("pk", filter=Q(measure=measure, value=value))
    counts = scores.filter(measure__in=list(firm_scores)).aggregate(**aggregates)
    return {
        measure: rank_from_counts(counts[f"below{i}"], counts[f"tied{i}"], counts[f"n{i}"])
        for i, measure in enumerate(firm_scores)
        if counts[f"n{i}"]
    }


# --- Labels --------------------------------------------------------------------------------------


def group_label(key: GroupKey) -> str:
    if key.dimension == COHORT:
        return COHORT_LABEL
    choices = dict(Firm._meta.get_field(key.dimension).choices)
    return str(choices.get(key.value, key.value))


def _choice_order(dimension: str) -> dict[str, int]:
    return {value: i for i, (value, _) in enumerate(Firm._meta.get_field(dimension).choices or [])}


# --- Public API ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStatistics:
    """One peer group's figures: a distribution per measure for which the group may be shown.

    ``visible`` is True when at least one measure may be shown; a hidden group has no figure and
    no count at all (``distributions`` is empty).
    """

    key: GroupKey
    label: str
    visible: bool
    distributions: Mapping[str, Distribution] = field(default_factory=dict)


def cohort_statistics(
    cohort: Cohort, *, dimension: str, measures: Sequence[str] | None = None
) -> list[GroupStatistics]:
    """Each value of ``dimension`` that has firms (one group for the cohort), in choice order.

    Two queries on any database size: the cross-tab for visibility, then the distributions.
    """
    group_field = _group_field(dimension)
    measures = list(measures) if measures is not None else instrument_measures(cohort.instrument_id)
    scores = _scores(cohort, measures)
    margins = _measure_margins(cohort, measures)
    visible = _visibility(margins, cohort.k_threshold)
    if dimension == COHORT:
        keys = [COHORT_KEY] if margins else []
    else:
        present = {
            value
            for found in margins.values()
            for value, n in found.single[dimension].items()
            if n > 0
        }
        order = _choice_order(dimension)
        keys = [
            GroupKey(dimension, value)
            for value in sorted(present, key=lambda v: (order.get(v, len(order)), v))
        ]
    shown_anywhere = {key for groups in visible.values() for key in groups}
    distributions = _distributions(scores, group_field) if shown_anywhere else {}
    result = []
    for key in keys:
        figures = {
            measure: distributions[measure, key.value]
            for measure in margins
            if key in visible[measure] and (measure, key.value) in distributions
        }
        result.append(GroupStatistics(key, group_label(key), bool(figures), figures))
    return result


@dataclass(frozen=True)
class MemberBenchmark:
    """A member firm's own scores against its peer group (figures only for visible measures)."""

    cohort: Cohort
    group: GroupKey
    label: str
    visible: bool
    firm_scores: Mapping[str, float]
    distributions: Mapping[str, Distribution]
    ranks: Mapping[str, float]
    round: AssessmentRound | None


def _member_benchmark(
    membership: CohortMembership, firm: Firm, dimension: str
) -> MemberBenchmark | None:
    cohort = membership.cohort
    if not membership.is_consenting:
        return None
    group_field = _group_field(dimension)
    group = COHORT_KEY if dimension == COHORT else GroupKey(dimension, getattr(firm, dimension))
    round_ = cohort_rounds(cohort).filter(firm=firm).first()
    firm_scores: dict[str, float] = {}
    if round_ is not None:
        firm_scores = dict(RoundScore.objects.filter(round=round_).values_list("measure", "value"))
    visible = _visibility(
        _measure_margins(cohort, instrument_measures(cohort.instrument_id)), cohort.k_threshold
    )
    measures = [measure for measure, groups in visible.items() if group in groups]
    group_scores = _scores(cohort, measures)
    if group_field is not None:
        group_scores = group_scores.filter(**{group_field: group.value})
    distributions: dict[str, Distribution] = {}
    ranks: dict[str, float] = {}
    if measures:
        shown = set(measures)
        ranked = {m: v for m, v in firm_scores.items() if m in shown}
        if _in_database():
            found = _distributions(group_scores, None)
            ranks = _ranks_in_database(group_scores, ranked)
        else:
            values = _values(group_scores, None)
            found = {key: distribution(group) for key, group in values.items()}
            ranks = {m: percentile_rank(v, values[m, ""]) for m, v in ranked.items()}
        distributions = {m: found[m, ""] for m in measures if (m, "") in found}
    return MemberBenchmark(
        cohort=cohort,
        group=group,
        label=group_label(group),
        visible=bool(distributions),
        firm_scores=firm_scores,
        distributions=distributions,
        ranks=ranks,
        round=round_,
    )


def member_benchmark(
    cohort: Cohort, firm: Firm, *, dimension: str = COHORT
) -> MemberBenchmark | None:
    """The firm's latest round's scores against its own group of ``dimension`` in the cohort.

    None when the firm is not a consenting member. The group's figures cover every measure for
    which the group is visible (even if the firm has no round yet); ranks only where the firm has
    a score. Six queries on PostgreSQL, five elsewhere, whatever the cohort's size.
    """
    _group_field(dimension)
    membership = (
        CohortMembership.objects.filter(cohort=cohort, firm=firm).select_related("cohort").first()
    )
    if membership is None:
        return None
    return _member_benchmark(membership, firm, dimension)


def firm_benchmarks(firm: Firm, *, dimension: str | None = None) -> list[MemberBenchmark]:
    """The firm's benchmark in each cohort it consents in whose instrument is its latest round's.

    ``dimension`` defaults to each membership's chosen peer group (the cohort if that is unknown).
    """
    latest = (
        AssessmentRound.objects.filter(firm=firm, status=RoundStatus.CLOSED)
        .order_by("-closed_at", "-pk")
        .first()
    )
    if latest is None:
        return []
    memberships = (
        consenting_memberships_of(firm)
        .filter(cohort__instrument=latest.instrument_id)
        .select_related("cohort")
        .order_by("cohort__name", "pk")
    )
    result = []
    for membership in memberships:
        chosen = dimension or membership.peer_group
        benchmark = _member_benchmark(membership, firm, chosen if chosen in DIMENSIONS else COHORT)
        if benchmark is not None:
            result.append(benchmark)
    return result


def consenting_memberships_of(firm: Firm) -> QuerySet[CohortMembership]:
    return CohortMembership.objects.filter(
        firm=firm, consent_at__isnull=False, withdrawn_at__isnull=True
    )


@dataclass(frozen=True)
class Participation:
    """Counts of firms; a count between 1 and k − 1 is None (suppressed).

    ``invited`` is the association's own number and always shown; ``joined`` counts memberships,
    ``consenting`` those with consent given and not withdrawn, ``completed`` those of them with a
    closed round on the cohort's instrument.
    """

    invited: int | None
    joined: int | None
    consenting: int | None
    completed: int | None


def _suppress(count: int, k: int) -> int | None:
    return count if count == 0 or count >= k else None


def participation(cohort: Cohort) -> Participation:
    """Participation figures of a cohort (2 queries)."""
    counts = CohortMembership.objects.filter(cohort=cohort).aggregate(
        joined=Count("pk"),
        consenting=Count("pk", filter=Q(consent_at__isnull=False, withdrawn_at__isnull=True)),
    )
    completed = cohort_rounds(cohort).count()
    k = cohort.k_threshold
    return Participation(
        invited=cohort.invited_count,
        joined=_suppress(counts["joined"], k),
        consenting=_suppress(counts["consenting"], k),
        completed=_suppress(completed, k),
    )


@dataclass(frozen=True)
class LevelDistribution:
    """Firms per development level over the cohort's rounds.

    ``counts`` maps each level code of the instrument (in order, then ``""`` for rounds without a
    level, if any) to a count or None where suppressed; ``n`` is the total, None (and every count
    None) when the cohort has fewer than k firms. ``labels`` gives each code's title.
    """

    visible: bool
    n: int | None
    counts: Mapping[str, int | None]
    labels: Mapping[str, str]


def level_distribution(cohort: Cohort) -> LevelDistribution:
    """Development levels reached, with small counts suppressed (1 query)."""
    levels = cohort.instrument.development_levels
    labels = {level["code"]: level["title"] for level in levels}
    found = dict(
        cohort_rounds(cohort)
        .order_by()
        .values("level_code")
        .annotate(n=Count("pk"))
        .values_list("level_code", "n")
    )
    raw = {code: found.get(code, 0) for code in labels}
    other = sum(n for code, n in found.items() if code not in labels)
    if other:
        raw[NO_LEVEL] = other
        labels[NO_LEVEL] = "No level assigned"
    total = sum(raw.values())
    k = cohort.k_threshold
    if total < k:
        return LevelDistribution(False, None, dict.fromkeys(raw), labels)
    return LevelDistribution(True, total, suppress_counts(raw, k), labels)


@dataclass(frozen=True)
class AlphaResult:
    """Cronbach's alpha of one capability; ``alpha`` is None unless ``shown``.

    ``n`` counts the respondents with complete answers on the capability's ``items`` (0 when the
    cohort itself is too small to show anything).
    """

    n: int
    items: int
    alpha: float | None
    shown: bool


def _capability_items(cohort: Cohort) -> dict[str, list[tuple[int, bool, str]]]:
    items: dict[str, list[tuple[int, bool, str]]] = defaultdict(list)
    rows = (
        Item.objects.filter(instrument=cohort.instrument_id, facet__isnull=False)
        .order_by("position")
        .values_list("facet__capability__code", "pk", "reverse_keyed", "scale")
    )
    for code, pk, reverse_keyed, scale in rows:
        items[code].append((pk, reverse_keyed, scale))
    return dict(items)


def _respondent_answers(cohort: Cohort) -> dict[int, dict[int, int | None]]:
    answers: dict[int, dict[int, int | None]] = defaultdict(dict)
    rows = Answer.objects.filter(
        respondent__round__in=cohort_rounds(cohort).values("pk"),
        respondent__submitted_at__isnull=False,
        respondent__revoked_at__isnull=True,
        item__facet__isnull=False,
    ).values_list("respondent_id", "item_id", "value")
    for respondent, item, value in rows:
        answers[respondent][item] = value
    return dict(answers)


def cohort_alpha(cohort: Cohort) -> dict[str, AlphaResult]:
    """Cronbach's alpha per capability over the cohort's submitted, non-revoked respondents.

    Shown when at least ``psychometrics_min_n`` respondents answered all of a capability's items
    and the cohort has at least k firms. Four queries.
    """
    instrument = cohort.instrument
    min_n = instrument.threshold("psychometrics_min_n")
    cohort_visible = cohort_rounds(cohort).count() >= cohort.k_threshold
    items = _capability_items(cohort)
    answers = _respondent_answers(cohort) if cohort_visible else {}
    scales = instrument.scales
    result = {}
    for code, capability_items in items.items():
        rows = []
        for given in answers.values():
            row: list[float | None] = []
            for pk, reverse_keyed, scale in capability_items:
                value = given.get(pk)
                if value is not None and reverse_keyed:
                    value = scales[scale]["min"] + scales[scale]["max"] - value
                row.append(value)
            if None not in row:
                rows.append(row)
        shown = cohort_visible and len(rows) >= min_n
        result[code] = AlphaResult(
            n=len(rows),
            items=len(capability_items),
            alpha=cronbach_alpha(rows) if shown else None,
            shown=shown,
        )
    return result


def measures_in(cohort: Cohort) -> list[str]:
    """The measures with at least one stored score in the cohort (1 query)."""
    return sorted(set(_scores(cohort).values_list("measure", flat=True).distinct()))


__all__ = [
    "AlphaResult",
    "GroupStatistics",
    "LevelDistribution",
    "MemberBenchmark",
    "Participation",
    "PercentileCont",
    "cohort_alpha",
    "cohort_rounds",
    "cohort_statistics",
    "firm_benchmarks",
    "level_distribution",
    "measures_in",
    "member_benchmark",
    "participation",
]
