"""The self-audit questionnaire: access, paging, saving, resuming, bad input and submit."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Answer, AssessmentRound, Respondent, RoundStatus
from assessment.questionnaire import build_pages
from assessment.scoring_input import round_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(alice, alice_firm, instrument):
    return services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)


@pytest.fixture
def pages(round_):
    return build_pages(round_items(round_))


def page_url(round_, number):
    return reverse("assessment:questionnaire_page", args=[round_.pk, number])


def page_post(page, version, value="4", **extra):
    data = {"answers_version": version, "nav": "next"}
    for item in page.items:
        data[item.code] = value if item.scale != "outcome" else "3"
    data.update(extra)
    return data


def respondent_of(round_):
    return Respondent.objects.get(round=round_)


def test_pages_follow_module_and_layer(pages):
    # 7 capabilities (module A), 2 sides (module B), 1 outcomes page (module C)
    assert len(pages) == 10
    assert [p.module_code for p in pages] == ["A"] * 7 + ["B", "B", "C"]
    assert pages[0].kicker == "Cognitive layer"
    assert pages[7].title.startswith("Upstream")
    assert sum(len(p.items) for p in pages) == 101


def test_starting_twice_resumes_the_open_round(alice_client, alice_firm, round_):
    response = alice_client.post(reverse("assessment:round_start", args=[alice_firm.pk]))
    assert response.status_code == 302
    assert AssessmentRound.objects.filter(firm=alice_firm).count() == 1


def test_another_manager_cannot_start_a_round_for_my_firm(client, bob, alice_firm, instrument):
    client.force_login(bob)
    response = client.post(reverse("assessment:round_start", args=[alice_firm.pk]))
    assert response.status_code == 404
    assert not AssessmentRound.objects.filter(firm=alice_firm).exists()


def test_page_renders_accessible_radio_groups(alice_client, round_, pages):
    response = alice_client.get(page_url(round_, 1))
    assert response.status_code == 200
    html = response.content.decode()
    item = pages[0].items[0]
    assert f'<fieldset class="item-fieldset" id="item-{item.code}"' in html
    assert f"<legend>{item.text}</legend>" in html
    assert f'for="{item.code}-na"' in html
    assert "Don&#x27;t know / not applicable" in html
    assert "Page 1 of 10" in html


def test_saving_a_page_stores_answers_and_moves_on(alice_client, round_, pages):
    response = alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    assert response.status_code == 302
    assert response["Location"] == page_url(round_, 2)
    respondent = respondent_of(round_)
    assert respondent.answers.count() == len(pages[0].items)
    assert respondent.answers_version == 1


def test_dont_know_is_saved_as_missing(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0, value="na"))
    assert set(respondent_of(round_).answers.values_list("value", flat=True)) == {None}


def test_back_saves_and_keeps_answers(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    response = alice_client.post(page_url(round_, 2), page_post(pages[1], 1, value="2", nav="back"))
    assert response["Location"] == page_url(round_, 1)
    page_two = alice_client.get(page_url(round_, 2)).content.decode()
    item = pages[1].items[0]
    assert f'id="{item.code}-2"\n                 value="2" autocomplete="off" checked' in page_two


def test_resume_goes_to_first_page_with_gaps(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    response = alice_client.get(reverse("assessment:questionnaire", args=[round_.pk]))
    assert response["Location"] == page_url(round_, 2)


@pytest.mark.parametrize("bad", ["7", "0", "-1", "x", "3.5"])
def test_value_outside_the_scale_is_refused_and_nothing_is_lost(alice_client, round_, pages, bad):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    item = pages[0].items[0]
    data = page_post(pages[0], 1, value="1")
    data[item.code] = bad
    response = alice_client.post(page_url(round_, 1), data)
    assert response.status_code == 400
    assert "is not on this scale" in response.content.decode()
    values = set(respondent_of(round_).answers.values_list("value", flat=True))
    assert values == {4}  # the earlier answers are untouched; nothing of the bad post saved


def test_unknown_item_code_is_refused(alice_client, round_, pages):
    data = page_post(pages[0], 0)
    data["Z-NOPE-99"] = "3"
    response = alice_client.post(page_url(round_, 1), data)
    assert response.status_code == 400
    assert "not on this page (Z-NOPE-99)" in response.content.decode()
    assert not Answer.objects.exists()


def test_item_from_another_page_is_refused(alice_client, round_, pages):
    data = page_post(pages[0], 0)
    data[pages[1].items[0].code] = "3"
    response = alice_client.post(page_url(round_, 1), data)
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_stale_page_from_another_tab_is_refused_without_losing_answers(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0, value="5"))  # tab A saves
    response = alice_client.post(
        page_url(round_, 1), page_post(pages[0], 0, value="1")
    )  # tab B, stale
    assert response.status_code == 400
    assert "changed in another tab or window" in response.content.decode()
    assert set(respondent_of(round_).answers.values_list("value", flat=True)) == {5}
    # The re-rendered page carries the new version, so saving again works.
    assert 'name="answers_version" value="1"' in response.content.decode()


def test_review_lists_unanswered_items_with_links(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    response = alice_client.get(reverse("assessment:questionnaire_review", args=[round_.pk]))
    html = response.content.decode()
    item = pages[1].items[0]
    assert f'href="{page_url(round_, 2)}#item-{item.code}"' in html
    assert f"{len(pages[0].items)} of 101 questions answered" in html


def test_submit_locks_answers_and_closes_the_self_audit(alice_client, round_, pages):
    alice_client.post(page_url(round_, 1), page_post(pages[0], 0))
    response = alice_client.post(reverse("assessment:questionnaire_submit", args=[round_.pk]))
    assert response["Location"] == reverse("reports:result", args=[round_.pk])
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED and round_.closed_at is not None
    # A post to the submitted round changes nothing.
    response = alice_client.post(
        page_url(round_, 1), page_post(pages[0], 1, value="1"), follow=True
    )
    assert "locked" in response.content.decode()
    assert set(respondent_of(round_).answers.values_list("value", flat=True)) == {4}


def test_double_submit_is_harmless(alice_client, round_):
    url = reverse("assessment:questionnaire_submit", args=[round_.pk])
    alice_client.post(url)
    first = respondent_of(round_).submitted_at
    response = alice_client.post(url, follow=True)
    assert "were submitted on" in response.content.decode()
    assert respondent_of(round_).submitted_at == first


def test_huge_payload_is_refused(alice_client, round_, pages):
    data = page_post(pages[0], 0)
    data[pages[0].items[0].code] = "4" * 300_000
    response = alice_client.post(page_url(round_, 1), data)
    assert response.status_code == 400
    assert not Answer.objects.exists()


@pytest.mark.parametrize("name", ["questionnaire", "questionnaire_review"])
def test_another_manager_gets_404(client, bob, round_, name):
    client.force_login(bob)
    assert client.get(reverse(f"assessment:{name}", args=[round_.pk])).status_code == 404


def test_another_manager_cannot_post_answers(client, bob, round_, pages):
    client.force_login(bob)
    response = client.post(page_url(round_, 1), page_post(pages[0], 0))
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_anonymous_is_sent_to_login(client, round_):
    response = client.get(page_url(round_, 1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_page_out_of_range_is_404(alice_client, round_):
    assert alice_client.get(page_url(round_, 11)).status_code == 404


def test_page_query_count_does_not_depend_on_item_count(
    alice_client, round_, pages, django_assert_max_num_queries
):
    # Page 1 has 7 items; the module B upstream page has 12: the same queries serve both.
    with django_assert_max_num_queries(8) as first:
        alice_client.get(page_url(round_, 1))
    with django_assert_max_num_queries(8) as second:
        alice_client.get(page_url(round_, 8))
    assert len(first.captured_queries) == len(second.captured_queries)


def test_save_and_finish_later_keeps_answers_and_returns_to_the_dashboard(
    alice_client, round_, pages
):
    response = alice_client.post(
        page_url(round_, 3), page_post(pages[2], 0, nav="later"), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("assessment:dashboard")
    assert "Your answers are saved" in response.content.decode()
    assert respondent_of(round_).answers.count() == len(pages[2].items)


def test_last_page_goes_to_the_review(alice_client, round_, pages):
    response = alice_client.post(page_url(round_, 10), page_post(pages[9], 0))
    assert response["Location"] == reverse("assessment:questionnaire_review", args=[round_.pk])
