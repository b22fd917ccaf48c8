"""Associations, cohorts and firms' consent: keyword-only services, each under one transaction.

Who may do what (DESIGN §4):

* Any signed-in user can create an association and so becomes its first admin; an admin can add
  another admin by the e-mail address of an existing account.
* An association admin creates and edits the association's cohorts and passes the join code on.
* Only a firm's **manager** can join the firm to a cohort and withdraw it. Consent to share a
  firm's figures is the firm owner's decision; a consultant runs audits for a client firm but does
  not own its data, so a consultant can look at the firm's benchmarks but cannot consent for it.

The association never learns which firms joined: its pages show counts and distributions only.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from assessment.models import (
    MIN_K,
    Association,
    Cohort,
    CohortMembership,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
)

# Upper-case letters and digits without the look-alikes 0/O, 1/I/L: easy to read out and type.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 10  # 31^10 ≈ 8 × 10^14 codes: not guessable by trying

UNKNOWN_CODE = "No cohort has this join code. Check the code with your association and try again."
ALREADY_JOINED = "{firm} already takes part in {cohort}; nothing was changed."
NOT_A_MANAGER = "Only a manager of the firm can give consent for it."
NO_ACCOUNT = "No account has this e-mail address. The person needs to sign up first."
SEVERAL_ACCOUNTS = "Several accounts share this e-mail address; ask the site administrator."
ALREADY_ADMIN = "{user} is already an admin of {association}."
NOT_CONSENTING = "{firm} does not take part in {cohort} at the moment; nothing was changed."


class CohortError(Exception):
    """A cohort action was refused; the message is meant for the person who asked."""


# --- Access (each helper 404s on someone else's object) -------------------------------------------


def get_association_for_admin(user, association_id: int) -> Association:
    try:
        return Association.objects.get(pk=association_id, admins=user)
    except (Association.DoesNotExist, ValueError, TypeError):
        raise Http404("No such association.") from None


def get_cohort_for_admin(user, cohort_id: int) -> Cohort:
    try:
        return Cohort.objects.select_related("association", "instrument").get(
            pk=cohort_id, association__admins=user
        )
    except (Cohort.DoesNotExist, ValueError, TypeError):
        raise Http404("No such cohort.") from None


def get_membership_for_manager(user, membership_id: int) -> CohortMembership:
    """A firm's cohort membership, for a manager of that firm."""
    try:
        return CohortMembership.objects.select_related(
            "firm", "cohort__association", "cohort__instrument"
        ).get(
            pk=membership_id,
            firm__memberships__user=user,
            firm__memberships__role=FirmRole.MANAGER,
        )
    except (CohortMembership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such cohort membership.") from None


# --- Join codes -----------------------------------------------------------------------------------


def join_code_generate() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def join_code_normalise(text: str) -> str:
    """What people type: any case, with spaces or dashes between groups of characters."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def join_code_display(code: str) -> str:
    """E.g. ``ABCDE-FGHJK``: easier to read out."""
    return f"{code[:5]}-{code[5:]}" if len(code) == JOIN_CODE_LENGTH else code


def cohort_for_code(text: str) -> Cohort | None:
    code = join_code_normalise(text)
    if not code:
        return None
    return Cohort.objects.select_related("association", "instrument").filter(join_code=code).first()


def _unused_join_code() -> str:
    while True:
        code = join_code_generate()
        if not Cohort.objects.filter(join_code=code).exists():
            return code


# --- Associations ---------------------------------------------------------------------------------


@transaction.atomic
def association_create(*, user, name: str) -> Association:
    association = Association(name=name)
    association.full_clean()
    association.save()
    association.admins.add(user)
    return association


@transaction.atomic
def association_admin_add(*, association: Association, email: str):
    """Make the account with this e-mail address an admin too; returns that user."""
    users = list(get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)[:2])
    if not users:
        raise CohortError(NO_ACCOUNT)
    if len(users) > 1:
        raise CohortError(SEVERAL_ACCOUNTS)
    user = users[0]
    if association.admins.filter(pk=user.pk).exists():
        raise CohortError(ALREADY_ADMIN.format(user=user.get_username(), association=association))
    association.admins.add(user)
    return user


# --- Cohorts --------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *,
    association: Association,
    user,
    name: str,
    instrument: InstrumentVersion,
    k_threshold: int = 5,
    invited_count: int = 0,
    is_demo: bool = False,
) -> Cohort:
    """A new cohort with a fresh, unguessable join code."""
    if not instrument.is_published:
        raise CohortError("A cohort needs a published questionnaire version.")
    if k_threshold < MIN_K:
        raise CohortError(f"The smallest group size k must be at least {MIN_K}.")
    cohort = Cohort(
        association=association,
        name=name,
        instrument=instrument,
        k_threshold=k_threshold,
        invited_count=invited_count,
        is_demo=is_demo,
        created_by=user,
        join_code=_unused_join_code(),
    )
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def join_code_regenerate(*, cohort: Cohort) -> Cohort:
    """A new join code; the old one stops working. Firms that joined stay in."""
    cohort.join_code = _unused_join_code()
    cohort.save(update_fields=["join_code"])
    return cohort


# --- Consent --------------------------------------------------------------------------------------


def consent_text(cohort: Cohort, firm: Firm) -> str:
    """What the manager agrees to, word for word; stored with the consent as shown."""
    k = cohort.k_threshold
    return (
        f"I agree, for {firm.name}, that {cohort.association.name} may use our firm's figures in "
        f'the benchmark cohort "{cohort.name}". '
        f"What is shared: the scores (0–100) of our latest completed audit on questionnaire "
        f"version {cohort.instrument.version}, i.e. capabilities, layers, the Dynamic Capability "
        f"Index, value-net practice modes and the development level, together with our sector, "
        f"size band, technology intensity and region to form peer groups. "
        f"What is never shared: individual answers, who answered, and our firm's name. "
        f"The association and the other members see only figures over groups of at least {k} "
        f"firms; a smaller group is suppressed everywhere (pages, charts and exports). "
        f"I can withdraw this consent at any time from the dashboard; from then on our firm is "
        f"left out of every figure."
    )


def consent_fingerprint(text: str) -> str:
    """A short hash of the consent text, sent with the form so changed terms are not accepted."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _require_manager(firm: Firm, user) -> None:
    if not FirmMembership.objects.filter(firm=firm, user=user, role=FirmRole.MANAGER).exists():
        raise CohortError(NOT_A_MANAGER)


@transaction.atomic
def cohort_join(*, cohort: Cohort, firm: Firm, user, text: str) -> CohortMembership:
    """Record the firm's consent (who, when, the text as shown); rejoining records fresh consent."""
    _require_manager(firm, user)
    membership = (
        CohortMembership.objects.select_for_update().filter(cohort=cohort, firm=firm).first()
    )
    now = timezone.now()
    if membership is not None and membership.is_consenting:
        raise CohortError(ALREADY_JOINED.format(firm=firm.name, cohort=cohort.name))
    if membership is None:
        try:
            with transaction.atomic():
                membership = CohortMembership.objects.create(
                    cohort=cohort, firm=firm, consent_by=user, consent_at=now, consent_text=text
                )
        except IntegrityError:  # a simultaneous join of the same firm won the race
            raise CohortError(ALREADY_JOINED.format(firm=firm.name, cohort=cohort.name)) from None
        return membership
    membership.consent_by = user
    membership.consent_at = now
    membership.consent_text = text
    membership.withdrawn_at = None
    membership.save(update_fields=["consent_by", "consent_at", "consent_text", "withdrawn_at"])
    return membership


@transaction.atomic
def consent_withdraw(*, membership: CohortMembership, user) -> CohortMembership:
    """From now on the firm is left out of every figure of the cohort."""
    membership = CohortMembership.objects.select_for_update().get(pk=membership.pk)
    _require_manager(membership.firm, user)
    if not membership.is_consenting:
        raise CohortError(
            NOT_CONSENTING.format(firm=membership.firm.name, cohort=membership.cohort.name)
        )
    membership.withdrawn_at = timezone.now()
    membership.save(update_fields=["withdrawn_at"])
    return membership


# --- Reads ----------------------------------------------------------------------------------------


def firm_cohort_memberships(firms: list[Firm]) -> dict[int, list[CohortMembership]]:
    """Firm id -> its consenting cohort memberships (for the dashboard), in one query."""
    result: dict[int, list[CohortMembership]] = {firm.pk: [] for firm in firms}
    memberships = (
        CohortMembership.objects.filter(
            firm__in=firms, consent_at__isnull=False, withdrawn_at__isnull=True
        )
        .select_related("cohort__association")
        .order_by("cohort__association__name", "cohort__name")
    )
    for membership in memberships:
        result[membership.firm_id].append(membership)
    return result
