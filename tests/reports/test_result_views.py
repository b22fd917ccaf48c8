"""The result page: who may see it, and that it shows the computed figures."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import FirmMembership, FirmRole, Item
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def answer_all(round_, respondent, value_for):
    items = list(Item.objects.filter(instrument=round_.instrument))
    services.answers_save(
        respondent=respondent, values={item.pk: value_for(item) for item in items}, seen_version=0
    )
    services.answers_submit(respondent=respondent)


@pytest.fixture
def submitted_round(alice, alice_firm, instrument):
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
    respondent = round_.respondents.get()

    # Every agreement item "agree" (4), reverse-keyed ones "disagree" (2) -> item score 4 each,
    # capability (4 - 1) / 4 * 100 = 75.0; adoption all "regular with some partners" (3)
    # -> (3 - 1) / 3 * 100 = 66.7; outcomes all "improved".
    def value_for(item):
        if item.scale == "agreement":
            return 2 if item.reverse_keyed else 4
        return 3

    answer_all(round_, respondent, value_for)
    return round_


def result_url(round_):
    return reverse("reports:result", args=[round_.pk])


def test_owner_sees_computed_scores(alice_client, submitted_round):
    response = alice_client.get(result_url(submitted_round))
    assert response.status_code == 200
    result = response.context["result"]
    assert {round(c.score, 6) for c in result.capabilities.values()} == {75.0}
    assert result.dci == pytest.approx(75.0)
    assert {round(m.score, 1) for m in result.modes.values()} == {66.7}
    assert all(group.is_improved for group in result.outcomes.values())
    figures = response.context["figures"]
    assert figures["radar"]["data"][-1]["r"] == [75.0] * 8
    html = response.content.decode()
    assert 'id="dci">75<' in html
    assert "/static/vendor/plotly/plotly.min.js" in html


def test_development_level_is_explained(alice_client, submitted_round):
    result = alice_client.get(result_url(submitted_round)).context["result"]
    # DCI 75 >= 65, absorptive capacity 75 >= 65, 8 mode scores at 66.7 but integrating is
    # excluded: 6 >= 5 at 60+, all 5 outcome groups improved -> regenerative.
    assert result.level.code == "regenerative"
    assert result.level.next_code is None


def test_consultant_of_the_firm_may_see_results(client, submitted_round, alice_firm):
    consultant = make_user("carol")
    FirmMembership.objects.create(firm=alice_firm, user=consultant, role=FirmRole.CONSULTANT)
    client.force_login(consultant)
    assert client.get(result_url(submitted_round)).status_code == 200


def test_another_manager_gets_404(client, bob, bob_firm, submitted_round):
    client.force_login(bob)
    assert client.get(result_url(submitted_round)).status_code == 404


def test_anonymous_is_sent_to_login(client, submitted_round):
    response = client.get(result_url(submitted_round))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_round_is_404(alice_client, submitted_round):
    assert alice_client.get(reverse("reports:result", args=[999999])).status_code == 404


def test_round_without_submitted_answers_says_so(alice_client, alice, alice_firm, instrument):
    round_ = services.self_audit_start(firm=alice_firm, user=alice, instrument=instrument)
    response = alice_client.get(result_url(round_))
    assert "Results are not ready yet" in response.content.decode()


def test_result_query_count_is_fixed(alice_client, submitted_round, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        alice_client.get(result_url(submitted_round))
