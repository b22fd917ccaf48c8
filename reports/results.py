"""Assemble what a round's result page shows: fetch once, score with pure functions, chart."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.models import AssessmentRound, Respondent, Side
from assessment.scoring import AssessmentResult, Model, score_assessment
from assessment.scoring_input import build_model, instrument_items, round_answers
from reports import charts


@dataclass
class RoundResult:
    round: AssessmentRound
    model: Model
    result: AssessmentResult
    respondents: list[Respondent]

    @property
    def axis_groups(self) -> list[charts.AxisGroup]:
        return axis_groups(self.model)

    @property
    def capability_scores(self) -> dict[str, float | None]:
        return {code: cap.score for code, cap in self.result.capabilities.items()}


def axis_groups(model: Model) -> list[charts.AxisGroup]:
    return [
        charts.AxisGroup(
            layer.code, layer.title, tuple((cap.code, cap.title) for cap in layer.capabilities)
        )
        for layer in model.layers
    ]


def submitted_respondents(round_: AssessmentRound) -> list[Respondent]:
    return list(
        round_.respondents.filter(submitted_at__isnull=False, revoked_at__isnull=True).order_by(
            "submitted_at"
        )
    )


def round_result(round_: AssessmentRound, *, model: Model | None = None) -> RoundResult | None:
    """Score a round with one submitted respondent (a self-audit); None if nobody submitted.

    Queries: items (1, none when ``model`` of the round's instrument is given), respondents (1),
    answers (1), whatever the number of items.
    """
    respondents = submitted_respondents(round_)
    if not respondents:
        return None
    if model is None:
        model = build_model(round_.instrument, instrument_items(round_.instrument))
    answers = round_answers(respondents)
    result = score_assessment(model, answers[respondents[0].pk])
    return RoundResult(round_, model, result, respondents)


def result_figures(round_result: RoundResult) -> dict[str, object]:
    """The result page's figures, by name."""
    model, result = round_result.model, round_result.result
    groups = round_result.axis_groups
    scores = round_result.capability_scores
    return {
        "radar": charts.capability_radar(groups, scores),
        "rings": charts.model_rings(groups, scores),
        "layers": charts.layer_bars(
            [(layer.code, layer.title, result.layers[layer.code].score) for layer in model.layers],
            result.dci,
        ),
        "heatmap": charts.value_net_heatmap(
            [(mode.code, mode.title) for mode in model.modes],
            [(Side.UPSTREAM.value, "Upstream"), (Side.DOWNSTREAM.value, "Downstream")],
            {key: mode.score for key, mode in result.modes.items()},
        ),
        "outcomes": charts.outcome_bars(
            [
                (g.title, g.improved, g.unchanged, g.declined, g.unknown)
                for g in result.outcomes.values()
            ]
        ),
    }
