"""Charts are pure functions; these tests read the figure data, not the HTML."""

from reports import charts

GROUPS = [
    charts.AxisGroup(
        "cognitive", "Cognitive layer", (("ca", "Cultural awareness"), ("gm", "Global mindset"))
    ),
    charts.AxisGroup("managerial", "Managerial layer", (("ic", "Interface competence"),)),
]


def test_radar_closes_the_polygon_and_keeps_gaps_as_gaps():
    figure = charts.capability_radar(GROUPS, {"ca": 75.0, "gm": None, "ic": 40.0})
    firm = figure.data[-1]
    assert firm.name == "Your firm"
    assert list(firm.r) == [75.0, None, 40.0, 75.0]
    assert list(firm.theta) == [
        "Cultural<br>awareness",
        "Global<br>mindset",
        "Interface<br>competence",
        "Cultural<br>awareness",
    ]
    assert figure.layout.polar.radialaxis.range == (0, 100)


def test_radar_groups_capabilities_by_layer():
    figure = charts.capability_radar(GROUPS, {"ca": 1.0, "gm": 2.0, "ic": 3.0})
    sectors = [trace for trace in figure.data if trace.type == "barpolar"]
    assert [s.name for s in sectors] == ["Cognitive layer", "Managerial layer"]
    assert list(sectors[0].theta) == ["Cultural<br>awareness", "Global<br>mindset"]
    assert list(sectors[1].r) == [100]


def test_radar_draws_a_band_and_previous_round():
    band = charts.Band(
        "Peers 25th–75th",
        {"ca": 40, "gm": 45, "ic": 30},
        {"ca": 70, "gm": 60, "ic": 55},
        middle={"ca": 55, "gm": 50, "ic": 42},
        middle_label="Peer median",
    )
    figure = charts.capability_radar(
        GROUPS,
        {"ca": 80.0, "gm": 50.0, "ic": 35.0},
        band=band,
        previous={"ca": 60.0, "gm": 45.0, "ic": None},
    )
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["Peers 25th–75th"].r) == [40, 45, 30, 40]
    assert by_name["Peers 25th–75th"].fill == "tonext"
    assert list(by_name["Peers 25th–75th (upper)"].r) == [70, 60, 55, 70]
    assert list(by_name["Peer median"].r) == [55, 50, 42, 55]
    assert list(by_name["Previous round"].r) == [60.0, 45.0, None, 60.0]


def test_layer_bars_show_layers_and_dci():
    figure = charts.layer_bars(
        [("cognitive", "Cognitive", 70.0), ("managerial", "Managerial", None)], 52.5
    )
    bar = figure.data[0]
    assert list(bar.y) == ["Cognitive", "Managerial", "Dynamic Capability Index"]
    assert list(bar.x) == [70.0, None, 52.5]
    assert list(bar.text) == ["70", "not enough answers", "52"]


def test_heatmap_rows_are_modes_columns_are_sides_and_na_is_labelled():
    figure = charts.value_net_heatmap(
        [("influencing", "Influencing"), ("integrating", "Integrating")],
        [("upstream", "Upstream"), ("downstream", "Downstream")],
        {
            ("influencing", "upstream"): 66.7,
            ("influencing", "downstream"): 100.0,
            ("integrating", "upstream"): None,
            ("integrating", "downstream"): 0.0,
        },
    )
    heat = figure.data[0]
    assert [list(row) for row in heat.z] == [[66.7, 100.0], [None, 0.0]]
    assert [list(row) for row in heat.text] == [["67", "100"], ["n/a", "0"]]
    assert list(heat.y) == ["Influencing", "Integrating"]
    assert (heat.zmin, heat.zmax) == (0, 100)


def test_outcome_bars_stack_counts_per_group():
    figure = charts.outcome_bars([("Innovation", 2, 1, 1, 0), ("Flexibility", 4, 0, 0, 0)])
    by_name = {trace.name: list(trace.x) for trace in figure.data}
    assert by_name == {
        "Improved": [2, 4],
        "No change": [1, 0],
        "Declined": [1, 0],
        "Don't know": [0, 0],
    }
    assert figure.layout.barmode == "stack"


def test_model_rings_put_the_core_inside_and_grey_out_missing_scores():
    figure = charts.model_rings(GROUPS, {"ca": 100.0, "gm": None, "ic": 0.0})
    core, middle = figure.data
    assert list(core.base) == [0, 0] and list(middle.base) == [1]
    assert list(core.marker.color) == ["#1f4e79", charts.MISSING_COLOUR]
    assert list(middle.marker.color) == ["#f1f3f5"]


def test_score_colour_interpolates():
    assert charts.score_colour(0) == "#f1f3f5"
    assert charts.score_colour(100) == "#1f4e79"
    # halfway: (0xf1 + 0x1f) / 2 = 136 = 0x88; (0xf3 + 0x4e) / 2 = 160.5 -> 160 = 0xa0 (banker's rounding); (0xf5 + 0x79) / 2 = 183 = 0xb7
    assert charts.score_colour(50) == "#88a0b7"
