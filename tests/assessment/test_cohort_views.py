"""Associations, cohorts, joining with a code and consent, withdrawal: who may, who may not."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from assessment import cohorts as services
from assessment.models import Association, Cohort, CohortMembership, FirmRole, InstrumentVersion
from tests.conftest import make_firm, make_user
from tests.reports.test_benchmark_views import join_member, make_cohort


@pytest.fixture
def admin(db):
    return make_user("carol")


@pytest.fixture
def association(admin):
    return services.association_create(user=admin, name="Finnish Electronics Association")


@pytest.fixture
def cohort(association, admin, instrument):
    return services.cohort_create(
        association=association, user=admin, name="Members 2026", instrument=instrument
    )


def join(client, firm, code, *, consent=True, terms=None):
    """Step 1 (the code) then step 2 (consent) as the browser does; returns the last response."""
    first = client.post(
        reverse("assessment:cohort_join", args=[firm.pk]), {"step": "code", "code": code}
    )
    if first.status_code != 200 or "consent_text" not in first.context:
        return first
    data = {
        "step": "consent",
        "code": code,
        "terms": terms or first.context["form"].initial["terms"],
    }
    if consent:
        data["consent"] = "on"
    return client.post(reverse("assessment:cohort_join", args=[firm.pk]), data)


# --- Associations ---------------------------------------------------------------------------------


def test_any_signed_in_user_creates_an_association_and_becomes_its_admin(alice_client, alice):
    response = alice_client.post(reverse("assessment:association_create"), {"name": "Tech SMEs"})
    association = Association.objects.get(name="Tech SMEs")
    assert response["Location"] == reverse("assessment:association_detail", args=[association.pk])
    assert list(association.admins.all()) == [alice]
    html = alice_client.get(reverse("assessment:association_list")).content.decode()
    assert "Tech SMEs" in html


def test_association_pages_require_login(client, association):
    for url in (
        reverse("assessment:association_list"),
        reverse("assessment:association_create"),
        reverse("assessment:association_detail", args=[association.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_admin_adds_another_admin_by_email(client, admin, association, bob):
    client.force_login(admin)
    url = reverse("assessment:association_admin_add", args=[association.pk])
    assert client.post(url, {"email": "BOB@example.com"}).status_code == 302
    assert association.admins.filter(pk=bob.pk).exists()
    response = client.post(url, {"email": "bob@example.com"})
    assert response.status_code == 200 and "already an admin" in response.content.decode()


def test_adding_an_unknown_email_changes_nothing(client, admin, association):
    client.force_login(admin)
    url = reverse("assessment:association_admin_add", args=[association.pk])
    response = client.post(url, {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert services.NO_ACCOUNT in response.content.decode()
    assert association.admins.count() == 1


def test_another_associations_admin_gets_404_everywhere(client, association, cohort, bob):
    services.association_create(user=bob, name="Other association")
    client.force_login(bob)
    gets = [
        reverse("assessment:association_detail", args=[association.pk]),
        reverse("assessment:cohort_create", args=[association.pk]),
        reverse("assessment:cohort_dashboard", args=[cohort.pk]),
        reverse("assessment:cohort_edit", args=[cohort.pk]),
        reverse("assessment:cohort_export", args=[cohort.pk, "csv"]),
        reverse("assessment:cohort_export", args=[cohort.pk, "xlsx"]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("assessment:association_admin_add", args=[association.pk]),
        reverse("assessment:join_code_regenerate", args=[cohort.pk]),
    ]
    for url in posts:
        assert client.post(url, {"email": "bob@example.com"}).status_code == 404, url
    assert not association.admins.filter(pk=bob.pk).exists()


def test_a_member_firms_manager_cannot_see_the_association_dashboard(client, cohort):
    _firm, owner = join_member(cohort, 50)
    client.force_login(owner)
    assert client.get(reverse("assessment:cohort_dashboard", args=[cohort.pk])).status_code == 404
    assert (
        client.get(reverse("assessment:cohort_export", args=[cohort.pk, "csv"])).status_code == 404
    )


# --- Cohorts --------------------------------------------------------------------------------------


def test_an_admin_creates_a_cohort_with_a_generated_code(client, admin, association, instrument):
    client.force_login(admin)
    form = client.get(reverse("assessment:cohort_create", args=[association.pk])).context["form"]
    assert form["k_threshold"].initial == 5
    response = client.post(
        reverse("assessment:cohort_create", args=[association.pk]),
        {
            "name": "Members 2027",
            "instrument": instrument.pk,
            "k_threshold": 6,
            "invited_count": 40,
        },
    )
    cohort = Cohort.objects.get(name="Members 2027")
    assert response["Location"] == reverse("assessment:cohort_dashboard", args=[cohort.pk])
    assert (cohort.k_threshold, cohort.invited_count, cohort.created_by) == (6, 40, admin)
    assert len(cohort.join_code) == 10
    assert set(cohort.join_code) <= set(services.JOIN_CODE_ALPHABET)
    html = client.get(response["Location"]).content.decode()
    assert services.join_code_display(cohort.join_code) in html


def test_join_codes_differ_and_avoid_look_alike_characters():
    codes = {services.join_code_generate() for _ in range(200)}
    assert len(codes) == 200
    assert not set("".join(codes)) & set("01IOL")


def test_k_below_3_is_refused_by_the_form_and_the_database(client, admin, association, instrument):
    client.force_login(admin)
    response = client.post(
        reverse("assessment:cohort_create", args=[association.pk]),
        {"name": "Tiny", "instrument": instrument.pk, "k_threshold": 2},
    )
    assert response.status_code == 200 and response.context["form"].errors["k_threshold"]
    assert not Cohort.objects.filter(name="Tiny").exists()
    with pytest.raises(IntegrityError):
        Cohort.objects.create(
            association=association,
            name="Tiny",
            instrument=instrument,
            join_code="X",
            k_threshold=2,
        )


def test_only_published_instruments_are_offered(client, admin, association, instrument):
    draft = InstrumentVersion.objects.create(
        version="draft-1", title="Draft", source_file="x", content_hash="0" * 64
    )
    client.force_login(admin)
    url = reverse("assessment:cohort_create", args=[association.pk])
    assert list(client.get(url).context["form"].fields["instrument"].queryset) == [instrument]
    response = client.post(url, {"name": "Draft cohort", "instrument": draft.pk, "k_threshold": 5})
    assert response.context["form"].errors["instrument"]


def test_cohort_names_are_unique_within_the_association(client, admin, cohort, instrument):
    client.force_login(admin)
    response = client.post(
        reverse("assessment:cohort_create", args=[cohort.association.pk]),
        {"name": "members 2026", "instrument": instrument.pk, "k_threshold": 5},
    )
    assert response.context["form"].errors["name"]


def test_an_admin_edits_a_cohort(client, admin, cohort, instrument):
    client.force_login(admin)
    client.post(
        reverse("assessment:cohort_edit", args=[cohort.pk]),
        {"name": "Renamed", "instrument": instrument.pk, "k_threshold": 7, "invited_count": 12},
    )
    cohort.refresh_from_db()
    assert (cohort.name, cohort.k_threshold, cohort.invited_count) == ("Renamed", 7, 12)


def test_regenerating_the_code_retires_the_old_one(client, admin, cohort, alice, alice_firm):
    old = cohort.join_code
    client.force_login(admin)
    client.post(reverse("assessment:join_code_regenerate", args=[cohort.pk]))
    cohort.refresh_from_db()
    assert cohort.join_code != old and len(cohort.join_code) == 10
    client.force_login(alice)
    response = join(client, alice_firm, old)
    assert response.status_code == 200 and services.UNKNOWN_CODE in response.content.decode()


# --- Joining with consent -------------------------------------------------------------------------


def test_a_manager_joins_with_the_code_and_consent_is_recorded(
    alice_client, alice, alice_firm, cohort
):
    page = alice_client.post(
        reverse("assessment:cohort_join", args=[alice_firm.pk]),
        {"step": "code", "code": services.join_code_display(cohort.join_code).lower()},
    )
    html = page.content.decode()
    shown = page.context["consent_text"]
    assert cohort.association.name in html and cohort.name in html
    assert "never shared" in html.lower() and "withdraw" in html.lower()
    assert f"at least {cohort.k_threshold}" in shown
    response = join(alice_client, alice_firm, cohort.join_code)
    assert response["Location"] == reverse("reports:firm_benchmarks", args=[alice_firm.pk])
    membership = CohortMembership.objects.get(cohort=cohort, firm=alice_firm)
    assert membership.consent_by == alice
    assert membership.consent_at is not None and membership.withdrawn_at is None
    assert membership.consent_text == shown


def test_a_wrong_code_creates_nothing(alice_client, alice_firm, cohort):
    response = join(alice_client, alice_firm, "WRONG-CODE1")
    assert response.status_code == 200
    assert services.UNKNOWN_CODE in response.content.decode()
    assert not CohortMembership.objects.exists()


def test_a_wrong_code_posted_with_consent_creates_nothing(alice_client, alice_firm, cohort):
    response = alice_client.post(
        reverse("assessment:cohort_join", args=[alice_firm.pk]),
        {"step": "consent", "code": "ABCDEFGHJK", "terms": "x", "consent": "on"},
    )
    assert response.status_code == 200
    assert not CohortMembership.objects.exists()


def test_consent_not_ticked_records_nothing(alice_client, alice_firm, cohort):
    response = join(alice_client, alice_firm, cohort.join_code, consent=False)
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert not CohortMembership.objects.exists()


def test_changed_terms_are_not_accepted(alice_client, alice_firm, cohort):
    response = join(alice_client, alice_firm, cohort.join_code, terms="0" * 16)
    assert response.status_code == 200 and "terms changed" in response.content.decode()
    assert not CohortMembership.objects.exists()


def test_joining_twice_gives_a_clear_message(alice_client, alice_firm, cohort):
    join(alice_client, alice_firm, cohort.join_code)
    first = CohortMembership.objects.get()
    page = alice_client.post(
        reverse("assessment:cohort_join", args=[alice_firm.pk]),
        {"step": "code", "code": cohort.join_code},
    )
    assert "already takes part" in page.content.decode()
    response = alice_client.post(
        reverse("assessment:cohort_join", args=[alice_firm.pk]),
        {
            "step": "consent",
            "code": cohort.join_code,
            "terms": services.consent_fingerprint(services.consent_text(cohort, alice_firm)),
            "consent": "on",
        },
        follow=True,
    )
    assert "already takes part" in response.content.decode()
    again = CohortMembership.objects.get()
    assert again.consent_at == first.consent_at


def test_a_consultant_cannot_join_for_the_firm(client, alice_firm, cohort):
    consultant = make_user("connie")
    alice_firm.memberships.create(user=consultant, role=FirmRole.CONSULTANT)
    client.force_login(consultant)
    assert client.get(reverse("assessment:cohort_join", args=[alice_firm.pk])).status_code == 404
    assert join(client, alice_firm, cohort.join_code).status_code == 404
    with pytest.raises(services.CohortError):
        services.cohort_join(cohort=cohort, firm=alice_firm, user=consultant, text="x")
    assert not CohortMembership.objects.exists()


def test_someone_elses_firm_cannot_join(client, bob, alice_firm, cohort):
    client.force_login(bob)
    assert join(client, alice_firm, cohort.join_code).status_code == 404


def test_the_join_page_requires_login(client, alice_firm):
    response = client.get(reverse("assessment:cohort_join", args=[alice_firm.pk]))
    assert response.status_code == 302


# --- Withdrawing and rejoining --------------------------------------------------------------------


def test_withdrawing_needs_a_confirmation_and_rejoining_records_fresh_consent(
    alice_client, alice_firm, cohort
):
    join(alice_client, alice_firm, cohort.join_code)
    membership = CohortMembership.objects.get()
    first_consent = membership.consent_at
    url = reverse("assessment:consent_withdraw", args=[membership.pk])
    page = alice_client.get(url)
    assert page.status_code == 200 and "left out of every figure" in page.content.decode()
    membership.refresh_from_db()
    assert membership.withdrawn_at is None  # GET changes nothing
    alice_client.post(url)
    membership.refresh_from_db()
    assert membership.withdrawn_at is not None and not membership.is_consenting
    assert alice_client.get(url).status_code == 404  # nothing left to withdraw

    join(alice_client, alice_firm, cohort.join_code)
    membership.refresh_from_db()
    assert membership.is_consenting
    assert membership.consent_at > first_consent


def test_only_the_firms_manager_can_withdraw(client, cohort, bob):
    firm, _ = join_member(cohort, 50)
    membership = CohortMembership.objects.get(firm=firm)
    consultant = make_user("connie")
    firm.memberships.create(user=consultant, role=FirmRole.CONSULTANT)
    for user in (bob, consultant, cohort.association.admins.get()):
        client.force_login(user)
        url = reverse("assessment:consent_withdraw", args=[membership.pk])
        assert client.post(url).status_code == 404
    membership.refresh_from_db()
    assert membership.is_consenting


# --- Dashboard block and no firm names ------------------------------------------------------------


def test_the_dashboard_offers_join_view_and_withdraw(alice_client, alice_firm, cohort, instrument):
    html = alice_client.get(reverse("assessment:dashboard")).content.decode()
    assert reverse("assessment:cohort_join", args=[alice_firm.pk]) in html
    join(alice_client, alice_firm, cohort.join_code)
    html = alice_client.get(reverse("assessment:dashboard")).content.decode()
    membership = CohortMembership.objects.get()
    assert cohort.name in html
    assert reverse("reports:firm_benchmarks", args=[alice_firm.pk]) in html
    assert reverse("assessment:consent_withdraw", args=[membership.pk]) in html


def test_association_pages_name_no_firm(client, instrument):
    cohort = make_cohort(instrument)
    for value in (10, 20, 30, 40, 50):
        join_member(cohort, value, name=f"Secret Firm {value}")
    client.force_login(cohort.association.admins.get())
    pages = [
        reverse("assessment:association_detail", args=[cohort.association.pk]),
        reverse("assessment:cohort_dashboard", args=[cohort.pk]),
        reverse("assessment:cohort_export", args=[cohort.pk, "csv"]),
    ]
    for url in pages:
        assert b"Secret Firm" not in client.get(url).content, url


def test_participation_counts_below_k_are_words_not_numbers(client, cohort, admin):
    for value in (10, 20):
        join_member(cohort, value)
    client.force_login(admin)
    response = client.get(reverse("assessment:cohort_dashboard", args=[cohort.pk]))
    html = response.content.decode()
    for name in ("joined", "consenting", "completed"):
        cell = html.split(f'id="count-{name}">')[1].split("</dd>")[0]
        assert "fewer than 5" in cell and "2" not in cell
    assert "No figures yet" in html


def test_unknown_export_format_is_404(client, admin, cohort):
    client.force_login(admin)
    assert (
        client.get(reverse("assessment:cohort_export", args=[cohort.pk, "pdf"])).status_code == 404
    )


def test_another_firm_of_the_same_manager_can_join_separately(alice_client, alice, cohort):
    first = make_firm(alice, "First Oy")
    second = make_firm(alice, "Second Oy")
    join(alice_client, first, cohort.join_code)
    join(alice_client, second, cohort.join_code)
    assert CohortMembership.objects.filter(cohort=cohort).count() == 2
