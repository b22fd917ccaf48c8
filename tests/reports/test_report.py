"""Report content: advice coverage, priority ranking, change over time, and access."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Item
from assessment.scoring import LevelResult
from reports.advice import advice
from reports.report import build_report, capability_targets, rank_priorities

CAPABILITIES = [
    "cultural_awareness",
    "global_mindset",
    "entrepreneurial_orientation",
    "interface_competence",
    "analytical_capability",
    "flexibility",
    "absorptive_capacity",
]
LEVELS = [
    {"code": "incremental", "title": "Incremental", "requires": {}},
    {
        "code": "renewing",
        "title": "Renewing",
        "requires": {
            "dci_min": {"value": 45},
            "capability_min": {"capability": "absorptive_capacity", "value": 50},
        },
    },
    {"code": "regenerative", "title": "Regenerative", "requires": {"dci_min": {"value": 65}}},
]


def test_every_capability_mode_side_layer_level_and_outcome_has_advice(instrument_spec):
    texts = advice()
    module_a, module_b, module_c = instrument_spec["modules"]
    for layer in module_a["layers"]:
        assert set(texts["layers"][layer["code"]]) == {"foundation_gap", "unused_potential"}
        for capability in layer["capabilities"]:
            entry = texts["capabilities"][capability["code"]]
            assert entry["advice"] and entry["why"] and entry["strength"]
            assert 2 <= len(entry["actions"]) <= 4
    for mode in module_b["modes"]:
        for side in ("upstream", "downstream"):
            entry = texts["modes"][mode["code"]][side]
            assert entry["advice"] and 2 <= len(entry["actions"]) <= 4
    for level in instrument_spec["development_levels"]:
        assert texts["levels"][level["code"]]["next_step"]
    for group in module_c["groups"]:
        assert texts["outcomes"][group["code"]]["advice"]
    cited = {
        key
        for section in ("capabilities", "levels", "outcomes")
        for e in texts[section].values()
        for key in e["sources"]
    }
    cited |= {
        key for sides in texts["modes"].values() for e in sides.values() for key in e["sources"]
    }
    assert cited <= set(texts["sources"])


def level(code, next_code):
    return LevelResult(code, code.title(), (), next_code, next_code, ())


def test_targets_come_from_the_next_level():
    targets = capability_targets(
        level("incremental", "renewing"), LEVELS, CAPABILITIES, strong_score=70
    )
    assert targets["flexibility"][0] == 45
    assert targets["absorptive_capacity"] == (50, "the renewing level needs at least 50 here")
    top = capability_targets(level("regenerative", None), LEVELS, CAPABILITIES, strong_score=70)
    assert {value for value, _ in top.values()} == {70}


def test_priorities_rank_by_gap_and_skip_unscored():
    scores = dict(zip(CAPABILITIES, [60, 50, 40, None, 44, 47, 46], strict=True))
    targets = capability_targets(
        level("incremental", "renewing"), LEVELS, CAPABILITIES, strong_score=70
    )
    ranked = rank_priorities(scores, targets)
    # gaps: EO 45-40=5, analytical 45-44=1, absorptive 50-46=4, flexibility 45-47=-2, ...
    assert [(code, target - score) for code, score, target, _ in ranked] == [
        ("entrepreneurial_orientation", 5),
        ("absorptive_capacity", 4),
        ("analytical_capability", 1),
    ]


@pytest.fixture
def two_rounds(db, alice, alice_firm, instrument):
    items = list(Item.objects.filter(instrument=instrument))

    def run(agree):
        round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
        respondent = round_.respondents.get()
        values = {}
        for item in items:
            if item.scale == "agreement":
                values[item.pk] = 6 - agree if item.reverse_keyed else agree
            else:
                values[item.pk] = 2
        services.answers_save(respondent=respondent, values=values, seen_version=0)
        services.answers_submit(respondent=respondent)
        round_.refresh_from_db()
        return round_

    return run(3), run(4)


@pytest.mark.django_db
def test_report_compares_with_the_previous_round(two_rounds):
    first, second = two_rounds
    report = build_report(second)
    comparison = report.comparison
    assert comparison.previous_round == first
    # every capability 50 -> 75: (3-1)/4*100 = 50, (4-1)/4*100 = 75
    assert {(row["before"], row["now"], row["delta"]) for row in comparison.rows} == {
        (50.0, 75.0, 25.0)
    }
    assert comparison.not_comparable == []
    assert comparison.layer_rows[-1]["title"] == "Dynamic Capability Index"
    assert comparison.layer_rows[-1]["delta"] == pytest.approx(25.0)
    assert build_report(first).comparison is None


@pytest.mark.django_db
def test_report_priorities_and_peer_note(two_rounds):
    report = build_report(two_rounds[0])
    # All capabilities 50; level incremental (adoption all "ad hoc" = 33.3, no outcome improved);
    # renewing needs DCI 45 and absorptive capacity 50: every gap <= 0, so the three lowest
    # (all 50) in model order, absorptive capacity first because its target (50) is highest.
    assert report.priorities[0].code == "absorptive_capacity"
    assert len(report.priorities) == 3
    assert "No peer band is shown" in report.peer_note and "at least 5" in report.peer_note
    assert report.sources and all(s["file"].endswith(".txt") for s in report.sources)


@pytest.mark.django_db
def test_report_page_access(client, alice, bob, two_rounds):
    url = reverse("reports:report", args=[two_rounds[1].pk])
    assert client.get(url).status_code == 302
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Three priorities" in html and 'id="change-table"' in html
    assert response.context["figures"]["radar"]["data"][-2]["r"][:7] == [50.0] * 7  # previous round
