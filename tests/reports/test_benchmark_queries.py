"""Peer statistics from the database: which rounds count, hand-worked figures, suppression, queries.

Runs on PostgreSQL (``scripts/run_tests.sh``; figures computed in the database) and on SQLite (the
same tests rerun by the tail of that script; figures computed in Python): same numbers on both.
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment.models import (
    Answer,
    AssessmentRound,
    Association,
    Cohort,
    CohortMembership,
    Firm,
    InstrumentVersion,
    Item,
    Respondent,
    RoundKind,
    RoundScore,
    RoundStatus,
)
from reports.benchmark_queries import (
    cohort_alpha,
    cohort_rounds,
    cohort_statistics,
    firm_benchmarks,
    level_distribution,
    member_benchmark,
    participation,
)
from reports.benchmarks import COHORT_KEY, Distribution, GroupKey
from reports.psychometrics import cronbach_alpha
from tests.conftest import make_firm, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
_serial = count()
CAP = "capability:global_mindset"


def new_firm(sector="C", **extra):
    n = next(_serial)
    return make_firm(make_user(f"user{n}"), f"Firm {n}", sector=sector, **extra)


def add_round(firm, instrument, scores, *, days_ago=10, status=RoundStatus.CLOSED, level=""):
    when = NOW - timedelta(days=days_ago)
    round_ = AssessmentRound.objects.create(
        firm=firm,
        instrument=instrument,
        kind=RoundKind.SELF_AUDIT,
        status=status,
        opened_at=when - timedelta(hours=1),
        closed_at=when if status == RoundStatus.CLOSED else None,
        level_code=level,
    )
    RoundScore.objects.bulk_create(
        RoundScore(round=round_, measure=measure, value=value) for measure, value in scores.items()
    )
    return round_


def join(cohort, firm, *, consent=True, withdrawn=False, peer_group="cohort"):
    return CohortMembership.objects.create(
        cohort=cohort,
        firm=firm,
        consent_at=NOW - timedelta(days=30) if consent else None,
        consent_text="Share my scores anonymously." if consent else "",
        withdrawn_at=NOW - timedelta(days=1) if withdrawn else None,
        peer_group=peer_group,
    )


@pytest.fixture
def cohort(instrument):
    association = Association.objects.create(name="Tech Industries")
    return Cohort.objects.create(
        association=association,
        name="2026",
        instrument=instrument,
        join_code="JOIN-2026",
        k_threshold=3,
        invited_count=40,
    )


@pytest.fixture
def other_instrument(db):
    return InstrumentVersion.objects.create(
        version="other-1", title="Other", source_file="other.yaml", content_hash="0" * 64
    )


# Sector C: DCI 10, 20, 40, 80; sector G: 30, 60, 90. Same size band, technology and region.
C_DCI = (10.0, 20.0, 40.0, 80.0)
G_DCI = (30.0, 60.0, 90.0)


@pytest.fixture
def firms(cohort, instrument, other_instrument):
    """Seven consenting firms with their latest rounds, and every kind of round that must not count."""
    made = {}
    for i, dci in enumerate(C_DCI):
        firm = made[f"c{i}"] = new_firm("C")
        join(cohort, firm)
        add_round(firm, instrument, {"dci": dci, CAP: dci}, level="incremental")
    for i, dci in enumerate(G_DCI):
        firm = made[f"g{i}"] = new_firm("G")
        join(cohort, firm)
        scores = {"dci": dci} if i == 0 else {"dci": dci, CAP: dci}  # g0: capability unscored
        add_round(firm, instrument, scores, level="renewing" if i else "incremental")
    # Rounds that must not count:
    add_round(made["c0"], instrument, {"dci": 99.0}, days_ago=400)  # older closed round
    add_round(made["c1"], instrument, {"dci": 99.0}, days_ago=1, status=RoundStatus.OPEN)
    add_round(made["g1"], other_instrument, {"dci": 99.0}, days_ago=1)  # other instrument
    silent = made["silent"] = new_firm("C")  # joined without consent
    join(cohort, silent, consent=False)
    add_round(silent, instrument, {"dci": 99.0})
    gone = made["gone"] = new_firm("C")  # consent withdrawn
    join(cohort, gone, withdrawn=True)
    add_round(gone, instrument, {"dci": 99.0})
    outsider = made["outsider"] = new_firm("C")  # not a member
    add_round(outsider, instrument, {"dci": 99.0})
    return made


def approx(n, p25, p50, p75, mean):
    """A Distribution compared with tolerance (the database's float arithmetic may differ)."""
    return Distribution(n, *(pytest.approx(value) for value in (p25, p50, p75, mean)))


def by_key(statistics):
    return {group.key: group for group in statistics}


def test_cohort_rounds_are_the_latest_closed_rounds_of_consenting_members(cohort, firms):
    rounds = list(cohort_rounds(cohort))
    assert {round_.firm for round_ in rounds} == {firms[f"c{i}"] for i in range(4)} | {
        firms[f"g{i}"] for i in range(3)
    }
    assert all(round_.status == RoundStatus.CLOSED for round_ in rounds)
    assert len(rounds) == 7


def test_latest_round_is_chosen_by_closing_date(cohort, firms, instrument):
    newer = add_round(firms["c0"], instrument, {"dci": 55.0}, days_ago=2)
    assert cohort_rounds(cohort).get(firm=firms["c0"]) == newer


def test_whole_cohort_figures_are_hand_worked(cohort, firms):
    [group] = cohort_statistics(cohort, dimension="cohort")
    assert group.key == COHORT_KEY
    assert group.label == "Whole cohort"
    assert group.visible
    dci = group.distributions["dci"]
    # 10 20 30 40 60 80 90: positions 1.5, 3 and 4.5
    assert dci.n == 7
    assert dci.p25 == pytest.approx(25.0)
    assert dci.p50 == pytest.approx(40.0)
    assert dci.p75 == pytest.approx(70.0)
    assert dci.mean == pytest.approx(330 / 7)
    # The capability is unscored for g0: 10 20 40 60 80 90
    assert group.distributions[CAP] == approx(6, 25.0, 50.0, 75.0, 50.0)


def test_sector_figures_are_hand_worked_and_hidden_per_measure(cohort, firms):
    groups = by_key(cohort_statistics(cohort, dimension="sector"))
    assert list(groups) == [GroupKey("sector", "C"), GroupKey("sector", "G")]
    sector_c, sector_g = groups.values()
    assert sector_c.label == "C – Manufacturing"
    assert sector_c.distributions["dci"] == approx(4, 17.5, 30.0, 50.0, 37.5)
    assert sector_g.distributions["dci"] == approx(3, 45.0, 60.0, 75.0, 60.0)
    # The capability: G has 2 scores (< k = 3) and cohort − C would reveal them, so both sectors
    # are hidden for it, while the cohort still shows it.
    assert CAP not in sector_g.distributions
    assert CAP not in sector_c.distributions


def test_measures_can_be_restricted(cohort, firms):
    [group] = cohort_statistics(cohort, dimension="cohort", measures=["dci"])
    assert set(group.distributions) == {"dci"}


def test_withdrawn_consent_removes_the_firm(cohort, firms):
    membership = CohortMembership.objects.get(cohort=cohort, firm=firms["g2"])
    membership.withdrawn_at = NOW
    membership.save()
    groups = by_key(cohort_statistics(cohort, dimension="sector"))
    assert groups[GroupKey("sector", "C")].visible is False  # cohort − C would be G's 2 firms
    assert groups[GroupKey("sector", "C")].distributions == {}
    assert groups[GroupKey("sector", "G")].visible is False
    assert groups[GroupKey("sector", "G")].distributions == {}
    [group] = cohort_statistics(cohort, dimension="cohort")
    assert group.distributions["dci"].n == 6
    assert member_benchmark(cohort, firms["g2"]) is None


def test_a_cohort_below_k_shows_nothing_anywhere(cohort, firms):
    CohortMembership.objects.filter(cohort=cohort, consent_at__isnull=False).exclude(
        firm__in=[firms["c0"], firms["c1"]]
    ).update(withdrawn_at=NOW)
    for dimension in ("cohort", "sector", "size_band", "technology_intensity", "region"):
        for group in cohort_statistics(cohort, dimension=dimension):
            assert group.visible is False
            assert group.distributions == {}
    benchmark = member_benchmark(cohort, firms["c0"])
    assert benchmark.visible is False
    assert benchmark.distributions == {}
    assert benchmark.ranks == {}
    assert benchmark.firm_scores == {"dci": 10.0, CAP: 10.0}  # its own scores only
    shown = participation(cohort)
    assert shown.completed is None
    assert shown.consenting is None
    levels = level_distribution(cohort)
    assert levels.visible is False
    assert levels.n is None
    assert set(levels.counts.values()) == {None}
    assert all(
        not result.shown and result.alpha is None for result in cohort_alpha(cohort).values()
    )


def test_member_benchmark_against_the_cohort(cohort, firms):
    benchmark = member_benchmark(cohort, firms["c2"])
    assert benchmark.group == COHORT_KEY
    assert benchmark.visible
    assert benchmark.firm_scores["dci"] == 40.0
    assert benchmark.round == cohort_rounds(cohort).get(firm=firms["c2"])
    assert benchmark.distributions["dci"].n == 7
    # 40 among 10 20 30 40 60 80 90: 3 below, 1 tied -> 3.5 / 7
    assert benchmark.ranks["dci"] == pytest.approx(50.0)
    # 40 among 10 20 40 60 80 90 (the capability): 2 below, 1 tied -> 2.5 / 6
    assert benchmark.ranks[CAP] == pytest.approx(100 * 2.5 / 6)


def test_member_benchmark_against_its_sector(cohort, firms):
    benchmark = member_benchmark(cohort, firms["c2"], dimension="sector")
    assert benchmark.group == GroupKey("sector", "C")
    assert benchmark.label == "C – Manufacturing"
    assert benchmark.distributions["dci"].n == 4
    assert benchmark.ranks["dci"] == pytest.approx(62.5)  # 2 below, 1 tied, of 4
    assert CAP not in benchmark.distributions  # hidden for the capability
    assert CAP not in benchmark.ranks
    assert benchmark.firm_scores[CAP] == 40.0


def test_ties_count_half(cohort, firms, instrument):
    add_round(firms["g0"], instrument, {"dci": 40.0}, days_ago=1)  # g0 now ties with c2
    benchmark = member_benchmark(cohort, firms["c2"])
    # 10 20 40 40 60 80 90 without 30: 2 below, 2 tied -> 3 / 7
    assert benchmark.ranks["dci"] == pytest.approx(100 * 3 / 7)


def test_non_members_and_non_consenting_firms_get_nothing(cohort, firms):
    assert member_benchmark(cohort, firms["outsider"]) is None
    assert member_benchmark(cohort, firms["silent"]) is None
    assert member_benchmark(cohort, firms["gone"]) is None
    assert firm_benchmarks(firms["outsider"]) == []
    assert firm_benchmarks(firms["silent"]) == []


def test_firm_benchmarks_use_the_chosen_peer_group_and_the_latest_instrument(
    cohort, firms, instrument, other_instrument
):
    CohortMembership.objects.filter(firm=firms["c2"]).update(peer_group="sector")
    [benchmark] = firm_benchmarks(firms["c2"])
    assert benchmark.group == GroupKey("sector", "C")
    [benchmark] = firm_benchmarks(firms["c2"], dimension="cohort")
    assert benchmark.group == COHORT_KEY
    # g1's latest round is on another instrument: no cohort matches it.
    assert firm_benchmarks(firms["g1"]) == []


def test_member_with_no_round_sees_its_group_but_no_rank(cohort, firms):
    newcomer = new_firm("C")
    join(cohort, newcomer)
    benchmark = member_benchmark(cohort, newcomer)
    assert benchmark.round is None
    assert benchmark.firm_scores == {}
    assert benchmark.ranks == {}
    assert benchmark.distributions["dci"].n == 7


def test_unknown_dimension_is_refused(cohort, firms):
    with pytest.raises(ValueError):
        cohort_statistics(cohort, dimension="country")
    with pytest.raises(ValueError):
        member_benchmark(cohort, firms["c0"], dimension="country")


def test_participation_shows_small_counts_as_none(cohort, firms):
    shown = participation(cohort)
    assert shown.invited == 40
    assert shown.joined == 9  # seven consenting, one silent, one withdrawn
    assert shown.consenting == 7
    assert shown.completed == 7
    CohortMembership.objects.filter(cohort=cohort).exclude(
        firm__in=[firms["c0"], firms["c1"]]
    ).delete()
    shown = participation(cohort)
    assert (shown.invited, shown.joined, shown.consenting, shown.completed) == (
        40,
        None,
        None,
        None,
    )


def test_level_distribution_suppresses_small_counts_and_protects_them_from_the_total(cohort, firms):
    levels = level_distribution(cohort)
    assert levels.visible
    assert levels.n == 7
    # incremental 5 (c0-c3, g0), renewing 2, regenerative 0: the 2 is hidden; 7 − 5 − 0 = 2 would
    # reveal it, so the 5 goes too.
    assert levels.counts == {"incremental": None, "renewing": None, "regenerative": 0}
    assert levels.labels["renewing"]


# --- Query counts do not grow with the cohort ----------------------------------------------------


def count_queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_query_counts_are_fixed_whatever_the_number_of_firms(
    cohort, firms, instrument, django_assert_max_num_queries
):
    calls = {
        "cohort": lambda: cohort_statistics(cohort, dimension="cohort"),
        "sector": lambda: cohort_statistics(cohort, dimension="sector"),
        "member": lambda: member_benchmark(cohort, firms["c2"], dimension="sector"),
        "firm": lambda: firm_benchmarks(firms["c2"]),
        "participation": lambda: participation(cohort),
        "levels": lambda: level_distribution(cohort),
        "alpha": lambda: cohort_alpha(cohort),
    }
    before = {name: count_queries(call) for name, call in calls.items()}
    for i in range(12):
        firm = new_firm("CGJ"[i % 3], size_band="small", employees=20)
        join(cohort, firm)
        add_round(firm, instrument, {"dci": 5.0 * i, CAP: 3.0 * i})
    after = {name: count_queries(call) for name, call in calls.items()}
    assert after == before
    limits = {"cohort": 4, "sector": 4, "member": 8, "participation": 2, "levels": 1, "alpha": 3}
    for name, limit in limits.items():
        with django_assert_max_num_queries(limit):
            calls[name]()


# --- The cache: never stale, fixed queries ------------------------------------------------------
# Changes are made with QuerySet.update() and bulk_create(), which send no signal, so only the data
# version read from the database can tell the cache that the cohort changed.


def dci_of_cohort(cohort):
    [group] = cohort_statistics(cohort, dimension="cohort")
    return group.distributions["dci"]


def test_a_withdrawal_shows_at_once_despite_the_cache(cohort, firms):
    assert dci_of_cohort(cohort).n == 7  # cached now
    before = member_benchmark(cohort, firms["c2"])
    assert before.ranks["dci"] == pytest.approx(50.0)
    CohortMembership.objects.filter(cohort=cohort, firm=firms["g2"]).update(withdrawn_at=NOW)
    assert dci_of_cohort(cohort) == approx(6, 22.5, 35, 55, 40)  # 10 20 30 40 60 80
    # 40 among 10 20 30 40 60 80: 3 below, 1 tied -> 3.5 / 6
    assert member_benchmark(cohort, firms["c2"]).ranks["dci"] == pytest.approx(100 * 3.5 / 6)
    # Consent given again: the firm is back.
    CohortMembership.objects.filter(cohort=cohort, firm=firms["g2"]).update(
        withdrawn_at=None, consent_at=NOW
    )
    assert dci_of_cohort(cohort).n == 7


def test_a_newly_closed_or_reopened_round_shows_at_once(cohort, firms, instrument):
    assert dci_of_cohort(cohort).p75 == pytest.approx(70.0)
    when = NOW - timedelta(hours=1)
    [newer] = AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(
                firm=firms["c3"],
                instrument=instrument,
                kind=RoundKind.SELF_AUDIT,
                status=RoundStatus.CLOSED,
                opened_at=when,
                closed_at=when,
            )
        ]
    )
    RoundScore.objects.bulk_create([RoundScore(round=newer, measure="dci", value=35.0)])
    # c3 now scores 35 instead of 80: 10 20 30 35 40 60 90
    assert dci_of_cohort(cohort) == approx(7, 25, 35, 50, 285 / 7)
    AssessmentRound.objects.filter(pk=newer.pk).update(status=RoundStatus.OPEN)
    assert dci_of_cohort(cohort).p75 == pytest.approx(70.0)  # its earlier round counts again


