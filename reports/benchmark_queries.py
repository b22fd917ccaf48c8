"""Peer statistics from the database: fetch at the edge, then apply ``reports.benchmarks``.

Every figure comes from the stored ``RoundScore`` rows of each consenting member firm's latest
closed round on the cohort's instrument version (``cohort_rounds``). Which groups may be shown is
decided per measure by ``benchmarks.visible_groups`` over the whole cohort, the same for every user;
hidden groups carry no number at all.

The values of a cohort are fetched once per change of its data (two queries) and everything is
computed in Python with the pure functions of ``reports.benchmarks`` (quartiles exactly as
PostgreSQL's ``percentile_cont``), the same way on PostgreSQL and SQLite; the visibility of every
group and the sorted values and distributions of the visible ones are cached (Django's cache) under
a key that includes a data version read fresh on every call (two cheap aggregate queries), so a
changed cohort is never served old figures. Each function runs a fixed number of queries, whatever
the number of firms; see ``docs/performance.md``.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.cache import cache
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
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
    Profile,
    percentile_cont,
    rank_from_counts,
    suppress_counts,
    visible_groups_from_margins,
)
from reports.psychometrics import cronbach_alpha

COHORT_LABEL = "Whole cohort"
NO_LEVEL = ""


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``.

    The figures are computed in Python from values fetched once per change of the cohort and
    cached (measured faster: ``docs/performance.md``); a test on PostgreSQL checks that this
    aggregate gives the same quartiles, so the two can never drift apart.
    """

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError(f"fraction must be in [0, 1], got {fraction}")
        super().__init__(expression, fraction=repr(fraction), **extra)


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


def _group_field(dimension: str) -> str | None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown peer-group dimension {dimension!r}")
    return None if dimension == COHORT else f"round__firm__{dimension}"


# --- The cohort's figures, fetched once per change of its data and cached ------------------------
#
# Every figure of a cohort depends only on its data: which memberships consent, each consenting
# firm's latest closed round on the instrument (its stored scores are written in the same
# transaction that closes it and never change afterwards), each firm's profile, and k. So the
# values are fetched once (two queries), visibility and the visible groups' sorted values and
# distributions are computed in Python with ``reports.benchmarks``, and the result is cached under
# a key that includes a *data version* read fresh on every call (two cheap aggregate queries over
# the cohort's memberships and its member firms' closed rounds, see ``_data_version``). Any change
# (consent given or withdrawn, a membership added or removed, a round closed, reopened or deleted,
# a firm's sector, size band, technology intensity or region changed, k changed) gives a new key,
# so a cached entry can never be served for data that has changed since it was computed. The
# version is read before the values, so an entry is never older than its key.

CACHE_SECONDS = 3600  # only to free memory: a changed cohort gets a new key at once
_CACHE_PREFIX = "peer-statistics:v1"


def _profile_code():
    """A number per firm profile (0 for values outside the choices), as an SQL expression."""
    code, radix = Value(0, output_field=BigIntegerField()), 1
    for dimension in PEER_DIMENSIONS:
        values = [value for value, _ in Firm._meta.get_field(dimension).choices]
        position = Case(
            *(
                When(**{f"firm__{dimension}": value}, then=Value(i + 1))
                for i, value in enumerate(values)
            ),
            default=Value(0),
            output_field=BigIntegerField(),
        )
        code = code + position * Value(radix)
        radix *= len(values) + 1
    return ExpressionWrapper(code, output_field=BigIntegerField())


def _data_version(cohort: Cohort) -> tuple:
    """What the cohort's figures depend on, summed up (2 queries, no scan of the scores).

    Memberships: count, last id, latest consent and withdrawal, and for the consenting ones their
    count, the sum of their firm ids and two sums of a code of the firm's profile (one weighted by
    the firm id, so that firms swapping profiles change it too). Closed rounds of the member firms
    on the instrument: count, sum and last of their ids, latest closing time.
    """
    consenting = Q(consent_at__isnull=False, withdrawn_at__isnull=True)
    code = _profile_code()
    members = CohortMembership.objects.filter(cohort=cohort).aggregate(
        n=Count("pk"),
        last=Max("pk"),
        consent=Max("consent_at"),
        withdrawn=Max("withdrawn_at"),
        consenting=Count("pk", filter=consenting),
        firms=Sum("firm_id", filter=consenting),
        profiles=Sum(code, filter=consenting),
        weighted=Sum(
            ExpressionWrapper(F("firm_id") * code, output_field=BigIntegerField()),
            filter=consenting,
        ),
    )
    rounds = AssessmentRound.objects.filter(
        instrument=cohort.instrument_id,
        status=RoundStatus.CLOSED,
        firm__cohort_memberships__cohort=cohort,
    ).aggregate(n=Count("pk"), ids=Sum("pk"), last=Max("pk"), closed=Max("closed_at"))
    return (
        cohort.pk,
        cohort.instrument_id,
        cohort.k_threshold,
        tuple(sorted(members.items())),
        tuple(sorted(rounds.items())),
    )


