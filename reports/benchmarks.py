"""Peer statistics and the k-anonymity rules, as pure functions of plain data (DESIGN §3.8).

Nothing here touches the database or a request: ``reports.benchmark_queries`` fetches the numbers
and calls these functions, so the rules are tested without a database and hold for every page,
chart, export and JSON answer built on them.

Percentiles are computed exactly as PostgreSQL's ``percentile_cont`` (linear interpolation between
the two nearest ranks), so that the database and the Python fallback give the same numbers.

**Which groups may be shown** (``visible_groups``), decided per measure from the cross-tab of the
firms that have a value for that measure, and the same for every user (association admins and
members alike, so nobody can combine two views):

1. *Primary suppression.* A group of fewer than ``k`` firms is hidden. If the whole cohort has fewer
   than ``k`` firms, nothing is shown.
2. *Differencing between two figures.* For any two shown groups A and B (of any dimensions, the
   whole cohort included), the firms in A but not in B must number 0 or at least ``k``, and likewise
   B but not A. Example (k = 5): sector C of 7 firms beside size band "medium" of 6 firms, all of
   them in sector C: C without "medium" is one firm, so one of the two is hidden.
3. *The hidden remainder.* Within each dimension, the firms of the cohort not covered by its shown
   values (cohort minus the shown sectors, say) can be computed, so that remainder must number 0 or
   at least ``k``; otherwise the smallest shown value of that dimension is hidden too. Example
   (k = 5): sectors of 6, 6 and 2 firms: the 2 is hidden, and as the cohort minus two sectors of 6
   would reveal it, one of the 6 is hidden as well; the cohort is still shown. The remainder is
   then treated as a group of its own under rule 2 (cohort minus shown sectors, minus a shown size
   band, must not single out fewer than ``k`` firms either).

Rules 2 and 3 are applied repeatedly until nothing changes (a fixpoint); hiding a group never makes
another one unsafe to hide, and the cohort alone is always consistent, so this ends.

**Limits** (also in ``docs/benchmarks.md``): the rules guard differences of two figures (a group
or a dimension's remainder) shown at one moment. They do not audit every linear combination of
three or more groups across dimensions, nor differencing over time (a figure before and after one
firm withdraws its consent or completes a new round differs by that firm); nor can they stop a
homogeneous group from revealing that all its firms score alike.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

COHORT = "cohort"
PEER_DIMENSIONS = ("sector", "size_band", "technology_intensity", "region")
DIMENSIONS = (COHORT, *PEER_DIMENSIONS)

Profile = tuple[str, str, str, str]  # (sector, size_band, technology_intensity, region)


@dataclass(frozen=True)
class GroupKey:
    """A peer group: the whole cohort (value "") or the firms with one value of a dimension."""

    dimension: str
    value: str = ""


COHORT_KEY = GroupKey(COHORT)


@dataclass(frozen=True)
class Distribution:
    n: int
    p25: float
    p50: float
    p75: float
    mean: float


def percentile_cont(sorted_values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile of ascending values, interpolated as PostgreSQL does.

    Position ``fraction × (n − 1)`` (0-based) between the two neighbouring values.
    """
    if not sorted_values:
        raise ValueError("percentile_cont of no values")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be in [0, 1], got {fraction}")
    position = fraction * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    first = float(sorted_values[lower])
    if upper == lower:
        return first
    return first + (float(sorted_values[upper]) - first) * (position - lower)


def distribution(values: Iterable[float]) -> Distribution:
    """n, quartiles (as ``percentile_cont``) and mean of at least one value."""
    ordered = sorted(float(value) for value in values)
    if not ordered:
        raise ValueError("distribution of no values")
    return Distribution(
        n=len(ordered),
        p25=percentile_cont(ordered, 0.25),
        p50=percentile_cont(ordered, 0.5),
        p75=percentile_cont(ordered, 0.75),
        mean=math.fsum(ordered) / len(ordered),
    )


def rank_from_counts(below: int, tied: int, n: int) -> float:
    """Percentile rank in % from the number of peers below, tied with (itself included) and all."""
    if n <= 0:
        raise ValueError("percentile rank among no peers")
    return 100.0 * (below + 0.5 * tied) / n


