"""Cronbach's alpha against hand-worked values and an independent (covariance-matrix) computation."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.psychometrics import cronbach_alpha


def alpha_from_covariance_matrix(rows):
    """Independent form, in exact fractions: k/(k−1) × (1 − trace(C) / sum of all entries of C).

    C is the sample covariance matrix of the items; sum(C) is the variance of the totals.
    """
    rows = [[Fraction(value) for value in row] for row in rows]
    n, k = len(rows), len(rows[0])
    means = [sum(row[i] for row in rows) / n for i in range(k)]
    cov = [
        [sum((row[i] - means[i]) * (row[j] - means[j]) for row in rows) / (n - 1) for j in range(k)]
        for i in range(k)
    ]
    trace = sum(cov[i][i] for i in range(k))
    total = sum(sum(line) for line in cov)
    return Fraction(k, k - 1) * (1 - trace / total)


def test_two_items_three_respondents_hand_worked():
    # Item variances 1 and 1/3, totals (3, 5, 6) with variance 7/3: alpha = 2 × (1 − 4/7) = 6/7.
    assert cronbach_alpha([[1, 2], [2, 3], [3, 3]]) == pytest.approx(6 / 7)


def test_three_items_five_respondents_hand_worked():
    rows = [[3, 4, 3], [2, 3, 4], [4, 4, 5], [3, 2, 3], [4, 4, 4]]
    # Item variances 0.7 + 0.8 + 0.7 = 2.2; totals 10, 9, 13, 8, 12 with variance 4.3.
    assert cronbach_alpha(rows) == pytest.approx(1.5 * (1 - 2.2 / 4.3))
    assert cronbach_alpha(rows) == pytest.approx(float(alpha_from_covariance_matrix(rows)))


def test_identical_items_give_one():
    rows = [[value] * 4 for value in (1, 3, 4, 5, 2, 2)]
    assert cronbach_alpha(rows) == pytest.approx(1.0)


def test_missing_answers_drop_the_whole_row():
    rows = [[1, 2], [2, 3], [3, 3], [5, None], [None, None]]
    assert cronbach_alpha(rows) == pytest.approx(6 / 7)


def test_negatively_related_items_give_a_negative_alpha():
    assert cronbach_alpha([[1, 5], [2, 3], [5, 2]]) < 0


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [[1, 2, 3]],  # one respondent
        [[1], [2], [3]],  # one item
        [[2, 2], [2, 2], [2, 2]],  # totals do not vary
        [[1, 5], [5, 1], [3, 3]],  # nor here
        [[1, None], [2, None]],  # no complete row left
    ],
)
def test_undefined_cases_give_none(rows):
    assert cronbach_alpha(rows) is None


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=2, max_value=6).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(min_value=1, max_value=5), min_size=k, max_size=k),
            min_size=2,
            max_size=25,
        )
    )
)
def test_matches_the_covariance_matrix_form(rows):
    expected = None
    totals = [sum(row) for row in rows]
    if len(set(totals)) > 1:
        expected = float(alpha_from_covariance_matrix(rows))
    result = cronbach_alpha(rows)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-9)
