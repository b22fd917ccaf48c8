"""CSV and XLSX exports: exact rows for tiny inputs, formula neutralisation, file names."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from assessment import services
from assessment.models import Item
from assessment.scoring import (
    CapabilitySpec,
    FacetSpec,
    ItemSpec,
    LayerSpec,
    LevelSpec,
    Model,
    ModeSpec,
    OutcomeGroupSpec,
    score_assessment,
)
from reports import exports
from reports.exports import ItemInfo, RespondentAnswers

SCALES = {
    "agreement": {
        "min": 1,
        "max": 5,
        "labels": {"1": "Strongly disagree", "2": "Disagree", "4": "Agree", "5": "Strongly agree"},
        "missing_label": "Don't know / not applicable",
    },
    "adoption": {
        "min": 1,
        "max": 4,
        "labels": {"1": "Not used", "2": "Ad hoc", "3": "Regular with some partners"},
        "missing_label": "Not applicable",
    },
}

ITEMS = [
    ItemInfo("CA1", "We are open to other cultures.", "Capability audit", "Cultural awareness", "",
             "agreement"),
    ItemInfo("CA2", "Differences get in our way.", "Capability audit", "Cultural awareness", "",
             "agreement", reverse_keyed=True),
    ItemInfo("IU1", "We meet key suppliers yearly.", "Value-net practices", "Influencing",
             "upstream", "adoption"),
]  # fmt: skip


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # byte-order mark for spreadsheet programs
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- Answers ---------------------------------------------------------------------------------------


def test_answer_table_exact_rows():
    respondents = [
        RespondentAnswers(1, "Top management", {"CA1": 4, "CA2": None}),  # IU1 unanswered
        RespondentAnswers(2, "Specialist", {"CA1": 1, "CA2": 5, "IU1": 3}),
    ]
    assert exports.answer_table(ITEMS, respondents, SCALES) == [
        [1, "Top management", "CA1", "We are open to other cultures.", "Capability audit",
         "Cultural awareness", "", "no", 4, "Agree"],
        [1, "Top management", "CA2", "Differences get in our way.", "Capability audit",
         "Cultural awareness", "", "yes", None, "Don't know / not applicable"],
        [1, "Top management", "IU1", "We meet key suppliers yearly.", "Value-net practices",
         "Influencing", "Upstream", "no", None, ""],
        [2, "Specialist", "CA1", "We are open to other cultures.", "Capability audit",
         "Cultural awareness", "", "no", 1, "Strongly disagree"],
        [2, "Specialist", "CA2", "Differences get in our way.", "Capability audit",
         "Cultural awareness", "", "yes", 5, "Strongly agree"],
        [2, "Specialist", "IU1", "We meet key suppliers yearly.", "Value-net practices",
         "Influencing", "Upstream", "no", 3, "Regular with some partners"],
    ]  # fmt: skip


def test_answer_label_uses_the_scale_missing_label_and_integer_keys():
    assert exports.answer_label(None, True, SCALES["adoption"]) == "Not applicable"
    assert exports.answer_label(None, True, {}) == "Don't know / not applicable"
    assert exports.answer_label(None, False, SCALES["adoption"]) == ""
    assert exports.answer_label(2, True, {"labels": {2: "Ad hoc"}}) == "Ad hoc"


def test_answers_csv_exact_content():
    rows = exports.answer_table(ITEMS[:1], [RespondentAnswers(1, "Other", {"CA1": 5})], SCALES)
    assert read_csv(exports.to_csv(exports.ANSWER_HEADER, rows)) == [
        exports.ANSWER_HEADER,
        ["1", "Other", "CA1", "We are open to other cultures.", "Capability audit",
         "Cultural awareness", "", "no", "5", "Strongly agree"],
    ]  # fmt: skip


@pytest.mark.django_db
def test_round_answer_table_from_the_database(alice, alice_firm, instrument):
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
    respondent = round_.respondents.get()
    items = list(Item.objects.filter(instrument=instrument).order_by("position"))
    first, second = items[0], items[1]
    services.answers_save(
        respondent=respondent, values={first.pk: 4, second.pk: None}, seen_version=0
    )
    assert exports.round_answer_table(round_) is None  # nothing submitted yet
    services.answers_submit(respondent=respondent)

    rows = exports.round_answer_table(round_)
    assert len(rows) == len(items)
    assert [row[2] for row in rows] == [item.code for item in items]
    assert rows[0] == [
        1,
        "Top management",
        first.code,
        first.text,
        "Capability audit",
        first.facet.capability.title,
        "",
        "yes" if first.reverse_keyed else "no",
        4,
        "Agree",
    ]
    assert rows[1][8:] == [None, "Don't know / not applicable"]
    assert all(row[8:] == [None, ""] for row in rows[2:])  # unanswered: blank value and label
    practice = next(row for row, item in zip(rows, items, strict=True) if item.side)
    assert practice[4] == "Value-net management practices"
    assert practice[6] in {"Upstream", "Downstream"}


# --- Scores ----------------------------------------------------------------------------------------


def tiny_model() -> Model:
    agree = {"scale_min": 1, "scale_max": 5}
    return Model(
        layers=(
            LayerSpec(
                "cognitive",
                "Cognitive layer",
                (
                    CapabilitySpec(
                        "cultural_awareness",
                        "Cultural awareness",
                        (FacetSpec("open", (ItemSpec("CA1", **agree), ItemSpec("CA2", **agree, reverse=True))),),
                    ),
                    CapabilitySpec(
                        "global_mindset", "Global mindset", (FacetSpec("world", (ItemSpec("GM1", **agree),)),)
                    ),
                ),
            ),
        ),
        modes=(
            ModeSpec(
                "influencing",
                "Influencing",
                False,
                {"upstream": (ItemSpec("IU1", 1, 4),), "downstream": (ItemSpec("ID1", 1, 4),)},
            ),
        ),
        outcome_groups=(OutcomeGroupSpec("innovation", "Innovation capabilities", (ItemSpec("O1", 1, 3), ItemSpec("O2", 1, 3))),),
        levels=(LevelSpec("incremental", "Incremental", {}), LevelSpec("renewing", "Renewing", {"dci_min": {"value": 45}})),
        thresholds={"coverage_min_share": 0.666, "foundation_gap": 15},
    )  # fmt: skip


def test_score_table_exact_rows():
    model = tiny_model()
    # CA1 agree (4), CA2 reverse-keyed disagree (2 -> 4): (4 - 1) / 4 * 100 = 75.
    # GM1 unanswered: not enough answers, so the layer and the DCI are not scored either.
    # IU1 regular (3): (3 - 1) / 3 * 100 = 66.666 -> 66.7; ID1 not applicable -> n/a.
    answers = {"CA1": 4, "CA2": 2, "IU1": 3, "ID1": None, "O1": 3, "O2": None}
    result = score_assessment(model, answers)
    assert exports.score_table(model, result) == [
        ["Capability", "cultural_awareness", "Cultural awareness", "Cognitive layer", None, 75.0,
         2, 2, None, None, None, None, None],
        ["Capability", "global_mindset", "Global mindset", "Cognitive layer", None, None,
         0, 1, None, None, None, None, "not enough answers"],
        ["Layer", "cognitive", "Cognitive layer", "Cognitive layer", None, None,
         None, None, None, None, None, None, "not enough answers"],
        ["Dynamic Capability Index", "dci", "Dynamic Capability Index", None, None, None,
         None, None, None, None, None, None, "not enough answers"],
        ["Value-net practice", "influencing", "Influencing", None, "Upstream", 66.7,
         1, 1, None, None, None, None, None],
        ["Value-net practice", "influencing", "Influencing", None, "Downstream", None,
         0, 1, None, None, None, None, "n/a"],
        ["Outcome group", "innovation", "Innovation capabilities", None, None, None,
         1, 2, 1, 0, 0, 1, "improved"],
        ["Development level", "incremental", "Incremental", None, None, None,
         None, None, None, None, None, None, "next level: Renewing"],
    ]  # fmt: skip


def test_score_table_with_every_capability_scored():
    model = tiny_model()
    result = score_assessment(model, {"CA1": 4, "CA2": 2, "GM1": 5})
    rows = exports.score_table(model, result)
    assert rows[2][5] == 87.5  # layer: mean of 75 and 100
    assert rows[3][5] == 87.5  # DCI: geometric mean of one layer
    assert rows[3][12] == "geometric mean of the layer scores"


def test_scores_xlsx_keeps_numbers_as_numbers():
    model = tiny_model()
    rows = exports.score_table(model, score_assessment(model, {"CA1": 4, "CA2": 2, "IU1": 3}))
    back = read_xlsx(exports.to_xlsx(exports.SCORE_HEADER, rows, sheet="Scores"))
    assert back[0] == exports.SCORE_HEADER
    assert back[1][:8] == ["Capability", "cultural_awareness", "Cultural awareness",
                           "Cognitive layer", None, 75.0, 2, 2]  # fmt: skip
    sheet = openpyxl.load_workbook(
        io.BytesIO(exports.to_xlsx(exports.SCORE_HEADER, rows, sheet="Scores"))
    ).active
    assert sheet.title == "Scores"
    assert [sheet.cell(2, column).data_type for column in (6, 7, 8)] == ["n", "n", "n"]
    assert sheet.freeze_panes == "A2"


# --- Formula injection -----------------------------------------------------------------------------

DANGEROUS = ["=1+1", "+41 22", "-2+3", "@SUM(A1:A2)", "\t=cmd|' /C calc'!A0", "\r=1+1", " =1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_neutralises_formulas(text):
    rows = read_csv(exports.to_csv(["Text", "Number", "Negative"], [[text, 5, -3.5]]))
    assert rows[1] == ["'" + text, "5", "-3.5"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_xlsx_neutralises_formulas(text):
    content = exports.to_xlsx(["Text", "Number", "Negative"], [[text, 5, -3.5]], sheet="S")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = sheet["A2"]
    # XML turns a carriage return into a line feed when the file is read back.
    assert cell.value == "'" + text.replace("\r", "\n")
    assert cell.data_type == "s"
    assert (sheet["B2"].value, sheet["C2"].value) == (5, -3.5)
    assert sheet["B2"].data_type == "n"


def test_harmless_text_is_unchanged():
    assert exports.neutralise("Cultural awareness") == "Cultural awareness"
    assert exports.neutralise("e-mail") == "e-mail"
    assert exports.neutralise(-5) == -5
    assert exports.neutralise(None) is None


def test_item_text_from_the_instrument_is_neutralised_end_to_end():
    item = ItemInfo("X1", '=HYPERLINK("http://evil")', "M", "-P", "", "agreement")
    rows = exports.answer_table([item], [RespondentAnswers(1, "@role", {"X1": 4})], SCALES)
    csv_row = read_csv(exports.to_csv(exports.ANSWER_HEADER, rows))[1]
    xlsx_row = read_xlsx(exports.to_xlsx(exports.ANSWER_HEADER, rows, sheet="Answers"))[1]
    for row in (csv_row, xlsx_row):
        assert row[1] == "'@role"
        assert row[3] == '\'=HYPERLINK("http://evil")'
        assert row[5] == "'-P"
    assert xlsx_row[8] == 4


# --- File names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "ext", "expected"),
    [
        ("Nordic Sensor Systems", "answers", "csv", "nordic-sensor-systems-2026-11-20-answers.csv"),
        ("Nordic Sensor Systems (demo)", "scores", "xlsx",
         "nordic-sensor-systems-demo-2026-11-20-scores.xlsx"),
        ("Åland Öl & Co.", "report", "pdf", "aland-ol-co-2026-11-20-report.pdf"),
        ("北京", "answers", "csv", "firm-2026-11-20-answers.csv"),
    ],
)  # fmt: skip
def test_export_filename(name, kind, ext, expected):
    assert exports.export_filename(name, dt.date(2026, 11, 20), kind, ext) == expected


@pytest.mark.django_db
def test_round_date_is_the_local_closing_date(alice, alice_firm, instrument, settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
    round_.closed_at = dt.datetime(2026, 11, 19, 23, 30, tzinfo=dt.UTC)  # 01:30 in Helsinki
    assert exports.round_date(round_) == dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_round_date_without_closing_date_is_the_last_submission(alice, alice_firm, instrument):
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
    assert exports.round_date(round_) == timezone.localdate(round_.created_at)
    respondent = round_.respondents.get()
    respondent.submitted_at = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
    respondent.save()
    assert exports.round_date(round_) == dt.date(2026, 3, 2)
