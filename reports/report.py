"""The report of a completed round: priorities, advice, strengths, change over time.

Ranking and selection are plain functions over scores; ``build_report`` fetches and assembles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from assessment.models import AssessmentRound, RoundStatus
from assessment.round_scores import DCI, capability_measure
from assessment.scoring import AssessmentResult, LevelResult
from reports.advice import advice, sources_for
from reports.benchmark_charts import peer_band
from reports.benchmark_pages import DIMENSION_LABELS, HIDDEN_REASON
from reports.benchmark_queries import COHORT_LABEL, MemberBenchmark, firm_benchmarks
from reports.benchmarks import Distribution
from reports.charts import Band
from reports.results import RoundResult, round_result
from reports.workshop import consensus_by_capability, spread_rows

PRIORITY_COUNT = 3


@dataclass(frozen=True)
class Priority:
    code: str
    title: str
    score: float
    target: float
    target_reason: str
    gap: float
    reasoning: str
    advice: str
    why: str
    actions: tuple[str, ...]
    sources: tuple[str, ...]


def capability_targets(
    level: LevelResult | None,
    levels: list[dict[str, Any]],
    capability_codes: list[str],
    *,
    strong_score: float,
) -> dict[str, tuple[float, str]]:
    """What each capability should reach for the next development level, with the reason.

    The next level's DCI minimum applies to every capability (the DCI is a mean of the layers, so
    each capability near it keeps the index there); a capability minimum raises that for its
    capability. At the top level the target is the instrument's "strong" score.
    """
    by_code = {entry["code"]: entry for entry in levels}
    if level is None or level.next_code is None:
        return dict.fromkeys(capability_codes, (strong_score, "the strong score of the model"))
    requires = by_code[level.next_code]["requires"]
    next_title = by_code[level.next_code]["title"].lower()
    base = requires.get("dci_min", {}).get("value", strong_score)
    targets = dict.fromkeys(
        capability_codes,
        (base, f"the {next_title} level needs a Dynamic Capability Index of {base:g}"),
    )
    rule = requires.get("capability_min")
    if rule and rule["capability"] in targets and rule["value"] > base:
        targets[rule["capability"]] = (
            rule["value"],
            f"the {next_title} level needs at least {rule['value']:g} here",
        )
    return targets


def rank_priorities(
    scores: Mapping[str, float | None],
    targets: Mapping[str, tuple[float, str]],
    *,
    count: int = PRIORITY_COUNT,
) -> list[tuple[str, float, float, str]]:
    """Capabilities ranked by gap to target (largest first); (code, score, target, reason).

    Unscored capabilities are left out (no figure, no priority). Ties break on the lower score,
    then on the model's order.
    """
    order = {code: index for index, code in enumerate(targets)}
    ranked = sorted(
        (
            (code, score, targets[code][0], targets[code][1])
            for code, score in scores.items()
            if score is not None and code in targets
        ),
        key=lambda row: (-(row[2] - row[1]), row[1], order[row[0]]),
    )
    return ranked[:count]


@dataclass
class Comparison:
    previous_round: AssessmentRound
    rows: list[dict[str, Any]]  # capability rows: title, before, now, delta
    layer_rows: list[dict[str, Any]]
    level_before: str | None
    level_now: str | None
    not_comparable: list[str]
    previous_scores: dict[str, float | None]


@dataclass
class Report:
    computed: RoundResult
    priorities: list[Priority]
    priority_basis: str
    peer_note: str
    strengths: list[dict[str, Any]]
    mode_advice: list[dict[str, Any]]
    selective_notes: list[dict[str, Any]]
    layer_notes: list[dict[str, Any]]
    level_advice: dict[str, Any] | None
    outcome_advice: list[dict[str, Any]]
    comparison: Comparison | None
    sources: list[dict[str, str]] = field(default_factory=list)
    workshop: list[dict[str, Any]] | None = None  # mean, spread, agreement and agreed score
    peers: list[PeerSection] = field(default_factory=list)  # one per cohort on the instrument
    peer_band: Band | None = None  # the first shown peer group's 25th–75th percentile and median

    @property
    def result(self) -> AssessmentResult:
        return self.computed.result


def _priorities(computed: RoundResult) -> tuple[list[Priority], str, list[str]]:
    result, model = computed.result, computed.model
    texts = advice()["capabilities"]
    scores = {code: cap.score for code, cap in result.capabilities.items()}
    targets = capability_targets(
        result.level,
        computed.round.instrument.development_levels,
        list(scores),
        strong_score=model.thresholds["strong_score"],
    )
    basis = (
        "Ranked by the distance to what the next development level needs. Peer figures, where "
        "shown, are for comparison and do not change the ranking: a capability above its peers "
        "can still hold the firm back from the next level."
    )
    priorities, cited = [], []
    for code, score, target, reason in rank_priorities(scores, targets):
        text = texts[code]
        gap = target - score
        if gap > 0:
            reasoning = (
                f"{text['title']} scores {score:.0f}; {reason}, so it is {gap:.0f} points short."
            )
        else:
            reasoning = (
                f"{text['title']} scores {score:.0f}, already at or above its target of "
                f"{target:g}; it is among the firm's lowest scores."
            )
        priorities.append(
            Priority(
                code,
                text["title"],
                score,
                target,
                reason,
                gap,
                reasoning,
                text["advice"],
                text["why"],
                tuple(text["actions"]),
                tuple(text["sources"]),
            )
        )
        cited += text["sources"]
    return priorities, basis, cited


def _mode_advice(computed: RoundResult) -> tuple[list[dict], list[dict], list[str]]:
    weak = computed.model.thresholds["weak_score"]
    texts = advice()["modes"]
    weak_modes, selective, cited = [], [], []
    for (mode, side), score in computed.result.modes.items():
        if score.score is None or score.score >= weak:
            continue
        entry = {"mode": score.title, "side": side, "score": score.score, **texts[mode][side]}
        (selective if score.use_selectively else weak_modes).append(entry)
        cited += texts[mode][side]["sources"]
    weak_modes.sort(key=lambda entry: entry["score"])
    return weak_modes, selective, cited


def _layer_notes(computed: RoundResult) -> list[dict[str, Any]]:
    texts = advice()["layers"]
    notes = []
    for message in computed.result.foundation:
        # Both texts are keyed by the inner layer: the foundation that is missing, or the
        # potential that is not yet used by the layer built on it.
        notes.append({"message": message.text, "advice": texts[message.inner][message.kind]})
    return notes


def _comparison(computed: RoundResult) -> Comparison | None:
    round_ = computed.round
    if round_.closed_at is None:
        return None
    previous = (
        AssessmentRound.objects.filter(
            firm=round_.firm, status=RoundStatus.CLOSED, closed_at__lt=round_.closed_at
        )
        .select_related("instrument")
        .order_by("-closed_at")
        .first()
    )
    if previous is None:
        return None
    same_instrument = previous.instrument_id == round_.instrument_id
    before = round_result(previous, model=computed.model if same_instrument else None)
    if before is None:
        return None
    now_result, old_result = computed.result, before.result
    if same_instrument:
        mapping = {code: code for code in now_result.capabilities}
    else:
        mapping = dict(round_.instrument.maps_to_previous.get("capabilities", {}))
    rows, not_comparable = [], []
    for code, cap in now_result.capabilities.items():
        old_code = mapping.get(code)
        if old_code is None or old_code not in old_result.capabilities:
            not_comparable.append(cap.title)
            continue
        old = old_result.capabilities[old_code].score
        delta = None if old is None or cap.score is None else cap.score - old
        rows.append(
            {"code": code, "title": cap.title, "before": old, "now": cap.score, "delta": delta}
        )
    layer_rows = []
    if same_instrument:
        for code, layer in now_result.layers.items():
            old = old_result.layers[code].score
            delta = None if old is None or layer.score is None else layer.score - old
            layer_rows.append(
                {"title": layer.title, "before": old, "now": layer.score, "delta": delta}
            )
        old_dci, dci = old_result.dci, now_result.dci
        layer_rows.append(
            {
                "title": "Dynamic Capability Index",
                "before": old_dci,
                "now": dci,
                "delta": None if old_dci is None or dci is None else dci - old_dci,
            }
        )
    return Comparison(
        previous_round=previous,
        rows=rows,
        layer_rows=layer_rows,
        level_before=old_result.level.title if old_result.level else None,
        level_now=now_result.level.title if now_result.level else None,
        not_comparable=not_comparable,
        previous_scores={row["code"]: row["before"] for row in rows},
    )


def workshop_rows(computed: RoundResult) -> list[dict[str, Any]]:
    """Per capability: the computed mean, the spread and agreement, and the agreed score."""
    return spread_rows(computed.model, computed.group, consensus_by_capability(computed.round))


# --- Peer figures (benchmark cohorts) --------------------------------------------------------------


@dataclass(frozen=True)
class PeerRow:
    title: str
    firm_score: float | None
    distribution: Distribution | None  # None: the group is hidden for this measure
    rank: float | None


@dataclass
class PeerSection:
    """The round against the peer group chosen in one cohort: figures, or why there are none.

    ``state`` is "shown" (figures in ``rows``), "hidden" (the group may not be shown; no number)
    or "older" (this round is not the firm's latest closed round on the instrument, so it is not
    the one in the cohort's statistics; no number).
    """

    cohort_name: str
    association_name: str
    label: str
    dimension_label: str
    state: str
    k: int
    rows: list[PeerRow] = field(default_factory=list)
    n: int | None = None  # firms in the group (the largest n over the rows)
    latest_round: AssessmentRound | None = None
    hidden_reason: str = ""
    on_radar: bool = False  # its band is the one drawn (the first shown group)

    @property
    def group_name(self) -> str:
        """ "the whole cohort" or e.g. "Manufacturing (sector)"."""
        if self.label == COHORT_LABEL:
            return "the whole cohort"
        return f"{self.label} ({self.dimension_label.lower()})"


def _peer_rows(benchmark: MemberBenchmark, computed: RoundResult) -> list[PeerRow]:
    result = computed.result
    measures = [(capability_measure(code), cap.title) for code, cap in result.capabilities.items()]
    measures.append((DCI, "Dynamic Capability Index"))
    return [
        PeerRow(
            title,
            benchmark.firm_scores.get(measure),
            benchmark.distributions.get(measure),
            benchmark.ranks.get(measure),
        )
        for measure, title in measures
    ]


def peer_sections(computed: RoundResult) -> tuple[list[PeerSection], Band | None]:
    """The round against the peer group chosen in each cohort the firm consents in on its
    instrument (``firm_benchmarks``, the figures of the member view), and the radar band of the
    first shown one (25th–75th percentile and median).

    Only the firm's latest closed round on the instrument is in the cohort's statistics: an
    older round gets an "older" section without numbers.
    """
    round_ = computed.round
    benchmarks = firm_benchmarks(round_.firm, instrument=round_.instrument_id)
    sections, band = [], None
    codes = [code for group in computed.axis_groups for code, _ in group.capabilities]
    for benchmark in benchmarks:
        cohort = benchmark.cohort
        section = PeerSection(
            cohort_name=cohort.name,
            association_name=cohort.association.name,
            label=benchmark.label,
            dimension_label=DIMENSION_LABELS[benchmark.group.dimension],
            state="shown",
            k=cohort.k_threshold,
            latest_round=benchmark.round,
        )
        if benchmark.round is None or benchmark.round.pk != round_.pk:
            section.state = "older"
        elif not benchmark.visible:
            section.state = "hidden"
            section.hidden_reason = HIDDEN_REASON.format(k=cohort.k_threshold)
        else:
            section.rows = _peer_rows(benchmark, computed)
            counts = [row.distribution.n for row in section.rows if row.distribution]
            section.n = max(counts, default=None)
            section.hidden_reason = HIDDEN_REASON.format(k=cohort.k_threshold)
            if band is None:
                band = peer_band(benchmark.distributions, codes, label=benchmark.label)
                section.on_radar = band is not None
        sections.append(section)
    return sections, band


def _peer_note(sections: list[PeerSection], round_: AssessmentRound, default_k: int) -> str:
    """One sentence for the report's radar (and the PDF, which draws no band)."""
    shown = [section for section in sections if section.state == "shown"]
    if shown:
        section = shown[0]
        ranks = ", ".join(
            f"{row.title} {row.rank:.0f}" for row in section.rows if row.rank is not None
        )
        return (
            f"Compared with {section.group_name} in {section.cohort_name} "
            f"({section.association_name}), n = {section.n} firms. "
            f"Percentile ranks (share of the group scoring below the firm, plus half of those "
            f"tied): {ranks or 'none'}."
        )
    if any(section.state == "hidden" for section in sections):
        section = next(section for section in sections if section.state == "hidden")
        return (
            f"No peer figures are shown: the peer group {section.group_name} in "
            f"{section.cohort_name} is "
            f"hidden ({section.hidden_reason}). Choose a larger group on the Benchmarks page."
        )
    if sections:
        latest = sections[0].latest_round
        when = ""
        if latest is not None and latest.closed_at is not None:
            when = f" (closed {date_format(timezone.localtime(latest.closed_at), 'j F Y')})"
        return (
            "No peer band is shown: peer figures belong to the firm's latest round on instrument "
            f"{round_.instrument.version}{when}, the one in the cohort's statistics, and are "
            "shown in its report."
        )
    return (
        "No peer band is shown: this firm is not in a benchmark cohort with at least "
        f"{default_k} consenting firms that completed instrument "
        f"{round_.instrument.version}. Figures are never shown for smaller groups."
    )


def build_report(round_: AssessmentRound) -> Report | None:
    computed = round_result(round_)
    if computed is None:
        return None
    result, thresholds = computed.result, computed.model.thresholds
    priorities, basis, cited = _priorities(computed)
    peers, band = peer_sections(computed)
    weak_modes, selective, mode_cited = _mode_advice(computed)
    texts = advice()
    strengths = [
        {"title": cap.title, "score": cap.score, "text": texts["capabilities"][code]["strength"]}
        for code, cap in result.capabilities.items()
        if cap.score is not None and cap.score >= thresholds["strong_score"]
    ]
    level_advice = None
    if result.level is not None:
        level_advice = texts["levels"][result.level.code]
        mode_cited += level_advice["sources"]
    outcome_advice = []
    for code, group in result.outcomes.items():
        if not group.is_improved:
            outcome_advice.append({"title": group.title, **texts["outcomes"][code]})
            mode_cited += texts["outcomes"][code]["sources"]
    return Report(
        computed=computed,
        priorities=priorities,
        priority_basis=basis,
        peer_note=_peer_note(peers, round_, int(thresholds["default_k"])),
        strengths=strengths,
        mode_advice=weak_modes,
        selective_notes=selective,
        layer_notes=_layer_notes(computed),
        level_advice=level_advice,
        outcome_advice=outcome_advice,
        comparison=_comparison(computed),
        sources=sources_for(cited + mode_cited),
        workshop=workshop_rows(computed) if computed.group else None,
        peers=peers,
        peer_band=band,
    )
