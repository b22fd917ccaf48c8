"""Multi-step writes, keyword-only, each under one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from assessment.models import (
    Answer,
    AssessmentRound,
    Firm,
    FirmMembership,
    FirmRole,
    InstrumentVersion,
    Respondent,
    RoleLabel,
    RoundKind,
    RoundStatus,
)
from assessment.round_scores import store_self_audit_scores


@transaction.atomic
def firm_create(*, user, data: dict[str, Any], role: str = FirmRole.MANAGER) -> Firm:
    """Create a firm and make ``user`` its manager (or consultant)."""
    firm = Firm(created_by=user, **data)
    firm.full_clean()
    firm.save()
    FirmMembership.objects.create(firm=firm, user=user, role=role)
    return firm


class AnswerError(Exception):
    """An answer could not be saved; the message is meant for the person answering."""


class RoundLocked(AnswerError):
    """The round or the respondent's answers are closed to changes."""


class StaleAnswers(AnswerError):
    """The page was rendered before the answers last changed (another tab or window)."""


def respondent_lock_check(respondent: Respondent) -> None:
    """Refuse changes once the answers are submitted, revoked, or the round is closed."""
    if respondent.submitted_at is not None:
        raise RoundLocked(
            f"These answers were submitted on {respondent.submitted_at:%d %B %Y at %H:%M} and are "
            "locked; nothing was changed."
        )
    if respondent.revoked_at is not None:
        raise RoundLocked("This invitation was withdrawn; nothing was changed.")
    if respondent.round.status != RoundStatus.OPEN:
        raise RoundLocked("This assessment round is closed to answers; nothing was changed.")


@transaction.atomic
def self_audit_start(*, firm: Firm, user, instrument: InstrumentVersion) -> AssessmentRound:
    """Open a self-audit for the firm, or return the one already in progress."""
    Firm.objects.select_for_update().filter(pk=firm.pk).first()  # one start at a time per firm
    existing = (
        AssessmentRound.objects.filter(
            firm=firm, kind=RoundKind.SELF_AUDIT, status=RoundStatus.OPEN
        )
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    now = timezone.now()
    round_ = AssessmentRound.objects.create(
        firm=firm,
        instrument=instrument,
        kind=RoundKind.SELF_AUDIT,
        status=RoundStatus.OPEN,
        title=f"Self-audit {now:%B %Y}",
        module_codes=list(instrument.modules.values_list("code", flat=True)),
        created_by=user,
        opened_at=now,
    )
    Respondent.objects.create(round=round_, user=user, role_label=RoleLabel.TOP_MANAGEMENT)
    return round_


@transaction.atomic
def answers_save(
    *, respondent: Respondent, values: dict[int, int | None], seen_version: int
) -> Respondent:
    """Save answers (item id -> value, None for don't know / n.a.) for one page.

    ``seen_version`` is the respondent's ``answers_version`` when the page was rendered; a page
    from before the latest save (another tab) raises StaleAnswers and saves nothing.
    """
    respondent = (
        Respondent.objects.select_for_update().select_related("round").get(pk=respondent.pk)
    )
    respondent_lock_check(respondent)
    if seen_version != respondent.answers_version:
        raise StaleAnswers(
            "Your answers were changed in another tab or window after this page was opened. "
            "Nothing from this page was saved: check the answers below and save again."
        )
    if values:
        Answer.objects.bulk_create(
            [
                Answer(respondent=respondent, item_id=item_id, value=v)
                for item_id, v in values.items()
            ],
            update_conflicts=True,
            unique_fields=["respondent", "item"],
            update_fields=["value", "answered_at"],
        )
    now = timezone.now()
    respondent.answers_version += 1
    respondent.started_at = respondent.started_at or now
    respondent.save(update_fields=["answers_version", "started_at"])
    return respondent


@transaction.atomic
def answers_submit(*, respondent: Respondent) -> Respondent:
    """Lock the respondent's answers; a self-audit round closes with them."""
    respondent = (
        Respondent.objects.select_for_update().select_related("round").get(pk=respondent.pk)
    )
    respondent_lock_check(respondent)
    now = timezone.now()
    respondent.submitted_at = now
    respondent.started_at = respondent.started_at or now
    respondent.save(update_fields=["submitted_at", "started_at"])
    round_ = respondent.round
    if round_.kind == RoundKind.SELF_AUDIT:
        round_.status = RoundStatus.CLOSED
        round_.closed_at = now
        round_.save(update_fields=["status", "closed_at"])
        store_self_audit_scores(round_=round_, respondent=respondent)
    return respondent


class MembershipError(Exception):
    """A change to who runs a firm was refused; the message is for the manager."""


@transaction.atomic
def consultant_add(*, firm: Firm, user) -> FirmMembership:
    """Give a consultant access to the firm (its rounds, workshops and reports)."""
    existing = FirmMembership.objects.filter(firm=firm, user=user).first()
    if existing is not None:
        raise MembershipError(
            f"{user.get_username()} already has access as {existing.get_role_display().lower()}."
        )
    return FirmMembership.objects.create(firm=firm, user=user, role=FirmRole.CONSULTANT)


@transaction.atomic
def manager_add(*, firm: Firm, user) -> FirmMembership:
    """Give a consultant-created client firm its manager (the owner of its data, DESIGN §4)."""
    Firm.objects.select_for_update().filter(pk=firm.pk).first()
    if FirmMembership.objects.filter(firm=firm, role=FirmRole.MANAGER).exists():
        raise MembershipError("This firm already has a manager.")
    membership, created = FirmMembership.objects.get_or_create(
        firm=firm, user=user, defaults={"role": FirmRole.MANAGER}
    )
    if not created:
        raise MembershipError(f"{user.get_username()} already has access to this firm.")
    return membership


@transaction.atomic
def consultant_remove(*, firm: Firm, membership_id: int) -> FirmMembership:
    """Take a consultant's access away; their workshops stay with the firm."""
    membership = FirmMembership.objects.filter(
        pk=membership_id, firm=firm, role=FirmRole.CONSULTANT
    ).first()
    if membership is None:
        raise MembershipError("This consultant no longer has access to the firm.")
    membership.delete()
    return membership
