"""The report of a round as a PDF, drawn on the server with ReportLab (pure Python, offline).

``render_report_pdf`` lays out the same ``Report`` the HTML report page shows; the capability radar
is vector graphics drawn by ``radar_drawing`` from the same scores as the HTML radar
(``RoundResult.capability_scores`` in layer order), with unscored capabilities left as gaps.
Text is set in Bitstream Vera, which ships inside the ReportLab wheel, so no system font is needed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String, Wedge
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reports import charts
from reports.exports import round_date
from reports.report import Report

# --- Fonts and text ------------------------------------------------------------------------------

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT, FONT_BOLD, FONT_ITALIC = "Vera", "Vera-Bold", "Vera-Italic"
FALLBACKS = {"→": "->", "←": "<-", "✓": "yes", "✗": "no", "σ": "s", "\u0304": ""}


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    """Register the Vera fonts once; the code points all of them can draw."""
    files = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf"}
    chars = None
    for name, file in files.items():
        font = TTFont(name, str(FONT_DIR / file))
        pdfmetrics.registerFont(font)
        available = set(font.face.charToGlyph)
        chars = available if chars is None else chars & available
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)
    return frozenset(chars or ())


def fit(text: object) -> str:
    """Text the embedded font can draw: accents dropped where a letter is missing, else "?"."""
    chars = _font_chars()
    out = []
    for char in str(text):
        if ord(char) in chars or char == "\n":
            out.append(char)
        elif char in FALLBACKS:
            out.append(FALLBACKS[char])
        else:
            base = "".join(
                c
                for c in unicodedata.normalize("NFKD", char)
                if ord(c) in chars and not unicodedata.combining(c)
            )
            out.append(base or "?")
    return "".join(out)


def esc(text: object) -> str:
    """Plain text made safe for Paragraph markup."""
    return escape(fit(text))


def fmt_score(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_delta(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def fmt_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Styles ----------------------------------------------------------------------------------------

BRAND = colors.HexColor("#1f4e79")
FIRM = colors.HexColor(charts.FIRM_COLOUR)
PREVIOUS = colors.HexColor("#868e96")
GRID = colors.HexColor("#ced4da")
MUTED = colors.HexColor("#495057")
LIGHT = colors.HexColor("#f1f3f5")
WARNING = colors.HexColor("#ffe8a1")


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    _font_chars()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4, allowWidows=0, allowOrphans=0
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "kicker": ParagraphStyle(
            "kicker", parent=body, fontName=FONT_BOLD, fontSize=9, textColor=BRAND, spaceAfter=2
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=20, leading=24, spaceAfter=4
        ),
        "meta": ParagraphStyle("meta", parent=body, textColor=MUTED, spaceAfter=8),
        "demo": ParagraphStyle(
            "demo",
            parent=body,
            fontName=FONT_BOLD,
            backColor=WARNING,
            borderPadding=(4, 6, 4, 6),
            spaceBefore=2,
            spaceAfter=10,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            textColor=BRAND,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13.5,
            spaceBefore=6,
            keepWithNext=1,
        ),
        "card_label": ParagraphStyle(
            "card_label", parent=body, fontSize=8, leading=10, textColor=MUTED, alignment=TA_CENTER
        ),
        "card_value": ParagraphStyle(
            "card_value",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
        "card_text": ParagraphStyle(
            "card_text",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
    }


def para(text: object, style: str = "body") -> Paragraph:
    return Paragraph(esc(text), styles()[style])


def markup(html: str, style: str = "body") -> Paragraph:
    """A paragraph from markup whose variable parts the caller escaped with ``esc``."""
    return Paragraph(html, styles()[style])


def bullets(texts: Sequence[object], style: str = "body") -> ListFlowable:
    return ListFlowable(
        [ListItem(para(text, style), leftIndent=12) for text in texts],
        bulletType="bullet",
        start="•",
        bulletFontName=FONT,
        bulletFontSize=8,
        leftIndent=12,
    )


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    shade_rows: Sequence[int] = (),
) -> Table:
    """A table with a coloured header that repeats on each page; cells wrap as paragraphs."""
    cell_style = styles()["cell"]
    right = ParagraphStyle("cell_right", parent=cell_style, alignment=2)
    head_right = ParagraphStyle("cell_head_right", parent=styles()["cell_head"], alignment=2)
    data = [
        [
            Paragraph(esc(text), head_right if index in numeric else styles()["cell_head"])
            for index, text in enumerate(header)
        ]
    ]
    for row in rows:
        data.append(
            [
                cell
                if isinstance(cell, Flowable)
                else Paragraph(esc(cell), right if index in numeric else cell_style)
                for index, cell in enumerate(row)
            ]
        )
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, row + 1), (-1, row + 1), LIGHT) for row in shade_rows]
    result = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


# --- The radar -------------------------------------------------------------------------------------


SECTOR_SHARE = 0.14  # the HTML radar shades each layer's sector at opacity 0.12


def _blend(hex_colour: str, share: float) -> colors.Color:
    """A layer colour at ``share`` opacity over white (as the HTML radar's shaded sectors)."""
    base = colors.HexColor(hex_colour)
    return colors.Color(*(1 - share + share * c for c in (base.red, base.green, base.blue)))


def _wrap(title: str, width: int = 15) -> list[str]:
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Consecutive scored points around the closed polygon; a missing score breaks the line."""
    count = len(points)
    if count and all(point is not None for point in points):
        return [[*points, points[0]]]  # type: ignore[list-item]
    runs: list[list[tuple[float, float]]] = []
    start = next((i for i, point in enumerate(points) if point is None), 0)
    current: list[tuple[float, float]] = []
    for step in range(1, count + 1):
        point = points[(start + step) % count]
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def radar_drawing(
    groups: Sequence[charts.AxisGroup],
    scores: Mapping[str, float | None],
    *,
    label: str = "This round",
    previous: Mapping[str, float | None] | None = None,
    previous_label: str = "Previous round",
    width: float = 170 * mm,
    height: float = 128 * mm,
) -> Drawing:
    """The capability radar as vector shapes, laid out like the HTML radar.

    The first capability is at the top and the axes run clockwise, grouped by layer with shaded
    sectors; 0 is the centre and 100 the outer ring. Unscored capabilities are gaps in the line and
    say "not enough answers" under their label. The named groups ``firm`` and ``previous`` hold
    each series' lines and markers (for tests).
    """
    _font_chars()
    axes = [(code, title, group.code) for group in groups for code, title in group.capabilities]
    count = max(len(axes), 1)
    legend_height = 30
    radius = min(width * 0.27, (height - legend_height) / 2 - 40)  # room for labels
    cx, cy = width / 2, legend_height + (height - legend_height) / 2
    drawing = Drawing(width, height)

    def angle(index: int) -> float:
        return math.radians(90 - index * 360 / count)

    def point(index: int, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle(index)), cy + r * math.sin(angle(index))

    sectors = Group()
    half = 180 / count
    for index, (_, _, layer) in enumerate(axes):
        centre = 90 - index * 360 / count
        sectors.add(
            Wedge(
                cx,
                cy,
                radius,
                centre - half,
                centre + half,
                fillColor=_blend(charts.LAYER_COLOURS.get(layer, "#cccccc"), SECTOR_SHARE),
                strokeColor=None,
            )
        )
    drawing.add(sectors, name="sectors")

    grid = Group()
    for ring in (25, 50, 75, 100):
        grid.add(
            Circle(
                cx,
                cy,
                radius * ring / 100,
                fillColor=None,
                strokeColor=GRID,
                strokeWidth=0.5,
            )
        )
    for index in range(len(axes)):
        x, y = point(index, 100)
        grid.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
    tick_angle = math.radians(90 + half)
    for ring in (25, 50, 75, 100):
        r = radius * ring / 100
        grid.add(
            String(
                cx + r * math.cos(tick_angle) - 1,
                cy + r * math.sin(tick_angle) + 2,
                str(ring),
                fontName=FONT,
                fontSize=6.5,
                fillColor=PREVIOUS,
                textAnchor="end",
            )
        )
    drawing.add(grid, name="grid")

    def series(values: Mapping[str, float | None], colour, *, dashed: bool, size: float) -> Group:
        group = Group()
        points = [
            None if values.get(code) is None else point(index, values[code])  # type: ignore[arg-type]
            for index, (code, _, _) in enumerate(axes)
        ]
        for run in _runs(points):
            if len(run) > 1:
                group.add(
                    PolyLine(
                        [coordinate for xy in run for coordinate in xy],
                        strokeColor=colour,
                        strokeWidth=1.2 if dashed else 2.2,
                        strokeDashArray=[4, 3] if dashed else None,
                        strokeLineJoin=1,
                    )
                )
        for xy in points:
            if xy is not None:
                group.add(Circle(xy[0], xy[1], size, fillColor=colour, strokeColor=colors.white))
        return group

    if previous is not None:
        drawing.add(series(previous, PREVIOUS, dashed=True, size=2), name="previous")
    drawing.add(series(scores, FIRM, dashed=False, size=2.8), name="firm")

    labels = Group()
    font_size, leading = 8, 9.5
    for index, (code, title, _) in enumerate(axes):
        lines = _wrap(title)
        score = scores.get(code)
        extra = ["not enough answers"] if score is None else [fmt_score(score)]
        theta = angle(index)
        cos, sin = math.cos(theta), math.sin(theta)
        x = cx + (radius + 9) * cos
        y = cy + (radius + 9) * sin
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        block = leading * (len(lines) + len(extra))
        if sin > 0.5:
            top = y + block - 2
        elif sin < -0.5:
            top = y - 2
        else:
            top = y + block / 2 - 2
        for number, text in enumerate([*lines, *extra]):
            is_extra = number >= len(lines)
            labels.add(
                String(
                    x,
                    top - (number + 1) * leading + 2,
                    fit(text),
                    fontName=FONT_ITALIC if is_extra and score is None else FONT,
                    fontSize=font_size if not is_extra else 7.5,
                    fillColor=(PREVIOUS if score is None else FIRM) if is_extra else colors.black,
                    textAnchor=anchor,
                )
            )
    drawing.add(labels, name="labels")

    legend = Group()
    series_entries: list[tuple[str, object, str]] = [(label, FIRM, "line")]
    if previous is not None:
        series_entries.append((previous_label, PREVIOUS, "dashed"))
    layer_entries: list[tuple[str, object, str]] = [
        (group.title, charts.LAYER_COLOURS.get(group.code, "#cccccc"), "sector") for group in groups
    ]
    for row, entries in ((1, series_entries), (0, layer_entries)):
        widths = [20 + pdfmetrics.stringWidth(fit(text), FONT, 7.5) + 14 for text, _, _ in entries]
        x = max(0.0, (width - sum(widths)) / 2)
        y = 2 + row * 13
        for (text, colour, kind), entry_width in zip(entries, widths, strict=True):
            if kind == "sector":
                legend.add(
                    Rect(
                        x + 2,
                        y - 1,
                        12,
                        8,
                        fillColor=_blend(colour, SECTOR_SHARE),  # type: ignore[arg-type]
                        strokeColor=GRID,
                        strokeWidth=0.5,
                    )
                )
            else:
                legend.add(
                    Line(
                        x,
                        y + 3,
                        x + 16,
                        y + 3,
                        strokeColor=colour,
                        strokeWidth=1.2 if kind == "dashed" else 2.2,
                        strokeDashArray=[4, 3] if kind == "dashed" else None,
                    )
                )
            legend.add(String(x + 20, y, fit(text), fontName=FONT, fontSize=7.5))
            x += entry_width
    drawing.add(legend, name="legend")
    return drawing


# --- Page furniture --------------------------------------------------------------------------------


def _numbered_canvas(footer: str, demo: bool) -> type[canvas.Canvas]:
    """A canvas that holds its pages back until the end, to write "Page N of M" on each."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # ReportLab's method name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = A4
            self.saveState()
            self.setStrokeColor(GRID)
            self.setLineWidth(0.5)
            self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 10 * mm, fit(footer))
            self.drawRightString(width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
            if demo:
                self.setFont(FONT_BOLD, 7.5)
                self.drawString(18 * mm, 6.5 * mm, "Synthetic demo data")
            self.restoreState()

    return NumberedCanvas


# --- Sections --------------------------------------------------------------------------------------

CONTENT_WIDTH = A4[0] - 36 * mm


def _front(report: Report, day: dt.date) -> list[Flowable]:
    round_ = report.computed.round
    firm, instrument = round_.firm, round_.instrument
    story: list[Flowable] = [
        para("VALUE-NET CAPABILITY REPORT", "kicker"),
        para(firm.name, "title"),
        markup(
            f"{esc(round_.get_kind_display())} completed {esc(fmt_date(day))} · "
            f"instrument version {esc(instrument.version)} ({esc(instrument.title)})",
            "meta",
        ),
    ]
    if firm.is_demo:
        story.append(
            para(
                "Synthetic demo data: this firm and its answers are invented to show how the "
                "report works.",
                "demo",
            )
        )
    result, model = report.result, report.computed.model
    cards = [("Dynamic Capability Index", fmt_score(result.dci), "card_value", 1.0)]
    cards.append(
        ("Development level", result.level.title if result.level else "–", "card_text", 1.3)
    )
    cards += [
        (layer.title, fmt_score(result.layers[layer.code].score), "card_value", 0.9)
        for layer in model.layers
    ]
    cells = [[para(label, "card_label"), para(value, style)] for label, value, style, _ in cards]
    units = sum(card[3] for card in cards)
    summary = Table([cells], colWidths=[CONTENT_WIDTH * card[3] / units for card in cards])
    summary.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#fff4e6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    story += [
        summary,
        para(
            "Scores run from 0 to 100. The Dynamic Capability Index is the geometric mean of the "
            "three layer scores, so a weak layer pulls it down.",
            "small",
        ),
    ]
    return story


