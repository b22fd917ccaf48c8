"""The member benchmark view, and the doors a small group must not leak through.

Cohorts here are built from stored ``RoundScore`` rows, so every expected number is worked out
by hand: 5 firms scoring 10, 20, 30, 40, 50 have p25 20, median 30, p75 40, mean 30
(percentile_cont), and the firm at 40 has percentile rank (3 below + ½ × 1 tied) / 5 = 70 %.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment.models import (
    CohortMembership,
    FirmRole,
)
from tests.benchmark_helpers import (
    join_member,
    make_cohort,
)
from tests.conftest import make_user


@pytest.fixture
def hand_cohort(instrument):
    """5 consenting firms of one sector scoring 10, 20, 30, 40, 50 on everything."""
    cohort = make_cohort(instrument)
    firms = [join_member(cohort, value) for value in (10, 20, 30, 40, 50)]
    return cohort, firms


def member_url(firm) -> str:
    return reverse("reports:firm_benchmarks", args=[firm.pk])


# --- Exact numbers ----------------------------------------------------------------------------


def test_member_view_shows_hand_worked_median_band_and_rank(client, hand_cohort):
    cohort, firms = hand_cohort
    firm, owner = firms[3]  # scores 40
    client.force_login(owner)
    response = client.get(member_url(firm))
    assert response.status_code == 200
    section = response.context["sections"][0]
    row = next(r for r in section.rows if r.measure.key == "capability:global_mindset")
    assert row.firm_score == 40
    assert (row.distribution.p25, row.distribution.p50, row.distribution.p75) == (20, 30, 40)
    assert row.distribution.mean == pytest.approx(30)
    assert row.distribution.n == 5
    assert row.rank == pytest.approx(70)
    html = response.content.decode()
    table = html[html.index(f'id="member-table-{cohort.pk}"') :]
    row_html = r"Global mindset</th>\s*<td[^>]*>40</td>\s*<td[^>]*>30 <span[^>]*>20–40</span></td>"
    assert re.search(row_html + r"\s*<td[^>]*>70</td>", table)
    # The radar: the firm's line, the band from p25 to p75 and the median.
    figure = json.loads(
        html.split(f'id="fig-radar-{cohort.pk}" type="application/json">')[1].split("</script>")[0]
    )
    by_name = {trace.get("name"): trace for trace in figure["data"]}
    assert by_name[firm.name]["r"][:7] == [40] * 7
    assert by_name["Whole cohort: 25th–75th percentile"]["r"][:7] == [20] * 7
    assert by_name["Whole cohort: 25th–75th percentile (upper)"]["r"][:7] == [40] * 7
    assert by_name["Whole cohort: median"]["r"][:7] == [30] * 7


def test_association_dashboard_shows_hand_worked_quartiles(client, hand_cohort):
    cohort, _ = hand_cohort
    client.force_login(cohort.association.admins.get())
    response = client.get(reverse("assessment:cohort_dashboard", args=[cohort.pk]))
    figure = response.context["figures"]["capabilities"]
    whole = next(t for t in figure["data"] if t["name"] == "Whole cohort")
    assert whole["q1"] == [20] * 7 and whole["median"] == [30] * 7 and whole["q3"] == [40] * 7
    assert whole["mean"] == [30] * 7
    assert whole["lowerfence"] == whole["q1"] and whole["upperfence"] == whole["q3"]
    assert "x" not in whole and whole["boxpoints"] is False
    participation = response.context["page"].participation
    assert (participation.joined, participation.consenting, participation.completed) == (5, 5, 5)


# --- Access -------------------------------------------------------------------------------------


def test_a_consultant_of_the_firm_sees_the_member_view(client, hand_cohort):
    _, firms = hand_cohort
    firm, _ = firms[0]
    consultant = make_user("consultant")
    firm.memberships.create(user=consultant, role=FirmRole.CONSULTANT)
    client.force_login(consultant)
    response = client.get(member_url(firm))
    assert response.status_code == 200
    assert "Withdraw consent" not in response.content.decode()


def test_another_user_gets_404(client, hand_cohort, bob):
    _, firms = hand_cohort
    client.force_login(bob)
    assert client.get(member_url(firms[0][0])).status_code == 404


def test_the_association_admin_never_sees_a_single_firm(client, hand_cohort):
    cohort, firms = hand_cohort
    firm = firms[0][0]
    client.force_login(cohort.association.admins.get())
    assert client.get(member_url(firm)).status_code == 404
    round_ = firm.rounds.get()
    assert client.get(reverse("reports:report", args=[round_.pk])).status_code == 404
    assert client.get(reverse("reports:result", args=[round_.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, hand_cohort):
    _, firms = hand_cohort
    response = client.get(member_url(firms[0][0]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Peer group ------------------------------------------------------------------------------------


def test_peer_group_is_saved(client, hand_cohort):
    cohort, firms = hand_cohort
    firm, owner = firms[0]
    membership = CohortMembership.objects.get(cohort=cohort, firm=firm)
    client.force_login(owner)
    url = reverse("reports:peer_group_save", args=[firm.pk, membership.pk])
    response = client.post(url, {"peer_group": "sector"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.peer_group == "sector"
    section = client.get(member_url(firm)).context["sections"][0]
    assert section.benchmark.group.dimension == "sector"
    assert section.benchmark.label == "C – Manufacturing"


def test_peer_group_refuses_an_unknown_dimension(client, hand_cohort):
    cohort, firms = hand_cohort
    firm, owner = firms[0]
    membership = CohortMembership.objects.get(cohort=cohort, firm=firm)
    client.force_login(owner)
    url = reverse("reports:peer_group_save", args=[firm.pk, membership.pk])
    client.post(url, {"peer_group": "country"})
    membership.refresh_from_db()
    assert membership.peer_group == "cohort"


def test_peer_group_of_another_firms_membership_is_404(client, hand_cohort):
    cohort, firms = hand_cohort
    (mine, owner), (other, _) = firms[0], firms[1]
    membership = CohortMembership.objects.get(cohort=cohort, firm=other)
    client.force_login(owner)
    url = reverse("reports:peer_group_save", args=[mine.pk, membership.pk])
    assert client.post(url, {"peer_group": "sector"}).status_code == 404


def test_a_firm_without_a_completed_round_is_told_so(client, hand_cohort):
    cohort, _ = hand_cohort
    firm, owner = join_member(cohort, None)
    client.force_login(owner)
    html = client.get(member_url(firm)).content.decode()
    assert "has no completed audit on questionnaire" in html


def test_a_firm_in_no_cohort_is_told_how_to_join(alice_client, alice_firm):
    html = alice_client.get(member_url(alice_firm)).content.decode()
    assert "takes part in no benchmark cohort" in html
    assert reverse("assessment:cohort_join", args=[alice_firm.pk]) in html


# --- Withdrawal ----------------------------------------------------------------------------------


def test_withdrawal_removes_the_firm_from_the_figures(client, instrument):
    cohort = make_cohort(instrument)
    firms = [join_member(cohort, value) for value in (10, 20, 30, 40, 50, 60)]
    admin = cohort.association.admins.get()
    client.force_login(admin)
    url = reverse("assessment:cohort_dashboard", args=[cohort.pk])
    before = client.get(url).context["page"]
    assert before.participation.consenting == 6
    assert before.shown_groups[0].distributions["dci"].p50 == 35  # (30 + 40) / 2

    firm, owner = firms[5]  # the 60
    membership = CohortMembership.objects.get(cohort=cohort, firm=firm)
    client.force_login(owner)
    client.post(reverse("assessment:consent_withdraw", args=[membership.pk]))

    client.force_login(admin)
    after = client.get(url).context["page"]
    assert after.participation.consenting == 5
    assert after.participation.joined == 6
    assert after.shown_groups[0].distributions["dci"].p50 == 30
    assert after.shown_groups[0].distributions["dci"].n == 5
    # ... and the firm no longer has a member view of the cohort.
    client.force_login(owner)
    assert client.get(member_url(firm)).context["sections"] == []


# --- Every door --------------------------------------------------------------------------------

SMALL = (87.3, 91.7)  # the two firms of sector G; k = 5
SMALL_FIGURES = ("87.3", "91.7", "89.5", "88.4", "90.6")  # values, median, p25, p75


@pytest.fixture
def small_group_cohort(instrument):
    """k = 5: sector C of 6 firms, J of 5, G of 2 (distinctive scores).

    G is too small; J is then hidden as well, since the cohort minus C would otherwise be the 7
    firms of J and G, and minus J the 2 of G. C and the whole cohort stay visible.
    """
    cohort = make_cohort(instrument)
    for value in (40, 45, 50, 55, 60, 65):
        join_member(cohort, value, sector="C")
    for value in (20, 25, 30, 35, 38):
        join_member(cohort, value, sector="J")
    small = [join_member(cohort, value, sector="G") for value in SMALL]
    return cohort, small


def _assert_no_small_numbers(text: str) -> None:
    for figure in SMALL_FIGURES:
        assert figure not in text, figure


def test_a_small_group_leaks_through_no_door(client, small_group_cohort):
    cohort, small = small_group_cohort
    g_label = "G – Wholesale and retail trade"
    client.force_login(cohort.association.admins.get())

    # Dashboard HTML and its figure JSON, for every dimension.
    for dimension in ("sector", "size_band", "technology_intensity", "region"):
        response = client.get(
            reverse("assessment:cohort_dashboard", args=[cohort.pk]), {"dimension": dimension}
        )
        html = response.content.decode()
        _assert_no_small_numbers(html)
        for figure in response.context["figures"].values():
            _assert_no_small_numbers(json.dumps(figure))
            assert g_label not in [trace["name"] for trace in figure["data"]]
        assert "Member firm" not in html  # no firm is ever named
    page = client.get(
        reverse("assessment:cohort_dashboard", args=[cohort.pk]), {"dimension": "sector"}
    ).context["page"]
    assert [g.label for g in page.shown_groups] == ["Whole cohort", "C – Manufacturing"]
    assert {g.label for g in page.hidden_groups} == {g_label, "J – Information and communication"}
    hidden_html = client.get(
        reverse("assessment:cohort_dashboard", args=[cohort.pk]), {"dimension": "sector"}
    ).content.decode()
    assert f"<strong>{g_label}</strong>: hidden" in hidden_html

    # CSV: the hidden groups are rows saying "suppressed", without a number.
    csv_response = client.get(reverse("assessment:cohort_export", args=[cohort.pk, "csv"]))
    text = csv_response.content.decode("utf-8-sig")
    _assert_no_small_numbers(text)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["dimension", "group", "measure", "n", "p25", "median", "p75", "mean", "note"]
    g_rows = [row for row in rows if row[1] == g_label]
    assert g_rows and all(row[3:8] == [""] * 5 and row[8] == "suppressed" for row in g_rows)
    assert any(row[1] == "C – Manufacturing" and row[3] == "6" for row in rows)

    # XLSX: the same.
    xlsx = client.get(reverse("assessment:cohort_export", args=[cohort.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    _assert_no_small_numbers(" ".join(str(cell) for cell in cells))
    assert not {87.3, 91.7, 89.5, 88.4, 90.6} & {c for c in cells if isinstance(c, float)}
    g_xlsx = [row for row in sheet.iter_rows(values_only=True) if row[1] == g_label]
    assert g_xlsx and all(row[3:8] == (None,) * 5 for row in g_xlsx)

    # The member view of a firm of sector G comparing with its sector says hidden.
    firm, owner = small[0]
    membership = CohortMembership.objects.get(cohort=cohort, firm=firm)
    membership.peer_group = "sector"
    membership.save()
    client.force_login(owner)
    response = client.get(member_url(firm))
    html = response.content.decode()
    section = response.context["sections"][0]
    assert section.benchmark.visible is False
    assert section.benchmark.distributions == {}
    assert f"The peer group <strong>{g_label}</strong> is hidden" in html
    assert "89.5" not in html and "88.4" not in html and "90.6" not in html
    figure = json.loads(
        html.split(f'id="fig-radar-{cohort.pk}" type="application/json">')[1].split("</script>")[0]
    )
    assert all("percentile" not in (trace.get("name") or "") for trace in figure["data"])