def test_a_profile_change_or_swap_shows_at_once(cohort, firms):
    sector = by_key(cohort_statistics(cohort, dimension="sector"))
    assert sector[GroupKey("sector", "C")].distributions["dci"].p50 == pytest.approx(30.0)
    # c0 (10) and g1 (60) swap sectors: the counts stay 4 and 3, the figures change.
    Firm.objects.filter(pk=firms["c0"].pk).update(sector="G")
    Firm.objects.filter(pk=firms["g1"].pk).update(sector="C")
    sector = by_key(cohort_statistics(cohort, dimension="sector"))
    assert sector[GroupKey("sector", "C")].distributions["dci"] == approx(4, 35, 50, 65, 50)
    assert sector[GroupKey("sector", "G")].distributions["dci"] == approx(3, 20, 30, 60, 130 / 3)


def test_a_changed_k_shows_at_once(cohort, firms):
    assert by_key(cohort_statistics(cohort, dimension="sector"))[GroupKey("sector", "G")].visible
    Cohort.objects.filter(pk=cohort.pk).update(k_threshold=4)
    cohort.refresh_from_db()
    groups = by_key(cohort_statistics(cohort, dimension="sector"))
    assert not groups[GroupKey("sector", "G")].visible  # 3 firms < 4
    assert groups[GroupKey("sector", "G")].distributions == {}


