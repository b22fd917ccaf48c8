"""Shared fixtures: personas (alice owns a firm, bob owns another) and the shipped instrument."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from assessment.instrument_loader import load_instrument
from assessment.instrument_schema import parse_instrument_file
from assessment.models import Firm, FirmMembership, FirmRole

INSTRUMENT_FILE = Path(__file__).resolve().parent.parent / "assessment/instruments/vnm-2026.1.yaml"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back tests reuse primary keys and times, so a
    cohort's data version could repeat across tests (never within one database's history)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def instrument_spec():
    return parse_instrument_file(INSTRUMENT_FILE)


@pytest.fixture
def instrument(db, instrument_spec):
    loaded, _ = load_instrument(instrument_spec)
    return loaded


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="correct horse 42", **extra
    )


def make_firm(owner, name: str = "Acme Oy", role: str = FirmRole.MANAGER, **extra) -> Firm:
    fields = {
        "sector": "C",
        "employees": 60,
        "size_band": "medium",
        "technology_intensity": "medium_high",
        "country": "Finland",
        "region": "nordic",
    }
    fields.update(extra)
    firm = Firm.objects.create(name=name, created_by=owner, **fields)
    FirmMembership.objects.create(firm=firm, user=owner, role=role)
    return firm


def open_workshop(firm, user, instrument, *, title: str = "", share_results: bool = False):
    """An open workshop round of the firm on module A (the capability audit)."""
    from assessment.workshops import workshop_create

    return workshop_create(
        firm=firm,
        user=user,
        instrument=instrument,
        title=title,
        module_codes=["A"],
        share_results=share_results,
    )


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def bob(db):
    return make_user("bob")


@pytest.fixture
def alice_firm(alice):
    return make_firm(alice, "Alice Components Oy")


@pytest.fixture
def bob_firm(bob):
    return make_firm(bob, "Bob Devices GmbH", country="Germany", region="western_europe")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