def _radar(report: Report, day: dt.date) -> list[Flowable]:
    computed, comparison = report.computed, report.comparison
    title = "Capability profile"
    previous_label = "Previous round"
    if comparison is not None:
        previous_day = round_date(comparison.previous_round)
        title += f" and change since {previous_day:%B %Y}"
        previous_label = f"Previous round ({fmt_date(previous_day)})"
    drawing = radar_drawing(
        computed.axis_groups,
        computed.capability_scores,
        label=f"This round ({fmt_date(day)})",
        previous=comparison.previous_scores if comparison else None,
        previous_label=previous_label,
        width=CONTENT_WIDTH,
    )
    return [para(title, "h2"), drawing, Spacer(1, 4), para(report.peer_note, "small")]


def _capability_table(report: Report) -> list[Flowable]:
    result, model = report.result, report.computed.model
    rows, shaded = [], []
    for layer in model.layers:
        shaded.append(len(rows))
        rows.append([layer.title, "Layer score", fmt_score(result.layers[layer.code].score, 1), ""])
        for cap in layer.capabilities:
            score = result.capabilities[cap.code]
            rows.append(
                [
                    "",
                    score.title,
                    "not enough answers" if score.score is None else fmt_score(score.score, 1),
                    f"{score.answered} of {score.total}",
                ]
            )
    rows.append(["", "Dynamic Capability Index", fmt_score(result.dci, 1), ""])
    shaded.append(len(rows) - 1)
    widths = [36 * mm, 68 * mm, 36 * mm, CONTENT_WIDTH - 140 * mm]
    return [
        para("Capability scores", "h2"),
        table(
            [
                "Layer",
                "Capability",
                "Score (0–100)",
                "Answers (all respondents)" if report.workshop else "Items answered",
            ],
            rows,
            widths,
            numeric=(2, 3),
            shade_rows=shaded,
        ),
    ]