def percentile_rank(value: float, peer_values: Sequence[float]) -> float:
    """Share of peers below ``value`` plus half of those tied with it, in % (DESIGN §3.8).

    ``peer_values`` is the whole group, the firm itself included, so a firm alone at the top of
    a group of n scores 100 − 50 / n.
    """
    below = sum(1 for peer in peer_values if peer < value)
    tied = sum(1 for peer in peer_values if peer == value)
    return rank_from_counts(below, tied, len(peer_values))


# --- k-anonymity ----------------------------------------------------------------------------------


_PAIRS = tuple(combinations(range(len(PEER_DIMENSIONS)), 2))


class Margins:
    """The one- and two-way margins of a cross-tab: all that the k rules need.

    Sizes and pairwise overlaps of the groups come from these. A group is a ``GroupKey``; the
    *remainder* of a dimension (cohort minus its shown values) is written as the dimension's name.
    """

    def __init__(
        self,
        total: int,
        single: Mapping[str, Counter[str]],
        pair: Mapping[tuple[int, int], Counter[tuple[str, str]]],
    ) -> None:
        self.total = total
        self.single = {d: Counter(single.get(d, {})) for d in PEER_DIMENSIONS}
        self.pair: dict[tuple[int, int], Counter[tuple[str, str]]] = defaultdict(Counter)
        self.pair.update({key: Counter(counts) for key, counts in pair.items()})

    @classmethod
    def of(cls, profile_counts: Mapping[Profile, int]) -> Margins:
        total = 0
        single: dict[str, Counter[str]] = {d: Counter() for d in PEER_DIMENSIONS}
        pair: dict[tuple[int, int], Counter[tuple[str, str]]] = defaultdict(Counter)
        for profile, count in profile_counts.items():
            if count <= 0:
                continue
            total += count
            for i, value in enumerate(profile):
                single[PEER_DIMENSIONS[i]][value] += count
            for i, j in _PAIRS:
                pair[i, j][profile[i], profile[j]] += count
        return cls(total, single, pair)

    def minus(self, other: Margins) -> Margins:
        """The margins of a cross-tab minus a part of it (cell by cell never below zero)."""
        return Margins(
            self.total - other.total,
            {d: self.single[d] - other.single[d] for d in PEER_DIMENSIONS},
            {key: self.pair[key] - other.pair[key] for key in set(self.pair) | set(other.pair)},
        )

    def fingerprint(self) -> tuple:
        """Equal for equal margins (to share one visibility computation between measures)."""
        return (
            self.total,
            tuple(frozenset((+self.single[d]).items()) for d in PEER_DIMENSIONS),
            tuple(frozenset((+self.pair[key]).items()) for key in _PAIRS),
        )

    def all_groups(self) -> list[GroupKey]:
        return [
            GroupKey(dimension, value)
            for dimension in PEER_DIMENSIONS
            for value, count in sorted(self.single[dimension].items())
            if count > 0
        ]

    def size(self, key: GroupKey) -> int:
        return self.total if key.dimension == COHORT else self.single[key.dimension][key.value]

    def overlap(self, a: GroupKey, b: GroupKey) -> int:
        """Firms in both of two real groups (the cohort or a dimension's value)."""
        if a.dimension == COHORT:
            return self.size(b)
        if b.dimension == COHORT:
            return self.size(a)
        if a.dimension == b.dimension:
            return self.size(a) if a.value == b.value else 0
        i, j = PEER_DIMENSIONS.index(a.dimension), PEER_DIMENSIONS.index(b.dimension)
        if i < j:
            return self.pair[i, j][a.value, b.value]
        return self.pair[j, i][b.value, a.value]


def _order(key: GroupKey) -> tuple[int, str]:
    return DIMENSIONS.index(key.dimension), key.value


def visible_groups(profile_counts: Mapping[Profile, int], k: int) -> frozenset[GroupKey]:
    """The groups (cohort and dimension values) whose figures may be shown; see the module doc.

    ``profile_counts`` maps (sector, size_band, technology_intensity, region) to the number of
    firms with that profile (and a value for the measure in question).
    """
    return visible_groups_from_margins(Margins.of(profile_counts), k)


