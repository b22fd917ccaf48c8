"""Invariants the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction

from assessment.models import (
    Answer,
    AssessmentRound,
    Association,
    Cohort,
    CohortMembership,
    ConsensusScore,
    Firm,
    Item,
    Respondent,
    RoundKind,
    RoundStatus,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.fixture
def respondent(instrument, alice, alice_firm):
    round_ = AssessmentRound.objects.create(
        firm=alice_firm, instrument=instrument, kind=RoundKind.SELF_AUDIT
    )
    return Respondent.objects.create(round=round_, user=alice)


def test_a_second_answer_to_the_same_item_is_refused(respondent, instrument):
    item = instrument.items.first()
    Answer.objects.create(respondent=respondent, item=item, value=4)
    refused(lambda: Answer.objects.create(respondent=respondent, item=item, value=2))
    assert Answer.objects.get(respondent=respondent, item=item).value == 4


@pytest.mark.parametrize("value", [0, 6])
def test_an_answer_off_every_scale_is_refused(respondent, instrument, value):
    refused(
        lambda: Answer.objects.create(
            respondent=respondent, item=instrument.items.first(), value=value
        )
    )


def test_dont_know_is_stored_as_missing(respondent, instrument):
    answer = Answer.objects.create(respondent=respondent, item=instrument.items.first(), value=None)
    assert answer.value is None


def test_size_band_must_match_employees(alice):
    refused(
        lambda: Firm.objects.create(
            name="X",
            sector="C",
            employees=300,
            size_band="small",
            technology_intensity="low",
            country="FI",
            region="nordic",
        )
    )
    Firm.objects.create(
        name="Y",
        sector="C",
        employees=49,
        size_band="small",
        technology_intensity="low",
        country="FI",
        region="nordic",
    )


@pytest.mark.parametrize("field", ["international_sales_share", "offshored_share"])
def test_shares_are_percentages(field):
    refused(
        lambda: Firm.objects.create(
            name="X",
            sector="C",
            size_band="small",
            technology_intensity="low",
            country="FI",
            region="nordic",
            **{field: 101},
        )
    )


def test_respondent_needs_a_user_or_a_token(respondent):
    refused(lambda: Respondent.objects.create(round=respondent.round))


def test_one_respondent_entry_per_user_and_round(respondent, alice):
    refused(lambda: Respondent.objects.create(round=respondent.round, user=alice))


def test_token_hashes_are_unique(respondent):
    Respondent.objects.create(round=respondent.round, token_hash="a" * 64)
    refused(lambda: Respondent.objects.create(round=respondent.round, token_hash="a" * 64))


def test_closed_round_needs_a_close_date(alice_firm, instrument):
    refused(
        lambda: AssessmentRound.objects.create(
            firm=alice_firm,
            instrument=instrument,
            kind=RoundKind.WORKSHOP,
            status=RoundStatus.CLOSED,
        )
    )


def test_item_belongs_to_exactly_one_parent(instrument):
    item = instrument.items.filter(facet__isnull=False).first()
    mode = instrument.practice_modes.first()

    def give_it_two_parents():
        Item.objects.filter(pk=item.pk).update(mode=mode, side="upstream")

    refused(give_it_two_parents)


def test_consensus_score_is_0_to_100(respondent, instrument):
    capability = instrument.capabilities.first()
    refused(
        lambda: ConsensusScore.objects.create(
            round=respondent.round, capability=capability, score=101, rationale="too high"
        )
    )


def test_cohort_k_is_never_below_3(instrument):
    association = Association.objects.create(name="Tech Industries")
    refused(
        lambda: Cohort.objects.create(
            association=association,
            name="2026",
            instrument=instrument,
            join_code="ABC",
            k_threshold=2,
        )
    )


def test_consent_records_what_is_shared_and_precedes_withdrawal(instrument, alice_firm):
    from django.utils import timezone

    association = Association.objects.create(name="Tech Industries")
    cohort = Cohort.objects.create(
        association=association, name="2026", instrument=instrument, join_code="ABC"
    )
    refused(
        lambda: CohortMembership.objects.create(
            cohort=cohort, firm=alice_firm, consent_at=timezone.now(), consent_text=""
        )
    )
    refused(
        lambda: CohortMembership.objects.create(
            cohort=cohort, firm=alice_firm, withdrawn_at=timezone.now()
        )
    )