@dataclass(frozen=True)
class _Visibility:
    """Per measure with at least one score: the visible groups and each dimension's values."""

    visible: dict[str, frozenset[GroupKey]]
    present: dict[str, dict[str, frozenset[str]]]


@dataclass(frozen=True)
class _Columns:
    """The cohort's values: per measure, each firm's profile (an index into ``profiles``) and
    score, both in ascending order of score."""

    profiles: list[Profile]
    columns: dict[str, tuple[array, array]]


@dataclass(frozen=True)
class _Groups:
    """One dimension: sorted values and distribution of each *visible* (measure, group value)."""

    values: dict[tuple[str, str], array]
    distributions: dict[tuple[str, str], Distribution]


def _sorted_distribution(values: array) -> Distribution:
    """``benchmarks.distribution`` of values already in ascending order (no second sort)."""
    return Distribution(
        n=len(values),
        p25=percentile_cont(values, 0.25),
        p50=percentile_cont(values, 0.5),
        p75=percentile_cont(values, 0.75),
        mean=math.fsum(values) / len(values),
    )


def _measure_margins(
    profiles: Sequence[Profile], counts: Mapping[str, Counter[int]]
) -> dict[str, Margins]:
    """Measure -> margins of the cross-tab of the firms with a value for it.

    The margins of the fullest cross-tab are computed once and each measure's are derived by
    subtracting its few missing firms.
    """
    base_cells: Counter[int] = Counter()
    for cells in counts.values():
        for profile, n in cells.items():
            base_cells[profile] = max(base_cells[profile], n)
    base = Margins.of({profiles[p]: n for p, n in base_cells.items()})
    margins = {}
    for measure, cells in counts.items():
        missing = {profiles[p]: n - cells[p] for p, n in base_cells.items() if cells[p] < n}
        found = base.minus(Margins.of(missing)) if missing else base
        if found.total > 0:
            margins[measure] = found
    return margins


def _fetch(cohort: Cohort) -> _Columns:
    """The cohort's values (2 queries)."""
    profiles: list[Profile] = []
    index: dict[Profile, int] = {}
    of_round: dict[int, int] = {}
    rounds = cohort_rounds(cohort).order_by()
    for pk, *profile in rounds.values_list("pk", *(f"firm__{d}" for d in PEER_DIMENSIONS)):
        profile = tuple(profile)
        if profile not in index:
            index[profile] = len(profiles)
            profiles.append(profile)
        of_round[pk] = index[profile]
    rows: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for row in _scores(cohort).values_list("measure", "round", "value"):
        rows[row[0]].append(row)
    columns = {}
    for measure, found in rows.items():
        # A round closed between the two queries is left out (its profile is not known yet).
        found = [row for row in found if row[1] in of_round]
        if found:
            found.sort(key=itemgetter(2))
            columns[measure] = (
                array("i", [of_round[row[1]] for row in found]),
                array("d", [row[2] for row in found]),
            )
    return _Columns(profiles, columns)


def _visibility_of(data: _Columns, k: int) -> _Visibility:
    margins = _measure_margins(
        data.profiles, {m: Counter(cells) for m, (cells, _) in data.columns.items()}
    )
    present = {
        measure: {
            dimension: frozenset(value for value, n in found.single[dimension].items() if n > 0)
            for dimension in PEER_DIMENSIONS
        }
        for measure, found in margins.items()
    }
    return _Visibility(_visibility(margins, k), present)


def _groups_of(data: _Columns, visibility: _Visibility, dimension: str) -> _Groups:
    """Sorted values and distributions of the visible groups of one dimension (no query)."""
    values: dict[tuple[str, str], array] = {}
    table: list[str] = []
    if dimension != COHORT:
        position = PEER_DIMENSIONS.index(dimension)
        table = [profile[position] for profile in data.profiles]
    for measure, (cells, scores) in data.columns.items():
        visible = visibility.visible.get(measure, ())
        shown = {key.value for key in visible if key.dimension == dimension}
        if not shown:
            continue
        if dimension == COHORT:
            values[measure, ""] = scores
            continue
        lists: dict[str, list[float]] = {value: [] for value in shown}
        for value, score in zip(map(table.__getitem__, cells), scores, strict=True):
            target = lists.get(value)
            if target is not None:
                target.append(score)
        values.update({(measure, v): array("d", found) for v, found in lists.items() if found})
    return _Groups(values, {key: _sorted_distribution(found) for key, found in values.items()})


