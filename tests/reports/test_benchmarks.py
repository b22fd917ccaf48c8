"""Peer statistics and k-anonymity rules as pure functions (no database)."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.benchmarks import (
    COHORT_KEY,
    PEER_DIMENSIONS,
    Distribution,
    GroupKey,
    distribution,
    percentile_cont,
    percentile_rank,
    suppress_counts,
    visible_groups,
)


def profile(sector="C", size_band="medium", technology="low", region="nordic"):
    return (sector, size_band, technology, region)


# --- percentiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([42.0], 0.25, 42.0),  # n = 1: every percentile is the value
        ([42.0], 0.75, 42.0),
        ([10.0, 20.0], 0.25, 12.5),  # n = 2: position 0.25
        ([10.0, 20.0], 0.5, 15.0),
        ([10.0, 20.0], 0.75, 17.5),
        ([1.0, 2.0, 3.0, 4.0], 0.25, 1.75),  # n = 4 (even): position 0.75
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 0.75, 3.25),
        ([10.0, 20.0, 30.0, 40.0, 50.0], 0.25, 20.0),  # n = 5 (odd): exact ranks
        ([10.0, 20.0, 30.0, 40.0, 50.0], 0.5, 30.0),
        ([10.0, 20.0, 30.0, 40.0, 50.0], 0.75, 40.0),
        ([0.0, 10.0, 40.0], 0.25, 5.0),  # n = 3: position 0.5
        ([0.0, 10.0, 40.0], 0.75, 25.0),  # position 1.5
        ([5.0, 7.0], 0.0, 5.0),
        ([5.0, 7.0], 1.0, 7.0),
    ],
)
def test_percentile_cont_matches_hand_worked_values(values, fraction, expected):
    assert percentile_cont(values, fraction) == pytest.approx(expected)


def test_percentile_cont_refuses_no_values_and_bad_fractions():
    with pytest.raises(ValueError):
        percentile_cont([], 0.5)
    with pytest.raises(ValueError):
        percentile_cont([1.0], 1.5)


def test_distribution_sorts_and_gives_n_quartiles_and_mean():
    assert distribution([40.0, 10.0, 30.0, 20.0]) == Distribution(
        n=4, p25=17.5, p50=25.0, p75=32.5, mean=25.0
    )
    assert distribution([55.5]) == Distribution(1, 55.5, 55.5, 55.5, 55.5)


def test_percentile_rank_counts_half_of_the_ties_the_firm_included():
    peers = [10.0, 20.0, 20.0, 30.0, 40.0]
    assert percentile_rank(20.0, peers) == pytest.approx(100 * (1 + 0.5 * 2) / 5)  # 40
    assert percentile_rank(40.0, peers) == pytest.approx(90.0)
    assert percentile_rank(10.0, peers) == pytest.approx(10.0)
    assert percentile_rank(25.0, peers) == pytest.approx(60.0)  # a value not among the peers
    assert percentile_rank(7.0, [7.0, 7.0, 7.0]) == pytest.approx(50.0)


# --- visible groups ------------------------------------------------------------------------------


def test_primary_suppression_hides_groups_below_k():
    counts = {profile("C"): 6, profile("G"): 4}
    visible = visible_groups(counts, 3)
    assert GroupKey("sector", "C") in visible
    assert GroupKey("sector", "G") in visible
    visible = visible_groups(counts, 5)
    assert GroupKey("sector", "G") not in visible
    # Only C would be shown, and cohort − C would reveal G: C goes too.
    assert GroupKey("sector", "C") not in visible
    assert COHORT_KEY in visible


def test_a_cohort_below_k_shows_nothing():
    assert visible_groups({profile("C"): 4}, 5) == frozenset()
    assert visible_groups({}, 3) == frozenset()


def test_issue_example_sector_of_7_beside_its_size_band_of_6_is_blocked():
    # Sector C: 6 medium firms and 1 small one; the medium size band is those 6 firms. Other
    # firms keep the cohort and the small band large.
    counts = {
        profile("C", "medium"): 6,
        profile("C", "small"): 1,
        profile("G", "small"): 10,
        profile("J", "large"): 10,
    }
    visible = visible_groups(counts, 5)
    sector_c, medium = GroupKey("sector", "C"), GroupKey("size_band", "medium")
    assert not {sector_c, medium} <= visible  # C − medium would be one firm
    assert COHORT_KEY in visible


def test_hidden_remainder_hides_a_second_value_of_the_same_dimension():
    counts = {profile("C"): 6, profile("G"): 6, profile("J"): 2}
    visible = visible_groups(counts, 5)
    sectors = {key for key in visible if key.dimension == "sector"}
    assert GroupKey("sector", "J") not in visible
    assert len(sectors) == 1  # one of the 6s is hidden too: cohort − 6 − 6 would reveal the 2
    assert COHORT_KEY in visible
    # Size band, technology and region are one value each, equal to the cohort: shown.
    assert GroupKey("size_band", "medium") in visible


def test_remainder_is_fine_when_zero_or_at_least_k():
    counts = {profile("C"): 6, profile("G"): 6, profile("J"): 5}
    visible = visible_groups(counts, 5)
    assert {GroupKey("sector", s) for s in "CGJ"} <= visible
    counts = {profile("C"): 6, profile("G"): 6, profile("J"): 2, profile("K"): 3}
    visible = visible_groups(counts, 5)  # remainder 2 + 3 = 5: the two 6s stay
    assert {GroupKey("sector", "C"), GroupKey("sector", "G")} <= visible
    assert GroupKey("sector", "J") not in visible


def test_a_remainder_cannot_be_differenced_with_a_group_of_another_dimension():
    # Sectors J and K (3 firms each) are hidden; their remainder is 6 firms. The micro size band
    # is 5 of those 6 firms: remainder − micro would single out one firm.
    counts = {
        profile("C", "small"): 10,
        profile("G", "small"): 10,
        profile("J", "micro"): 3,
        profile("K", "micro"): 2,
        profile("K", "small"): 1,
    }
    visible = visible_groups(counts, 5)
    assert GroupKey("sector", "J") not in visible
    remainder_sector = all(GroupKey("sector", s) in visible for s in "CG")
    assert not (remainder_sector and GroupKey("size_band", "micro") in visible)
    assert_safe(counts, 5, visible)


def test_fixpoint_cascades_across_dimensions():
    # Hiding one value exposes a remainder that forces another, possibly in another dimension.
    counts = {
        profile("C", "medium", "low"): 6,
        profile("C", "small", "low"): 1,
        profile("G", "small", "high"): 10,
        profile("J", "large", "high"): 4,
        profile("K", "large", "low"): 5,
    }
    visible = visible_groups(counts, 5)
    assert COHORT_KEY in visible
    assert_safe(counts, 5, visible)


def test_visibility_is_the_same_whatever_the_order_of_the_cross_tab():
    counts = {
        profile("C", "medium"): 6,
        profile("C", "small"): 1,
        profile("G", "small"): 10,
        profile("J", "large"): 10,
    }
    reordered = dict(reversed(list(counts.items())))
    assert visible_groups(counts, 5) == visible_groups(reordered, 5)


def test_suppress_counts_hides_small_cells_and_protects_them_from_the_total():
    assert suppress_counts({"a": 10, "b": 6, "c": 2}, 5) == {"a": 10, "b": None, "c": None}
    assert suppress_counts({"a": 10, "b": 6, "c": 0}, 5) == {"a": 10, "b": 6, "c": 0}
    assert suppress_counts({"a": 10, "b": 6, "c": 5}, 5) == {"a": 10, "b": 6, "c": 5}
    assert suppress_counts({"a": 3, "b": 2}, 5) == {"a": None, "b": None}


# --- the property: whatever the cross-tab, no shown figure singles out fewer than k firms --------


def members(counts, key):
    """The cells (with multiplicity) of a group, as a Counter-like dict."""
    if key.dimension == "cohort":
        return dict(counts)
    index = PEER_DIMENSIONS.index(key.dimension)
    return {cell: n for cell, n in counts.items() if cell[index] == key.value}


def size(cells):
    return sum(cells.values())


def minus(a, b):
    return {cell: n - b.get(cell, 0) for cell, n in a.items() if n - b.get(cell, 0) > 0}


def assert_safe(counts, k, visible):
    counts = {cell: n for cell, n in counts.items() if n > 0}
    if size(counts) < k:
        assert visible == frozenset()
        return
    figures = [members(counts, key) for key in visible]
    for dimension in PEER_DIMENSIONS:  # each dimension's remainder is computable too
        shown = [members(counts, key) for key in visible if key.dimension == dimension]
        rest = dict(counts)
        for cells in shown:
            rest = minus(rest, cells)
        assert size(rest) == 0 or size(rest) >= k, f"{dimension} remainder {size(rest)}"
        if shown and size(rest):
            figures.append(rest)
    for cells in figures:
        assert size(cells) >= k
    for a, b in combinations(figures, 2):
        for difference in (size(minus(a, b)), size(minus(b, a))):
            assert difference == 0 or difference >= k


cross_tabs = st.dictionaries(
    st.tuples(
        st.sampled_from("CGJ"),
        st.sampled_from(["micro", "small", "medium"]),
        st.sampled_from(["low", "high"]),
        st.sampled_from(["nordic", "asia_pacific"]),
    ),
    st.integers(min_value=0, max_value=12),
    max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(counts=cross_tabs, k=st.integers(min_value=3, max_value=7))
def test_every_visible_group_and_every_difference_of_two_is_zero_or_at_least_k(counts, k):
    visible = visible_groups(counts, k)
    assert_safe(counts, k, visible)
    if sum(counts.values()) >= k:
        assert COHORT_KEY in visible
