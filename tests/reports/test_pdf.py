"""The PDF report: a real document rendered from a submitted round, and the vector radar."""

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.graphics.shapes import Circle, PolyLine, String
from reportlab.lib import colors

from assessment import services
from reports import charts, pdf
from reports.report import build_report
from tests.reports.test_result_views import answer_all

FIRM_RGB = colors.HexColor(charts.FIRM_COLOUR).rgb()
PREVIOUS_RGB = pdf.PREVIOUS.rgb()


def agree_everywhere(item):
    """Item score 4 everywhere -> capabilities 75.0; adoption 3 -> 66.7; outcomes improved."""
    if item.scale == "agreement":
        return 2 if item.reverse_keyed else 4
    return 3


def submit_round(firm, user, instrument, value_for=agree_everywhere):
    round_ = services.self_audit_start(firm=firm, user=user, instrument=instrument)
    answer_all(round_, round_.respondents.get(), value_for)
    round_.refresh_from_db()
    return round_


@pytest.fixture
def submitted_round(alice, alice_firm, instrument):
    return submit_round(alice_firm, alice, instrument)


def pdf_pages(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def stroked_paths(reader: PdfReader, page_number: int, rgb) -> list[int]:
    """For each path stroked in the given colour: how many line segments it has."""
    page = reader.pages[page_number]
    operations = ContentStream(page.get_contents(), reader).operations
    paths, colour, segments = [], None, 0
    for operands, operator in operations:
        if operator == b"RG":
            colour = tuple(float(value) for value in operands)
        elif operator == b"m":
            segments = 0
        elif operator == b"l":
            segments += 1
        elif operator in (b"S", b"s") and colour == pytest.approx(rgb, abs=1e-3):
            paths.append(segments)
    return paths


@pytest.mark.django_db
def test_real_pdf_of_a_submitted_round(submitted_round):
    report = build_report(submitted_round)
    content = pdf.render_report_pdf(report)

    assert content.startswith(b"%PDF")
    reader, pages = pdf_pages(content)
    first, everything = flat(pages[0]), flat(" ".join(pages))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4
    assert "Alice Components Oy" in first
    assert "instrument version 2026.1" in first
    assert "Page 1 of" in first
    assert "Synthetic demo data" not in everything
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
    for priority in report.priorities:
        assert priority.title in everything
        assert priority.reasoning in everything
    assert [p.title for p in report.priorities] == [
        "Cultural awareness",
        "Global mindset",
        "Entrepreneurial orientation",
    ]
    assert "Dynamic Capability Index" in first and "75" in first
    assert "Regenerative" in first
    # The radar: every capability title is a chart label on the first page, and the firm's
    # scores are one closed vector path (a segment per capability) in the firm colour, plus
    # the one-segment line of the legend.
    titles = [title for group in report.computed.axis_groups for _, title in group.capabilities]
    for title in titles:
        assert title in first
    assert stroked_paths(reader, 0, FIRM_RGB) == [len(titles), 1]
    assert stroked_paths(reader, 0, PREVIOUS_RGB) == []  # no earlier round
    for heading in (
        "Capability scores",
        "Three priorities",
        "Value-net practices",
        "Strengths to build on",
        "Development level: Regenerative",
        "This is the highest level of the model.",
        "Appendix: how the scores are computed",
        "Sources of the advice",
    ):
        assert heading in everything
    assert "Change since" not in everything
    assert report.sources[0]["file"] in everything


@pytest.mark.django_db
def test_pdf_shows_gaps_practices_and_level_checks(alice, alice_firm, instrument):
    def value_for(item):
        if item.facet_id and item.facet.capability.code == "flexibility":
            return None  # don't know: flexibility has not enough answers
        if item.mode_id and item.mode.code == "integrating" and item.side == "upstream":
            return None  # not applicable
        return agree_everywhere(item)

    report = build_report(submit_round(alice_firm, alice, instrument, value_for))
    reader, pages = pdf_pages(pdf.render_report_pdf(report))
    everything = flat(" ".join(pages))
    assert "Flexibility not enough answers" in flat(pages[0])  # the radar label
    assert "Integrating (use selectively) n/a 67" in everything
    assert "Development level: Incremental" in everything
    assert "What would move the firm to renewing" in everything
    assert "Dynamic Capability Index at least 45 (now not enough answers) not yet" in everything
    # One gap in the closed line: a single open path that skips flexibility.
    titles = [t for group in report.computed.axis_groups for _, t in group.capabilities]
    assert stroked_paths(reader, 0, FIRM_RGB) == [len(titles) - 2, 1]


@pytest.mark.django_db
def test_pdf_with_previous_round_overlays_it_and_shows_change(alice, alice_firm, instrument):
    def lower(item):
        if item.scale == "agreement":
            return 4 if item.reverse_keyed else 2  # item score 2 -> 25.0
        return 2

    submit_round(alice_firm, alice, instrument, lower)
    report = build_report(submit_round(alice_firm, alice, instrument))
    assert report.comparison is not None
    reader, pages = pdf_pages(pdf.render_report_pdf(report))
    everything = flat(" ".join(pages))
    titles = [t for group in report.computed.axis_groups for _, t in group.capabilities]
    assert "Previous round (" in flat(pages[0])
    assert stroked_paths(reader, 0, PREVIOUS_RGB) == [len(titles), 1]
    assert "Change since" in everything
    assert "Cultural awareness 25.0 75.0 +50.0" in everything
    assert "Development level then: Incremental; now: Regenerative." in everything


@pytest.mark.django_db
def test_demo_firm_is_marked_on_the_first_page(submitted_round):
    firm = submitted_round.firm
    firm.is_demo = True
    firm.save()
    _, pages = pdf_pages(pdf.render_report_pdf(build_report(submitted_round)))
    assert "Synthetic demo data" in pages[0]


# --- The radar drawing, without a PDF ----------------------------------------------------------------

GROUPS = [
    charts.AxisGroup("cognitive", "Cognitive layer", (("a", "Alpha"), ("b", "Beta"))),
    charts.AxisGroup("managerial", "Managerial layer", (("c", "Gamma"), ("d", "Delta"))),
]


def texts(group) -> list[str]:
    return [node.text for node in group.contents if isinstance(node, String)]


def test_radar_closes_the_line_when_every_capability_is_scored():
    drawing = pdf.radar_drawing(GROUPS, {"a": 100, "b": 50, "c": 0, "d": 25})
    lines = [node for node in drawing.firm.contents if isinstance(node, PolyLine)]
    markers = [node for node in drawing.firm.contents if isinstance(node, Circle)]
    assert len(lines) == 1 and len(markers) == 4
    points = lines[0].points
    assert len(points) == 10 and points[:2] == points[-2:]  # 4 points + the first again
    assert not hasattr(drawing, "previous")
    assert texts(drawing.labels) == ["Alpha", "100", "Beta", "50", "Gamma", "0", "Delta", "25"]


def test_radar_first_axis_is_at_the_top_and_axes_run_clockwise():
    drawing = pdf.radar_drawing(GROUPS, {"a": 100, "b": 100, "c": 100, "d": 100})
    xs_ys = drawing.firm.contents[0].points
    (ax, ay), (bx, by) = xs_ys[0:2], xs_ys[2:4]
    centre_x = drawing.width / 2
    assert ax == pytest.approx(centre_x) and ay > by  # a straight up
    assert bx > centre_x  # b to the right: clockwise


def test_radar_leaves_gaps_for_unscored_capabilities():
    drawing = pdf.radar_drawing(GROUPS, {"a": 80, "b": None, "c": 60, "d": 40})
    lines = [node for node in drawing.firm.contents if isinstance(node, PolyLine)]
    markers = [node for node in drawing.firm.contents if isinstance(node, Circle)]
    assert len(markers) == 3
    assert [len(line.points) // 2 for line in lines] == [3]  # c -> d -> a, never through b
    assert "not enough answers" in texts(drawing.labels)


def test_radar_overlays_the_previous_round():
    drawing = pdf.radar_drawing(
        GROUPS,
        {"a": 80, "b": 70, "c": 60, "d": 40},
        previous={"a": 50, "b": 50, "c": None, "d": 50},
        previous_label="Previous round (May 2025)",
    )
    previous_lines = [node for node in drawing.previous.contents if isinstance(node, PolyLine)]
    assert [len(line.points) // 2 for line in previous_lines] == [3]  # d -> a -> b
    assert all(line.strokeDashArray for line in previous_lines)
    assert "Previous round (May 2025)" in texts(drawing.legend)


def test_runs_around_the_polygon():
    a, b, c, d = (0, 1), (1, 0), (0, -1), (-1, 0)
    assert pdf._runs([a, b, c, d]) == [[a, b, c, d, a]]
    assert pdf._runs([a, None, c, d]) == [[c, d, a]]
    assert pdf._runs([None, b, None, d]) == [[b], [d]]
    assert pdf._runs([None, None]) == []


def test_text_the_font_cannot_draw_is_replaced():
    assert pdf.fit("Łódź → Őrség") == "Łódz -> Orség"  # Vera has Ł and ó but not ź or Ő
    assert pdf.fit("北") == "?"
    assert pdf.esc("R&D <partners>") == "R&amp;D &lt;partners&gt;"