def _snapshot(cohort: Cohort, dimension: str) -> tuple[_Visibility, _Groups]:
    """The cohort's visibility and one dimension's groups.

    From the cache when the cohort's data version is unchanged (2 queries). Otherwise the values
    are fetched (2 more queries), and the visibility and the dimension's groups computed and
    cached together with the values, from which another dimension is then computed without a
    query.
    """
    version = hashlib.sha256(repr(_data_version(cohort)).encode()).hexdigest()[:40]
    base = f"{_CACHE_PREFIX}:{cohort.pk}:{version}"
    keys = {"visibility": f"{base}:visibility", "groups": f"{base}:{dimension}"}
    found = cache.get_many(list(keys.values()))
    visibility, groups = found.get(keys["visibility"]), found.get(keys["groups"])
    if visibility is not None and groups is not None:
        return visibility, groups
    data = cache.get(f"{base}:values") if visibility is not None else None
    fresh = {}
    if data is None or visibility is None:
        data = _fetch(cohort)
        visibility = _visibility_of(data, cohort.k_threshold)
        fresh = {f"{base}:values": data, keys["visibility"]: visibility}
    groups = _groups_of(data, visibility, dimension)
    fresh[keys["groups"]] = groups
    cache.set_many(fresh, CACHE_SECONDS)
    return visibility, groups


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

    Two queries when the cohort's figures are cached (the data version), four when they are not.
    """
    _group_field(dimension)
    visibility, groups = _snapshot(cohort, dimension)
    wanted = list(visibility.present) if measures is None else list(measures)
    wanted = [measure for measure in wanted if measure in visibility.present]
    if dimension == COHORT:
        keys = [COHORT_KEY] if wanted else []
    else:
        present = {value for measure in wanted for value in visibility.present[measure][dimension]}
        order = _choice_order(dimension)
        keys = [
            GroupKey(dimension, value)
            for value in sorted(present, key=lambda v: (order.get(v, len(order)), v))
        ]
    result = []
    for key in keys:
        figures = {
            measure: groups.distributions[measure, key.value]
            for measure in wanted
            if key in visibility.visible[measure] and (measure, key.value) in groups.distributions
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
    _group_field(dimension)
    group = COHORT_KEY if dimension == COHORT else GroupKey(dimension, getattr(firm, dimension))
    visibility, groups = _snapshot(cohort, dimension)
    round_ = cohort_rounds(cohort).filter(firm=firm).first()
    firm_scores: dict[str, float] = {}
    if round_ is not None:
        firm_scores = dict(RoundScore.objects.filter(round=round_).values_list("measure", "value"))
    distributions = {
        measure: groups.distributions[measure, group.value]
        for measure, shown in visibility.visible.items()
        if group in shown and (measure, group.value) in groups.distributions
    }
    ranks = {}
    for measure, value in firm_scores.items():
        if measure in distributions:
            peers = groups.values[measure, group.value]
            below, up_to = bisect_left(peers, value), bisect_right(peers, value)
            ranks[measure] = rank_from_counts(below, up_to - below, len(peers))
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
    a score. Five queries when the cohort's figures are cached, seven when they are not, whatever
    the cohort's size.
    """
    _group_field(dimension)
    membership = (
        CohortMembership.objects.filter(cohort=cohort, firm=firm).select_related("cohort").first()
    )
    if membership is None:
        return None
    return _member_benchmark(membership, firm, dimension)


def firm_benchmarks(
    firm: Firm, *, dimension: str | None = None, instrument: int | None = None
) -> list[MemberBenchmark]:
    """The firm's benchmark in each cohort it consents in on one instrument version.

    ``instrument`` (an id) defaults to that of the firm's latest closed round. ``dimension``
    defaults to each membership's chosen peer group (the cohort if that is unknown).
    """
    if instrument is None:
        latest = (
            AssessmentRound.objects.filter(firm=firm, status=RoundStatus.CLOSED)
            .order_by("-closed_at", "-pk")
            .first()
        )
        if latest is None:
            return []
        instrument = latest.instrument_id
    memberships = (
        consenting_memberships_of(firm)
        .filter(cohort__instrument=instrument)
        .select_related("cohort__association")
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