def _workshop(report: Report) -> list[Flowable]:
    """A workshop's computed mean, spread, agreement and agreed score per capability."""
    if not report.workshop:
        return []
    cutoff = report.computed.model.thresholds["agreement_cutoff"]
    rows, flagged = [], []
    for row in report.workshop:
        spread, agreed = row["spread"], row["consensus"]
        if spread.low_agreement:
            flagged.append(len(rows))
        rows.append(
            [
                row["title"],
                fmt_score(spread.mean),
                fmt_score(spread.sd),
                "–"
                if spread.minimum is None
                else f"{fmt_score(spread.minimum)}–{fmt_score(spread.maximum)}",
                "–" if spread.rwg is None else f"{spread.rwg:.2f}",
                fmt_score(agreed.score) if agreed else "–",
                agreed.rationale if agreed else "",
            ]
        )
    widths = [34 * mm, 14 * mm, 12 * mm, 18 * mm, 17 * mm, 18 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [
        para(
            f"Workshop: {len(report.computed.respondents)} respondents and the agreed scores", "h2"
        ),
        markup(
            "The computed score is the mean of the respondents' scores; SD and range show how far "
            "apart they were; r<sub>wg(J)</sub> is the agreement index (1 = full agreement; shaded "
            f"rows are below {cutoff:g}, where the group did not agree). The agreed score is the one "
            "the group settled on in discussion."
        ),
        table(
            ["Capability", "Mean", "SD", "Range", "rwg(J)", "Agreed", "Why"],
            rows,
            widths,
            numeric=(1, 2, 3, 4, 5),
            shade_rows=flagged,
        ),
    ]


def _kept(lead: list[Flowable], blocks: list[list[Flowable]]) -> list[Flowable]:
    """Blocks that each stay on one page; the lead (a heading) stays with the first block."""
    if not blocks:
        return lead
    return [KeepTogether(lead + blocks[0]), *(KeepTogether(block) for block in blocks[1:])]


def _priorities(report: Report) -> list[Flowable]:
    lead: list[Flowable] = [
        para("Three priorities", "h2"),
        para(report.priority_basis, "small"),
    ]
    if not report.priorities:
        lead.append(
            para(
                "No capability could be scored, so no priority can be set; answer more questions "
                "in the next round."
            )
        )
    blocks = []
    for number, priority in enumerate(report.priorities, start=1):
        blocks.append(
            [
                markup(
                    f"{number}. {esc(priority.title)} "
                    f"<font name='{FONT}' color='#495057'>· {fmt_score(priority.score)} now, "
                    f"target {priority.target:g}</font>",
                    "h3",
                ),
                para(priority.reasoning, "small"),
                para(priority.advice),
                markup("<b>Actions</b>"),
                bullets(priority.actions),
                Spacer(1, 4),
            ]
        )
    return [CondPageBreak(60 * mm), *_kept(lead, blocks)]


def _practices(report: Report) -> list[Flowable]:
    result, model = report.result, report.computed.model
    sides = ["upstream", "downstream"]
    rows = []
    for mode in model.modes:
        title = mode.title + (" (use selectively)" if mode.use_selectively else "")
        cells = []
        for side in sides:
            score = result.modes.get((mode.code, side))
            cells.append("n/a" if score is None or score.score is None else fmt_score(score.score))
        rows.append([title, *cells])
    story: list[Flowable] = [
        CondPageBreak(50 * mm),
        para("Value-net practices", "h2"),
        para(
            "Adoption of the practices of each mode with upstream partners (suppliers, R&D and "
            "manufacturing) and downstream partners (sales and channels), 0–100; n/a where every "
            "practice was not applicable.",
            "small",
        ),
        table(
            ["Mode", "Upstream", "Downstream"],
            rows,
            [CONTENT_WIDTH - 60 * mm, 30 * mm, 30 * mm],
            numeric=(1, 2),
        ),
    ]
    weak = report.computed.model.thresholds.get("weak_score", 50)
    lead: list[Flowable] = [para("Practices to develop", "h3")]
    if not report.mode_advice:
        lead.append(para(f"No value-net practice scores below {weak:g}."))
    blocks = []
    for entry in report.mode_advice:
        blocks.append(
            [
                markup(
                    f"<b>{esc(entry['mode'])}, {esc(entry['side'])}</b> "
                    f"({fmt_score(entry['score'])}): {esc(entry['advice'])}"
                ),
                bullets(entry.get("actions", []), "cell"),
                Spacer(1, 4),
            ]
        )
    story += _kept(lead, blocks)
    for entry in report.selective_notes:
        story.append(
            para(
                f"{entry['mode']}, {entry['side']} ({fmt_score(entry['score'])}): a "
                f"use-selectively mode, so a low score is not a weakness in itself. "
                f"{entry['advice']}",
                "small",
            )
        )
    return story


def _strengths_and_foundation(report: Report) -> list[Flowable]:
    strong = report.computed.model.thresholds.get("strong_score", 70)
    story: list[Flowable] = [CondPageBreak(30 * mm), para("Strengths to build on", "h2")]
    if not report.strengths:
        story.append(para(f"No capability reaches {strong:g} yet."))
    for entry in report.strengths:
        story.append(
            markup(
                f"<b>{esc(entry['title'])}</b> ({fmt_score(entry['score'])}): {esc(entry['text'])}"
            )
        )
    if report.layer_notes:
        story.append(para("Foundation check", "h2"))
        for note in report.layer_notes:
            story.append(
                KeepTogether([markup(f"<b>{esc(note['message'])}</b>"), para(note["advice"])])
            )
    return story


def _outcomes(report: Report) -> list[Flowable]:
    rows = [
        [group.title, group.improved, group.unchanged, group.declined, group.unknown]
        for group in report.result.outcomes.values()
    ]
    if not rows:
        return []
    story: list[Flowable] = [
        CondPageBreak(45 * mm),
        para("Partnership outcomes", "h2"),
        para("Indicators per outcome area over the last two to three years.", "small"),
        table(
            ["Outcome area", "Improved", "No change", "Declined", "Don't know"],
            rows,
            [CONTENT_WIDTH - 100 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm],
            numeric=(1, 2, 3, 4),
        ),
    ]
    if report.outcome_advice:
        story.append(para("Outcomes that have not improved yet", "h3"))
        for entry in report.outcome_advice:
            story.append(markup(f"<b>{esc(entry['title'])}:</b> {esc(entry['advice'])}"))
    return story


def _change(report: Report) -> list[Flowable]:
    comparison = report.comparison
    if comparison is None:
        return []
    previous_day = round_date(comparison.previous_round)
    rows = [
        [
            row["title"],
            fmt_score(row["before"], 1),
            fmt_score(row["now"], 1),
            fmt_delta(row["delta"]),
        ]
        for row in comparison.rows + comparison.layer_rows
    ]
    shaded = list(range(len(comparison.rows), len(rows)))
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(f"Change since {fmt_date(previous_day)}", "h2"),
        markup(
            f"Development level then: <b>{esc(comparison.level_before or '–')}</b>; "
            f"now: <b>{esc(comparison.level_now or '–')}</b>."
        ),
        table(
            ["Capability or layer", "Then", "Now", "Change"],
            rows,
            [CONTENT_WIDTH - 75 * mm, 25 * mm, 25 * mm, 25 * mm],
            numeric=(1, 2, 3),
            shade_rows=shaded,
        ),
    ]
    if comparison.not_comparable:
        story.append(
            para(
                "Not comparable with the earlier instrument version: "
                + ", ".join(comparison.not_comparable)
                + ".",
                "small",
            )
        )
    return story


