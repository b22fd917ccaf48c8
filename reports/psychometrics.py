"""Reliability of the item bank over a cohort's respondents (pure functions, no database)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def _variance(values: Sequence[float]) -> float:
    """Sample variance (n − 1 in the denominator)."""
    mean = math.fsum(values) / len(values)
    return math.fsum((value - mean) ** 2 for value in values) / (len(values) - 1)


def cronbach_alpha(rows: Sequence[Sequence[float | None]]) -> float | None:
    """Cronbach's alpha of one scale: k / (k − 1) × (1 − Σ item variances / variance of totals).

    ``rows`` are respondents, each with one answer per item of the scale, reverse-keyed items
    already reversed. Rows with a missing answer (None) are dropped (listwise deletion). Returns
    None with fewer than 2 items or 2 complete rows, or when the totals do not vary. The value can
    be negative when items correlate negatively.
    """
    complete = [[float(value) for value in row] for row in rows if None not in row]
    if len(complete) < 2:
        return None
    items = len(complete[0])
    if items < 2:
        return None
    if any(len(row) != items for row in complete):
        raise ValueError("every row needs one answer per item")
    total_variance = _variance([math.fsum(row) for row in complete])
    if total_variance == 0:
        return None
    item_variances = math.fsum(_variance([row[i] for row in complete]) for i in range(items))
    return items / (items - 1) * (1 - item_variances / total_variance)
