"""Charts as pure functions: plain scores in, Plotly figures out. Tests assert on figure data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

LAYER_COLOURS = {"cognitive": "#1f4e79", "managerial": "#6aa3cf", "organisational": "#9cc3e4"}
FIRM_COLOUR = "#d9480f"
BAND_COLOUR = "rgba(31, 78, 121, 0.18)"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"


@dataclass(frozen=True)
class AxisGroup:
    """A layer and the capabilities on it, in the order they appear on the radar."""

    code: str
    title: str
    capabilities: tuple[tuple[str, str], ...]  # (code, title)


@dataclass(frozen=True)
class Band:
    """A range per capability (peer 25th–75th percentile, or workshop min–max), with a label."""

    label: str
    low: Mapping[str, float | None]
    high: Mapping[str, float | None]
    middle: Mapping[str, float | None] | None = None
    middle_label: str = ""


def base_layout(**overrides) -> dict:
    layout = {
        "font": {"family": FONT, "size": 13},
        "margin": {"l": 40, "r": 40, "t": 30, "b": 30},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.12},
    }
    layout.update(overrides)
    return layout


MISSING_COLOUR = "#e9ecef"


def score_colour(score: float | None) -> str:
    """A colour from light (0) to the brand blue (100); grey where there is no score."""
    if score is None:
        return MISSING_COLOUR
    light, dark = (0xF1, 0xF3, 0xF5), (0x1F, 0x4E, 0x79)
    share = max(0.0, min(1.0, score / 100))
    channels = [round(a + (b - a) * share) for a, b in zip(light, dark, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def wrap_label(title: str) -> str:
    """Break a multi-word axis label over lines so it fits beside the radar on a phone."""
    return "<br>".join(title.split(" "))


def _closed(values: list) -> list:
    return [*values, values[0]] if values else values


def capability_radar(
    groups: Sequence[AxisGroup],
    scores: Mapping[str, float | None],
    *,
    label: str = "Your firm",
    band: Band | None = None,
    previous: Mapping[str, float | None] | None = None,
    previous_label: str = "Previous round",
) -> go.Figure:
    """Radar of the capabilities (0–100), grouped by layer with shaded sectors.

    ``band`` draws a range (e.g. peers' 25th–75th percentile) and its middle (median); ``previous``
    overlays an earlier round. Unscored capabilities are gaps, never zeros.
    """
    codes = [code for group in groups for code, _ in group.capabilities]
    titles = [wrap_label(title) for group in groups for _, title in group.capabilities]
    figure = go.Figure()
    position = 0
    for group in groups:
        count = len(group.capabilities)
        figure.add_trace(
            go.Barpolar(
                r=[100] * count,
                theta=titles[position : position + count],
                marker={"color": LAYER_COLOURS.get(group.code, "#ccc"), "line": {"width": 0}},
                opacity=0.12,
                name=group.title,
                hoverinfo="name",
                showlegend=True,
            )
        )
        position += count
    if band is not None:
        figure.add_trace(
            go.Scatterpolar(
                r=_closed([band.high.get(code) for code in codes]),
                theta=_closed(titles),
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
                name=f"{band.label} (upper)",
            )
        )
        figure.add_trace(
            go.Scatterpolar(
                r=_closed([band.low.get(code) for code in codes]),
                theta=_closed(titles),
                mode="lines",
                line={"width": 0},
                fill="tonext",
                fillcolor=BAND_COLOUR,
                name=band.label,
            )
        )
        if band.middle is not None:
            figure.add_trace(
                go.Scatterpolar(
                    r=_closed([band.middle.get(code) for code in codes]),
                    theta=_closed(titles),
                    mode="lines",
                    line={"color": "#1f4e79", "dash": "dot"},
                    name=band.middle_label,
                )
            )
    if previous is not None:
        figure.add_trace(
            go.Scatterpolar(
                r=_closed([previous.get(code) for code in codes]),
                theta=_closed(titles),
                mode="lines+markers",
                line={"color": "#868e96", "dash": "dash"},
                name=previous_label,
            )
        )
    figure.add_trace(
        go.Scatterpolar(
            r=_closed([scores.get(code) for code in codes]),
            theta=_closed(titles),
            mode="lines+markers",
            line={"color": FIRM_COLOUR, "width": 3},
            marker={"size": 8},
            name=label,
            connectgaps=False,
        )
    )
    figure.update_layout(
        **base_layout(
            polar={
                "radialaxis": {
                    "range": [0, 100],
                    "tickvals": [25, 50, 75, 100],
                    "angle": 90 - 180 / max(len(codes), 1),
                    "tickfont": {"size": 10},
                },
                "angularaxis": {"direction": "clockwise", "rotation": 90, "tickfont": {"size": 11}},
                "bargap": 0,
            },
            margin={"l": 85, "r": 85, "t": 40, "b": 30},
        )
    )
    return figure


def layer_bars(layers: Sequence[tuple[str, str, float | None]], dci: float | None) -> go.Figure:
    """Horizontal bars: the three layer scores and the DCI (geometric mean), 0–100."""
    labels = [title for _, title, _ in layers] + ["Dynamic Capability Index"]
    values = [score for _, _, score in layers] + [dci]
    colours = [LAYER_COLOURS.get(code, "#888") for code, _, _ in layers] + [FIRM_COLOUR]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": colours},
            text=["not enough answers" if v is None else f"{v:.0f}" for v in values],
            textposition="auto",
        )
    )
    figure.update_layout(
        **base_layout(
            xaxis={"range": [0, 100], "title": "Score (0–100)"},
            yaxis={"autorange": "reversed"},
            height=260,
            margin={"l": 190, "r": 20, "t": 10, "b": 40},
        )
    )
    return figure


def value_net_heatmap(
    modes: Sequence[tuple[str, str]],
    sides: Sequence[tuple[str, str]],
    scores: Mapping[tuple[str, str], float | None],
) -> go.Figure:
    """Practice scores per mode (rows) and side (columns); "n/a" where nothing applies."""
    z = [[scores.get((mode, side)) for side, _ in sides] for mode, _ in modes]
    text = [["n/a" if value is None else f"{value:.0f}" for value in row] for row in z]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[title for _, title in sides],
            y=[title for _, title in modes],
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale=[[0, "#f1f3f5"], [0.5, "#9cc3e4"], [1, "#1f4e79"]],
            colorbar={"title": {"text": "Score"}},
            hovertemplate="%{y}, %{x}: %{text}<extra></extra>",
            xgap=3,
            ygap=3,
        )
    )
    figure.update_layout(
        **base_layout(
            height=320,
            yaxis={"autorange": "reversed"},
            margin={"l": 200, "r": 20, "t": 10, "b": 40},
        )
    )
    return figure


def outcome_bars(groups: Sequence[tuple[str, int, int, int, int]]) -> go.Figure:
    """Stacked bars per outcome group: (title, improved, unchanged, declined, unknown)."""
    titles = [group[0] for group in groups]
    figure = go.Figure()
    for index, (name, colour) in enumerate(
        [
            ("Improved", "#2b8a3e"),
            ("No change", "#adb5bd"),
            ("Declined", "#c92a2a"),
            ("Don't know", "#e9ecef"),
        ],
        start=1,
    ):
        figure.add_trace(
            go.Bar(
                y=titles,
                x=[group[index] for group in groups],
                name=name,
                orientation="h",
                marker={"color": colour},
            )
        )
    figure.update_layout(
        **base_layout(
            barmode="stack",
            height=300,
            yaxis={"autorange": "reversed"},
            xaxis={"dtick": 1},
            legend={"orientation": "h", "y": -0.2},
            margin={"l": 220, "r": 20, "t": 10, "b": 40},
        )
    )
    return figure


def model_rings(groups: Sequence[AxisGroup], scores: Mapping[str, float | None]) -> go.Figure:
    """The firm's capability scores drawn on the model's rings: core inside, organisational outside."""
    figure = go.Figure()
    for depth, group in enumerate(groups):
        count = len(group.capabilities)
        figure.add_trace(
            go.Barpolar(
                r=[1] * count,
                base=[depth] * count,
                theta=[360 / count * i for i in range(count)],
                width=[360 / count] * count,
                marker={
                    "color": [score_colour(scores.get(code)) for code, _ in group.capabilities],
                    "line": {"color": "#fff", "width": 2},
                },
                customdata=[
                    [title, "n/a" if scores.get(code) is None else f"{scores[code]:.0f}"]
                    for code, title in group.capabilities
                ],
                hovertemplate=group.title + "<br>%{customdata[0]}: %{customdata[1]}<extra></extra>",
                name=group.title,
            )
        )
    figure.update_layout(
        **base_layout(
            polar={
                "radialaxis": {"visible": False, "range": [0, len(groups)]},
                "angularaxis": {"visible": False},
                "bargap": 0,
                "hole": 0,
            },
            showlegend=False,
            height=360,
        )
    )
    return figure
