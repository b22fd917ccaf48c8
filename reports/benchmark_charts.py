"""Benchmark figures and export rows as pure functions of aggregate statistics (no ORM, no request).

Box plots are drawn from quartiles only: Plotly gets ``q1``, ``median``, ``q3`` and ``mean`` with
``lowerfence = q1`` and ``upperfence = q3``, so there are no whiskers, no minimum or maximum and no
points: nothing that belongs to a single firm. Hidden groups never reach these functions with a
number: the statistics engine (``reports.benchmark_queries``) gives them no distributions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from reports.benchmarks import Distribution
from reports.charts import Band, base_layout

GROUP_COLOURS = ("#1f4e79", "#6aa3cf", "#2b8a3e", "#e67700", "#862e9c", "#c92a2a", "#495057")
SUPPRESSED = "suppressed"
EXPORT_HEADER = ["dimension", "group", "measure", "n", "p25", "median", "p75", "mean", "note"]


@dataclass(frozen=True)
class Measure:
    """A measure as stored (``capability:<code>``, ``layer:<code>``, ``dci``, ``mode:<m>:<side>``)."""

    key: str
    title: str
    section: str  # "Capability", "Layer", "Index", "Value-net practice"


@dataclass(frozen=True)
class GroupFigures:
    """A group's label and its distributions per measure (empty when the group is hidden)."""

    label: str
    distributions: Mapping[str, Distribution]


def two_lines(title: str) -> str:
    """Break a long axis label once, near its middle, so the plot keeps its width on a phone."""
    if len(title) <= 16 or " " not in title:
        return title
    middle = len(title) // 2
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{title[:cut]}<br>{title[cut + 1 :]}"


def quartile_boxes(
    measures: Sequence[Measure], groups: Sequence[GroupFigures], *, height_per_row: int = 22
) -> go.Figure:
    """Horizontal box plots, one row per measure and one box per group, from quartiles only.

    A group without a figure for a measure simply has no box on that row; a group with no figure
    at all is left out (it is listed as hidden on the page instead).
    """
    shown = [group for group in groups if group.distributions]
    figure = go.Figure()
    for index, group in enumerate(shown):
        present = [m for m in measures if m.key in group.distributions]
        dists = [group.distributions[m.key] for m in present]
        q1 = [round(d.p25, 1) for d in dists]
        q3 = [round(d.p75, 1) for d in dists]
        figure.add_trace(
            go.Box(
                y=[two_lines(m.title) for m in present],
                q1=q1,
                median=[round(d.p50, 1) for d in dists],
                q3=q3,
                mean=[round(d.mean, 1) for d in dists],
                lowerfence=q1,
                upperfence=q3,
                boxpoints=False,
                boxmean=True,
                orientation="h",
                name=group.label,
                marker={"color": GROUP_COLOURS[index % len(GROUP_COLOURS)]},
            )
        )
    rows = len(measures)
    figure.update_layout(
        **base_layout(
            boxmode="group",
            height=max(260, 90 + rows * max(1, len(shown)) * height_per_row),
            xaxis={"range": [-2, 102], "title": "Score (0–100)", "tickvals": [0, 25, 50, 75, 100]},
            yaxis={"autorange": "reversed", "automargin": True},
            margin={"l": 10, "r": 10, "t": 10, "b": 40},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        )
    )
    return figure


def peer_band(
    distributions: Mapping[str, Distribution], capability_codes: Sequence[str], *, label: str
) -> Band | None:
    """The radar band of a peer group: 25th–75th percentile and median per capability.

    None when the group has no figure for any capability (hidden).
    """
    dists = {
        code: distributions[f"capability:{code}"]
        for code in capability_codes
        if f"capability:{code}" in distributions
    }
    if not dists:
        return None
    return Band(
        label=f"{label}: 25th–75th percentile",
        low={code: d.p25 for code, d in dists.items()},
        high={code: d.p75 for code, d in dists.items()},
        middle={code: d.p50 for code, d in dists.items()},
        middle_label=f"{label}: median",
    )


def _number(value: float) -> float:
    return round(value, 1)


def aggregate_rows(
    dimension: str, measures: Sequence[Measure], groups: Sequence[GroupFigures]
) -> list[list]:
    """Export rows of one dimension: a row per group and measure; hidden ones say "suppressed"."""
    rows: list[list] = []
    for group in groups:
        if not group.distributions:
            rows.append([dimension, group.label, "", None, None, None, None, None, SUPPRESSED])
            continue
        for measure in measures:
            d = group.distributions.get(measure.key)
            if d is None:
                rows.append(
                    [dimension, group.label, measure.key, None, None, None, None, None, SUPPRESSED]
                )
            else:
                rows.append(
                    [
                        dimension,
                        group.label,
                        measure.key,
                        d.n,
                        _number(d.p25),
                        _number(d.p50),
                        _number(d.p75),
                        _number(d.mean),
                        "",
                    ]
                )
    return rows
