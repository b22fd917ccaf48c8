"""Result and report pages for a completed round."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment.access import get_round_for_user
from assessment.round_scores import counted_respondents
from reports import charts
from reports.report import build_report, peer_sections
from reports.results import (
    anonymity_minimum,
    respondent_band,
    result_figures,
    results_hidden,
    round_result,
)


def _pending(request: HttpRequest, round_) -> HttpResponse:
    """No figures yet: nobody submitted, or a workshop has too few respondents to show any."""
    count = len(counted_respondents(round_))
    return render(
        request,
        "reports/result_pending.html",
        {
            "round": round_,
            "submitted": count,
            "hidden": count > 0 and results_hidden(round_, count),
            "minimum": anonymity_minimum(round_),
        },
    )


@login_required
@require_GET
def result(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, round_id)
    computed = round_result(round_)
    if computed is None:
        return _pending(request, round_)
    peer_band = None
    if computed.group is None:  # a workshop's radar keeps its respondents' range (one band)
        _, peer_band = peer_sections(computed)
    figures = result_figures(computed, band=peer_band)
    levels = {level["code"]: level for level in round_.instrument.development_levels}
    level = computed.result.level
    return render(
        request,
        "reports/result.html",
        {
            "round": round_,
            "computed": computed,
            "result": computed.result,
            "model": computed.model,
            "thresholds": computed.model.thresholds,
            "sides": ["upstream", "downstream"],
            "level_info": levels.get(level.code) if level else None,
            "next_level_info": levels.get(level.next_code) if level and level.next_code else None,
            "figures": {name: json.loads(figure.to_json()) for name, figure in figures.items()},
            "peer_band": peer_band,
        },
    )


@login_required
@require_GET
def report(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, round_id)
    built = build_report(round_)
    if built is None:
        return _pending(request, round_)
    computed = built.computed
    previous = built.comparison.previous_scores if built.comparison else None
    # One band per chart: a workshop's radar shows its respondents' range (the peer figures are in
    # the peer table); otherwise the peer group's 25th–75th percentile and median, if shown.
    radar = charts.capability_radar(
        computed.axis_groups,
        computed.capability_scores,
        label="Firm (mean of respondents)" if computed.group else "Your firm",
        band=respondent_band(computed.group) if computed.group else built.peer_band,
        previous=previous,
        previous_label=(
            f"{built.comparison.previous_round.closed_at:%b %Y}" if built.comparison else ""
        ),
    )
    return render(
        request,
        "reports/report.html",
        {
            "round": round_,
            "report": built,
            "result": computed.result,
            "model": computed.model,
            "thresholds": computed.model.thresholds,
            "figures": {"radar": json.loads(radar.to_json())},
        },
    )