def _check_rows(checks) -> list[list[str]]:
    return [[check.text, "met" if check.met else "not yet"] for check in checks]


def _requirements(heading: str, checks) -> list[Flowable]:
    return [
        para(heading, "h3"),
        table(
            ["Requirement (and where the firm stands)", "Status"],
            _check_rows(checks),
            [CONTENT_WIDTH - 25 * mm, 25 * mm],
        ),
    ]


def _level(report: Report) -> list[Flowable]:
    level = report.result.level
    story: list[Flowable] = [CondPageBreak(60 * mm)]
    if level is None:
        return [*story, para("Development level", "h2"), para("No development level is defined.")]
    story.append(para(f"Development level: {level.title}", "h2"))
    advice = report.level_advice or {}
    if advice.get("summary"):
        story.append(para(advice["summary"]))
    if level.checks:
        story += _requirements(f"Why {level.title.lower()}: what this level requires", level.checks)
    else:
        story.append(para("This is the starting level of the model; it has no requirements."))
    if level.next_code:
        story += _requirements(
            f"What would move the firm to {level.next_title.lower()}", level.next_checks
        )
    else:
        story.append(para("This is the highest level of the model.", "small"))
    if advice.get("next_step"):
        story.append(markup(f"<b>Next step.</b> {esc(advice['next_step'])}"))
    if advice.get("actions"):
        story.append(bullets(advice["actions"]))
    return story


