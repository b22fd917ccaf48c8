"""The report (and result page) of a benchmarked round: the peer band on the radar, the peer table.

Hand-worked: 5 consenting firms scoring 10, 20, 30, 40, 50 on every capability have p25 20,
median 30 and p75 40 (percentile_cont); the firm at 40 has percentile rank
(3 below + ½ × 1 tied) / 5 = 70 %.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment import cohorts as services
from assessment.demo import demo_round
from assessment.models import (
    CohortMembership,
    RoundScore,
)
from reports.report import build_report
from tests.benchmark_helpers import join_member, make_cohort, uniform_scores

pytestmark = pytest.mark.django_db

BAND = "Whole cohort: 25th–75th percentile"


def peer(cohort, value: float, **profile):
    """A consenting firm with a closed round scoring ``value`` (stored scores only)."""
    return join_member(cohort, value, **profile)[0]


def real_round(firm, user, instrument, *, days_ago: int = 2, stored: float | None = None):
    """A self-audit with answers (so its report renders); its stored scores set to ``stored``."""
    items = list(
        instrument.items.select_related("module", "facet__capability", "mode").order_by("position")
    )
    round_ = demo_round(
        firm=firm,
        user=user,
        instrument=instrument,
        items=items,
        when=timezone.now() - timedelta(days=days_ago),
        profile={},
        default=0.55,
        rng=random.Random(7),
    )
    if stored is not None:
        RoundScore.objects.filter(round=round_).delete()
        RoundScore.objects.bulk_create(
            RoundScore(round=round_, measure=m, value=v) for m, v in uniform_scores(stored).items()
        )
    return round_


@pytest.fixture
def member(instrument, alice, alice_firm):
    """Alice's firm scores 40 in a cohort of 5 consenting firms scoring 10, 20, 30, 40, 50."""
    cohort = make_cohort(instrument)
    for value in (10, 20, 30, 50):
        peer(cohort, value)
    services.cohort_join(cohort=cohort, firm=alice_firm, user=alice, text="consent text")
    round_ = real_round(alice_firm, alice, instrument, stored=40)
    return cohort, round_


def radar(response) -> dict[str, dict]:
    return {trace.get("name"): trace for trace in response.context["figures"]["radar"]["data"]}


def report_url(round_) -> str:
    return reverse("reports:report", args=[round_.pk])


def test_report_radar_shows_the_hand_worked_band_and_the_table_the_rank(alice_client, member):
    cohort, round_ = member
    response = alice_client.get(report_url(round_))
    assert response.status_code == 200
    traces = radar(response)
    assert traces[BAND]["r"][:7] == [20] * 7
    assert traces[f"{BAND} (upper)"]["r"][:7] == [40] * 7
    assert traces["Whole cohort: median"]["r"][:7] == [30] * 7
    section = response.context["report"].peers[0]
    assert (section.state, section.n, section.cohort_name) == ("shown", 5, cohort.name)
    row = next(row for row in section.rows if row.title == "Global mindset")
    assert row.firm_score == 40
    assert (row.distribution.p25, row.distribution.p50, row.distribution.p75) == (20, 30, 40)
    assert row.rank == pytest.approx(70)
    html = response.content.decode()
    table = html[html.index('id="peer-table-1"') :]
    assert "Global mindset</th>" in table
    cells = table.split("Global mindset</th>")[1].split("</tr>")[0]
    assert ">40<" in cells and ">30<" in cells and "20–40" in cells and ">70<" in cells
    assert "n = 5 firms" in html
    note = response.context["report"].peer_note
    assert "n = 5 firms" in note and "Global mindset 70" in note


def test_result_page_radar_shows_the_same_band(alice_client, member):
    _, round_ = member
    response = alice_client.get(reverse("reports:result", args=[round_.pk]))
    assert response.status_code == 200
    traces = radar(response)
    assert traces[BAND]["r"][:7] == [20] * 7
    assert traces["Whole cohort: median"]["r"][:7] == [30] * 7
    assert 'id="peer-band-note"' in response.content.decode()


def test_a_hidden_peer_group_gets_no_number(alice_client, instrument, alice, alice_firm):
    cohort = make_cohort(instrument)
    for value in (10, 20, 30, 50, 60):
        peer(cohort, value, sector="G")
    services.cohort_join(cohort=cohort, firm=alice_firm, user=alice, text="consent text")
    CohortMembership.objects.filter(firm=alice_firm).update(peer_group="sector")  # sector C: 1
    round_ = real_round(alice_firm, alice, instrument, stored=40)
    response = alice_client.get(report_url(round_))
    section = response.context["report"].peers[0]
    assert section.state == "hidden" and section.rows == [] and section.n is None
    assert not any("percentile" in (name or "") for name in radar(response))
    html = response.content.decode()
    assert 'id="peer-table' not in html
    note = html[html.index('id="peer-note"') :].split("</div>")[0]
    assert "is hidden (fewer than 5 firms" in note
    assert "n =" not in note and "median" not in note.lower()


def test_a_non_member_gets_the_old_note(alice_client, instrument, alice, alice_firm):
    round_ = real_round(alice_firm, alice, instrument)
    response = alice_client.get(report_url(round_))
    assert response.context["report"].peers == []
    assert "No peer band is shown: this firm is not in a benchmark cohort" in (
        response.content.decode()
    )
    assert not any("percentile" in (name or "") for name in radar(response))


def test_an_older_round_gets_a_note_and_no_band(alice_client, member, instrument, alice):
    _, old = member
    newer = real_round(old.firm, alice, instrument, days_ago=1, stored=45)
    response = alice_client.get(report_url(old))
    section = response.context["report"].peers[0]
    assert section.state == "older" and section.rows == []
    assert section.latest_round == newer
    assert not any("percentile" in (name or "") for name in radar(response))
    assert reverse("reports:report", args=[newer.pk]) in response.content.decode()
    # The newer round is the one in the statistics: 10, 20, 30, 45, 50 -> band 20–45.
    current = build_report(newer)
    assert current.peers[0].state == "shown"
    assert current.peer_band.low["global_mindset"] == 20
    assert current.peer_band.high["global_mindset"] == 45


def test_an_association_admin_cannot_open_a_member_report(client, member):
    cohort, round_ = member
    client.force_login(cohort.association.admins.get())
    assert client.get(report_url(round_)).status_code == 404
    assert client.get(reverse("reports:result", args=[round_.pk])).status_code == 404


def test_report_query_count_does_not_grow_with_the_cohort(alice_client, member, instrument):
    cohort, round_ = member

    def queries() -> int:
        alice_client.get(report_url(round_))  # fills the cache
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(report_url(round_)).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for value in (15, 25, 35, 45, 55, 65):
        peer(cohort, value)
    assert queries() == before
