"""Who may see what. Each helper returns the object or raises Http404, never 403.

A 404 does not reveal that another firm's object exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404

from assessment.models import AssessmentRound, Firm, FirmRole

User = AbstractBaseUser | AnonymousUser


def get_firm_for_user(user: User, firm_id: int, *, manage: bool = False) -> Firm:
    """A firm the user belongs to (as manager or consultant); ``manage`` requires a manager."""
    roles = [FirmRole.MANAGER] if manage else [FirmRole.MANAGER, FirmRole.CONSULTANT]
    try:
        return Firm.objects.get(pk=firm_id, memberships__user=user, memberships__role__in=roles)
    except (Firm.DoesNotExist, ValueError, TypeError):
        raise Http404("No such firm.") from None


def get_round_for_user(user: User, round_id: int) -> AssessmentRound:
    """A round of a firm the user belongs to."""
    try:
        return AssessmentRound.objects.select_related("firm", "instrument").get(
            pk=round_id, firm__memberships__user=user
        )
    except (AssessmentRound.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assessment round.") from None


def is_firm_manager(user: User, firm: Firm) -> bool:
    """Whether the user manages the firm (not only consults for it)."""
    return firm.memberships.filter(user=user, role=FirmRole.MANAGER).exists()