def test_warm_calls_read_only_the_data_version(
    cohort, firms, django_assert_num_queries, django_assert_max_num_queries
):
    cache.clear()
    with django_assert_max_num_queries(4):  # data version (2) + the values (2)
        cohort_statistics(cohort, dimension="cohort")
    with django_assert_num_queries(2):  # data version only; the sector groups from cached values
        cohort_statistics(cohort, dimension="sector")
    with django_assert_num_queries(2):
        cohort_statistics(cohort, dimension="sector")
    # membership, data version (2), the firm's round and its scores
    with django_assert_num_queries(5):
        member_benchmark(cohort, firms["c2"], dimension="sector")
    cache.clear()
    with django_assert_max_num_queries(7):
        member_benchmark(cohort, firms["c2"], dimension="sector")


# --- Cronbach's alpha over the cohort ------------------------------------------------------------


def test_cohort_alpha_uses_submitted_respondents_and_shows_from_thirty(cohort, firms, instrument):
    cap_items = list(
        Item.objects.filter(instrument=instrument, facet__capability__code="global_mindset")
    )
    rounds = list(cohort_rounds(cohort))

    def respond(round_, values, *, submitted=True, revoked=False, n=[0]):  # noqa: B006
        n[0] += 1
        respondent = Respondent.objects.create(
            round=round_,
            token_hash=f"{n[0]:064d}",
            submitted_at=NOW if submitted else None,
            revoked_at=NOW if revoked else None,
        )
        Answer.objects.bulk_create(
            Answer(respondent=respondent, item=item, value=value)
            for item, value in zip(cap_items, values, strict=True)
        )

    rng = random.Random(7)
    expected_rows = []  # the rows as alpha sees them: reverse-keyed items reversed back

    def values_for(level):
        stored, row = [], []
        for item in cap_items:
            value = min(5, max(1, level + rng.choice((-1, 0, 0, 1))))
            row.append(value)
            stored.append(6 - value if item.reverse_keyed else value)
        return stored, row

    for j in range(29):
        stored, row = values_for(1 + j % 5)
        respond(rounds[j % len(rounds)], stored)
        expected_rows.append(row)
    respond(rounds[0], values_for(2)[0], submitted=False)  # not submitted: ignored
    respond(rounds[0], values_for(3)[0], revoked=True)  # revoked: ignored
    incomplete = values_for(3)[0]
    incomplete[0] = None
    respond(rounds[2], incomplete)  # a "don't know": dropped listwise
    result = cohort_alpha(cohort)["global_mindset"]
    assert result.items == len(cap_items)
    assert result.n == 29
    assert not result.shown
    assert result.alpha is None
    stored, row = values_for(4)
    respond(rounds[1], stored)
    expected_rows.append(row)
    result = cohort_alpha(cohort)["global_mindset"]
    assert result.n == 30
    assert result.shown
    assert result.alpha == pytest.approx(cronbach_alpha(expected_rows))
    assert 0.5 < result.alpha < 1.0


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's aggregate"
)
def test_python_quartiles_equal_postgresql_percentile_cont(instrument):
    """The figures are computed in Python from cached values; PostgreSQL agrees on every quartile."""
    from reports.benchmark_queries import PercentileCont
    from tests.benchmark_helpers import join_member, make_cohort

    cohort = make_cohort(instrument)
    for value in (10, 20, 30, 40, 60, 80, 90, 35.5):
        join_member(cohort, value)
    stats = next(g for g in cohort_statistics(cohort, dimension="cohort") if g.key == COHORT_KEY)
    database = RoundScore.objects.filter(
        round__firm__cohort_memberships__cohort=cohort, measure="dci"
    ).aggregate(
        p25=PercentileCont("value", 0.25),
        p50=PercentileCont("value", 0.5),
        p75=PercentileCont("value", 0.75),
    )
    ours = stats.distributions["dci"]
    assert (ours.p25, ours.p50, ours.p75) == pytest.approx(
        (database["p25"], database["p50"], database["p75"])
    )
    assert ours.p50 == pytest.approx(37.75)  # (35.5 + 40) / 2
