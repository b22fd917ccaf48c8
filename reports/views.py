"""Result and report pages for a completed round."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment.access import get_round_for_user
from reports import charts
from reports.report import build_report
from reports.results import result_figures, round_result


@login_required
@require_GET
def result(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, round_id)
    computed = round_result(round_)
    if computed is None:
        return render(request, "reports/result_pending.html", {"round": round_}, status=200)
    figures = result_figures(computed)
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
        },
    )


@login_required
@require_GET
def report(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, round_id)
    built = build_report(round_)
    if built is None:
        return render(request, "reports/result_pending.html", {"round": round_})
    computed = built.computed
    previous = built.comparison.previous_scores if built.comparison else None
    radar = charts.capability_radar(
        computed.axis_groups,
        computed.capability_scores,
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
