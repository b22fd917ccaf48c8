"""Benchmark figures and export rows: quartiles only, nothing of a single firm, hidden stays empty."""

from reports import benchmark_charts as bc
from reports.benchmarks import Distribution

CAPS = [
    bc.Measure("capability:cultural_awareness", "Cultural awareness", "Capability"),
    bc.Measure("capability:global_mindset", "Global mindset", "Capability"),
]
# 5 firms scoring 10, 20, 30, 40, 50: p25 20, median 30, p75 40, mean 30 (percentile_cont).
HAND = Distribution(n=5, p25=20.0, p50=30.0, p75=40.0, mean=30.0)
OTHER = Distribution(n=7, p25=41.0, p50=55.0, p75=62.5, mean=52.14)


def test_boxes_are_drawn_from_quartiles_only():
    groups = [
        bc.GroupFigures("Whole cohort", {CAPS[0].key: HAND, CAPS[1].key: OTHER}),
        bc.GroupFigures("C – Manufacturing", {CAPS[0].key: OTHER}),
    ]
    figure = bc.quartile_boxes(CAPS, groups)
    cohort, sector = figure.data
    assert cohort.type == "box" and cohort.orientation == "h"
    assert cohort.name == "Whole cohort"
    assert list(cohort.y) == ["Cultural<br>awareness", "Global mindset"]
    assert list(cohort.q1) == [20.0, 41.0]
    assert list(cohort.median) == [30.0, 55.0]
    assert list(cohort.q3) == [40.0, 62.5]
    assert list(cohort.mean) == [30.0, 52.1]
    # No whiskers: the fences are the quartiles; no points, no minimum or maximum, no raw values.
    assert list(cohort.lowerfence) == list(cohort.q1)
    assert list(cohort.upperfence) == list(cohort.q3)
    assert cohort.boxpoints is False
    assert cohort.x is None
    assert cohort.sd is None
    # A group without a figure for a measure has no box on that row.
    assert list(sector.y) == ["Cultural<br>awareness"]
    assert figure.layout.boxmode == "group"
    assert tuple(figure.layout.xaxis.tickvals) == (0, 25, 50, 75, 100)


def test_a_hidden_group_is_not_drawn():
    groups = [
        bc.GroupFigures("Whole cohort", {CAPS[0].key: HAND}),
        bc.GroupFigures("G – Wholesale and retail trade", {}),
    ]
    figure = bc.quartile_boxes(CAPS, groups)
    assert [trace.name for trace in figure.data] == ["Whole cohort"]


def test_no_group_gives_an_empty_figure():
    assert bc.quartile_boxes(CAPS, []).data == ()


def test_peer_band_uses_the_percentiles_per_capability():
    band = bc.peer_band(
        {CAPS[0].key: HAND, "dci": OTHER},
        ["cultural_awareness", "global_mindset"],
        label="C – Manufacturing",
    )
    assert band.low == {"cultural_awareness": 20.0}
    assert band.high == {"cultural_awareness": 40.0}
    assert band.middle == {"cultural_awareness": 30.0}
    assert band.label == "C – Manufacturing: 25th–75th percentile"
    assert band.middle_label == "C – Manufacturing: median"


def test_peer_band_of_a_hidden_group_is_none():
    assert bc.peer_band({}, ["cultural_awareness"], label="x") is None


def test_aggregate_rows_give_numbers_only_for_shown_figures():
    groups = [
        bc.GroupFigures("Whole cohort", {CAPS[0].key: HAND}),
        bc.GroupFigures("G – Wholesale and retail trade", {}),
    ]
    rows = bc.aggregate_rows("Sector", CAPS, groups)
    assert rows == [
        ["Sector", "Whole cohort", CAPS[0].key, 5, 20.0, 30.0, 40.0, 30.0, ""],
        ["Sector", "Whole cohort", CAPS[1].key, None, None, None, None, None, "suppressed"],
        [
            "Sector",
            "G – Wholesale and retail trade",
            "",
            None,
            None,
            None,
            None,
            None,
            "suppressed",
        ],
    ]
    assert len(bc.EXPORT_HEADER) == len(rows[0])


def test_long_labels_break_once_near_the_middle():
    assert bc.two_lines("Global mindset") == "Global mindset"
    assert bc.two_lines("Entrepreneurial orientation") == "Entrepreneurial<br>orientation"
    assert bc.two_lines("Dynamic Capability Index") == "Dynamic<br>Capability Index"