def visible_groups_from_margins(groups: Margins, k: int) -> frozenset[GroupKey]:
    """``visible_groups`` from the margins of the cross-tab (computed once, reused per measure)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if groups.total < k:
        return frozenset()
    shown = {key for key in groups.all_groups() if groups.size(key) >= k}
    memo: dict[tuple[str, str], object] = {}  # cleared whenever ``shown`` changes

    def shown_in(dimension: str) -> list[GroupKey]:
        """Shown values of a dimension, smallest first."""
        if ("in", dimension) not in memo:
            memo["in", dimension] = sorted(
                (key for key in shown if key.dimension == dimension),
                key=lambda key: (groups.size(key), key.value),
            )
        return memo["in", dimension]  # type: ignore[return-value]

    def remainder(dimension: str) -> int:
        if ("rest", dimension) not in memo:
            memo["rest", dimension] = groups.total - sum(
                groups.size(key) for key in shown_in(dimension)
            )
        return memo["rest", dimension]  # type: ignore[return-value]

    def remainder_overlap(dimension: str, other: GroupKey | str) -> int:
        """Firms in the remainder of ``dimension`` and in ``other`` (a group or a remainder)."""
        if isinstance(other, str):  # another dimension's remainder
            return remainder(dimension) - sum(
                remainder_overlap(dimension, key) for key in shown_in(other)
            )
        if other.dimension == dimension:
            return 0  # a shown value of the same dimension lies outside its remainder
        return groups.size(other) - sum(groups.overlap(key, other) for key in shown_in(dimension))

    def unsafe(difference: int) -> bool:
        return 0 < difference < k

    def to_hide_for(*parts: GroupKey | str) -> GroupKey | None:
        """Of two figures that difference too finely, the smallest group whose hiding helps."""
        candidates = []
        for part in parts:
            if isinstance(part, str):
                in_dimension = shown_in(part)
                if in_dimension:
                    candidates.append(in_dimension[0])
            elif part.dimension != COHORT:
                candidates.append(part)
        if not candidates:
            return None
        return min(candidates, key=lambda key: (groups.size(key), _order(key)))

    def violation() -> GroupKey | None:
        # Rule 3: each dimension's hidden remainder is 0 or at least k.
        for dimension in PEER_DIMENSIONS:
            if unsafe(remainder(dimension)):
                return shown_in(dimension)[0]
        # Rule 2: pairwise differences between shown groups and remainders.
        figures: list[GroupKey | str] = [COHORT_KEY, *sorted(shown, key=_order)]
        figures += [d for d in PEER_DIMENSIONS if remainder(d) > 0 and shown_in(d)]
        for a, b in combinations(figures, 2):
            if isinstance(a, str):
                size_a, both = remainder(a), remainder_overlap(a, b)
            elif isinstance(b, str):
                size_a, both = groups.size(a), remainder_overlap(b, a)
            else:
                size_a, both = groups.size(a), groups.overlap(a, b)
            size_b = remainder(b) if isinstance(b, str) else groups.size(b)
            if unsafe(size_a - both) or unsafe(size_b - both):
                hide = to_hide_for(a, b)
                if hide is not None:
                    return hide
        return None

    while (hide := violation()) is not None:
        shown.discard(hide)
        memo.clear()
    return frozenset({COHORT_KEY, *shown})


def suppress_counts(counts: Mapping[str, int], k: int) -> dict[str, int | None]:
    """Counts of a partition (e.g. firms per development level) with small cells suppressed.

    A count between 1 and ``k`` − 1 becomes None (a zero stays), and so does the next-smallest
    shown count while the total minus the shown counts is between 1 and ``k`` − 1 (so that the
    total cannot reveal a hidden cell).
    The caller shows the total only when it is at least ``k``.
    """
    total = sum(counts.values())
    shown = {key for key, count in counts.items() if count == 0 or count >= k}
    while 0 < total - sum(counts[key] for key in shown) < k:
        positive = [key for key in shown if counts[key] > 0]
        if not positive:
            break
        shown.discard(min(positive, key=lambda key: (counts[key], key)))
    return {key: (count if key in shown else None) for key, count in counts.items()}
