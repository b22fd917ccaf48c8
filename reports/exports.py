"""CSV and XLSX exports of a round's answers and scores.

The table builders and writers are pure functions over plain data (no request, no ORM);
``round_answer_table`` and ``round_score_table`` fetch at the edge and hand plain rows on.

Every text cell that a spreadsheet could read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is prefixed with a single quote, in CSV and XLSX alike; numbers
stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from assessment.models import AssessmentRound, RoundKind, Side
from assessment.round_scores import counted_respondents
from assessment.scoring import AssessmentResult, Model
from assessment.scoring_input import round_answers, round_items
from reports.results import RoundResult, results_hidden

Cell = str | int | float | None

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_MISSING_LABEL = "Don't know / not applicable"
SIDE_LABELS = {Side.UPSTREAM.value: "Upstream", Side.DOWNSTREAM.value: "Downstream"}

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}

ANSWER_HEADER = [
    "Respondent",
    "Respondent role",
    "Item code",
    "Item text",
    "Module",
    "Capability / mode / outcome group",
    "Side",
    "Reverse keyed",
    "Answer value",
    "Answer label",
]

SCORE_HEADER = [
    "Section",
    "Code",
    "Title",
    "Layer",
    "Side",
    "Score (0-100)",
    "Items answered",
    "Items in total",
    "Improved",
    "No change",
    "Declined",
    "Don't know",
    "Note",
]


# --- Plain inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInfo:
    """What the answers export says about an item."""

    code: str
    text: str
    module: str
    parent: str  # capability, practice mode or outcome group title
    side: str  # "upstream" / "downstream" for practice items, else ""
    scale: str
    reverse_keyed: bool = False


@dataclass(frozen=True)
class RespondentAnswers:
    """One respondent's answers: item code -> value (None = don't know / n.a.; absent = unanswered)."""

    number: int
    role: str
    answers: Mapping[str, int | None]


# --- Cells and files ----------------------------------------------------------------------------------


def neutralise(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula gets a leading single quote; numbers stay.

    Text whose first visible character is dangerous after leading blanks or control characters
    (" =1+1") is quoted too, since some programs strip those before parsing.
    """
    if not isinstance(value, str):
        return value
    visible = value.lstrip("".join(map(chr, range(33))))
    if value.startswith(DANGEROUS_PREFIXES) or visible.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def round_date(round_: AssessmentRound) -> dt.date:
    """The date a round's answers were completed: closing date, else last submission, else start."""
    moments = [round_.closed_at] if round_.closed_at else []
    if not moments:
        moments = [r.submitted_at for r in counted_respondents(round_)] or [round_.created_at]
    moment = max(moments)
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def export_filename(firm_name: str, day: dt.date, kind: str, ext: str) -> str:
    """E.g. ``nordic-sensor-systems-2026-11-20-answers.csv``; ASCII only, safe in any header."""
    slug = slugify(firm_name) or "firm"
    return f"{slug}-{day:%Y-%m-%d}-{kind}.{ext}"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs detect the encoding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """One sheet with a bold, frozen header row; text cells are always stored as text."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([_xlsx_cell(cell) for cell in header])
    widths = [len(str(cell)) for cell in header]
    for row in rows:
        worksheet.append([_xlsx_cell(cell) for cell in row])
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], min(len(str(cell or "")), 60))
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(fmt: str, header: Sequence[str], rows: list[list[Cell]], *, sheet: str) -> bytes:
    if fmt == "csv":
        return to_csv(header, rows)
    if fmt == "xlsx":
        return to_xlsx(header, rows, sheet=sheet)
    raise ValueError(f"Unknown export format: {fmt}")


# --- Answers ------------------------------------------------------------------------------------------


def answer_label(value: int | None, answered: bool, scale: Mapping[str, Any]) -> str:
    """The scale label of an answer; the scale's "missing" label for don't know; blank if unanswered."""
    if not answered:
        return ""
    if value is None:
        return scale.get("missing_label") or DEFAULT_MISSING_LABEL
    labels = scale.get("labels", {})
    return str(labels.get(str(value), labels.get(value, value)))


def answer_table(
    items: Sequence[ItemInfo],
    respondents: Sequence[RespondentAnswers],
    scales: Mapping[str, Mapping[str, Any]],
) -> list[list[Cell]]:
    """One row per respondent and item, in questionnaire order."""
    rows: list[list[Cell]] = []
    for respondent in respondents:
        for item in items:
            answered = item.code in respondent.answers
            value = respondent.answers.get(item.code)
            rows.append(
                [
                    respondent.number,
                    respondent.role,
                    item.code,
                    item.text,
                    item.module,
                    item.parent,
                    SIDE_LABELS.get(item.side, ""),
                    "yes" if item.reverse_keyed else "no",
                    value,
                    answer_label(value, answered, scales.get(item.scale, {})),
                ]
            )
    return rows


def round_answer_table(round_: AssessmentRound) -> list[list[Cell]] | None:
    """The answers of a round's submitted respondents; None when nobody has submitted (3 queries)."""
    respondents = counted_respondents(round_)
    if not respondents or results_hidden(round_, len(respondents)):
        return None
    labels = [respondent.get_role_label_display() for respondent in respondents]
    if round_.kind == RoundKind.WORKSHOP:
        # Nobody is recognisable by order or by a role only they hold: shuffle by the (random)
        # link hash, and show a role label only when at least two respondents share it.
        respondents.sort(key=lambda respondent: respondent.token_hash or "")
        labels = [respondent.get_role_label_display() for respondent in respondents]
        labels = [
            label if labels.count(label) >= 2 else "(not shown: fewer than 2)" for label in labels
        ]
    items = [
        ItemInfo(
            item.code,
            item.text,
            item.module.title,
            item.parent_title,
            item.side,
            item.scale,
            item.reverse_keyed,
        )
        for item in round_items(round_)
    ]
    answers = round_answers(respondents)
    plain = [
        RespondentAnswers(number, label, answers[respondent.pk])
        for number, (respondent, label) in enumerate(zip(respondents, labels, strict=True), start=1)
    ]
    return answer_table(items, plain, round_.instrument.scales)


