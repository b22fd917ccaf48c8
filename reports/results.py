"""Assemble what a round's result page shows: fetch once, score with pure functions, chart."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.aggregation import GroupResult, individual_figures_allowed
from assessment.models import AssessmentRound, Respondent, RoundKind, Side
from assessment.round_scores import counted_respondents, workshop_group_result
from assessment.scoring import AssessmentResult, Model, score_assessment
from assessment.scoring_input import build_model, round_answers, round_items
from reports import charts


@dataclass
class RoundResult:
    round: AssessmentRound
    model: Model
    result: AssessmentResult
    respondents: list[Respondent]
    group: GroupResult | None = None  # a workshop's aggregation: spread and agreement

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


def anonymity_minimum(round_: AssessmentRound) -> int:
    return int(round_.instrument.threshold("respondent_anonymity_min"))


def results_hidden(round_: AssessmentRound, respondent_count: int) -> bool:
    """A workshop's figures stay hidden until enough people submitted (DESIGN §4, issue #6).

    With fewer, a mean, a range or a disagreement list would show one person's answers.
    """
    return round_.kind == RoundKind.WORKSHOP and not individual_figures_allowed(
        respondent_count, anonymity_minimum(round_)
    )


def round_result(round_: AssessmentRound, *, model: Model | None = None) -> RoundResult | None:
    """Score a round: a self-audit's respondent, or a workshop's respondents aggregated.

    None if nobody submitted, or a workshop has fewer respondents than the anonymity minimum.
    Queries: items (1, none when ``model`` of the round's instrument is given), respondents (1),
    answers (1), whatever the number of items or respondents.
    """
    respondents = counted_respondents(round_)
    if not respondents or results_hidden(round_, len(respondents)):
        return None
    if model is None:
        model = build_model(round_.instrument, round_items(round_))
    if round_.kind == RoundKind.WORKSHOP:
        group = workshop_group_result(round_, respondents, model)
        return RoundResult(round_, model, group.result, respondents, group=group)
    answers = round_answers(respondents)
    result = score_assessment(model, answers[respondents[0].pk])
    return RoundResult(round_, model, result, respondents)


def respondent_band(group: GroupResult) -> charts.Band:
    """The workshop's lowest and highest respondent score per capability, around the mean."""
    return charts.Band(
        label="Range of respondents (lowest to highest)",
        low={code: spread.minimum for code, spread in group.spreads.items()},
        high={code: spread.maximum for code, spread in group.spreads.items()},
    )


def result_figures(
    round_result: RoundResult, *, band: charts.Band | None = None
) -> dict[str, object]:
    """The result page's figures, by name; the radar's band is ``band`` (e.g. the peer group's)
    or, for a workshop, the respondents' range."""
    model, result = round_result.model, round_result.result
    groups = round_result.axis_groups
    scores = round_result.capability_scores
    group = round_result.group
    return {
        "radar": charts.capability_radar(
            groups,
            scores,
            label="Firm (mean of respondents)" if group else "Your firm",
            band=band or (respondent_band(group) if group else None),
        ),
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