THRESHOLD_NAMES = {
    "coverage_min_share": "Coverage: share of a capability's items that must be answered",
    "foundation_gap": "Foundation check: gap between neighbouring layers (points)",
    "agreement_cutoff": "Agreement between respondents, r_wg(J), flagged below",
    "default_k": "Smallest peer group shown (firms)",
    "weak_score": "Weak score (below)",
    "strong_score": "Strength (at or above)",
    "respondent_anonymity_min": "Smallest workshop for which the spread is shown",
    "psychometrics_min_n": "Assessments needed for reliability statistics",
}


def _methods(report: Report) -> list[Flowable]:
    computed = report.computed
    thresholds = computed.model.thresholds
    instrument = computed.round.instrument
    coverage = thresholds.get("coverage_min_share")
    gap = thresholds.get("foundation_gap")
    scales = instrument.scales
    scale_text = "; ".join(
        f"{name} {scale['min']}–{scale['max']}" for name, scale in scales.items() if "min" in scale
    )
    story: list[Flowable] = [
        CondPageBreak(80 * mm),
        para("Appendix: how the scores are computed", "h2"),
        bullets(
            [
                "Capability statements are answered on a 1–5 agreement scale. Reverse-keyed "
                "statements, worded against the capability, count as 6 minus the answer. "
                "\u201cDon't know / not applicable\u201d is a missing answer, never a zero.",
                "A facet is the mean of its answered items; a capability is the weighted mean of its "
                "facets, scaled to 0–100 as (mean − 1) / 4 × 100.",
                "A capability is scored only when at least "
                + (f"{coverage:.3f} (two thirds)" if coverage is not None else "two thirds")
                + " of its items are answered and every facet has an answer; otherwise it is shown "
                "as \u201cnot enough answers\u201d, a gap in the radar, and is not used for "
                "priorities.",
                "A layer score is the mean of its capabilities. The Dynamic Capability Index is the "
                "geometric mean of the three layer scores, so the layers do not compensate for "
                "one another.",
                "Foundation check: the layers build on each other (cognitive, managerial, "
                "organisational). When an outer layer exceeds the one beneath it by more than "
                + (f"{gap:g}" if gap is not None else "the threshold")
                + " points, practice outruns its foundation; when an inner layer exceeds the outer "
                "by more, potential is not yet turned into practice.",
                "Value-net practices use the adoption scale (not used, ad hoc, regular with some "
                "partners, systematic with all key partners), scaled to 0–100 per mode and side; "
                "\u201cnot applicable\u201d answers are left out.",
                "The development level is the highest level whose requirements, and those of every "
                "level below it, are met (see the requirements above).",
                f"Answer scales in this instrument: {scale_text}.",
            ]
        ),
        para(f"Thresholds of instrument {instrument.version}", "h3"),
    ]
    rows = []
    for name, value in thresholds.items():
        rationale = instrument.thresholds.get(name, {}).get("rationale", "")
        rows.append([THRESHOLD_NAMES.get(name, name.replace("_", " ")), f"{value:g}", rationale])
    story.append(
        table(
            ["Threshold", "Value", "Why"],
            rows,
            [52 * mm, 16 * mm, CONTENT_WIDTH - 68 * mm],
            numeric=(1,),
        )
    )
    return story


