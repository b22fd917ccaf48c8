"""Workshops: consultants, invitation links, answering by code, live dashboard, consensus, close.

Every refusal must come with a page a person understands, and never lose saved answers.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import tokens, workshops
from assessment.models import (
    Answer,
    ConsensusScore,
    FirmMembership,
    FirmRole,
    Item,
    Respondent,
    RoundScore,
    RoundStatus,
)
from tests.conftest import make_firm, make_user, open_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(alice, alice_firm, instrument):
    return open_workshop(
        alice_firm, alice, instrument, title="Leadership workshop", share_results=True
    )


def code_of(respondent) -> str:
    return tokens.display(workshops.respondent_code(respondent))


def personal(workshop, role="middle_management", name=""):
    (respondent,) = workshops.invitations_create(round_=workshop, role_label=role, name=name)
    return respondent


def answer_all(respondent, value_for):
    """Answer every module-A item so that each item *scores* value_for(item) (reverse keying undone)."""
    items = Item.objects.filter(instrument=respondent.round.instrument, module__code="A")
    for item in items:
        scored = value_for(item)
        Answer.objects.create(
            respondent=respondent, item=item, value=6 - scored if item.reverse_keyed else scored
        )


def submitted(workshop, value, role="middle_management"):
    respondent = personal(workshop, role=role)
    answer_all(respondent, lambda item: value)
    workshops_submit(respondent)
    return respondent


def workshops_submit(respondent):
    from assessment import services

    services.answers_submit(respondent=respondent)


# --- Codes ----------------------------------------------------------------------------------------


def test_codes_are_16_symbols_stable_and_change_on_reissue(workshop):
    respondent = personal(workshop)
    code = workshops.respondent_code(respondent)
    assert len(code) == 16 and set(code) <= set(tokens.ALPHABET)
    assert workshops.respondent_code(respondent) == code
    assert respondent.token_hash == tokens.code_hash(code)
    assert code not in respondent.token_hash  # only the hash is stored
    new = workshops.link_reissue(obj=respondent)
    assert new != code
    assert workshops.respondent_for_code(tokens.display(new)).pk == respondent.pk


@pytest.mark.parametrize(
    ("typed", "ok"),
    [
        ("abcd-efgh-jkmn-pqrs", True),
        ("ABCD EFGH JKMN PQRS", True),
        ("ABCD", False),
        ("0000-0000-0000-0000", False),
    ],
)
def test_codes_can_be_typed_loosely(typed, ok):
    assert (tokens.normalise(typed) is not None) == ok


# --- Consultants ----------------------------------------------------------------------------------


def test_consultant_creates_a_client_firm_and_runs_it(client, instrument):
    carol = make_user("carol")
    client.force_login(carol)
    response = client.post(
        reverse("assessment:firm_create"),
        {
            "relationship": "consultant",
            "name": "Client Oy",
            "sector": "C",
            "employees": 40,
            "size_band": "small",
            "technology_intensity": "medium_high",
            "country": "Finland",
            "region": "nordic",
        },
    )
    assert response.status_code == 302
    membership = FirmMembership.objects.get(user=carol)
    assert membership.role == FirmRole.CONSULTANT
    page = client.get(reverse("assessment:dashboard")).content.decode()
    assert "Client Oy" in page and "consultant" in page
    response = client.post(
        reverse("assessment:workshop_create", args=[membership.firm_id]),
        {"title": "Kick-off", "modules": ["A", "B"]},
    )
    assert response.status_code == 302
    assert membership.firm.rounds.get().module_codes == ["A", "B"]


def test_manager_adds_and_removes_a_consultant(alice_client, alice_firm, workshop):
    carol = make_user("carol")
    url = reverse("assessment:firm_people", args=[alice_firm.pk])
    response = alice_client.post(url, {"email": "CAROL@example.com"})
    assert response.status_code == 302
    membership = FirmMembership.objects.get(firm=alice_firm, user=carol)
    assert membership.role == FirmRole.CONSULTANT

    from django.test import Client

    carol_client = Client()
    carol_client.force_login(carol)
    assert carol_client.get(reverse("assessment:workshop", args=[workshop.pk])).status_code == 200

    alice_client.post(reverse("assessment:consultant_remove", args=[alice_firm.pk, membership.pk]))
    assert not FirmMembership.objects.filter(user=carol).exists()
    assert carol_client.get(reverse("assessment:workshop", args=[workshop.pk])).status_code == 404


def test_adding_an_unknown_address_explains_what_to_do(alice_client, alice_firm):
    response = alice_client.post(
        reverse("assessment:firm_people", args=[alice_firm.pk]), {"email": "nobody@example.com"}
    )
    assert response.status_code == 400
    assert "sign up first" in response.content.decode()


def test_consultant_cannot_manage_people_or_remove_the_manager(client, alice, alice_firm):
    carol = make_user("carol")
    FirmMembership.objects.create(firm=alice_firm, user=carol, role=FirmRole.CONSULTANT)
    client.force_login(carol)
    assert client.get(reverse("assessment:firm_people", args=[alice_firm.pk])).status_code == 404
    manager = FirmMembership.objects.get(user=alice)
    response = client.post(
        reverse("assessment:consultant_remove", args=[alice_firm.pk, manager.pk])
    )
    assert response.status_code == 404
    assert FirmMembership.objects.filter(pk=manager.pk).exists()


def workshop_urls(workshop, respondent, room):
    args = [workshop.pk]
    return [
        ("get", reverse("assessment:workshop", args=args)),
        ("get", reverse("assessment:workshop_live", args=args)),
        ("post", reverse("assessment:invitations_create", args=args)),
        ("post", reverse("assessment:room_link_create", args=args)),
        ("get", reverse("assessment:room_display", args=[workshop.pk, room.pk])),
        ("get", reverse("assessment:respondent_qr", args=[workshop.pk, respondent.pk])),
        ("post", reverse("assessment:link_revoke", args=[workshop.pk, "person", respondent.pk])),
        ("post", reverse("assessment:link_reissue", args=[workshop.pk, "room", room.pk])),
        ("post", reverse("assessment:consensus_record", args=args)),
        ("post", reverse("assessment:workshop_close", args=args)),
        ("get", reverse("reports:result", args=args)),
        ("get", reverse("reports:report", args=args)),
        ("post", reverse("assessment:workshop_create", args=[workshop.firm_id])),
        ("get", reverse("assessment:firm_edit", args=[workshop.firm_id])),
    ]


def test_another_consultant_reaches_nothing_by_any_url(client, alice, workshop):
    carol, dave = make_user("carol"), make_user("dave")
    FirmMembership.objects.create(firm=workshop.firm, user=carol, role=FirmRole.CONSULTANT)
    make_firm(dave, "Dave's client", role=FirmRole.CONSULTANT)
    respondent = personal(workshop)
    room = workshops.room_link_create(round_=workshop, user=alice)
    client.force_login(dave)
    for method, url in workshop_urls(workshop, respondent, room):
        response = getattr(client, method)(
            url, {"confirm": "yes", "role_label": "other", "count": 1}
        )
        assert response.status_code == 404, url
    respondent.refresh_from_db()
    workshop.refresh_from_db()
    assert respondent.revoked_at is None and workshop.status == RoundStatus.OPEN
    assert workshop.respondents.count() == 1


def test_anonymous_facilitator_urls_go_to_login(client, alice, workshop):
    respondent = personal(workshop)
    room = workshops.room_link_create(round_=workshop, user=alice)
    for method, url in workshop_urls(workshop, respondent, room):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_a_link_of_another_round_cannot_be_revoked_from_mine(
    alice_client, alice, alice_firm, workshop, instrument
):
    other = open_workshop(alice_firm, alice, instrument)
    foreign = personal(other)
    response = alice_client.post(
        reverse("assessment:link_revoke", args=[workshop.pk, "person", foreign.pk])
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# --- Links ---------------------------------------------------------------------------------------


def test_facilitator_creates_personal_and_room_links(alice_client, workshop):
    url = reverse("assessment:invitations_create", args=[workshop.pk])
    alice_client.post(url, {"role_label": "specialist", "count": 3})
    assert workshop.respondents.filter(role_label="specialist").count() == 3
    response = alice_client.post(
        reverse("assessment:room_link_create", args=[workshop.pk]),
        {"role_label": "", "label": "Board room"},
    )
    room = workshop.room_links.get()
    assert response["Location"] == reverse("assessment:room_display", args=[workshop.pk, room.pk])
    page = alice_client.get(response["Location"]).content.decode()
    assert "<svg" in page and workshops.room_code(room)[:4] in page.replace("-", "")
    dashboard = alice_client.get(
        reverse("assessment:workshop", args=[workshop.pk])
    ).content.decode()
    for respondent in workshop.respondents.all():
        assert code_of(respondent) in dashboard


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role_label": "ceo", "count": 1}, "valid choice"),
        ({"role_label": "other", "count": 500}, "less than or equal to 50"),
        ({"role_label": "other", "count": 2, "name": "Anna"}, "belongs to one person"),
    ],
)
def test_bad_link_requests_are_refused_with_a_message(alice_client, workshop, data, message):
    response = alice_client.post(
        reverse("assessment:invitations_create", args=[workshop.pk]), data, follow=True
    )
    assert message in response.content.decode()
    assert not workshop.respondents.exists()


def test_room_link_gives_each_person_their_own_code(client, alice, workshop):
    room = workshops.room_link_create(round_=workshop, user=alice)
    url = reverse("assessment:room_join", args=[tokens.display(workshops.room_code(room))])
    assert client.get(url).status_code == 200
    first = client.post(url, {"role_label": "top_management", "name": ""})
    second = client.post(url, {"role_label": "specialist", "name": "Ville"})
    assert first["Location"] != second["Location"]
    people = list(workshop.respondents.order_by("pk"))
    assert [(p.role_label, p.name, p.room_id) for p in people] == [
        ("top_management", "", room.pk),
        ("specialist", "Ville", room.pk),
    ]
    welcome = client.get(first["Location"]).content.decode()
    assert code_of(people[0]) in welcome


def test_room_with_a_fixed_role_does_not_ask_for_one(client, alice, workshop):
    room = workshops.room_link_create(round_=workshop, user=alice, role_label="specialist")
    url = reverse("assessment:room_join", args=[workshops.room_code(room)])
    assert 'name="role_label"' not in client.get(url).content.decode()
    client.post(url, {"role_label": "top_management"})
    assert workshop.respondents.get().role_label == "specialist"


# --- Answering through a link and every refusal ----------------------------------------------------


def test_respondent_answers_resumes_and_submits_through_the_link(client, workshop):
    respondent = personal(workshop)
    code = code_of(respondent)
    assert "Start" in client.get(reverse("assessment:respond", args=[code])).content.decode()
    page = client.get(reverse("assessment:respond_page", args=[code, 1]))
    assert page.status_code == 200
    items = page.context["page"].items
    data = {"answers_version": 0, "nav": "next", **{item.code: "4" for item in items}}
    response = client.post(reverse("assessment:respond_page", args=[code, 1]), data)
    assert response["Location"] == reverse("assessment:respond_page", args=[code, 2])
    assert Answer.objects.filter(respondent=respondent).count() == len(items)
    # Resume: the link goes straight to the first page with gaps.
    assert client.get(reverse("assessment:respond", args=[code]))["Location"] == reverse(
        "assessment:respond_page", args=[code, 2]
    )
    response = client.post(reverse("assessment:respond_submit", args=[code]))
    assert response["Location"] == reverse("assessment:respond_done", args=[code])
    respondent.refresh_from_db()
    assert respondent.submitted_at is not None
    workshop.refresh_from_db()
    assert (
        workshop.status == RoundStatus.OPEN
    )  # a workshop stays open until the facilitator closes it


def test_forged_code_gets_a_clear_page(client, workshop):
    personal(workshop)
    for code in ["ABCD-EFGH-JKMN-PQRS", "not-a-code", "x" * 500]:
        response = client.get(reverse("assessment:respond", args=[code]))
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
        response = client.post(reverse("assessment:respond_page", args=[code, 1]), {"A1": "4"})
        assert response.status_code == 404
    assert not Answer.objects.exists()


def _saved_first_page(client, respondent):
    code = code_of(respondent)
    page = client.get(reverse("assessment:respond_page", args=[code, 1]))
    items = page.context["page"].items
    client.post(
        reverse("assessment:respond_page", args=[code, 1]),
        {"answers_version": 0, "nav": "next", **{item.code: "4" for item in items}},
    )
    assert Answer.objects.filter(respondent=respondent).count() == len(items)
    return code, items


def test_revoked_link_is_refused_and_answers_survive_reissue(client, workshop):
    respondent = personal(workshop)
    code, items = _saved_first_page(client, respondent)
    workshops.link_revoke(obj=respondent)
    response = client.get(reverse("assessment:respond_page", args=[code, 1]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    response = client.post(
        reverse("assessment:respond_page", args=[code, 1]),
        {"answers_version": 1, **{item.code: "1" for item in items}},
    )
    assert response.status_code == 410
    assert set(Answer.objects.filter(respondent=respondent).values_list("value", flat=True)) == {4}
    new_code = tokens.display(workshops.link_reissue(obj=respondent))
    # the old code is simply unknown now
    assert client.get(reverse("assessment:respond_page", args=[code, 1])).status_code == 404
    page = client.get(reverse("assessment:respond_page", args=[new_code, 1]))
    assert page.status_code == 200
    assert page.context["form"].initial[items[0].code] == "4"


def test_every_link_stops_when_the_round_closes(client, alice, workshop):
    respondent = personal(workshop)
    room = workshops.room_link_create(round_=workshop, user=alice)
    code, items = _saved_first_page(client, respondent)
    workshops.workshop_close(round_=workshop)
    for url in [
        reverse("assessment:respond", args=[code]),
        reverse("assessment:respond_page", args=[code, 2]),
        reverse("assessment:room_join", args=[workshops.room_code(room)]),
    ]:
        response = client.get(url)
        assert response.status_code == 410, url
        assert "closed" in response.content.decode()
    response = client.post(
        reverse("assessment:room_join", args=[workshops.room_code(room)]), {"role_label": "other"}
    )
    assert response.status_code == 410
    assert workshop.respondents.count() == 1
    assert Answer.objects.filter(respondent=respondent).count() == len(items)


def test_code_of_an_earlier_closed_round_does_not_open_the_new_one(
    client, alice, alice_firm, instrument, workshop
):
    old = personal(workshop)
    old_code = code_of(old)
    workshops.workshop_close(round_=workshop)
    open_workshop(alice_firm, alice, instrument, title="Second")
    response = client.get(reverse("assessment:respond_page", args=[old_code, 1]))
    assert response.status_code == 410
    assert not Respondent.objects.filter(round__title="Second").exists()


def test_reuse_after_submit_changes_nothing(client, workshop):
    respondent = personal(workshop)
    code, items = _saved_first_page(client, respondent)
    client.post(reverse("assessment:respond_submit", args=[code]))
    response = client.post(
        reverse("assessment:respond_page", args=[code, 1]),
        {"answers_version": 1, "nav": "next", **{item.code: "1" for item in items}},
        follow=True,
    )
    assert "submitted" in response.content.decode() and "locked" in response.content.decode()
    assert set(Answer.objects.filter(respondent=respondent).values_list("value", flat=True)) == {4}
    again = client.post(reverse("assessment:respond_submit", args=[code]), follow=True)
    assert again.status_code == 200
    assert "Thank you" in again.content.decode()


def test_code_entry_page_finds_the_questionnaire(client, workshop):
    respondent = personal(workshop)
    code = workshops.respondent_code(respondent).lower()
    response = client.post(reverse("assessment:code_entry"), {"code": code})
    assert response["Location"] == reverse("assessment:respond", args=[code_of(respondent)])
    response = client.post(reverse("assessment:code_entry"), {"code": "short"})
    assert "16 letters" in response.content.decode()


# --- Live dashboard, anonymity, aggregation ---------------------------------------------------------


def test_figures_stay_hidden_below_three_respondents(alice_client, workshop):
    submitted(workshop, 5)
    submitted(workshop, 3)
    data = alice_client.get(reverse("assessment:workshop_live", args=[workshop.pk])).json()
    assert data["radar"] is None
    assert data["submitted"] == 2
    assert "at least 3 people have submitted" in data["figures_html"]
    assert "100" not in data["figures_html"] and "spread-table" not in data["figures_html"]
    page = alice_client.get(reverse("reports:result", args=[workshop.pk])).content.decode()
    assert "hidden to protect respondents" in page


def capability_items(workshop, code):
    return Item.objects.filter(instrument=workshop.instrument, facet__capability__code=code).count()


def test_three_respondents_hand_worked_mean_spread_and_agreement(alice_client, workshop):
    # Every item of respondent 1 scores 5, of respondent 2 scores 3, of respondent 3 scores 4.
    # Capability scores: (5-1)/4*100 = 100, 50 and 75 -> mean 75, sample SD 25, range 50-100.
    # Every item has answers 5, 3, 4: sample variance ((1)^2 + (-1)^2 + 0)/2 = 1, so s̄² = 1;
    # σ² = (5² − 1)/12 = 2; r_wg(J) = J(1 − ½) / (J(1 − ½) + ½) = J / (J + 1).
    for value in (5, 3, 4):
        submitted(workshop, value)
    data = alice_client.get(reverse("assessment:workshop_live", args=[workshop.pk])).json()
    radar = data["radar"]
    mean_trace = next(t for t in radar["data"] if t.get("name") == "Mean of respondents")
    assert set(mean_trace["r"]) == {75.0}
    page = alice_client.get(reverse("assessment:workshop", args=[workshop.pk]))
    row = next(r for r in page.context["live"].spreads if r["code"] == "cultural_awareness")
    j = capability_items(workshop, "cultural_awareness")
    assert row["spread"].mean == pytest.approx(75)
    assert row["spread"].sd == pytest.approx(25)
    assert (row["spread"].minimum, row["spread"].maximum) == (50, 100)
    assert row["spread"].rwg == pytest.approx(j / (j + 1))
    assert row["spread"].low_agreement is False
    # the disagreement list shows histograms, never who answered what
    assert all(dict(entry["counts"])[5] == 1 for entry in page.context["live"].disagreements)


def test_role_comparison_needs_two_per_role(alice_client, workshop):
    submitted(workshop, 5, role="top_management")
    submitted(workshop, 3, role="specialist")
    submitted(workshop, 4, role="specialist")
    live = alice_client.get(reverse("assessment:workshop", args=[workshop.pk])).context["live"]
    assert live.roles is None
    submitted(workshop, 3, role="top_management")
    live = alice_client.get(reverse("assessment:workshop", args=[workshop.pk])).context["live"]
    assert live.roles["roles"] == ["Top management", "Specialist"]
    # top management: (100 + 50) / 2 = 75; specialists: (50 + 75) / 2 = 62.5
    assert live.roles["rows"][0]["values"] == [pytest.approx(75), pytest.approx(62.5)]


def test_names_appear_only_when_given(alice_client, workshop):
    personal(workshop, name="Anna Virtanen")
    personal(workshop)
    response = alice_client.get(reverse("assessment:workshop", args=[workshop.pk]))
    assert [row.name for row in response.context["live"].rows] == ["Anna Virtanen", ""]
    table = response.content.decode().split('id="respondent-table"')[1].split("</table>")[0]
    assert table.count("Anna Virtanen") == 1 and table.count("<td>—</td>") == 1


# --- Consensus and close ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"capability": "cultural_awareness", "score": 120, "rationale": "x"},
            "less than or equal to 100",
        ),
        ({"capability": "cultural_awareness", "score": 60, "rationale": ""}, "required"),
        ({"capability": "no_such_thing", "score": 60, "rationale": "x"}, "not part of"),
    ],
)
def test_bad_consensus_is_refused(alice_client, workshop, data, message):
    response = alice_client.post(
        reverse("assessment:consensus_record", args=[workshop.pk]), data, follow=True
    )
    assert message in response.content.decode()
    assert not ConsensusScore.objects.exists()


def test_close_stores_scores_and_the_report_shows_mean_spread_and_agreed(alice_client, workshop):
    for value in (5, 3, 4):
        submitted(workshop, value)
    unfinished = personal(workshop)
    alice_client.post(
        reverse("assessment:consensus_record", args=[workshop.pk]),
        {
            "capability": "cultural_awareness",
            "score": 70,
            "rationale": "Sales sees it lower than the board.",
        },
    )
    assert (
        alice_client.post(reverse("assessment:workshop_close", args=[workshop.pk])).status_code
        == 302
    )
    workshop.refresh_from_db()
    assert workshop.status == RoundStatus.OPEN  # not confirmed
    response = alice_client.post(
        reverse("assessment:workshop_close", args=[workshop.pk]), {"confirm": "yes"}, follow=True
    )
    assert "3 submitted questionnaires" in response.content.decode()
    assert "1 unfinished questionnaire was not counted" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.status == RoundStatus.CLOSED
    stored = RoundScore.objects.get(round=workshop, measure="capability:cultural_awareness")
    assert stored.value == pytest.approx(75)
    report = alice_client.get(reverse("reports:report", args=[workshop.pk]))
    html = report.content.decode()
    assert "workshop-table" in html and "Sales sees it lower than the board." in html
    row = next(r for r in report.context["report"].workshop if r["code"] == "cultural_awareness")
    assert (row["spread"].mean, row["consensus"].score) == (pytest.approx(75), 70)
    # the unfinished link now refuses
    with pytest.raises(workshops.LinkRefused):
        workshops.respondent_for_code(code_of(unfinished))


def test_respondent_sees_shared_result_only_after_close(client, workshop):
    people = [submitted(workshop, value) for value in (5, 3, 4)]
    done = reverse("assessment:respond_done", args=[code_of(people[0])])
    assert "fig-radar" not in client.get(done).content.decode()
    workshops.workshop_close(round_=workshop)
    assert "fig-radar" in client.get(done).content.decode()


def test_respondent_sees_nothing_when_not_shared(client, alice, alice_firm, instrument):
    round_ = open_workshop(alice_firm, alice, instrument)
    people = [submitted(round_, value) for value in (5, 3, 4)]
    workshops.workshop_close(round_=round_)
    page = client.get(
        reverse("assessment:respond_done", args=[code_of(people[0])])
    ).content.decode()
    assert "fig-radar" not in page and "Thank you" in page


def test_answer_export_of_a_workshop_hides_lonely_roles(alice_client, workshop):
    submitted(workshop, 5, role="top_management")
    submitted(workshop, 3, role="specialist")
    submitted(workshop, 4, role="specialist")
    workshops.workshop_close(round_=workshop)
    csv = alice_client.get(
        reverse("reports:export_answers", args=[workshop.pk, "csv"])
    ).content.decode()
    assert "Top management" not in csv
    assert "Specialist" in csv and "fewer than 2" in csv


def test_consultant_hands_a_client_firm_to_its_manager(client, instrument):
    carol, erik = make_user("carol"), make_user("erik")
    firm = make_firm(carol, "Client Oy", role=FirmRole.CONSULTANT)
    client.force_login(carol)
    assert "Add the firm's manager" in client.get(reverse("assessment:dashboard")).content.decode()
    url = reverse("assessment:firm_people", args=[firm.pk])
    assert "Hand the firm to its manager" in client.get(url).content.decode()
    assert client.post(url, {"email": "erik@example.com"}).status_code == 302
    assert FirmMembership.objects.get(firm=firm, user=erik).role == FirmRole.MANAGER
    # From now on the manager decides: the consultant no longer manages access.
    assert client.get(url).status_code == 404
    assert "Add the firm" not in client.get(reverse("assessment:dashboard")).content.decode()
    client.force_login(erik)
    assert "carol" in client.get(url).content.decode()


def test_workshop_pdf_shows_mean_spread_and_agreed_score(alice_client, workshop):
    import io

    from pypdf import PdfReader

    for value in (5, 3, 4):
        submitted(workshop, value)
    alice_client.post(
        reverse("assessment:consensus_record", args=[workshop.pk]),
        {"capability": "global_mindset", "score": 65, "rationale": "Exports are still an extra."},
    )
    workshops.workshop_close(round_=workshop)
    response = alice_client.get(reverse("reports:report_pdf", args=[workshop.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Workshop: 3 respondents and the agreed scores" in text
    assert "Exports are still an extra." in text
    assert "50–100" in text


def test_polling_recomputes_figures_only_when_someone_submitted(alice_client, workshop):
    for value in (5, 3, 4):
        submitted(workshop, value)
    url = reverse("assessment:workshop_live", args=[workshop.pk])
    with CaptureQueriesContext(connection) as full:
        data = alice_client.get(url, {"submitted": "2"}).json()
    assert (
        data["submitted"] == 3
        and data["radar"] is not None
        and "spread-table" in data["figures_html"]
    )
    with CaptureQueriesContext(connection) as unchanged:
        data = alice_client.get(url, {"submitted": "3"}).json()
    assert "figures_html" not in data and "radar" not in data
    assert len(unchanged) < len(full)