# --- Scores -------------------------------------------------------------------------------------------


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def score_table(model: Model, result: AssessmentResult) -> list[list[Cell]]:
    """Capabilities, layers, DCI, practices per mode and side, outcome groups, development level."""
    rows: list[list[Cell]] = []
    blank4 = [None, None, None, None]
    for layer in model.layers:
        for cap in layer.capabilities:
            score = result.capabilities[cap.code]
            rows.append(
                [
                    "Capability",
                    cap.code,
                    score.title,
                    layer.title,
                    None,
                    _score(score.score),
                    score.answered,
                    score.total,
                    *blank4,
                    "not enough answers" if score.score is None else None,
                ]
            )
    for layer in model.layers:
        score = result.layers[layer.code].score
        rows.append(
            [
                "Layer",
                layer.code,
                layer.title,
                layer.title,
                None,
                _score(score),
                None,
                None,
                *blank4,
                "not enough answers" if score is None else "mean of the layer's capabilities",
            ]
        )
    rows.append(
        [
            "Dynamic Capability Index",
            "dci",
            "Dynamic Capability Index",
            None,
            None,
            _score(result.dci),
            None,
            None,
            *blank4,
            "not enough answers" if result.dci is None else "geometric mean of the layer scores",
        ]
    )
    for (_, side), mode in result.modes.items():
        notes = []
        if mode.score is None:
            notes.append("n/a")
        if mode.use_selectively:
            notes.append("use selectively: a low score is not a weakness in itself")
        rows.append(
            [
                "Value-net practice",
                mode.mode,
                mode.title,
                None,
                SIDE_LABELS.get(side, side),
                _score(mode.score),
                mode.answered,
                mode.total,
                *blank4,
                "; ".join(notes) or None,
            ]
        )
    for group in result.outcomes.values():
        rows.append(
            [
                "Outcome group",
                group.code,
                group.title,
                None,
                None,
                None,
                group.improved + group.unchanged + group.declined,
                group.improved + group.unchanged + group.declined + group.unknown,
                group.improved,
                group.unchanged,
                group.declined,
                group.unknown,
                "improved" if group.is_improved else "not improved",
            ]
        )
    level = result.level
    if level is not None:
        rows.append(
            [
                "Development level",
                level.code,
                level.title,
                None,
                None,
                None,
                None,
                None,
                *blank4,
                f"next level: {level.next_title}" if level.next_title else "highest level",
            ]
        )
    return rows


def round_score_table(computed: RoundResult) -> list[list[Cell]]:
    return score_table(computed.model, computed.result)
