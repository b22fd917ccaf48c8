"""PDF and export downloads: who may fetch them, what they contain, and bad input."""

import csv
import io
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from assessment import services
from assessment.models import FirmMembership, FirmRole, Item
from reports import exports
from reports.report import Report
from tests.conftest import make_user
from tests.reports.test_result_views import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_round(alice, alice_firm, instrument):
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)

    def value_for(item):  # every capability 75.0, every practice 66.7, outcomes improved
        if item.scale == "agreement":
            return 2 if item.reverse_keyed else 4
        return 3

    answer_all(round_, round_.respondents.get(), value_for)
    round_.refresh_from_db()
    return round_


@pytest.fixture
def open_round(alice, alice_firm, instrument):
    return services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)


def day(round_) -> str:
    return f"{exports.round_date(round_):%Y-%m-%d}"


def urls(round_) -> list[str]:
    return [
        reverse("reports:report_pdf", args=[round_.pk]),
        reverse("reports:export_answers", args=[round_.pk, "csv"]),
        reverse("reports:export_answers", args=[round_.pk, "xlsx"]),
        reverse("reports:export_scores", args=[round_.pk, "csv"]),
        reverse("reports:export_scores", args=[round_.pk, "xlsx"]),
    ]


def test_url_shapes(submitted_round):
    pk = submitted_round.pk
    tails = [
        f"rounds/{pk}/report.pdf",
        f"rounds/{pk}/answers.csv",
        f"rounds/{pk}/answers.xlsx",
        f"rounds/{pk}/scores.csv",
        f"rounds/{pk}/scores.xlsx",
    ]
    assert all(url.endswith(tail) for url, tail in zip(urls(submitted_round), tails, strict=True))


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_view_passes_the_round_report_to_the_renderer(alice_client, submitted_round):
    with mock.patch(
        "reports.views_downloads.render_report_pdf", return_value=b"%PDF-fake"
    ) as render:
        response = alice_client.get(reverse("reports:report_pdf", args=[submitted_round.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="alice-components-oy-{day(submitted_round)}-report.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content == b"%PDF-fake"
    (report,), _ = render.call_args
    assert isinstance(report, Report)
    assert report.computed.round == submitted_round
    assert report.computed.round.firm.name == "Alice Components Oy"
    assert {round(score, 6) for score in report.computed.capability_scores.values()} == {75.0}
    assert [p.title for p in report.priorities] == [
        "Cultural awareness",
        "Global mindset",
        "Entrepreneurial orientation",
    ]
    assert report.comparison is None


def test_pdf_view_renders_a_real_pdf(alice_client, submitted_round):
    response = alice_client.get(reverse("reports:report_pdf", args=[submitted_round.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


# --- Exports ---------------------------------------------------------------------------------------


def test_answers_csv(alice_client, submitted_round):
    response = alice_client.get(reverse("reports:export_answers", args=[submitted_round.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="alice-components-oy-{day(submitted_round)}-answers.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    items = list(Item.objects.filter(instrument=submitted_round.instrument).order_by("position"))
    assert rows[0] == exports.ANSWER_HEADER
    assert len(rows) == 1 + len(items)
    first = items[0]
    assert rows[1][:3] == ["1", "Top management", first.code]
    assert rows[1][8:] == (["2", "Disagree"] if first.reverse_keyed else ["4", "Agree"])


def test_answers_xlsx(alice_client, submitted_round):
    response = alice_client.get(
        reverse("reports:export_answers", args=[submitted_round.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].endswith(f'-{day(submitted_round)}-answers.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Answers"
    assert [cell.value for cell in sheet[1]] == exports.ANSWER_HEADER
    values = {row[8] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values == {2, 3, 4}


def test_scores_csv(alice_client, submitted_round):
    response = alice_client.get(reverse("reports:export_scores", args=[submitted_round.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="alice-components-oy-{day(submitted_round)}-scores.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == exports.SCORE_HEADER
    by_section: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_section.setdefault(row[0], []).append(row)
    assert {row[5] for row in by_section["Capability"]} == {"75.0"}
    assert {row[5] for row in by_section["Layer"]} == {"75.0"}
    assert by_section["Dynamic Capability Index"][0][5] == "75.0"
    assert {row[5] for row in by_section["Value-net practice"]} == {"66.7"}
    assert len(by_section["Value-net practice"]) == 8  # four modes x two sides
    assert {row[12] for row in by_section["Outcome group"]} == {"improved"}
    assert by_section["Development level"] == [
        ["Development level", "regenerative", "Regenerative", *[""] * 9, "highest level"]
    ]


def test_scores_xlsx(alice_client, submitted_round):
    response = alice_client.get(reverse("reports:export_scores", args=[submitted_round.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Scores"
    dci = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "dci")
    assert dci[5] == 75


def test_answers_export_query_count_is_fixed(
    alice_client, submitted_round, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        alice_client.get(reverse("reports:export_answers", args=[submitted_round.pk, "csv"]))


# --- Access and bad input --------------------------------------------------------------------------


def test_consultant_of_the_firm_may_download(client, submitted_round, alice_firm):
    consultant = make_user("carol")
    FirmMembership.objects.create(firm=alice_firm, user=consultant, role=FirmRole.CONSULTANT)
    client.force_login(consultant)
    for url in urls(submitted_round)[1:]:
        assert client.get(url).status_code == 200


def test_another_firms_manager_gets_404(client, bob, bob_firm, submitted_round):
    client.force_login(bob)
    for url in urls(submitted_round):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, submitted_round):
    for url in urls(submitted_round):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("fmt", ["json", "xls", "CSV", "pdf", "csv.exe"])
def test_unknown_format_is_404(alice_client, submitted_round, fmt):
    for name in ("reports:export_answers", "reports:export_scores"):
        assert alice_client.get(reverse(name, args=[submitted_round.pk, fmt])).status_code == 404


def test_round_without_submitted_answers_is_404(alice_client, open_round):
    for url in urls(open_round):
        assert alice_client.get(url).status_code == 404, url


def test_unknown_round_is_404(alice_client, submitted_round):
    assert alice_client.get(reverse("reports:report_pdf", args=[999999])).status_code == 404


def test_only_get_is_allowed(alice_client, submitted_round):
    for url in urls(submitted_round):
        assert alice_client.post(url).status_code == 405, url