def _sources(report: Report) -> list[Flowable]:
    if not report.sources:
        return []
    rows = [[source["file"], source["lines"], source["note"]] for source in report.sources]
    return [
        CondPageBreak(40 * mm),
        para("Sources of the advice", "h2"),
        para(
            "The advice is written in our own words from these source texts (file and line range).",
            "small",
        ),
        table(
            ["File", "Lines", "What it supports"],
            rows,
            [48 * mm, 22 * mm, CONTENT_WIDTH - 70 * mm],
        ),
    ]


# --- Document --------------------------------------------------------------------------------------


def render_report_pdf(report: Report) -> bytes:
    """The whole report as an A4 PDF (bytes); deterministic for the same report."""
    _font_chars()
    round_ = report.computed.round
    firm, instrument = round_.firm, round_.instrument
    day = round_date(round_)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=fit(f"Capability report – {firm.name} – {fmt_date(day)}"),
        author="Value-net capability audit",
        subject=fit(f"Instrument {instrument.version}"),
    )
    story: list[Flowable] = []
    story += _front(report, day)
    story += _radar(report, day)
    story += _capability_table(report)
    story += _workshop(report)
    story += _priorities(report)
    story += _practices(report)
    story += _strengths_and_foundation(report)
    story += _outcomes(report)
    story += _change(report)
    story += _level(report)
    story += _methods(report)
    story += _sources(report)
    footer = f"{firm.name} · capability report · {fmt_date(day)} · instrument {instrument.version}"
    document.build(story, canvasmaker=_numbered_canvas(footer, firm.is_demo))
    return buffer.getvalue()
