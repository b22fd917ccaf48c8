"""What the facilitator's live dashboard shows: who answered, and the group's figures.

Fetch once (respondents, answers, items), aggregate with the pure ``assessment.aggregation``,
and return plain data for the template and the polling endpoint. No individual answers leave this
module: only counts, means, spreads and answer histograms, and those only when at least the
instrument's ``respondent_anonymity_min`` people have submitted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assessment.aggregation import GroupResult, individual_figures_allowed, role_comparison
from assessment.models import AssessmentRound, ConsensusScore, Item, RoleLabel
from assessment.round_scores import workshop_group_result
from assessment.scoring import Model
from assessment.scoring_input import build_model, round_items
from reports import charts
from reports.results import axis_groups, respondent_band

DISAGREEMENT_ROWS = 10
ROLE_MINIMUM = 2


@dataclass(frozen=True)
class RespondentRow:
    pk: int
    role: str
    name: str  # only what the person gave
    status: str  # "invited", "answering", "submitted", "withdrawn"
    via_room: bool


@dataclass
class LiveView:
    round: AssessmentRound
    rows: list[RespondentRow]
    counts: dict[str, int]
    by_role: list[dict[str, Any]]
    minimum: int
    figures_allowed: bool
    group: GroupResult | None = None
    model: Model | None = None
    spreads: list[dict[str, Any]] = field(default_factory=list)
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    roles: dict[str, Any] | None = None
    radar: Any = None

    @property
    def submitted(self) -> int:
        return self.counts["submitted"]


def respondent_status(respondent) -> str:
    if respondent.revoked_at is not None:
        return "withdrawn"
    if respondent.submitted_at is not None:
        return "submitted"
    if respondent.started_at is not None:
        return "answering"
    return "invited"


def live_view(round_: AssessmentRound, *, with_figures: bool = True) -> LiveView:
    """Everything the facilitator sees, in a fixed number of queries.

    ``with_figures=False`` gives only who has answered (2 queries): the polling endpoint asks for
    the figures only when the number of submitted questionnaires changed.
    """
    respondents = list(round_.respondents.order_by("created_at", "pk"))
    rows = [
        RespondentRow(
            r.pk, r.get_role_label_display(), r.name, respondent_status(r), bool(r.room_id)
        )
        for r in respondents
    ]
    counts = Counter(row.status for row in rows)
    counts = {
        status: counts.get(status, 0)
        for status in ("invited", "answering", "submitted", "withdrawn")
    }
    by_role = []
    for title in RoleLabel.labels:
        of_role = [row for row in rows if row.role == title and row.status != "withdrawn"]
        if of_role:
            by_role.append(
                {
                    "title": title,
                    "total": len(of_role),
                    "submitted": sum(1 for row in of_role if row.status == "submitted"),
                }
            )
    counted = [r for r in respondents if r.submitted_at and r.revoked_at is None]
    minimum = int(round_.instrument.threshold("respondent_anonymity_min"))
    view = LiveView(
        round=round_,
        rows=rows,
        counts=counts,
        by_role=by_role,
        minimum=minimum,
        figures_allowed=individual_figures_allowed(len(counted), minimum),
    )
    if not (view.figures_allowed and with_figures):
        return view
    items = round_items(round_)
    model = build_model(round_.instrument, items)
    group = workshop_group_result(round_, counted, model)
    view.group, view.model = group, model
    view.spreads = spread_rows(model, group, consensus_by_capability(round_))
    view.disagreements = disagreement_rows(group, items)
    view.roles = role_rows(model, group, counted)
    view.radar = charts.capability_radar(
        axis_groups(model),
        {code: cap.score for code, cap in group.result.capabilities.items()},
        label="Mean of respondents",
        band=respondent_band(group),
    )
    return view


def consensus_by_capability(round_: AssessmentRound) -> dict[str, ConsensusScore]:
    """The agreed scores of a round by capability code (1 query)."""
    return {
        c.capability.code: c
        for c in ConsensusScore.objects.filter(round=round_).select_related("capability")
    }


def spread_rows(model: Model, group: GroupResult, consensus: dict) -> list[dict[str, Any]]:
    rows = []
    for layer in model.layers:
        for cap in layer.capabilities:
            spread = group.spreads[cap.code]
            agreed = consensus.get(cap.code)
            rows.append(
                {
                    "code": cap.code,
                    "title": cap.title,
                    "layer": layer.title,
                    "spread": spread,
                    "consensus": agreed,
                }
            )
    return rows


def disagreement_rows(group: GroupResult, items: list[Item]) -> list[dict[str, Any]]:
    """The items the group disagrees on most (largest variance first), as answer histograms."""
    by_code = {item.code: item for item in items}
    rows = []
    for entry in group.disagreements[:DISAGREEMENT_ROWS]:
        if entry.variance <= 0:
            break
        item = by_code[entry.item]
        rows.append(
            {
                "code": entry.item,
                "text": item.text,
                "parent": item.parent_title,
                "variance": entry.variance,
                "n": entry.n,
                "counts": sorted(entry.counts.items()),
            }
        )
    return rows


def role_rows(model: Model, group: GroupResult, respondents) -> dict[str, Any] | None:
    """Mean capability scores per role label, when every label present has ≥ 2 respondents."""
    by_role: dict[str, list] = {}
    for respondent in respondents:
        by_role.setdefault(respondent.get_role_label_display(), []).append(
            group.respondents[respondent.pk]
        )
    if len(by_role) < 2 or any(len(results) < ROLE_MINIMUM for results in by_role.values()):
        return None
    means = role_comparison(model, by_role, minimum=ROLE_MINIMUM)
    return {
        "roles": list(means),
        "rows": [
            {"title": cap.title, "values": [means[role][cap.code] for role in means]}
            for cap in model.capabilities
        ],
    }
